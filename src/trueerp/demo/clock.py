"""The demo's fixed year and its one seed: the same data comes out on every machine, on every run.

Dates are fixed relative to ``ANCHOR`` (2026-01-01 … 2026-11-20), never to today, and every random
choice comes from a ``random.Random`` seeded with ``SEED`` (or a fixed offset of it).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

SEED = 20260101
ANCHOR = dt.date(2026, 1, 1)
LAST_DAY = dt.date(2026, 11, 20)


def day(month: int, day_of_month: int) -> dt.date:
    """A date of the demo year; days past the 28th fall on the 28th so every month has them."""
    return min(dt.date(2026, month, min(day_of_month, 28)), LAST_DAY)


def money(rng: random.Random, low: int, high: int) -> Decimal:
    """A whole-cent amount in [low, high) drawn from `rng`."""
    return Decimal(rng.randrange(low * 100, high * 100)) / 100
