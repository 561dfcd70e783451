from __future__ import annotations

import contextlib
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intacct import parse_response
from intacct.errors import ParseError
from intacct.values import to_bool, to_date, to_datetime, to_decimal, to_int

from .conftest import FIXTURES, fixture_bytes

RESPONSE_FIXTURES = sorted(path.name for path in FIXTURES.glob("response-*.xml"))


def test_typed_readers_accept_intacct_formats() -> None:
    assert to_date("06/30/2016") == date(2016, 6, 30)
    assert to_date("2016-06-30") == date(2016, 6, 30)
    assert to_datetime("07/24/2017 15:19:46") == datetime(2017, 7, 24, 15, 19, 46)
    assert to_decimal("1456.54") == Decimal("1456.54")
    assert to_int("0012") == 12
    assert (to_bool("true"), to_bool("false")) == (True, False)
    assert [to_date(""), to_decimal(None), to_bool("  ")] == [None, None, None]


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        (to_date, "02/30/2026"),
        (to_datetime, "yesterday"),
        (to_decimal, "NaN"),
        (to_decimal, "1,000.00"),
        (to_int, "1.5"),
        (to_bool, "maybe"),
        (to_date, {"year": "2026"}),
    ],
)
def test_typed_readers_reject_anything_else(reader: object, value: object) -> None:
    with pytest.raises(ValueError):
        reader(value)  # type: ignore[operator]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_parse_error_or_parse(body: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_response(body)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(RESPONSE_FIXTURES), st.data())
def test_truncated_or_corrupted_fixtures_never_escape_as_other_errors(name: str, data: st.DataObject) -> None:
    body = bytearray(fixture_bytes(name))
    cut = data.draw(st.integers(0, len(body)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, max(0, cut - 1)), st.integers(0, 255)), max_size=3))
    mutated = body[:cut]
    for index, byte in flips:
        if index < len(mutated):
            mutated[index] = byte
    with contextlib.suppress(ParseError):
        parse_response(bytes(mutated))
