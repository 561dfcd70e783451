"""Every function's XML, and arguments that must be refused before anything is sent."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from intacct import Fields, InvalidArgumentError, deterministic_control_id
from intacct.functions import (
    ApiSessionCreate,
    ArPaymentItem,
    Create,
    CreateArPayment,
    CreateInvoice,
    Delete,
    GetAccountBalancesByDimensions,
    GetDimensions,
    GetTrialBalance,
    Inspect,
    InvoiceLine,
    Lookup,
    Read,
    ReadByName,
    ReadByQuery,
    ReadMore,
    ReadReport,
    ReverseApPayment,
    ReverseArPayment,
    ReverseBill,
    ReverseInvoice,
    Update,
)
from intacct.query import equal_to


def body(function_xml: str) -> str:
    """The function element's content, without the controlid wrapper."""
    return function_xml.split(">", 1)[1].removesuffix("</function>")


def test_python_values_map_to_intacct_formats() -> None:
    function = Create(
        "VENDOR",
        {
            "NAME": "Bob's <Pizza> & Co",
            "ONHOLD": False,
            "CREDITLIMIT": Decimal("1.2E+4"),
            "SMALL": Decimal("-0.00"),
            "RATE": 0.1,
            "WHENCREATED": datetime(2026, 1, 2, 3, 4, 5),
            "SKIPPED": None,
            "CONTACTINFO": {"CONTACTNAME": "Bob"},
            "TAG": ["a", "b"],
        },
        control_id="c",
    )
    assert body(function.to_xml()) == (
        "<create><VENDOR><NAME>Bob's &lt;Pizza&gt; &amp; Co</NAME><ONHOLD>false</ONHOLD>"
        "<CREDITLIMIT>12000</CREDITLIMIT><SMALL>0.00</SMALL><RATE>0.1</RATE>"
        "<WHENCREATED>01/02/2026 03:04:05</WHENCREATED><CONTACTINFO><CONTACTNAME>Bob</CONTACTNAME>"
        "</CONTACTINFO><TAG>a</TAG><TAG>b</TAG></VENDOR></create>"
    )


def test_several_records_in_one_create_and_ordered_fields() -> None:
    function = Create(
        "CLASS",
        [{"CLASSID": "C1", "NAME": "One"}, Fields([("CLASSID", "C2"), ("NAME", "Two"), ("CLASSID", "x")])],
        control_id="c",
    )
    assert body(function.to_xml()) == (
        "<create><CLASS><CLASSID>C1</CLASSID><NAME>One</NAME></CLASS>"
        "<CLASS><CLASSID>C2</CLASSID><NAME>Two</NAME><CLASSID>x</CLASSID></CLASS></create>"
    )
    assert Create.writes
    assert not Create.idempotent


def test_update_delete_and_reads() -> None:
    assert body(Update("VENDOR", {"RECORDNO": 381, "NAME": "N"}, control_id="c").to_xml()) == (
        "<update><VENDOR><RECORDNO>381</RECORDNO><NAME>N</NAME></VENDOR></update>"
    )
    assert body(Delete("GLBATCH", [1234, 99], control_id="c").to_xml()) == (
        "<delete><object>GLBATCH</object><keys>1234,99</keys></delete>"
    )
    assert body(Read("VENDOR", [1, 2], fields=["RECORDNO", "NAME"], control_id="c").to_xml()) == (
        "<read><object>VENDOR</object><keys>1,2</keys><fields>RECORDNO,NAME</fields>"
        "<returnFormat>xml</returnFormat></read>"
    )
    assert body(ReadByName("GLACCOUNT", ["1010"], control_id="c").to_xml()) == (
        "<readByName><object>GLACCOUNT</object><keys>1010</keys><fields>*</fields>"
        "<returnFormat>xml</returnFormat></readByName>"
    )
    assert body(ReadByQuery("APBILL", equal_to("VENDORNAME", "Bob's"), control_id="c").to_xml()) == (
        "<readByQuery><object>APBILL</object><query>VENDORNAME = 'Bob\\'s'</query><fields>*</fields>"
        "<pagesize>1000</pagesize><returnFormat>xml</returnFormat></readByQuery>"
    )
    assert (
        body(ReadMore(report_id="R1", control_id="c").to_xml())
        == "<readMore><reportId>R1</reportId></readMore>"
    )
    assert not ReadMore.idempotent


