"""Fault injection: make the emulator slow, flaky or strict on demand.

Rules fire either for the next N gateway requests or with a probability, and exactly one fault is
drawn per request so tests can reason about what happened. Faults that happen "after commit"
(524, dropped connection) are the interesting ones for idempotency: the data is written but the
client never learns it.
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass
from typing import Any

KINDS = (
    "http_502",
    "http_503",
    "http_524_after_commit",
    "drop_after_commit",
    "malformed_body",
    "session_expiry",
    "rate_limit",
)


@dataclass
class FaultRule:
    kind: str
    probability: float = 0.0
    remaining: int | None = None
    fired: int = 0


class Faults:
    def __init__(self, seed: int | None = None) -> None:
        self.rules: list[FaultRule] = []
        self.lock = threading.Lock()
        self.rng = random.Random(seed)

    def add(self, kind: str, probability: float = 0.0, count: int | None = None) -> FaultRule:
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {', '.join(KINDS)}")
        if count is None and not 0.0 < probability <= 1.0:
            raise ValueError("give either count (next N requests) or a probability in (0, 1]")
        rule = FaultRule(kind, probability, count)
        with self.lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self.lock:
            self.rules.clear()

    def draw(self) -> str | None:
        with self.lock:
            for rule in self.rules:
                if rule.remaining is not None:
                    if rule.remaining > 0:
                        rule.remaining -= 1
                        rule.fired += 1
                        return rule.kind
                elif self.rng.random() < rule.probability:
                    rule.fired += 1
                    return rule.kind
            self.rules = [r for r in self.rules if r.remaining is None or r.remaining > 0]
        return None

    def describe(self) -> list[dict[str, Any]]:
        with self.lock:
            return [asdict(r) for r in self.rules]
