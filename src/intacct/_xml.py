"""String-based XML writing with validation at every boundary.

Building strings (instead of trees) keeps request construction fast and byte-for-byte equal to
what the official SDKs emit; every name is checked and every value escaped here, and nowhere else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TypeAlias, Union

from intacct.errors import InvalidArgumentError

__all__ = [
    "FieldValue",
    "Fields",
    "Record",
    "XmlWriter",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_scalar",
]

Scalar: TypeAlias = str | int | float | Decimal | bool | date | datetime | None


class Fields:
    """An ordered list of (name, value) pairs, for records that need a repeated sibling name
    interleaved with others, which a dict cannot express."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: Iterable[tuple[str, FieldValue]]) -> None:
        self.pairs: list[tuple[str, FieldValue]] = list(pairs)

    def __repr__(self) -> str:
        return f"Fields({self.pairs!r})"


FieldValue: TypeAlias = Union[Scalar, "Mapping[str, FieldValue]", Fields, "Sequence[FieldValue]"]
Record: TypeAlias = "Mapping[str, FieldValue] | Fields"

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
# Characters XML 1.0 cannot carry at all; sending them would make Intacct answer XL03000003.
# Lone surrogates are included: they cannot even be encoded as UTF-8.
_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LOOKS_LIKE_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})( \d{2}:\d{2}:\d{2})?$")
# A literal CR would be normalised to LF by the receiving parser; a character reference survives.
# Replacements run in this order so that the "&" of a new reference is never escaped again.
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))

# Element names repeat endlessly (GLENTRY, ACCOUNTNO…); validating each distinct name once keeps
# request building cheap. Bounded so hostile callers cannot grow it without limit.
_KNOWN_NAMES: set[str] = set()
_KNOWN_NAMES_LIMIT = 10_000


def check_name(name: str) -> str:
    if name in _KNOWN_NAMES:
        return name
    if not isinstance(name, str) or not _NAME.match(name) or name.lower().startswith("xml"):
        raise InvalidArgumentError(f"{name!r} is not a valid XML element name")
    if len(_KNOWN_NAMES) < _KNOWN_NAMES_LIMIT:
        _KNOWN_NAMES.add(name)
    return name


def has_invalid_xml_chars(value: str) -> bool:
    return _INVALID_XML_CHARS.search(value) is not None


def escape_text(value: str) -> str:
    # Printable ASCII (the usual case) cannot hold a character XML refuses, nor a CR: only the
    # three markup characters can need escaping. isascii() is O(1); both scans run in C.
    if value.isascii() and value.isprintable():
        if "&" in value or "<" in value or ">" in value:
            return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return value
    if _INVALID_XML_CHARS.search(value):
        raise InvalidArgumentError(f"value contains characters XML cannot carry: {value!r}")
    for char, reference in _TEXT_ESCAPES:
        if char in value:
            value = value.replace(char, reference)
    return value


def escape_attribute(value: str) -> str:
    if _INVALID_XML_CHARS.search(value):
        raise InvalidArgumentError(f"attribute contains characters XML cannot carry: {value!r}")
    for char, reference in _ATTRIBUTE_ESCAPES:
        if char in value:
            value = value.replace(char, reference)
    return value


def format_date(value: date) -> str:
    return f"{value.month:02d}/{value.day:02d}/{value.year:04d}"


def format_datetime(value: datetime) -> str:
    return f"{format_date(value)} {value.hour:02d}:{value.minute:02d}:{value.second:02d}"


def format_decimal(value: Decimal | float | int) -> str:
    """Plain positional notation: Intacct rejects exponents and thousands separators."""
    if isinstance(value, bool):
        raise InvalidArgumentError("a bool is not an amount")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidArgumentError(f"amount must be finite, got {value!r}")
        value = Decimal(repr(value))
    return _decimal_text(value)


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        raise InvalidArgumentError(f"amount must be finite, got {value!r}")
    text = format(value, "f")
    if value.is_signed() and value.is_zero():
        return text[1:]  # "-0.00" is zero to Intacct, and the sign only confuses a reader
    return text


def _check_date_string(value: str) -> None:
    """Catch impossible dates typed as strings (02/30/2026) before Intacct rejects the batch."""
    if len(value) not in (10, 19) or value[2:3] != "/":
        return
    match = _LOOKS_LIKE_DATE.match(value)
    if not match:
        return
    month, day, year = (int(group) for group in match.group(1, 2, 3))
    try:
        date(year, month, day)
    except ValueError as exc:
        raise InvalidArgumentError(f"impossible date {value!r}: {exc}") from None
    if match.group(4):
        hour, minute, second = (int(part) for part in match.group(4).split(":"))
        if hour > 23 or minute > 59 or second > 59:
            raise InvalidArgumentError(f"impossible time in {value!r}")


def format_scalar(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        _check_date_string(value)
        return value
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int | float | Decimal):
        return format_decimal(value)
    raise InvalidArgumentError(f"cannot send a value of type {type(value).__name__}")


