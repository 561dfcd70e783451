"""Multi-currency end to end against the emulator: what lands in Intacct's ledger (transaction amount
in the transaction currency, base amount at the rate in the entity's currency), and every refusal,
blocked before a call when TRUE can know it, explained when only Intacct can."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest

from trueerp.financial.models import Transaction
from trueerp.financial.services.transactions import void_transaction
from trueerp.sage_intacct.mapping.models import EntityRule, SyncSettings
from trueerp.sage_intacct.reference.models import IntacctExchangeRate, IntacctExchangeRateType
from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.sync.models import JobState, SyncStatus, TransactionSyncState
from trueerp.sage_intacct.tests.currency.offline import document
from trueerp.sage_intacct.tests.sync_support import (
    CountingFactory,
    connected,
    job_of,
    journal,
    line,
    master,
    run,
)

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]
__all__ = ["connected", "master"]

COMPANY = "TRUE-DEMO"


def set_rate(
    emulator, source: str, target: str, rate: str, on: str = "2026-03-01", kind: str = "Intacct Daily Rate"
):
    emulator.control(
        f"companies/{COMPANY}/exchange-rates",
        {"type": kind, "from": source, "to": target, "rates": [{"date": on, "rate": rate}]},
    )


def lines_of(emulator, txn: Transaction) -> list[dict[str, Any]]:
    key = job_of(txn).intacct_key
    return [e for e in emulator.records("GLENTRY") if str(e["BATCHNO"]) == key]


def ledger(entries: list[dict[str, Any]]) -> list[tuple[str, str, str, str, str, str]]:
    return sorted(
        (e["ACCOUNTNO"], e["TR_TYPE"], e["CURRENCY"], str(e["TRX_AMOUNT"]), e["BASECURR"], str(e["AMOUNT"]))
        for e in entries
    )


def test_a_500_euro_entry_on_the_us_entity_lands_in_euro_with_dollar_base_amounts(
    company, connected, master, emulator
):
    set_rate(emulator, "EUR", "USD", "1.0842")
    refresh_reference_data(company)
    m = master
    txn = journal(
        company,
        [line(m.accounts["6200"], debit="500.00"), line(m.accounts["1000"], credit="500.00")],
        currency="EUR",
    )

    run(company)

    assert TransactionSyncState.objects.get(transaction=txn).status == SyncStatus.SYNCED
    assert ledger(lines_of(emulator, txn)) == [
        ("1000", "-1", "EUR", "500.00", "USD", "542.10"),
        ("6200", "1", "EUR", "500.00", "USD", "542.10"),
    ]
    assert {(e["EXCH_RATE_TYPE_ID"], e["EXCH_RATE_DATE"]) for e in lines_of(emulator, txn)} == {
        ("Intacct Daily Rate", "03/10/2026")
    }


def test_a_usd_entry_on_a_uk_branch_lands_in_usd_with_sterling_base_amounts(
    company, connected, master, emulator
):
    EntityRule.objects.create(
        company=company, position=1, name="UK branches", branch_country="GB", entity_id="UK"
    )
    set_rate(emulator, "USD", "GBP", "0.7874")
    refresh_reference_data(company)
    m = master
    txn = journal(
        company,
        [line(m.accounts["6200"], debit="250.00"), line(m.accounts["1000"], credit="250.00")],
        branch=m.branches["UK-LDN"],
        currency="USD",
    )

    run(company)

    entries = lines_of(emulator, txn)
    assert ledger(entries) == [
        ("1000", "-1", "USD", "250.00", "GBP", "196.85"),
        ("6200", "1", "USD", "250.00", "GBP", "196.85"),
    ]
    assert {e["MEGAENTITYID"] for e in entries} == {"UK"}


def test_a_gbp_entry_on_the_uk_branch_sends_no_currency_and_is_booked_as_is(
    company, connected, master, emulator
):
    EntityRule.objects.create(
        company=company, position=1, name="UK branches", branch_country="GB", entity_id="UK"
    )
    m = master
    txn = journal(
        company,
        [line(m.accounts["6200"], debit="80.00"), line(m.accounts["1000"], credit="80.00")],
        branch=m.branches["UK-LDN"],
    )

    run(company)

    assert txn.currency == "GBP"
    assert ledger(lines_of(emulator, txn)) == [
        ("1000", "-1", "GBP", "80.00", "GBP", "80.00"),
        ("6200", "1", "GBP", "80.00", "GBP", "80.00"),
    ]
    assert "EUR" not in job_of(txn).attempt_log.get().request_summary


def test_an_entered_rate_is_the_one_intacct_uses(company, connected, master, emulator):
    m = master
    txn = journal(
        company,
        [line(m.accounts["6200"], debit="500.00"), line(m.accounts["1000"], credit="500.00")],
        currency="EUR",
        exchange_rate=Decimal("1.1"),
    )

    run(company)

    assert ledger(lines_of(emulator, txn)) == [
        ("1000", "-1", "EUR", "500.00", "USD", "550.00"),
        ("6200", "1", "EUR", "500.00", "USD", "550.00"),
    ]


def test_documents_and_payments_land_with_transaction_and_base_totals(company, connected, master, emulator):
    set_rate(emulator, "EUR", "USD", "1.0842")
    set_rate(emulator, "CAD", "USD", "0.7350", on="2026-01-01", kind="Corporate Rate")
    refresh_reference_data(company)
    m = master
    invoice = document(company, m, Transaction.Type.AR_INVOICE, amount="1000.00", currency="EUR")
    invoice.lines.filter(account__number="4000").update(account=m.accounts["4900"])  # no required dimensions
    bill = document(
        company,
        m,
        Transaction.Type.AP_BILL,
        amount="2000.00",
        currency="CAD",
        exchange_rate_type="Corporate Rate",
    )
    bill.lines.filter(account__number="5100").update(account=m.accounts["6200"])
    receipt = document(
        company, m, Transaction.Type.AR_PAYMENT, amount="1000.00", currency="EUR", applies_to=invoice
    )

    run(company)
    run(company)  # the payment follows its invoice

    assert {t.number: job_of(t).state for t in (invoice, bill, receipt)} == dict.fromkeys(
        (invoice.number, bill.number, receipt.number), JobState.SYNCED
    )
    (ar,) = emulator.records("ARINVOICE")
    assert (ar["CURRENCY"], ar["BASECURR"], str(ar["TRX_TOTALENTERED"]), str(ar["TOTALENTERED"])) == (
        "EUR",
        "USD",
        "1000.00",
        "1084.20",
    )
    (ap,) = emulator.records("APBILL")
    assert (ap["CURRENCY"], ap["BASECURR"], str(ap["TRX_TOTALENTERED"]), str(ap["TOTALENTERED"])) == (
        "CAD",
        "USD",
        "2000.00",
        "1470.00",
    )
    assert ap["EXCH_RATE_TYPE_ID"] == "Corporate Rate"
    (payment,) = emulator.records("ARPYMT")
    assert (payment["CURRENCY"], str(payment["TRX_TOTALENTERED"]), str(payment["TOTALENTERED"])) == (
        "EUR",
        "1000.00",
        "1084.20",
    )


def test_a_voided_euro_entry_nets_to_zero_per_account_in_both_currencies(
    company, connected, master, emulator
):
    set_rate(emulator, "EUR", "USD", "1.0842")
    m = master
    txn = journal(
        company,
        [line(m.accounts["6200"], debit="500.00"), line(m.accounts["1000"], credit="500.00")],
        currency="EUR",
    )
    run(company)
    void_transaction(txn, actor=None)
    set_rate(emulator, "EUR", "USD", "1.2000", on=dt.date.today().replace(day=1).isoformat())  # a later rate

    run(company)

    assert TransactionSyncState.objects.get(transaction=txn).status == SyncStatus.REVERSED
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for e in emulator.records("GLENTRY"):
        sign = 1 if e["TR_TYPE"] == "1" else -1
        totals[e["ACCOUNTNO"]][0] += sign * Decimal(str(e["TRX_AMOUNT"]))
        totals[e["ACCOUNTNO"]][1] += sign * Decimal(str(e["AMOUNT"]))
    assert dict(totals) == {"6200": [0, 0], "1000": [0, 0]}
    assert len(emulator.records("GLBATCH")) == 2


# --- refusals ----------------------------------------------------------------------------------


def blocked_without_a_call(company, txn: Transaction) -> str:
    counting = CountingFactory()
    run(company, counting)
    job = job_of(txn)
    assert counting.calls == []
    assert job.state == JobState.BLOCKED
    return job.last_error


def test_no_rate_for_the_date_is_blocked_before_sending(company, connected, master, emulator):
    m = master
    txn = journal(
        company,
        [line(m.accounts["6200"], debit="10.00"), line(m.accounts["1000"], credit="10.00")],
        currency="EUR",
        on=dt.date(2024, 6, 3),
    )

    assert blocked_without_a_call(company, txn) == (
        "Intacct has no Intacct Daily Rate rate from EUR to USD on or before 06/03/2024, so it cannot convert this "
        "transaction to entity US's base currency. Add the rate in Intacct (Company > Setup > Multi-currency > "
        "Exchange rates) and refresh reference data, enter an exchange rate on the transaction, or choose another "
        "rate type."
    )
    assert emulator.records("GLBATCH") == []


def test_an_unknown_rate_type_is_blocked_before_sending(company, connected, master, emulator):
    assert set(IntacctExchangeRateType.objects.values_list("name", flat=True)) == {"Corporate Rate"}
    m = master
    txn = journal(
        company,
        [line(m.accounts["6200"], debit="10.00"), line(m.accounts["1000"], credit="10.00")],
        currency="EUR",
        exchange_rate_type="Budget Rate",
    )

    assert blocked_without_a_call(company, txn) == (
        "Rate type 'Budget Rate' does not exist in Intacct (rate types found: Corporate Rate). Correct the rate "
        "type on the transaction, or create it in Intacct (Company > Setup > Multi-currency > Exchange rate types) "
        "and refresh reference data in Settings > Sage Intacct."
    )


def test_a_foreign_amount_at_the_top_level_is_blocked_before_sending(company, connected, master, emulator):
    SyncSettings.objects.filter(company=company).update(default_entity_id="")
    m = master
    txn = journal(
        company,
        [
            line(m.accounts["6200"], debit="10.00", branch=m.branches["US-NY"]),
            line(m.accounts["1000"], credit="10.00", branch=m.branches["US-NY"]),
        ],
        currency="EUR",
    )

    assert blocked_without_a_call(company, txn).startswith(
        "This transaction is in EUR and posts to the top level of an Intacct company whose entities have different "
        "base currencies (CA: CAD, UK: GBP, US: USD); there Intacct books amounts only in the company's base "
        "currency, USD."
    )


def test_a_top_level_line_in_no_entity_is_blocked_before_sending(company, connected, master, emulator):
    SyncSettings.objects.filter(company=company).update(default_entity_id="")
    m = master

    txn = journal(
        company, [line(m.accounts["6200"], debit="10.00"), line(m.accounts["1000"], credit="10.00")]
    )

    assert (
        "and line 1 is in no entity, so Intacct cannot tell whose books it goes to"
        in blocked_without_a_call(company, txn)
    )


def test_a_currency_without_rates_in_intacct_is_blocked_before_sending(company, connected, master, emulator):
    assert IntacctExchangeRate.objects.filter(from_currency="EUR", to_currency="USD").exists()
    m = master
    txn = journal(
        company,
        [line(m.accounts["6200"], debit="10.00"), line(m.accounts["1000"], credit="10.00")],
        currency="CHF",
    )

    assert blocked_without_a_call(company, txn).startswith(
        "Currency CHF is not set up in Intacct: its exchange-rate table has no CHF rate at all."
    )


def test_a_payment_in_another_currency_than_its_invoice_is_blocked(company, connected, master, emulator):
    invoice = document(company, master, Transaction.Type.AR_INVOICE, amount="100.00", currency="USD")
    invoice.lines.filter(account__number="4000").update(account=master.accounts["4900"])
    run(company)
    receipt = document(
        company, master, Transaction.Type.AR_PAYMENT, amount="100.00", currency="EUR", applies_to=invoice
    )

    assert blocked_without_a_call(company, receipt) == (
        f"{receipt} is in EUR but pays {invoice}, which is in USD; Intacct applies a payment only in its "
        "document's currency. Enter the payment in USD."
    )
    assert emulator.records("ARPYMT") == []


def test_a_currency_intacct_has_disabled_fails_with_what_to_do(company, connected, master, emulator):
    """Which currencies are enabled is not readable through the API: Intacct's refusal is explained."""
    emulator.control(f"companies/{COMPANY}/settings", {"CURRENCIES": ["USD", "CAD", "GBP"]})
    m = master
    txn = journal(
        company,
        [line(m.accounts["6200"], debit="10.00"), line(m.accounts["1000"], credit="10.00")],
        currency="EUR",
    )

    run(company)

    job = job_of(txn)
    assert job.state == JobState.FAILED
    assert job.error is not None
    assert (job.error.title, job.error.fix) == (
        "Currency EUR is not enabled in Intacct",
        "Enable EUR in Intacct (Company > Setup > Configure multi-currency) or enter the transaction in an enabled "
        "currency in TRUE, then retry.",
    )
    assert emulator.records("GLBATCH") == []


def test_the_rate_table_is_cached_with_the_default_type(company, connected, emulator):
    set_rate(emulator, "EUR", "USD", "1.0842")
    refresh_reference_data(company)

    daily = IntacctExchangeRate.objects.get(
        rate_type="Intacct Daily Rate",
        from_currency="EUR",
        to_currency="USD",
        effective_date=dt.date(2026, 3, 1),
    )
    assert daily.rate == Decimal("1.0842")
    assert list(IntacctExchangeRateType.objects.values_list("name", "is_default")) == [
        ("Corporate Rate", False)
    ]
