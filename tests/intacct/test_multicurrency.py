"""Multi-currency on journal entries, invoices, bills and payments: exact XML, checked arguments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from intacct import IntacctClient
from intacct.errors import InvalidArgumentError
from intacct.functions import (
    ApPaymentDetail,
    ArPaymentItem,
    BillLine,
    CreateApPayment,
    CreateArPayment,
    CreateBill,
    CreateInvoice,
    CreateJournalEntry,
    InvoiceLine,
    JournalEntryLine,
    UpdateJournalEntry,
    currency_fields,
)
from intacct.testing import FakeTransport, response_xml, result_xml

BODY_START = '<function controlid="c">'


def body(xml: str) -> str:
    assert xml.startswith(BODY_START)
    assert xml.endswith("</function>")
    return xml[len(BODY_START) : -len("</function>")]


def eur_entry(**line_options: object) -> CreateJournalEntry:
    return CreateJournalEntry(
        "GJ",
        date(2026, 6, 30),
        "EUR accrual",
        [
            JournalEntryLine(
                "6200",
                Decimal("100.00"),
                memo="rent",
                currency="EUR",
                exchange_rate_date=date(2026, 6, 30),
                exchange_rate_type="Intacct Daily Rate",
                location_id="US-NY",
                department_id="OPS",
                custom_fields={"GLDIMFUND": "F1"},
                **line_options,  # type: ignore[arg-type]
            ),
            JournalEntryLine(
                "2000",
                Decimal("-100.00"),
                currency="EUR",
                exchange_rate=Decimal("1.0825"),
                location_id="US-NY",
            ),
        ],
        reference_no="JE-EUR-1",
        control_id="c",
    )


def test_journal_entry_lines_carry_their_currency_in_sdk_order() -> None:
    assert body(eur_entry().to_xml()) == (
        "<create><GLBATCH><JOURNAL>GJ</JOURNAL><BATCH_DATE>06/30/2026</BATCH_DATE>"
        "<BATCH_TITLE>EUR accrual</BATCH_TITLE><REFERENCENO>JE-EUR-1</REFERENCENO><ENTRIES>"
        "<GLENTRY><ACCOUNTNO>6200</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>100.00</TRX_AMOUNT>"
        "<CURRENCY>EUR</CURRENCY><EXCH_RATE_DATE>06/30/2026</EXCH_RATE_DATE>"
        "<EXCH_RATE_TYPE_ID>Intacct Daily Rate</EXCH_RATE_TYPE_ID><LOCATION>US-NY</LOCATION>"
        "<DEPARTMENT>OPS</DEPARTMENT><DESCRIPTION>rent</DESCRIPTION><GLDIMFUND>F1</GLDIMFUND></GLENTRY>"
        "<GLENTRY><ACCOUNTNO>2000</ACCOUNTNO><TR_TYPE>-1</TR_TYPE><TRX_AMOUNT>100.00</TRX_AMOUNT>"
        "<CURRENCY>EUR</CURRENCY><EXCHANGE_RATE>1.0825</EXCHANGE_RATE><LOCATION>US-NY</LOCATION></GLENTRY>"
        "</ENTRIES></GLBATCH></create>"
    )


def test_a_currency_without_rate_asks_for_the_default_rate_type_like_the_sdks() -> None:
    line = JournalEntryLine("6200", Decimal("5"), currency="CAD")
    assert etree.tostring(etree.fromstring(_fields_xml(line))).decode() == (
        "<GLENTRY><ACCOUNTNO>6200</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>5</TRX_AMOUNT>"
        "<CURRENCY>CAD</CURRENCY><EXCH_RATE_TYPE_ID/></GLENTRY>"
    )
    plain = JournalEntryLine("6200", Decimal("5"))
    assert b"CURRENCY" not in _fields_xml(plain)
    assert b"EXCH_RATE" not in _fields_xml(plain)


def _fields_xml(line: JournalEntryLine) -> bytes:
    from intacct._xml import XmlWriter

    writer = XmlWriter()
    writer.element("GLENTRY", line.fields())
    return writer.getvalue().encode()


def test_update_journal_entry_names_the_record_first() -> None:
    update = UpdateJournalEntry(
        42,
        "GJ",
        "2026-06-30",
        "Fixed",
        [JournalEntryLine("6200", 7), JournalEntryLine("2000", -7)],
        state="Draft",
        control_id="c",
    )
    assert body(update.to_xml()).startswith(
        "<update><GLBATCH><RECORDNO>42</RECORDNO><JOURNAL>GJ</JOURNAL><BATCH_DATE>06/30/2026</BATCH_DATE>"
        "<BATCH_TITLE>Fixed</BATCH_TITLE><STATE>Draft</STATE><ENTRIES>"
    )
    assert update.writes
    assert not update.idempotent


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: JournalEntryLine("6200", Decimal(1), currency="eur"), "three-letter ISO 4217"),
        (lambda: JournalEntryLine("6200", Decimal(1), currency="EURO"), "three-letter ISO 4217"),
        (
            lambda: JournalEntryLine(
                "6200", Decimal(1), currency="EUR", exchange_rate=Decimal(1), exchange_rate_type="Daily"
            ),
            "not both",
        ),
        (
            lambda: JournalEntryLine("6200", Decimal(1), currency="EUR", exchange_rate=Decimal(0)),
            "greater than zero",
        ),
        (
            lambda: JournalEntryLine("6200", Decimal(1), currency="EUR", exchange_rate=1.1),  # type: ignore[arg-type]
            "must be a Decimal",
        ),
        (lambda: JournalEntryLine("6200", 1.5), "must be a Decimal"),  # type: ignore[arg-type]
        (lambda: JournalEntryLine("6200", Decimal("NaN")), "finite"),
        (lambda: JournalEntryLine("", Decimal(1)), "account_no is required"),
        (lambda: JournalEntryLine("6200", Decimal(1), exchange_rate_date="31/06/2026"), "not a valid date"),
        (lambda: JournalEntryLine("6200", Decimal(1), allocation="60-40", location_id="US"), "not both"),
        (lambda: eur_entry().__class__("GJ", date(2026, 1, 1), "x", []), "at least one line"),
        (
            lambda: CreateJournalEntry(
                "GJ", date(2026, 1, 1), "x", [JournalEntryLine("6200", 10), JournalEntryLine("2000", -9)]
            ),
            "do not balance: debits exceed credits by 1",
        ),
        (
            lambda: CreateJournalEntry(
                "GJ", date(2026, 1, 1), "x", [JournalEntryLine("6200", 0)], state="Posting"
            ),
            "state must be one of Draft, Posted",
        ),
        (
            lambda: CreateJournalEntry(
                "GJ", date(2026, 1, 2), "x", [JournalEntryLine("6200", 0)], reverse_date=date(2026, 1, 1)
            ),
            "reverse_date must be after posting_date",
        ),
        (
            lambda: CreateJournalEntry("", date(2026, 1, 1), "x", [JournalEntryLine("6200", 0)]),
            "journal is required",
        ),
    ],
)
def test_bad_multicurrency_arguments_are_refused_before_sending(build: object, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        build()  # type: ignore[operator]


def test_lines_in_different_currencies_are_not_balance_checked() -> None:
    # EUR 100 against USD 108.25 balances only after conversion, which Intacct does.
    entry = CreateJournalEntry(
        "GJ",
        date(2026, 6, 30),
        "mixed",
        [
            JournalEntryLine("6200", Decimal("100"), currency="EUR", exchange_rate=Decimal("1.0825")),
            JournalEntryLine("2000", Decimal("-108.25"), currency="USD"),
        ],
    )
    assert entry.to_xml().count("<GLENTRY>") == 2


def test_currency_fields_for_generic_records() -> None:
    assert currency_fields("GBP", rate_date="2026-06-30", rate_type="Intacct Daily Rate") == {
        "CURRENCY": "GBP",
        "EXCH_RATE_DATE": date(2026, 6, 30),
        "EXCH_RATE_TYPE_ID": "Intacct Daily Rate",
    }
    assert currency_fields("GBP", rate="1.27") == {"CURRENCY": "GBP", "EXCHANGE_RATE": Decimal("1.27")}
    assert currency_fields("GBP") == {"CURRENCY": "GBP", "EXCH_RATE_TYPE_ID": ""}
    with pytest.raises(InvalidArgumentError, match="ISO 4217"):
        currency_fields("gbp")


def test_legacy_invoice_bill_and_ar_payment_write_the_currency_block_in_dtd_order() -> None:
    invoice = CreateInvoice(
        "C300",
        date(2026, 6, 30),
        [InvoiceLine(amount=Decimal("950.00"), gl_account_no="4000")],
        date_due=date(2026, 7, 30),
        base_currency="USD",
        currency="GBP",
        exchange_rate_date=date(2026, 6, 30),
        exchange_rate_type="Intacct Daily Rate",
        control_id="c",
    )
    assert (
        "<basecurr>USD</basecurr><currency>GBP</currency><exchratedate><year>2026</year><month>06</month>"
        "<day>30</day></exchratedate><exchratetype>Intacct Daily Rate</exchratetype><invoiceitems>"
    ) in invoice.to_xml()
    bill = CreateBill(
        "V400",
        date(2026, 6, 30),
        [BillLine(amount=Decimal("12.50"), gl_account_no="6200")],
        date_due=date(2026, 7, 30),
        currency="GBP",
        control_id="c",
    )
    # A currency alone: the empty rate type picks the company default, as the SDKs send it.
    assert "<currency>GBP</currency><exchratetype></exchratetype><billitems>" in bill.to_xml()
    payment = CreateArPayment(
        "C300",
        Decimal("950.00"),
        date(2026, 7, 1),
        "EFT",
        bank_account_id="BOA-UK",
        currency="GBP",
        exchange_rate=Decimal("1.2712"),
        apply_to=[ArPaymentItem(7, Decimal("950.00"))],
        control_id="c",
    )
    assert (
        "<paymentmethod>EFT</paymentmethod><currency>GBP</currency><exchrate>1.2712</exchrate><arpaymentitem>"
    ) in payment.to_xml()
    no_currency = CreateBill(
        "V100",
        date(2026, 6, 30),
        [BillLine(amount=Decimal(1), gl_account_no="6200")],
        term_name="N30",
        control_id="c",
    )
    assert "exchratetype" not in no_currency.to_xml()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"currency": "gbp"}, "ISO 4217"),
        ({"base_currency": "usd"}, "ISO 4217"),
        ({"currency": "GBP", "exchange_rate": Decimal("-1")}, "greater than zero"),
        ({"currency": "GBP", "exchange_rate": Decimal(1), "exchange_rate_type": "Daily"}, "not both"),
    ],
)
def test_legacy_documents_refuse_bad_currency_terms(options: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        CreateBill(
            "V100",
            date(2026, 6, 30),
            [BillLine(amount=Decimal(1), gl_account_no="6200")],
            term_name="N30",
            **options,  # type: ignore[arg-type]
        )


def test_ap_payment_in_a_foreign_currency() -> None:
    payment = CreateApPayment(
        "V400",
        "EFT",
        "BOA-UK",
        date(2026, 7, 1),
        [ApPaymentDetail(17, Decimal("12.50")), ApPaymentDetail("18", "7.5", line_record_no=3)],
        document_no="PAY-1",
        memo="July run",
        currency="GBP",
        base_currency="USD",
        exchange_rate_date=date(2026, 7, 1),
        exchange_rate_type="Intacct Daily Rate",
        amount_to_pay=Decimal("25.40"),
        control_id="c",
    )
    assert body(payment.to_xml()) == (
        "<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BOA-UK</FINANCIALENTITY>"
        "<VENDORID>V400</VENDORID><EXCH_RATE_DATE>07/01/2026</EXCH_RATE_DATE>"
        "<EXCH_RATE_TYPE_ID>Intacct Daily Rate</EXCH_RATE_TYPE_ID><DOCNUMBER>PAY-1</DOCNUMBER>"
        "<DESCRIPTION>July run</DESCRIPTION><PAYMENTDATE>07/01/2026</PAYMENTDATE><CURRENCY>GBP</CURRENCY>"
        "<BASECURR>USD</BASECURR><AMOUNTTOPAY>25.40</AMOUNTTOPAY><APPYMTDETAILS>"
        "<APPYMTDETAIL><RECORDKEY>17</RECORDKEY><TRX_PAYMENTAMOUNT>12.50</TRX_PAYMENTAMOUNT></APPYMTDETAIL>"
        "<APPYMTDETAIL><RECORDKEY>18</RECORDKEY><ENTRYKEY>3</ENTRYKEY><TRX_PAYMENTAMOUNT>7.5</TRX_PAYMENTAMOUNT>"
        "</APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>"
    )


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: ApPaymentDetail(1, Decimal(0)), "greater than zero"),
        (lambda: ApPaymentDetail("", Decimal(1)), "bill_record_no is required"),
        (lambda: CreateApPayment("V1", "EFT", "BOA", date(2026, 1, 1), []), "at least one bill"),
        (lambda: CreateApPayment("", "EFT", "BOA", date(2026, 1, 1), [ApPaymentDetail(1, 1)]), "vendor_id"),
        (
            lambda: CreateApPayment(
                "V1", "EFT", "BOA", date(2026, 1, 1), [ApPaymentDetail(1, 1)], action="Post"
            ),
            "action must be one of Draft, Submit",
        ),
    ],
)
def test_bad_ap_payments_are_refused(build: object, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        build()  # type: ignore[operator]


def test_a_multicurrency_journal_entry_goes_out_exactly_as_built(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    entry = eur_entry()
    transport.queue(
        response_xml(
            [
                result_xml(
                    "create",
                    "c",
                    data="<glbatch><RECORDNO>9</RECORDNO></glbatch>",
                    data_attributes={"count": 1},
                )
            ]
        )
    )
    assert login_client.execute(entry).data == [{"RECORDNO": "9"}]
    (request,) = transport.requests
    assert entry.to_xml().encode() in request.body
    sent = etree.fromstring(request.body)
    assert [line.findtext("CURRENCY") for line in sent.iter("GLENTRY")] == ["EUR", "EUR"]
