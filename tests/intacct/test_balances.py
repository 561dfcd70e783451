"""GL balance functions: the arguments the reporting feature sends, and typed Decimal rows back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from intacct import IntacctClient, parse_response
from intacct.balances import AccountBalanceRow, TrialBalanceRow, account_balance_rows, trial_balance_rows
from intacct.errors import InvalidArgumentError, ParseError, ResultError
from intacct.functions import GetAccountBalancesByDimensions, GetTrialBalance
from intacct.testing import FakeTransport, error_xml, response_xml, result_xml

BODY_START = '<function controlid="c">'


def body(xml: str) -> str:
    assert xml.startswith(BODY_START)
    return xml[len(BODY_START) : -len("</function>")]


def test_trial_balance_with_budget_books_and_dimension_filters_in_schema_order() -> None:
    trial = GetTrialBalance(
        reporting_period_name="Month Ended June 2026",
        content_selection="Actual and Budget",
        budget_id="FY26",
        show_zero_balances=False,
        show_department_detail=True,
        reporting_book="ACCRUAL",
        adjustment_books=["GAAP", "TAX"],
        include_reporting_book=True,
        department_ids=["OPS"],
        location_ids=["US-NY"],
        project_id="P-100",
        class_id="C1",
        user_defined_dimensions={"FUND": "F1"},
        control_id="c",
    )
    assert body(trial.to_xml()) == (
        "<get_trialbalance><reportingperiodname>Month Ended June 2026</reportingperiodname>"
        "<contentselection>Actual and Budget</contentselection><budgetid>FY26</budgetid>"
        "<showzerobalances>false</showzerobalances><showdeptdetail>true</showdeptdetail>"
        "<reportingbook>ACCRUAL</reportingbook><adjbooks><adjbook>GAAP</adjbook><adjbook>TAX</adjbook></adjbooks>"
        "<includereportingbook>true</includereportingbook><departmentid>OPS</departmentid>"
        "<locationid>US-NY</locationid><projectid>P-100</projectid><classid>C1</classid>"
        "<userDefinedDimensions><userDefinedDimension><objectName>FUND</objectName><recordId>F1</recordId>"
        "</userDefinedDimension></userDefinedDimensions></get_trialbalance>"
    )


def test_account_balances_by_dimensions_with_a_date_range_and_filters() -> None:
    balances = GetAccountBalancesByDimensions(
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
        content_selection="Budget",
        start_account_no="4000",
        end_account_no="4999",
        show_zero_balances=True,
        reporting_book="ACCRUAL",
        department_id="ENG",
        location_id="US-NY",
        customer_id="C100",
        warehouse_id="W1",
        control_id="c",
    )
    assert body(balances.to_xml()) == (
        "<get_accountbalancesbydimensions>"
        "<startdate><year>2026</year><month>01</month><day>01</day></startdate>"
        "<enddate><year>2026</year><month>06</month><day>30</day></enddate>"
        "<contentselection>Budget</contentselection>"
        "<startaccountno>4000</startaccountno><endaccountno>4999</endaccountno>"
        "<showzerobalances>true</showzerobalances><reportingbook>ACCRUAL</reportingbook>"
        "<departmentid>ENG</departmentid><locationid>US-NY</locationid><customerid>C100</customerid>"
        "<warehouseid>W1</warehouseid></get_accountbalancesbydimensions>"
    )


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: GetTrialBalance(reporting_period_name="P", content_selection="Forecast"),  # type: ignore[arg-type]
            "content_selection",
        ),
        (lambda: GetTrialBalance(reporting_period_name="P", budget_id="FY26"), "budget_id needs"),
        (
            lambda: GetTrialBalance(reporting_period_name="P", content_selection="Actual", budget_id="FY26"),
            "budget_id needs",
        ),
        (lambda: GetTrialBalance(reporting_period_name="P", adjustment_books="GAAP"), "list of book ids"),
        (lambda: GetTrialBalance(reporting_period_name="P", include_reporting_book=True), "adjustment_books"),
        (
            lambda: GetAccountBalancesByDimensions(
                reporting_period_name="P", gl_account_no="1", account_group_name="G"
            ),
            "give one of",
        ),
        (lambda: GetAccountBalancesByDimensions(start_date=date(2026, 1, 1)), "go together"),
    ],
)
def test_bad_balance_arguments_are_refused(build: object, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        build()  # type: ignore[operator]


TRIAL = result_xml(
    "get_trialbalance",
    "t",
    data=(
        "<trialbalance><glaccountno>1000</glaccountno><startbalance>1500.25</startbalance><debits>200</debits>"
        "<credits>50.25</credits><endbalance>1650.00</endbalance><departmentid>OPS</departmentid>"
        "<reportingbook>ACCRUAL</reportingbook><currency>USD</currency><budget>1700.00</budget></trialbalance>"
        "<trialbalance><glaccountno>2000</glaccountno><startbalance>-300</startbalance><debits>0</debits>"
        "<credits></credits><endbalance>-300</endbalance></trialbalance>"
    ),
    data_attributes={"listtype": "trialbalance", "count": 2},
)
ACCOUNT = result_xml(
    "get_accountbalancesbydimensions",
    "a",
    data=(
        "<accountbalance><glaccountno>6200</glaccountno><startbalance>0</startbalance><debits>75.00</debits>"
        "<credits>0</credits><adjdebits>5.00</adjdebits><adjcredits>0</adjcredits><endbalance>80.00</endbalance>"
        "<currency>USD</currency><reportingbook>ACCRUAL</reportingbook><departmentid>OPS</departmentid>"
        "<locationid>US-NY</locationid><projectid></projectid><GLDIMFUND>F1</GLDIMFUND></accountbalance>"
    ),
    data_attributes={"listtype": "accountbalance", "count": 1},
)


def test_trial_balance_rows_are_typed_with_decimal_amounts() -> None:
    (result,) = parse_response(response_xml([TRIAL]).encode()).results
    assert trial_balance_rows(result) == [
        TrialBalanceRow(
            gl_account_no="1000",
            start_balance=Decimal("1500.25"),
            debits=Decimal("200"),
            credits=Decimal("50.25"),
            end_balance=Decimal("1650.00"),
            department_id="OPS",
            reporting_book="ACCRUAL",
            currency="USD",
            extra={"budget": "1700.00"},
        ),
        TrialBalanceRow("2000", Decimal("-300"), Decimal("0"), Decimal("0"), Decimal("-300")),
    ]


def test_account_balance_rows_keep_dimensions_and_unmodelled_fields() -> None:
    (result,) = parse_response(response_xml([ACCOUNT]).encode()).results
    (row,) = account_balance_rows(result)
    assert row == AccountBalanceRow(
        gl_account_no="6200",
        start_balance=Decimal("0"),
        debits=Decimal("75.00"),
        credits=Decimal("0"),
        adj_debits=Decimal("5.00"),
        adj_credits=Decimal("0"),
        end_balance=Decimal("80.00"),
        currency="USD",
        reporting_book="ACCRUAL",
        dimensions={"departmentid": "OPS", "locationid": "US-NY"},
        extra={"GLDIMFUND": "F1"},
    )
    assert isinstance(row.end_balance, Decimal)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("<trialbalance><startbalance>1</startbalance></trialbalance>", "without a <glaccountno>"),
        (
            "<trialbalance><glaccountno>1</glaccountno><startbalance>1</startbalance><debits>1</debits>"
            "<credits>1</credits></trialbalance>",
            "has no <endbalance>",
        ),
        (
            "<trialbalance><glaccountno>1</glaccountno><startbalance>1,000.00</startbalance><debits>1</debits>"
            "<credits>1</credits><endbalance>1</endbalance></trialbalance>",
            "<startbalance> is not an amount",
        ),
        (
            "<trialbalance><glaccountno>1</glaccountno><startbalance><v>1</v></startbalance></trialbalance>",
            "not a plain value",
        ),
    ],
)
def test_rows_that_are_not_balances_raise_parse_error(record: str, message: str) -> None:
    result = parse_response(
        response_xml([result_xml("get_trialbalance", "t", data=record)]).encode()
    ).results[0]
    with pytest.raises(ParseError, match=message):
        trial_balance_rows(result)


def test_a_failed_balance_result_raises_its_error() -> None:
    failed = result_xml(
        "get_trialbalance", "t", status="failure", errors=[error_xml("GL-1", "No such period")]
    )
    (result,) = parse_response(response_xml([failed]).encode()).results
    with pytest.raises(ResultError, match="No such period"):
        trial_balance_rows(result)


def test_balance_rows_through_the_client(login_client: IntacctClient, transport: FakeTransport) -> None:
    transport.queue(response_xml([TRIAL.replace("<controlid>t</controlid>", "<controlid>c</controlid>")]))
    rows = trial_balance_rows(
        login_client.execute(GetTrialBalance(reporting_period_name="P", control_id="c"))
    )
    assert [(row.gl_account_no, row.end_balance) for row in rows] == [
        ("1000", Decimal("1650.00")),
        ("2000", Decimal("-300")),
    ]
