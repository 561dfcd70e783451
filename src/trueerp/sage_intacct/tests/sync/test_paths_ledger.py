"""Issue 11, reproduced paths 6, 7 and 16: updates, reversals and reconciliation start from what
Intacct holds (the posting ledger's confirmed row), never from TRUE's current lines or today's rules;
documents send every line but their control account's; dates and notes are the company's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from trueerp.core.models import AuditEntry
from trueerp.financial.models import Transaction
from trueerp.financial.services.transactions import (
    TransactionInput,
    create_transaction,
    transaction_input_from,
    update_transaction,
    void_transaction,
)
from trueerp.sage_intacct.mapping.models import ClosedPeriodPolicy, EntityRule
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.sync.models import Posting, SyncStatus, TransactionSyncState
from trueerp.sage_intacct.sync.services import engine
from trueerp.sage_intacct.tests.sync_support import (
    connected,
    glbatches,
    journal,
    let_time_pass,
    line,
    master,
    net_by_account,
    run,
    simple_je,
)

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]
__all__ = ["connected", "master"]


def record(txn: Transaction) -> TransactionSyncState:
    return TransactionSyncState.objects.get(transaction=txn)


def settle(company, rounds: int = 4) -> None:
    for _ in range(rounds):
        run(company)
        let_time_pass()


def edit_amount(txn: Transaction, master, amount: str) -> Transaction:
    data = transaction_input_from(txn)
    data.lines = [line(master.accounts["6200"], debit=amount), line(master.accounts["1000"], credit=amount)]
    return update_transaction(txn, actor=None, data=data)


def amounts_in_intacct(emulator, key: str) -> list[str]:
    return sorted(e["TRX_AMOUNT"] for e in emulator.records("GLENTRY") if str(e["BATCHNO"]) == key)


def test_p6_an_update_refused_as_already_executed_is_synced_at_the_version_intacct_holds(
    company, connected, master, emulator, admin_user, client_for
):
    txn = simple_je(company, master, amount="100.00")
    run(company)
    txn = edit_amount(txn, master, "120.00")
    client_for(admin_user).post(reverse("sage_intacct:action_update", args=[txn.pk]))
    emulator.inject_fault("http_524_after_commit", count=1)  # Intacct applies version 2, no answer
    engine.run_company(company.pk, max_seconds=0.0001)
    assert record(txn).status == SyncStatus.UNCONFIRMED
    txn = edit_amount(txn, master, "150.00")  # version 3, while the outcome of version 2 is unknown
    settle(company)
    state = record(txn)
    assert amounts_in_intacct(emulator, state.intacct_key) == ["120.00", "120.00"]
    assert (state.status, state.synced_version) == (SyncStatus.DESYNCHRONIZED, 2)
    assert len(glbatches(emulator)) == 1


def test_p7_voiding_a_desynchronized_entry_reverses_what_intacct_holds(company, connected, master, emulator):
    txn = simple_je(company, master, amount="100.00")
    run(company)
    txn = edit_amount(txn, master, "150.00")
    assert record(txn).status == SyncStatus.DESYNCHRONIZED
    void_transaction(txn, actor=None)
    settle(company)
    assert record(txn).status == SyncStatus.REVERSED
    assert net_by_account(emulator, [txn.number, f"REV {txn.number}"]) == {
        "6200": Decimal("0.00"),
        "1000": Decimal("0.00"),
    }
    reversal = Posting.objects.get(transaction=txn, action="reverse", state=Posting.State.CONFIRMED)
    assert [(row["account"], row["side"], row["amount"]) for row in reversal.lines] == [
        ("6200", "credit", "100.00"),
        ("1000", "debit", "100.00"),
    ]


def test_p16_an_invoice_sends_every_line_but_its_receivables_line_including_a_discount(
    company, connected, master, emulator
):
    m = master
    data = TransactionInput(
        type=Transaction.Type.AR_INVOICE,
        date=dt.date(2026, 3, 12),
        due_date=dt.date(2026, 4, 11),
        customer=m.customers["C100"],
        lines=[
            line(m.accounts["1100"], debit="450.00"),
            line(m.accounts["4900"], debit="50.00", description="Early payment discount"),
            line(m.accounts["4900"], credit="500.00", description="Design services"),
        ],
    )
    invoice = create_transaction(company=company, actor=None, data=data, post=True)
    run(company)
    assert record(invoice).status == SyncStatus.SYNCED, record(invoice).last_error
    (sent,) = emulator.records("ARINVOICE")
    assert Decimal(str(sent["TOTALENTERED"])) == Decimal("450.00")
    lines = sorted(Decimal(str(item["TRX_AMOUNT"])) for item in sent["ARINVOICEITEMS"]["ARINVOICEITEM"])
    assert lines == [Decimal("-50.00"), Decimal("500.00")]
    receivable = net_by_account(emulator, [invoice.number])["1100"]
    assert receivable == Decimal("450.00")


def test_p16_updates_and_reversals_go_to_the_entity_intacct_holds_the_record_in(
    company, connected, master, emulator, admin_user, client_for
):
    EntityRule.objects.create(company=company, position=1, name="Canada", branch_country="CA", entity_id="CA")
    txn = journal(
        company,
        [line(master.accounts["6200"], debit="80.00"), line(master.accounts["1000"], credit="80.00")],
        branch=master.branches["CA-ON"],
    )
    run(company)
    assert record(txn).entity_id == "CA"
    EntityRule.objects.all().delete()  # today's rules would post it to the top level
    data = transaction_input_from(txn)
    data.description = "Renamed after the rules changed"
    txn = update_transaction(txn, actor=None, data=data)
    client_for(admin_user).post(reverse("sage_intacct:action_update", args=[txn.pk]))
    settle(company)
    assert (record(txn).status, record(txn).entity_id) == (SyncStatus.SYNCED, "CA")
    void_transaction(txn, actor=None)
    settle(company)
    batches = {b["REFERENCENO"]: b for b in glbatches(emulator)}
    assert batches[txn.number]["BATCH_TITLE"] == "Renamed after the rules changed"
    assert (batches[txn.number]["MEGAENTITYID"], batches[f"REV {txn.number}"]["MEGAENTITYID"]) == ("CA", "CA")
    assert record(txn).status == SyncStatus.REVERSED


def test_p16_the_reversal_date_is_the_companys_today_in_its_time_zone_or_the_date_chosen(
    company, connected, master, emulator, admin_user, client_for, monkeypatch
):
    client = client_for(admin_user)
    client.post(
        reverse("preferences_section", args=["general"]),
        {
            "name": company.name,
            "base_currency": "USD",
            "fiscal_year_start_month": 1,
            "time_zone": "Pacific/Auckland",
        },
    )
    evening_in_utc = dt.datetime(2026, 3, 10, 20, 0, tzinfo=dt.UTC)  # already 11 March in Auckland
    monkeypatch.setattr(timezone, "now", lambda: evening_in_utc)
    voided = simple_je(company, master, amount="10.00")
    chosen = simple_je(company, master, amount="20.00")
    run(company)
    void_transaction(voided, actor=admin_user)
    page = client.get(reverse("sage_intacct:action_reverse", args=[chosen.pk])).content.decode()
    assert 'value="2026-03-11"' in page
    client.post(reverse("sage_intacct:action_reverse", args=[chosen.pk]), {"reversal_date": "2026-03-20"})
    settle(company)
    dates = {b["REFERENCENO"]: b["BATCH_DATE"] for b in glbatches(emulator)}
    assert (dates[f"REV {voided.number}"], dates[f"REV {chosen.number}"]) == ("03/11/2026", "03/20/2026")
    chosen.refresh_from_db()
    assert chosen.state == Transaction.State.VOID  # voided in TRUE once Intacct confirmed the reversal
    assert record(chosen).status == SyncStatus.REVERSED


def test_p16_a_closed_period_note_is_written_on_the_records_history(
    company, connected, master, emulator, admin_user, client_for
):
    sync_settings = settings_for(company)
    sync_settings.closed_period_policy = ClosedPeriodPolicy.NEXT_OPEN
    sync_settings.save()
    txn = simple_je(company, master, on=dt.date(2025, 12, 15))
    run(company)
    assert record(txn).status == SyncStatus.SYNCED
    note = AuditEntry.objects.get(
        object_type="financial.transaction", object_id=str(txn.pk), action="sage_intacct.sync.note"
    )
    assert note.summary.startswith(
        "Sage Intacct: Period Month Ended December 2025 is closed in Intacct; posted on 01/01/2026"
    )
    detail = (
        client_for(admin_user).get(reverse("financial:transaction_detail", args=[txn.pk])).content.decode()
    )
    assert "Period Month Ended December 2025 is closed in Intacct" in detail
