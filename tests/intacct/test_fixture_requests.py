"""Requests must match what the official SDKs send, byte for byte where the fixture is compact."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from intacct import ClientConfig, RequestConfig
from intacct._xml import FieldValue
from intacct.functions import (
    ApiSessionCreate,
    BillLine,
    Create,
    CreateBill,
    CreateInvoice,
    InvoiceLine,
    ReadByQuery,
    ReadMore,
)
from intacct.query import QueryBuilder, and_, equal_to, greater_than
from intacct.request import LoginAuth, SessionAuth, build_request

from .conftest import fixture_text

JS_CONFIG = ClientConfig(
    sender_id="testsender",
    sender_password="testsenderpass",
    company_id="TESTCO",
    user_id="testuser",
    user_password="testpass",
)
JS_LOGIN = LoginAuth("testuser", "TESTCO", "testpass")


def canonical(xml: str) -> bytes:
    """C14N with whitespace-only text dropped, so pretty-printed fixtures compare by content."""
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(xml.encode("utf-8"), parser), method="c14n")


def test_envelope_session_auth_is_byte_identical_to_the_php_sdk() -> None:
    config = ClientConfig(sender_id="testsenderid", sender_password="pass123!")
    body = build_request(config, SessionAuth("testsession.."), [], RequestConfig(control_id="unittest"))
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>'
    assert body == declaration + fixture_text("request-envelope-session-auth.xml").strip().encode()


def test_glbatch_create_function_matches_the_php_sdk() -> None:
    function = Create(
        "GLBATCH",
        {
            "JOURNAL": "GJ",
            "BATCH_DATE": date(2016, 6, 30),
            "REVERSEDATE": date(2016, 7, 1),
            "BATCH_TITLE": "My desc",
            "HISTORY_COMMENT": "comment!",
            "REFERENCENO": "123",
            "BASELOCATION_NO": 100,
            "SUPDOCID": "AT001",
            "STATE": "Posted",
            "CUSTOMFIELD01": "test01",
            "ENTRIES": {
                "GLENTRY": [
                    {"ACCOUNTNO": "", "TR_TYPE": 1, "TRX_AMOUNT": ""},
                    {"ACCOUNTNO": "", "TR_TYPE": 1, "TRX_AMOUNT": ""},
                ]
            },
        },
        control_id="unittest",
    )
    assert canonical(function.to_xml()) == canonical(fixture_text("request-function-glbatch-create.xml"))


def test_glentry_with_every_dimension_matches_the_php_sdk() -> None:
    entry: dict[str, FieldValue] = {
        "DOCUMENT": "212",
        "ACCOUNTNO": "1010",
        "TR_TYPE": 1,
        "TRX_AMOUNT": Decimal("1456.54"),
        "CURRENCY": "USD",
        "EXCH_RATE_DATE": date(2016, 6, 30),
        "EXCH_RATE_TYPE_ID": "Intacct Daily Rate",
        "LOCATION": "100",
        "DEPARTMENT": "ADM",
        "PROJECTID": "P100",
        "TASKID": "T123",
        "CUSTOMERID": "C100",
        "VENDORID": "V100",
        "EMPLOYEEID": "E100",
        "ITEMID": "I100",
        "CLASSID": "C200",
        "CONTRACTID": "C300",
        "WAREHOUSEID": "W100",
        "DESCRIPTION": "my memo",
        "CUSTOM01": 123,
    }
    function = Create("GLBATCH", {"ENTRIES": {"GLENTRY": [entry]}}, control_id="f")
    fragment = function.to_xml().split("<ENTRIES>")[1].split("</ENTRIES>")[0]
    assert canonical(fragment) == canonical(fixture_text("request-fragment-glentry-all-dimensions.xml"))


def test_batch_with_transaction_and_uniqueid_matches_the_js_sdk() -> None:
    glbatch = Create(
        "GLBATCH",
        {
            "JOURNAL": "GJ",
            "BATCH_DATE": date(2026, 6, 30),
            "BATCH_TITLE": "Accrual & <reversal>",
            "REFERENCENO": "TRUE-JE-1001",
            "ENTRIES": {
                "GLENTRY": [
                    {
                        "ACCOUNTNO": "6000",
                        "TR_TYPE": 1,
                        "TRX_AMOUNT": Decimal("1200.50"),
                        "LOCATION": "US-NY",
                        "DEPARTMENT": "OPS",
                        "PROJECTID": "P-100",
                        "CLASSID": "C1",
                        "DESCRIPTION": "rent",
                        "GLDIMFUND": "F1",
                    },
                    {
                        "ACCOUNTNO": "2000",
                        "TR_TYPE": -1,
                        "TRX_AMOUNT": Decimal("1200.5"),
                        "LOCATION": "US-NY",
                    },
                ]
            },
        },
        control_id="fn-je",
    )
    bill = CreateBill(
        "V100",
        date(2026, 6, 30),
        [
            BillLine(
                amount=Decimal("999.99"),
                gl_account_no="5100",
                memo="pour",
                location_id="US-NY",
                project_id="P-100",
            )
        ],
        date_posted=date(2026, 6, 30),
        date_due=date(2026, 7, 30),
        bill_no="B-77",
        description="Concrete",
        control_id="fn-bill",
    )
    invoice = CreateInvoice(
        "C200",
        date(2026, 6, 30),
        [InvoiceLine(amount=5000, gl_account_no="4000", location_id="US-NY", project_id="P-100")],
        date_due=date(2026, 7, 30),
        invoice_no="INV-9",
        control_id="fn-invoice",
    )
    body = build_request(
        JS_CONFIG,
        JS_LOGIN,
        [glbatch, bill, invoice],
        RequestConfig(control_id="req-batch", uniqueid=True, transaction=True),
    )
    expected = fixture_text("request-official-sdk-batch-transaction-uniqueid.xml")
    # Decimal("1200.50") keeps its trailing zero; the JS SDK writes the float 1200.5.
    assert canonical(body.decode()) == canonical(expected.replace("1200.5<", "1200.50<", 1))


def test_getapisession_for_entity_from_session_matches_the_js_sdk() -> None:
    function = ApiSessionCreate("UK", control_id="34a81d0b-1449-46f9-a257-af394b4d31cc")
    body = build_request(
        JS_CONFIG, SessionAuth("fAkESesSiOnId.."), [function], RequestConfig(control_id="sessionProvider")
    )
    expected = fixture_text("request-official-sdk-getapisession-entity-from-session.xml")
    assert body.decode().removeprefix('<?xml version="1.0" encoding="UTF-8"?>') == expected.strip()


def test_query_with_filter_and_orderby_matches_the_js_sdk() -> None:
    query = (
        QueryBuilder("APBILL")
        .select("RECORDNO", "VENDORID", "VENDOR.NAME")
        .sum("TOTALDUE")
        .where(and_(equal_to("STATE", "Posted"), greater_than("TOTALDUE", 100)))
        .order_by("RECORDNO", descending=True)
        .case_insensitive(True)
        .show_private(False)
        .page_size(100)
        .offset(200)
        .build(control_id="fn-query")
    )
    body = build_request(JS_CONFIG, JS_LOGIN, [query], RequestConfig(control_id="req-1"))
    expected = fixture_text("request-official-sdk-query-filter-orderby.xml")
    assert canonical(body.decode()) == canonical(expected)


def test_readbyquery_matches_the_js_sdk() -> None:
    function = ReadByQuery(
        "VENDOR", fields=["RECORDNO", "VENDORID", "NAME"], page_size=100, control_id="fn-rbq"
    )
    body = build_request(JS_CONFIG, JS_LOGIN, [function], RequestConfig(control_id="req-1"))
    assert canonical(body.decode()) == canonical(fixture_text("request-official-sdk-readbyquery.xml"))


def test_readmore_matches_the_js_sdk() -> None:
    function = ReadMore("7765623332WU1hh8CoA4QAAHxI9i8AAAAA5", control_id="fn-readmore")
    body = build_request(JS_CONFIG, JS_LOGIN, [function], RequestConfig(control_id="req-1"))
    expected = fixture_text("request-official-sdk-readmore.xml")
    assert body.decode().removeprefix('<?xml version="1.0" encoding="UTF-8"?>') == expected.strip()
