"""Typed readers for the strings Intacct returns in records.

Records stay plain strings so nothing is lost (IDs like ``0012`` are not numbers); callers convert
the fields they know with these helpers, which accept exactly Intacct's formats and fail loudly.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from intacct.response import RecordValue

__all__ = ["to_bool", "to_date", "to_datetime", "to_decimal", "to_int"]


def _text(value: RecordValue | None, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} expects a text field, got {type(value).__name__}")
    value = value.strip()
    return value or None


def to_date(value: RecordValue | None) -> date | None:
    """``MM/DD/YYYY`` (also accepts ISO ``YYYY-MM-DD``); empty → ``None``."""
    text = _text(value, "to_date")
    if text is None:
        return None
    for pattern in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"not an Intacct date: {text!r}")


def to_datetime(value: RecordValue | None) -> datetime | None:
    """``MM/DD/YYYY HH:MM:SS`` (no zone, as Intacct sends it) or ISO-8601; empty → ``None``."""
    text = _text(value, "to_datetime")
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%m/%d/%Y %H:%M:%S")
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not an Intacct timestamp: {text!r}") from None


def to_decimal(value: RecordValue | None) -> Decimal | None:
    text = _text(value, "to_decimal")
    if text is None:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a decimal: {text!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite decimal: {text!r}")
    return number


def to_int(value: RecordValue | None) -> int | None:
    text = _text(value, "to_int")
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"not an integer: {text!r}") from None


def to_bool(value: RecordValue | None) -> bool | None:
    text = _text(value, "to_bool")
    if text is None:
        return None
    lowered = text.lower()
    if lowered in ("true", "t", "1", "yes"):
        return True
    if lowered in ("false", "f", "0", "no"):
        return False
    raise ValueError(f"not a boolean: {text!r}")