class XmlWriter:
    """Accumulates XML text; ``legacy_dates`` writes dates as year/month/day children."""

    __slots__ = ("_parts", "legacy_dates")

    def __init__(self, *, legacy_dates: bool = False) -> None:
        self._parts: list[str] = []
        self.legacy_dates = legacy_dates

    def raw(self, text: str) -> None:
        self._parts.append(text)

    def start(self, name: str, attributes: Mapping[str, str] | None = None) -> None:
        check_name(name)
        if attributes:
            attrs = "".join(
                f' {check_name(key)}="{escape_attribute(val)}"' for key, val in attributes.items()
            )
            self._parts.append(f"<{name}{attrs}>")
        else:
            self._parts.append(f"<{name}>")

    def end(self, name: str) -> None:
        self._parts.append(f"</{name}>")

    def empty(self, name: str, attributes: Mapping[str, str] | None = None) -> None:
        self.start(name, attributes)
        self.end(name)

    def text_element(self, name: str, text: str) -> None:
        check_name(name)
        self._parts.append(f"<{name}>{escape_text(text)}</{name}>")

    def element(self, name: str, value: FieldValue) -> None:
        """Write any Python value under ``name``; ``None`` writes nothing, a list repeats ``name``."""
        _write_value(self._parts.append, name, value, self.legacy_dates)

    def fields(self, record: Record) -> None:
        items = record.pairs if isinstance(record, Fields) else record.items()
        _write_items(self._parts.append, items, self.legacy_dates)

    def date_parts(self, value: date) -> None:
        self._parts.append(
            f"<year>{value.year:04d}</year><month>{value.month:02d}</month><day>{value.day:02d}</day>"
        )

    def getvalue(self) -> str:
        return "".join(self._parts)


# Opening and closing tags of names already checked; bounded like _KNOWN_NAMES.
_TAGS: dict[str, tuple[str, str]] = {}


def _tags(name: str) -> tuple[str, str]:
    check_name(name)
    tags = (f"<{name}>", f"</{name}>")
    if len(_TAGS) < _KNOWN_NAMES_LIMIT:
        _TAGS[name] = tags
    return tags


def _write_items(
    append: Callable[[str], None], items: Iterable[tuple[str, FieldValue]], legacy: bool
) -> None:
    """Write a record's fields: the request builder's hot loop.

    Records are mostly flat strings, ints and Decimals, so exact types take a short path here,
    with the same checks as :func:`_write_value` inlined (name checked, dates validated, text
    escaped); anything else goes through the general dispatch.
    """
    known = _TAGS.get
    for name, value in items:
        cls = value.__class__
        if cls is str:
            start, end = known(name) or _tags(name)
            text: str = value  # type: ignore[assignment]
            # Codes (account numbers, dimension ids) are mostly letters and digits: such a value
            # can be neither a date nor need escaping, and isalnum() answers that in one C call.
            if not text.isalnum():
                if len(text) in (10, 19) and text[2:3] == "/":
                    _check_date_string(text)
                if not (text.isascii() and text.isprintable()) or "&" in text or "<" in text or ">" in text:
                    text = escape_text(text)
            append(f"{start}{text}{end}")
        elif cls is int:
            start, end = known(name) or _tags(name)
            append(f"{start}{value}{end}")
        elif cls is Decimal:
            start, end = known(name) or _tags(name)
            append(f"{start}{_decimal_text(value)}{end}")  # type: ignore[arg-type]
        elif cls is dict:
            start, end = known(name) or _tags(name)
            append(start)
            _write_items(append, value.items(), legacy)  # type: ignore[union-attr]
            append(end)
        elif cls is date:
            start, end = known(name) or _tags(name)
            day: date = value  # type: ignore[assignment]
            if legacy:
                append(
                    f"{start}<year>{day.year:04d}</year><month>{day.month:02d}</month>"
                    f"<day>{day.day:02d}</day>{end}"
                )
            else:
                append(f"{start}{day.month:02d}/{day.day:02d}/{day.year:04d}{end}")
        elif cls is list:
            for item in value:  # type: ignore[union-attr]
                if item.__class__ is dict:
                    start, end = known(name) or _tags(name)
                    append(start)
                    _write_items(append, item.items(), legacy)
                    append(end)
                else:
                    _write_value(append, name, item, legacy)
        elif value is not None:
            _write_value(append, name, value, legacy)


def _write_value(append: Callable[[str], None], name: str, value: FieldValue, legacy: bool) -> None:
    """Any value under ``name``: ``None`` writes nothing, a sequence repeats ``name``."""
    if value is None:
        return
    if isinstance(value, list | tuple):
        for item in value:
            _write_value(append, name, item, legacy)
        return
    check_name(name)
    if isinstance(value, Fields):
        append(f"<{name}>")
        _write_items(append, value.pairs, legacy)
        append(f"</{name}>")
    elif isinstance(value, str | int | float | Decimal | date):  # before the slow Mapping ABC check
        _write_scalar(append, name, value, legacy)
    elif isinstance(value, Mapping):
        append(f"<{name}>")
        _write_items(append, value.items(), legacy)
        append(f"</{name}>")
    else:
        raise InvalidArgumentError(f"cannot send a value of type {type(value).__name__}")


def _write_scalar(append: Callable[[str], None], name: str, value: Scalar, legacy: bool) -> None:
    if isinstance(value, date) and legacy:
        append(
            f"<{name}><year>{value.year:04d}</year><month>{value.month:02d}</month>"
            f"<day>{value.day:02d}</day></{name}>"
        )
    else:
        append(f"<{name}>{escape_text(format_scalar(value))}</{name}>")
