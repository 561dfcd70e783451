"""The codec's fast paths agree with its general paths, value for value.

The request writer handles exact ``str``/``int``/``Decimal``/``date``/``dict`` values inline and
everything else through a general dispatch; the parser fills frozen result objects directly. These
tests pin both shortcuts to the behaviour of the long way round.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intacct import Fields, parse_response
from intacct._xml import FieldValue, XmlWriter, escape_attribute, format_decimal
from intacct.errors import InvalidArgumentError
from intacct.response import Authentication, Control, Response, Result

from .conftest import FIXTURES, fixture_bytes

ANY_TEXT = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from(
            ["\ud800", "\udfff", "\ufffe", "\uffff", "\x00", "\x0b", "\r", "\n", "\t", "&", "<", ">"]
        ),
    ),
    max_size=30,
)


def written(value: FieldValue, *, legacy: bool = False, shape: str = "dict") -> str:
    writer = XmlWriter(legacy_dates=legacy)
    if shape == "dict":
        writer.fields({"V": value})  # the inlined fast path
    elif shape == "fields":
        writer.fields(Fields([("V", value)]))  # the same loop, reached from Fields
    else:
        writer.element("V", (value,))  # a tuple: the general dispatch
    return writer.getvalue()


def outcome(value: FieldValue, **options: object) -> str:
    try:
        return written(value, **options)  # type: ignore[arg-type]
    except InvalidArgumentError as exc:
        return f"refused: {exc.message}"


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_text_is_written_the_same_by_every_path(text: str) -> None:
    fast = outcome(text)
    assert outcome(text, shape="fields") == fast
    assert outcome(text, shape="general") == fast
    assert text_element_outcome(text) == fast


def text_element_outcome(text: str) -> str:
    writer = XmlWriter()
    try:
        writer.text_element("V", text)
    except InvalidArgumentError as exc:
        return f"refused: {exc.message}"
    return writer.getvalue()


@pytest.mark.parametrize(
    ("text", "xml"),
    [
        ("6000", "<V>6000</V>"),
        ("US-NY", "<V>US-NY</V>"),
        ("a & <b> > c", "<V>a &amp; &lt;b&gt; &gt; c</V>"),
        ("line\r\nbreak", "<V>line&#13;\nbreak</V>"),
        ("tab\there", "<V>tab\there</V>"),
        ("café &", "<V>café &amp;</V>"),
        ("", "<V></V>"),
        ("06/30/2026", "<V>06/30/2026</V>"),
    ],
)
def test_text_examples(text: str, xml: str) -> None:
    assert written(text) == xml


@pytest.mark.parametrize(
    "text", ["02/30/2026", "13/01/2026", "06/30/2026 24:00:00", "bad \x00 byte", "\ud800"]
)
def test_impossible_dates_and_unsendable_characters_are_refused_on_the_fast_path(text: str) -> None:
    with pytest.raises(InvalidArgumentError):
        written(text)


@settings(max_examples=300, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_decimals_are_written_like_format_decimal(value: Decimal) -> None:
    assert written(value) == f"<V>{format_decimal(value)}</V>" == outcome(value, shape="general")
    assert "E" not in written(value).upper()


@pytest.mark.parametrize(
    ("value", "xml"),
    [
        (Decimal("-0.00"), "<V>0.00</V>"),
        (Decimal("-0"), "<V>0</V>"),
        (Decimal("1E+3"), "<V>1000</V>"),
        (Decimal("-12.50"), "<V>-12.50</V>"),
        (7, "<V>7</V>"),
        (-7, "<V>-7</V>"),
        (True, "<V>true</V>"),
        (1.25, "<V>1.25</V>"),
    ],
)
def test_number_examples(value: FieldValue, xml: str) -> None:
    assert written(value) == xml == written(value, shape="general")


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("nan")])
def test_non_finite_amounts_are_refused(value: FieldValue) -> None:
    with pytest.raises(InvalidArgumentError):
        written(value)


@pytest.mark.parametrize("legacy", [False, True])
def test_dates_are_written_the_same_by_every_path(legacy: bool) -> None:
    day = date(2026, 6, 3)
    expected = "<V><year>2026</year><month>06</month><day>03</day></V>" if legacy else "<V>06/03/2026</V>"
    assert written(day, legacy=legacy) == expected == written(day, legacy=legacy, shape="general")
    moment = datetime(2026, 6, 3, 4, 5, 6)
    expected = (
        "<V><year>2026</year><month>06</month><day>03</day></V>" if legacy else "<V>06/03/2026 04:05:06</V>"
    )
    assert written(moment, legacy=legacy) == expected


def test_nested_records_and_lists_match_the_general_path() -> None:
    record: FieldValue = {"A": {"B": ["x", {"C": 1}, Decimal("2.5")], "D": None}, "E": ("y", "z")}
    assert written(record) == "<V><A><B>x</B><B><C>1</C></B><B>2.5</B></A><E>y</E><E>z</E></V>"
    assert written(record, shape="general") == written(record)


@pytest.mark.parametrize("name", ["1BAD", "xmlThing", "has space", "a<b"])
def test_bad_names_are_refused_on_every_path(name: str) -> None:
    for value in ("text", 1, Decimal(1), date(2026, 1, 1), {"X": "y"}, [{"X": "y"}]):
        with pytest.raises(InvalidArgumentError, match="not a valid XML element name"):
            XmlWriter().fields({name: value})


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_attribute_escaping_round_trips(text: str) -> None:
    from lxml import etree

    try:
        escaped = escape_attribute(text)
    except InvalidArgumentError:
        return
    assert etree.fromstring(f'<a v="{escaped}"/>'.encode()).get("v") == text


RESPONSE_FIXTURES = sorted(path.name for path in FIXTURES.glob("response-*.xml"))


@pytest.mark.parametrize("name", RESPONSE_FIXTURES)
def test_parser_builds_complete_objects(name: str) -> None:
    # The parser fills frozen dataclasses without their __init__: each must still carry every
    # field, compare equal to a normally built copy, and stay frozen.
    response = parse_response(fixture_bytes(name))
    objects: list[object] = [response, response.control, *response.results]
    if response.authentication is not None:
        objects.append(response.authentication)
    for item in objects:
        assert type(item) in (Response, Control, Authentication, Result)
        assert set(vars(item)) == {field.name for field in dataclasses.fields(item)}  # type: ignore[arg-type]
        assert type(item)(**vars(item)) == item
        with pytest.raises(dataclasses.FrozenInstanceError):
            item.status = "changed"  # type: ignore[attr-defined]