def test_session_inspect_lookup_dimensions_and_report() -> None:
    assert body(ApiSessionCreate(control_id="c").to_xml()) == "<getAPISession></getAPISession>"
    assert body(ApiSessionCreate("", control_id="c").to_xml()) == (
        "<getAPISession><locationid></locationid></getAPISession>"
    )
    assert body(Inspect("APBILL", detail=True, control_id="c").to_xml()) == (
        '<inspect detail="1"><object>APBILL</object></inspect>'
    )
    assert body(Lookup("GLBATCH", control_id="c").to_xml()) == "<lookup><object>GLBATCH</object></lookup>"
    assert body(GetDimensions(control_id="c").to_xml()) == "<getDimensions></getDimensions>"
    report = ReadReport(
        "TB by entity",
        arguments={"PERIOD": "Current Month"},
        wait_time=5,
        page_size=200,
        return_format="xml",
        return_definition=True,
        interactive=True,
        control_id="c",
    )
    assert body(report.to_xml()) == (
        '<readReport type="interactive" returnDef="true"><report>TB by entity</report>'
        "<arguments><PERIOD>Current Month</PERIOD></arguments><waitTime>5</waitTime>"
        "<pagesize>200</pagesize><returnFormat>xml</returnFormat></readReport>"
    )


def test_legacy_invoice_payment_and_reversals() -> None:
    invoice = CreateInvoice(
        "C1",
        "2026-06-30",
        [InvoiceLine(amount="10.5", account_label="Sales", memo="m", custom_fields={"CF": "v"})],
        term_name="N30",
        action="Submit",
        bill_to_contact="Bob",
        exchange_rate=Decimal("1.1"),
        currency="EUR",
        control_id="c",
    )
    assert body(invoice.to_xml()) == (
        "<create_invoice><customerid>C1</customerid><datecreated><year>2026</year><month>06</month>"
        "<day>30</day></datecreated><termname>N30</termname><action>Submit</action>"
        "<billto><contactname>Bob</contactname></billto><currency>EUR</currency><exchrate>1.1</exchrate>"
        "<invoiceitems><lineitem><accountlabel>Sales</accountlabel><amount>10.5</amount><memo>m</memo>"
        "<customfields><customfield><customfieldname>CF</customfieldname><customfieldvalue>v"
        "</customfieldvalue></customfield></customfields></lineitem></invoiceitems></create_invoice>"
    )
    payment = CreateArPayment(
        "C1",
        Decimal("100.00"),
        date(2026, 7, 1),
        "EFT",
        bank_account_id="BOA",
        reference_id="R-1",
        apply_to=[ArPaymentItem(42, Decimal("100.00"))],
        control_id="c",
    )
    assert body(payment.to_xml()) == (
        "<create_arpayment><customerid>C1</customerid><paymentamount>100.00</paymentamount>"
        "<bankaccountid>BOA</bankaccountid><refid>R-1</refid><datereceived><year>2026</year>"
        "<month>07</month><day>01</day></datereceived><paymentmethod>EFT</paymentmethod>"
        "<arpaymentitem><invoicekey>42</invoicekey><amount>100.00</amount></arpaymentitem></create_arpayment>"
    )
    for cls, element in [
        (ReverseBill, "reverse_bill"),
        (ReverseInvoice, "reverse_invoice"),
        (ReverseArPayment, "reverse_arpayment"),
        (ReverseApPayment, "reverse_appayment"),
    ]:
        assert body(cls(77, date(2026, 2, 1), memo="undo", control_id="c").to_xml()) == (
            f'<{element} key="77"><datereversed><year>2026</year><month>02</month><day>01</day>'
            f"</datereversed><description>undo</description></{element}>"
        )


