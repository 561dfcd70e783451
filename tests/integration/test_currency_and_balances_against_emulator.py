"""Multi-currency documents and typed GL balances, end to end against the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from intacct import ClientConfig, IntacctClient
from intacct.balances import account_balance_rows, trial_balance_rows
from intacct.errors import ResultError
from intacct.functions import (
    ApPaymentDetail,
    BillLine,
    CreateApPayment,
    CreateBill,
    CreateJournalEntry,
    GetAccountBalancesByDimensions,
    GetTrialBalance,
    JournalEntryLine,
    Query,
    Read,
    UpdateJournalEntry,
)
from intacct.query import Order, equal_to

if TYPE_CHECKING:
    from intacct_emulator.testing import EmulatorHandle

emulator_testing = pytest.importorskip("intacct_emulator.testing")

pytestmark = pytest.mark.emulator


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorHandle]:
    with emulator_testing.run_emulator() as handle:
        yield handle


@pytest.fixture
def client(emulator: EmulatorHandle) -> Iterator[IntacctClient]:
    emulator.reset()
    emulator.clear_faults()
    credentials = emulator.credentials
    config = ClientConfig(
        sender_id=credentials["sender_id"],
        sender_password=credentials["sender_password"],
        company_id=credentials["company_id"],
        user_id=credentials["user_id"],
        user_password=credentials["user_password"],
        endpoint_url=emulator.url,
        allow_custom_endpoint=True,
        read_timeout=30.0,
    )
    with IntacctClient(config) as instance:
        yield instance


def gl_lines(client: IntacctClient, batch_recordno: str) -> list[tuple[str, str, Decimal, str]]:
    query = Query(
        "GLENTRY",
        ["ACCOUNTNO", "TR_TYPE", "TRX_AMOUNT", "CURRENCY", "LINE_NO"],
        filter=equal_to("BATCHNO", batch_recordno),
        order_by=[Order("LINE_NO")],
    )
    return [
        (str(row["ACCOUNTNO"]), str(row["TR_TYPE"]), Decimal(str(row["TRX_AMOUNT"])), str(row["CURRENCY"]))
        for row in client.iter_records(query)
    ]


def test_a_journal_entry_in_euros_posts_and_reads_back_per_line(client: IntacctClient) -> None:
    today = date.today()
    entry = CreateJournalEntry(
        "GJ",
        today,
        "Paris office rent (EUR)",
        [
            JournalEntryLine(
                "6200",
                Decimal("1250.40"),
                memo="June rent",
                currency="EUR",
                exchange_rate_date=today,
                exchange_rate_type="Intacct Daily Rate",
                location_id="US-NY",
            ),
            JournalEntryLine(
                "2000",
                Decimal("-1250.40"),
                currency="EUR",
                exchange_rate_date=today,
                exchange_rate_type="Intacct Daily Rate",
                location_id="US-NY",
            ),
        ],
        reference_no="JE-EUR-INT-1",
    )
    created = client.execute(entry)
    recordno = str(created.data[0]["RECORDNO"])
    assert gl_lines(client, recordno) == [
        ("6200", "1", Decimal("1250.40"), "EUR"),
        ("2000", "-1", Decimal("1250.40"), "EUR"),
    ]

    update = UpdateJournalEntry(
        recordno,
        "GJ",
        today,
        "Paris office rent (EUR, corrected)",
        [
            JournalEntryLine("6200", Decimal("1300.00"), currency="EUR", location_id="US-NY"),
            JournalEntryLine("2000", Decimal("-1300.00"), currency="EUR", location_id="US-NY"),
        ],
        reference_no="JE-EUR-INT-1",
    )
    assert client.execute(update).ok
    (batch,) = client.execute(Read("GLBATCH", [recordno], fields=["BATCH_TITLE"])).data
    assert batch["BATCH_TITLE"] == "Paris office rent (EUR, corrected)"
    assert gl_lines(client, recordno) == [
        ("6200", "1", Decimal("1300.00"), "EUR"),
        ("2000", "-1", Decimal("1300.00"), "EUR"),
    ]


def test_lines_at_different_rates_that_differ_in_base_amount_are_refused(client: IntacctClient) -> None:
    """Intacct balances an entry in base currency too: a daily rate and a fixed rate disagree."""
    today = date.today()
    entry = CreateJournalEntry(
        "GJ",
        today,
        "Rates that disagree",
        [
            JournalEntryLine(
                "6200",
                Decimal("1250.40"),
                currency="EUR",
                exchange_rate_date=today,
                exchange_rate_type="Intacct Daily Rate",
                location_id="US-NY",
            ),
            JournalEntryLine(
                "2000", Decimal("-1250.40"), currency="EUR", exchange_rate=Decimal("9.5"), location_id="US-NY"
            ),
        ],
        reference_no="JE-EUR-BAD",
    )
    with pytest.raises(ResultError) as caught:
        client.execute(entry)
    assert [e.errorno for e in caught.value.errors] == ["EMU-UNBALANCED", "BL01001973"]
    assert (
        client.execute(Query("GLBATCH", ["RECORDNO"], filter=equal_to("REFERENCENO", "JE-EUR-BAD"))).data
        == []
    )


def test_a_pound_bill_is_paid_in_pounds(client: IntacctClient) -> None:
    today = date.today()
    bill = client.execute(
        CreateBill(
            "V400",
            today,
            [BillLine(amount=Decimal("480.00"), gl_account_no="6200", location_id="UK-LDN")],
            date_due=today,
            bill_no="UK-B-1",
            currency="GBP",
            exchange_rate_type="Intacct Daily Rate",
        )
    )
    assert bill.key is not None
    (stored,) = client.execute(Read("APBILL", [bill.key], fields=["CURRENCY", "TOTALDUE"])).data
    assert (stored["CURRENCY"], Decimal(str(stored["TOTALDUE"]))) == ("GBP", Decimal("480.00"))

    payment = client.execute(
        CreateApPayment(
            "V400",
            "EFT",
            "BOA",
            today,
            [ApPaymentDetail(bill.key, Decimal("180.00"))],
            document_no="UK-PAY-1",
            currency="GBP",
            exchange_rate_type="Intacct Daily Rate",
        )
    )
    assert payment.ok
    (paid,) = client.execute(Read("APBILL", [bill.key], fields=["TOTALPAID", "TOTALDUE", "STATE"])).data
    assert (Decimal(str(paid["TOTALPAID"])), Decimal(str(paid["TOTALDUE"])), paid["STATE"]) == (
        Decimal("180.00"),
        Decimal("300.00"),
        "Partially Paid",
    )


def test_trial_balance_rows_are_decimals_that_balance(client: IntacctClient) -> None:
    today = date.today()
    client.execute(
        CreateJournalEntry(
            "GJ",
            today,
            "Balance check",
            [
                JournalEntryLine("6200", Decimal("75.25"), location_id="US-NY", department_id="OPS"),
                JournalEntryLine("1000", Decimal("-75.25"), location_id="US-NY", department_id="OPS"),
            ],
        )
    )
    rows = trial_balance_rows(
        client.execute(GetTrialBalance(start_date=date(today.year, 1, 1), end_date=today))
    )
    by_account = {row.gl_account_no: row for row in rows}
    assert by_account["6200"].debits >= Decimal("75.25")
    assert by_account["1000"].credits >= Decimal("75.25")
    assert all(isinstance(row.end_balance, Decimal) for row in rows)
    assert sum((row.end_balance for row in rows), Decimal(0)) == 0  # the ledger balances
    assert {row.currency for row in rows} == {"USD"}

    (ops,) = account_balance_rows(
        client.execute(
            GetAccountBalancesByDimensions(
                start_date=date(today.year, 1, 1), end_date=today, gl_account_no="6200", department_id="OPS"
            )
        )
    )
    assert ops.gl_account_no == "6200"
    assert ops.dimensions["departmentid"] == "OPS"
    assert ops.end_balance == ops.start_balance + ops.debits - ops.credits + ops.adj_debits - ops.adj_credits
    assert ops.debits >= Decimal("75.25")
