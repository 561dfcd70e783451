"""Backoff arithmetic, kept apart from the client so it can be tested without I/O."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = ["Backoff", "parse_retry_after"]


@dataclass(frozen=True)
class Backoff:
    initial: float = 0.5
    maximum: float = 30.0
    max_retry_after: float = 120.0

    def delay(self, retry_number: int, rng: random.Random, retry_after: float | None = None) -> float:
        """Capped exponential backoff with "equal jitter"; a server hint wins, within its own cap.

        Jitter spreads the retries of many workers that failed together, so they do not hit the
        gateway in lockstep and trip the rate limit again.
        """
        if retry_after is not None:
            return float(max(0.0, min(retry_after, self.max_retry_after)))
        ceiling = min(self.maximum, self.initial * (2 ** max(0, retry_number)))
        return float(ceiling / 2 + rng.uniform(0, ceiling / 2))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date); ``None`` if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())
