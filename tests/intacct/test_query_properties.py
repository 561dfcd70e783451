"""Property tests: any value survives escaping, and any filter tree round-trips through XML."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from intacct import InvalidArgumentError, RequestConfig
from intacct.functions import Create
from intacct.query import (
    Comparison,
    Filter,
    Logical,
    Query,
    QueryBuilder,
    and_,
    between,
    equal_to,
    in_,
    is_null,
    or_,
    quote_legacy_value,
)
from intacct.request import LoginAuth, build_request
from intacct.response import element_to_value, parse_response
from intacct.testing import response_xml, result_xml

from .conftest import make_config

XML_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0xD7FF),
        st.sampled_from(["\t", "\n", "\r", "\U0001f600", "\ue000", "&", "<", ">", "'", '"', "\\"]),
    ),
    max_size=40,
).filter(lambda text: not _looks_like_date(text))
FIELD = st.from_regex(r"\A[A-Z][A-Z0-9_]{0,8}(\.[A-Z][A-Z0-9_]{0,8})?\Z")
VALUE = st.one_of(
    XML_TEXT,
    st.integers(-(10**12), 10**12),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.booleans(),
)


CR = {"\r": "&#13;"}


def _looks_like_date(text: str) -> bool:
    import re

    return re.match(r"^\d{2}/\d{2}/\d{4}", text) is not None


def comparisons() -> st.SearchStrategy[Filter]:
    single = st.builds(
        lambda op, field, value: Comparison(op, field, (value,)),
        st.sampled_from(["equalto", "notequalto", "lessthan", "greaterthan", "like", "notlike"]),
        FIELD,
        VALUE,
    )
    return st.one_of(
        single,
        st.builds(lambda f, values: in_(f, values), FIELD, st.lists(VALUE, min_size=1, max_size=4)),
        st.builds(between, FIELD, VALUE, VALUE),
        st.builds(is_null, FIELD),
    )


FILTERS = st.recursive(
    comparisons(),
    lambda children: st.builds(
        lambda op, items: Logical(op, tuple(items)),
        st.sampled_from(["and", "or"]),
        st.lists(children, min_size=2, max_size=3),
    ),
    max_leaves=8,
)


def _scalar_text(value: object) -> str:
    from intacct._xml import format_scalar

    return format_scalar(value)  # type: ignore[arg-type]


def _expected_tree(node: Filter) -> dict[str, object]:
    if isinstance(node, Logical):
        grouped: dict[str, object] = {}
        for child in node.children:
            ((tag, subtree),) = _expected_tree(child).items()
            existing = grouped.get(tag)
            if existing is None:
                grouped[tag] = subtree
            elif isinstance(existing, list):
                existing.append(subtree)
            else:
                grouped[tag] = [existing, subtree]
        return {node.operator: grouped}
    assert isinstance(node, Comparison)
    leaf: dict[str, object] = {"field": node.field}
    values = [_scalar_text(value) for value in node.values]
    if len(values) == 1:
        leaf["value"] = values[0]
    elif values:
        leaf["value"] = values
    return {node.operator: leaf}


@settings(max_examples=150, deadline=None)
@given(FILTERS)
def test_filter_trees_round_trip_through_the_xml_parser(tree: Filter) -> None:
    query = Query("APBILL", ["RECORDNO"], filter=tree, control_id="q")
    element = etree.fromstring(query.to_xml().encode("utf-8"))
    parsed = element_to_value(element.find("query/filter"))  # type: ignore[arg-type]
    assert parsed == _expected_tree(tree)


@settings(max_examples=200, deadline=None)
@given(XML_TEXT)
def test_any_text_value_survives_request_and_response_round_trip(text: str) -> None:
    body = build_request(
        make_config(),
        LoginAuth("u", "c", "p"),
        [Create("VENDOR", {"NAME": text}, control_id="c")],
        RequestConfig(control_id="r"),
    )
    sent = etree.fromstring(body)
    assert sent.findtext("operation/content/function/create/VENDOR/NAME") == text
    # And back: the same text inside a response record parses to the same string.
    from xml.sax.saxutils import escape

    response = parse_response(
        response_xml(
            [result_xml("read", "c", data=f"<VENDOR><NAME>{escape(text, CR)}</NAME></VENDOR>")]
        ).encode()
    )
    assert response.results[0].data == [{"NAME": text}]


def _unquote_legacy(literal: str) -> str:
    assert literal.startswith("'")
    assert literal.endswith("'")
    out, index, inner = [], 0, literal[1:-1]
    while index < len(inner):
        char = inner[index]
        if char == "\\":
            index += 1
            out.append(inner[index])
        else:
            assert char != "'", "unescaped quote would end the literal early"
            out.append(char)
        index += 1
    return "".join(out)


@given(XML_TEXT)
def test_legacy_query_strings_quote_every_string(text: str) -> None:
    literal = quote_legacy_value(text)
    assert _unquote_legacy(literal) == text


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_decimals_never_use_exponents(value: Decimal) -> None:
    rendered = quote_legacy_value(value)
    assert "E" not in rendered.upper()
    assert "," not in rendered
    assert Decimal(rendered) == value


def test_legacy_query_rendering_of_a_tree() -> None:
    tree = or_(
        and_(equal_to("STATE", "Posted"), between("WHENCREATED", date(2026, 1, 1), date(2026, 1, 31))),
        in_("RECORDNO", [1, 2]),
        is_null("DESCRIPTION"),
    )
    assert tree.to_legacy_query() == (
        "((STATE = 'Posted' AND (WHENCREATED >= '01/01/2026' AND WHENCREATED <= '01/31/2026')) "
        "OR RECORDNO in (1,2) OR DESCRIPTION IS NULL)"
    )


def test_builder_combines_where_calls_with_and_and_supports_aggregates() -> None:
    query = (
        QueryBuilder("GLENTRY")
        .select("ACCOUNTNO")
        .count("RECORDNO")
        .avg("AMOUNT")
        .min("AMOUNT")
        .max("AMOUNT")
        .where(equal_to("STATE", "Posted"))
        .where(equal_to("LOCATION", "US") | equal_to("LOCATION", "CA"))
        .order_by("ACCOUNTNO")
        .return_format("xml")
        .build(control_id="q")
    )
    assert query.to_xml() == (
        '<function controlid="q"><query><select><field>ACCOUNTNO</field><count>RECORDNO</count>'
        "<avg>AMOUNT</avg><min>AMOUNT</min><max>AMOUNT</max></select><object>GLENTRY</object><filter><and>"
        "<equalto><field>STATE</field><value>Posted</value></equalto><or><equalto><field>LOCATION</field>"
        "<value>US</value></equalto><equalto><field>LOCATION</field><value>CA</value></equalto></or></and>"
        "</filter><orderby><order><field>ACCOUNTNO</field><ascending></ascending></order></orderby>"
        "<options><returnformat>xml</returnformat></options></query></function>"
    )


ANY_CHARACTER = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),  # lone surrogates, which hypothesis leaves out by default
    st.sampled_from(["\ud800", "\udfff", "\ufffe", "\uffff", "\x00", "\x0b", "\r", "&", "<", ">"]),
)


@settings(max_examples=300, deadline=None)
@given(st.text(ANY_CHARACTER, max_size=30))
def test_any_python_string_is_sent_intact_or_refused_before_sending(text: str) -> None:
    # Any code point, lone surrogates and XML-forbidden characters included: the outcome is a
    # request that carries the text exactly, or InvalidArgumentError; never another exception.
    try:
        body = build_request(
            make_config(),
            LoginAuth("u", "c", "p"),
            [Create("VENDOR", {"NAME": text}, control_id="c")],
            RequestConfig(control_id="r"),
        )
    except InvalidArgumentError:
        return
    assert etree.fromstring(body).findtext("operation/content/function/create/VENDOR/NAME") == text