def test_balance_functions() -> None:
    trial = GetTrialBalance(
        start_date=date(2026, 1, 1),
        end_date="01/31/2026",
        show_zero_balances=True,
        location_ids=["US", "CA"],
        control_id="c",
    )
    assert body(trial.to_xml()) == (
        "<get_trialbalance><startdate><year>2026</year><month>01</month><day>01</day></startdate>"
        "<enddate><year>2026</year><month>01</month><day>31</day></enddate>"
        "<showzerobalances>true</showzerobalances><locationid>US</locationid><locationid>CA</locationid>"
        "</get_trialbalance>"
    )
    balances = GetAccountBalancesByDimensions(
        reporting_period_name="Month Ended January 2026",
        gl_account_no="1010",
        user_defined_dimensions={"FUND": "F1"},
        control_id="c",
    )
    assert body(balances.to_xml()) == (
        "<get_accountbalancesbydimensions><reportingperiodname>Month Ended January 2026</reportingperiodname>"
        "<glaccountno>1010</glaccountno><userDefinedDimensions><userDefinedDimension><objectName>FUND"
        "</objectName><recordId>F1</recordId></userDefinedDimension></userDefinedDimensions>"
        "</get_accountbalancesbydimensions>"
    )


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: Create("X", {}, control_id=""), id="empty-control-id"),
        pytest.param(lambda: Create("X", {}, control_id="x" * 257), id="control-id-too-long"),
        pytest.param(lambda: Create("X", [], control_id="c"), id="no-records"),
        pytest.param(lambda: Create("BAD NAME", {}, control_id="c"), id="bad-object-name"),
        pytest.param(lambda: Create("X", {"A": Decimal("NaN")}).to_xml(), id="nan-decimal"),
        pytest.param(lambda: Create("X", {"A": float("inf")}).to_xml(), id="inf-float"),
        pytest.param(lambda: Create("X", {"A": "02/30/2026"}).to_xml(), id="impossible-date-string"),
        pytest.param(lambda: Create("X", {"A": "12/31/2026 24:00:00"}).to_xml(), id="impossible-time"),
        pytest.param(lambda: Create("X", {"<A>": 1}).to_xml(), id="injected-element-name"),
        pytest.param(lambda: Create("X", {"A": "\x00"}).to_xml(), id="nul-character"),
        pytest.param(lambda: Create("X", {"A": "half \ud83d"}).to_xml(), id="lone-surrogate"),
        pytest.param(lambda: Create("X", {}, control_id="c\udc00"), id="surrogate-control-id"),
        pytest.param(lambda: Create("X", {}, control_id="c\ufffe"), id="non-character-control-id"),
        pytest.param(lambda: Create("X", {"A": object()}).to_xml(), id="unsupported-type"),  # type: ignore[dict-item]
        pytest.param(lambda: Read("X", list(range(101))), id="too-many-keys"),
        pytest.param(lambda: Delete("X", []), id="delete-without-keys"),
        pytest.param(lambda: ReadByQuery("X", page_size=0), id="page-size-zero"),
        pytest.param(lambda: ReadMore(), id="readmore-without-cursor"),
        pytest.param(lambda: InvoiceLine(amount=Decimal("NaN"), gl_account_no="1"), id="nan-line"),
        pytest.param(lambda: InvoiceLine(amount=1.5, gl_account_no="1"), id="float-line-amount"),  # type: ignore[arg-type]
        pytest.param(lambda: InvoiceLine(amount=1), id="line-without-account"),
        pytest.param(
            lambda: CreateInvoice(
                "C", "2026-02-30", [InvoiceLine(amount=1, gl_account_no="1")], term_name="N30"
            ),
            id="impossible-legacy-date",
        ),
        pytest.param(
            lambda: CreateInvoice("C", date(2026, 1, 1), [], term_name="N30"), id="invoice-no-lines"
        ),
        pytest.param(
            lambda: CreateArPayment("C", 1, date(2026, 1, 1), "EFT"), id="payment-without-deposit-target"
        ),
        pytest.param(lambda: GetTrialBalance(), id="trial-balance-without-period"),
        pytest.param(
            lambda: GetTrialBalance(start_date=date(2026, 2, 1), end_date=date(2026, 1, 1)),
            id="reversed-period",
        ),
        pytest.param(lambda: ReverseBill("", date(2026, 1, 1)), id="reverse-without-key"),
        pytest.param(lambda: ReadReport("R", wait_time=31), id="report-wait-too-long"),
    ],
)
def test_invalid_arguments_raise_before_sending(build: object) -> None:
    with pytest.raises(InvalidArgumentError):
        build()  # type: ignore[operator]


def test_invalid_argument_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="at most 256"):
        Create("X", {}, control_id="x" * 257)


def test_deterministic_control_ids_are_stable_and_distinct() -> None:
    first = deterministic_control_id("GLBATCH", "JE-1001", 3, prefix="je-")
    assert first == deterministic_control_id("GLBATCH", "JE-1001", 3, prefix="je-")
    assert first != deterministic_control_id("GLBATCH", "JE-1001", 4, prefix="je-")
    assert first.startswith("je-")
    assert len(first) == 43


def test_a_bad_value_error_names_the_function_it_is_in() -> None:
    with pytest.raises(
        InvalidArgumentError, match=r"Create \(function control id 'line-57'\).*impossible date"
    ):
        Create("GLBATCH", {"BATCH_DATE": "02/30/2026"}, control_id="line-57").to_xml()
