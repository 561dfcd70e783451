"""The outbox and the engine against the emulator: create, update, reverse, documents, periods."""

from __future__ import annotations

import datetime as dt

import pytest

from trueerp.financial.models import Transaction
from trueerp.financial.services.transactions import (
    PostingError,
    TransactionInput,
    create_transaction,
    transaction_input_from,
    update_transaction,
    void_transaction,
)
from trueerp.sage_intacct.mapping.models import ClosedPeriodPolicy
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.sync.models import (
    JobState,
    SyncAction,
    SyncAttempt,
    SyncJob,
    SyncStatus,
    TransactionSyncState,
)
from trueerp.sage_intacct.sync.services import engine
from trueerp.sage_intacct.sync.services.state import bulk, machine, requests
from trueerp.sage_intacct.tests.sync_support import (
    CountingFactory,
    connected,
    glbatches,
    job_of,
    journal,
    line,
    master,
    run,
    simple_je,
)

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]
__all__ = ["connected", "master"]


def status_of(txn: Transaction) -> TransactionSyncState:
    return TransactionSyncState.objects.get(transaction=txn)


def test_posting_writes_the_job_in_the_same_transaction_and_sends_nothing(
    company, connected, master, emulator
):
    txn = simple_je(company, master)
    job = job_of(txn)
    assert (job.state, job.action, job.version) == (JobState.QUEUED, SyncAction.CREATE, 1)
    assert job.control_id == f"trueerp-{company.pk}-{txn.pk}-v1-create"
    assert status_of(txn).status == SyncStatus.QUEUED
    assert glbatches(emulator) == []


def test_a_refused_posting_leaves_no_job(company, connected, master):
    data = TransactionInput(
        type=Transaction.Type.JOURNAL_ENTRY,
        date=dt.date(2026, 3, 10),
        lines=[line(master.accounts["6200"], debit="10.00"), line(master.accounts["1000"], credit="9.00")],
    )
    with pytest.raises(PostingError):
        create_transaction(company=company, actor=None, data=data, post=True)
    assert not SyncJob.objects.exists()
    assert not TransactionSyncState.objects.exists()


def test_draft_is_not_synced(company, connected, master):
    simple_je(company, master, post=False)
    assert not SyncJob.objects.exists()


def test_journal_entry_syncs_once_with_key_url_and_log(company, connected, master, emulator):
    txn = simple_je(company, master, amount="250.00")
    report = run(company)
    assert (report.synced, report.requests) == (1, 1)
    batches = glbatches(emulator)
    assert [b["REFERENCENO"] for b in batches] == [txn.number]
    key = str(batches[0]["RECORDNO"])
    state = status_of(txn)
    assert (state.status, state.intacct_key, state.synced_version, state.intacct_object) == (
        SyncStatus.SYNCED,
        key,
        1,
        "GLBATCH",
    )
    assert state.record_url == f"{emulator.base_url}/__emulator__/companies/TRUE-DEMO/GLBATCH/{key}"
    attempt = SyncAttempt.objects.get()
    assert (attempt.outcome, attempt.function_control_id) == (
        SyncAttempt.Outcome.SYNCED,
        job_of(txn).control_id,
    )
    assert "GLBATCH" in attempt.request_summary
    assert "password" not in attempt.request_summary.lower()
    entries = sorted(
        (e["ACCOUNTNO"], e["TR_TYPE"], e["TRX_AMOUNT"])
        for e in emulator.records("GLENTRY")
        if str(e["BATCHNO"]) == key
    )
    assert entries == [("1000", "-1", "250.00"), ("6200", "1", "250.00")]


def test_running_again_sends_nothing(company, connected, master, emulator):
    simple_je(company, master)
    run(company)
    counting = CountingFactory()
    report = run(company, counting)
    assert counting.calls == []
    assert report.requests == 0
    assert len(glbatches(emulator)) == 1


def test_edit_after_sync_desynchronizes_and_update_resyncs(company, connected, master, emulator):
    txn = simple_je(company, master, amount="100.00")
    run(company)
    data = transaction_input_from(txn)
    data.lines = [
        line(master.accounts["6200"], debit="120.00"),
        line(master.accounts["1000"], credit="120.00"),
    ]
    txn = update_transaction(txn, actor=None, data=data)
    assert status_of(txn).status == SyncStatus.DESYNCHRONIZED
    job = requests.request(txn, machine.UPDATE_REQUEST).job
    assert job is not None
    assert (job.action, job.control_id) == (SyncAction.UPDATE, f"trueerp-{company.pk}-{txn.pk}-v2-update")
    run(company)
    state = status_of(txn)
    assert (state.status, state.synced_version) == (SyncStatus.SYNCED, 2)
    batches = glbatches(emulator)
    assert len(batches) == 1
    amounts = sorted(
        e["TRX_AMOUNT"] for e in emulator.records("GLENTRY") if str(e["BATCHNO"]) == state.intacct_key
    )
    assert amounts == ["120.00", "120.00"]


def test_void_after_sync_posts_a_reversing_entry(company, connected, master, emulator):
    txn = simple_je(company, master, amount="75.00")
    run(company)
    txn = void_transaction(txn, actor=None)
    job = job_of(txn)
    assert job.action == SyncAction.REVERSE
    run(company)
    assert status_of(txn).status == SyncStatus.REVERSED
    references = sorted(b["REFERENCENO"] for b in glbatches(emulator))
    assert references == sorted([txn.number, f"REV {txn.number}"])


def test_void_before_sync_cancels_the_job_and_sends_nothing(company, connected, master, emulator):
    txn = simple_je(company, master)
    void_transaction(txn, actor=None)
    assert job_of(txn).state == JobState.CANCELLED
    run(company)
    assert glbatches(emulator) == []


def _document(company, master, kind, lines, **header):
    data = TransactionInput(
        type=kind, date=dt.date(2026, 3, 12), due_date=dt.date(2026, 4, 11), lines=lines, **header
    )
    return create_transaction(company=company, actor=None, data=data, post=True)


def test_invoice_and_payment_sync_in_order_and_payment_applies_to_invoice(
    company, connected, master, emulator
):
    m = master
    invoice = _document(
        company,
        m,
        Transaction.Type.AR_INVOICE,
        [line(m.accounts["1100"], debit="500.00"), line(m.accounts["4900"], credit="500.00")],
        customer=m.customers["C100"],
    )
    payment = _document(
        company,
        m,
        Transaction.Type.AR_PAYMENT,
        [line(m.accounts["1000"], debit="500.00"), line(m.accounts["1100"], credit="500.00")],
        customer=m.customers["C100"],
        applies_to=invoice,
    )
    run(company)
    assert status_of(invoice).status == SyncStatus.SYNCED
    invoices = emulator.records("ARINVOICE")
    assert [(i["RECORDID"], i["CUSTOMERID"], i["TOTALENTERED"]) for i in invoices] == [
        (invoice.number, "C100", "500.00")
    ]
    # The payment waited for its invoice (same batch) and was released when the invoice synced: one
    # run posts both, in order, with nobody pressing retry.
    assert status_of(payment).status == SyncStatus.SYNCED, status_of(payment).last_error
    payments = emulator.records("ARPYMT")
    assert [(p["DOCNUMBER"], p["TOTALENTERED"]) for p in payments] == [(payment.number, "500.00")]
    assert emulator.records("ARINVOICE")[0]["STATE"] == "Paid"


def test_bill_syncs_and_void_reverses_it(company, connected, master, emulator):
    m = master
    bill = _document(
        company,
        m,
        Transaction.Type.AP_BILL,
        [line(m.accounts["6300"], debit="90.00"), line(m.accounts["2000"], credit="90.00")],
        vendor=m.vendors["V100"],
    )
    run(company)
    bills = emulator.records("APBILL")
    assert [(b["RECORDID"], b["VENDORID"], b["TOTALENTERED"]) for b in bills] == [
        (bill.number, "V100", "90.00")
    ]
    void_transaction(bill, actor=None)
    run(company)
    assert status_of(bill).status == SyncStatus.REVERSED
    assert emulator.records("APBILL")[0]["STATE"] == "Reversed"


def test_closed_period_fails_policy_blocks_without_a_call(company, connected, master, emulator):
    txn = simple_je(company, master, on=dt.date(2025, 12, 15))
    counting = CountingFactory()
    run(company, counting)
    job = job_of(txn)
    assert job.state == JobState.BLOCKED
    assert counting.calls == []
    assert job.last_error == (
        "The date 12/15/2025 falls in Month Ended December 2025, which is closed in Intacct. Reopen the period "
        "in Intacct, change the date, or set the closed-period policy to 'Post to the first open period' in "
        "Settings > Sage Intacct."
    )


def test_closed_period_next_open_policy_posts_to_first_open_period_with_a_note(
    company, connected, master, emulator
):
    sync_settings = settings_for(company)
    sync_settings.closed_period_policy = ClosedPeriodPolicy.NEXT_OPEN
    sync_settings.save()
    txn = simple_je(company, master, on=dt.date(2025, 12, 15))
    run(company)
    job = job_of(txn)
    assert job.state == JobState.SYNCED, job.last_error
    assert job.note.startswith("Period Month Ended December 2025 is closed in Intacct; posted on 01/01/2026")
    assert [b["BATCH_DATE"] for b in glbatches(emulator)] == ["01/01/2026"]


def test_required_dimension_missing_blocks_with_a_message_naming_things(company, connected, master, emulator):
    m = master
    txn = journal(
        company, [line(m.accounts["6100"], debit="40.00"), line(m.accounts["1000"], credit="40.00")]
    )
    counting = CountingFactory()
    run(company, counting)
    job = job_of(txn)
    assert counting.calls == []
    assert job.state == JobState.BLOCKED
    assert job.last_error == (
        "Account 6100 Salaries - Administrative requires a Department in Intacct; line 1 has none. Set a "
        "department on the line, or map the TRUE attribute that should supply it to the Intacct Department "
        "dimension in Settings > Sage Intacct > Dimension mapping."
    )
    assert status_of(txn).status == SyncStatus.BLOCKED
    assert glbatches(emulator) == []


def test_edit_before_the_first_send_syncs_the_new_version(company, connected, master, emulator):
    txn = simple_je(company, master, amount="10.00")
    data = transaction_input_from(txn)
    data.lines = [line(master.accounts["6200"], debit="11.00"), line(master.accounts["1000"], credit="11.00")]
    txn = update_transaction(txn, actor=None, data=data)
    assert requests.request(txn, machine.SYNC).accepted
    assert job_of(txn).control_id == f"trueerp-{company.pk}-{txn.pk}-v2-create"
    run(company)
    state = status_of(txn)
    assert (state.status, state.synced_version) == (SyncStatus.SYNCED, 2)
    assert len(glbatches(emulator)) == 1


def test_a_job_that_was_attempted_keeps_its_control_id(company, connected, master, emulator):
    txn = simple_je(company, master)
    emulator.inject_fault("http_524_after_commit", count=1)
    engine.run_company(company.pk, max_seconds=0.0001)  # one send, no reconciliation yet
    assert job_of(txn).state == JobState.UNCONFIRMED
    data = transaction_input_from(txn)
    data.description = "Edited while the outcome was unknown"
    txn = update_transaction(txn, actor=None, data=data)
    answer = requests.request(txn, machine.SYNC)
    assert answer.accepted
    assert job_of(txn).control_id == f"trueerp-{company.pk}-{txn.pk}-v1-create"
    run(company)
    assert [b["REFERENCENO"] for b in glbatches(emulator)] == [txn.number]
    state = status_of(txn)
    assert (state.status, state.synced_version) == (SyncStatus.DESYNCHRONIZED, 1)  # Intacct holds v1


def test_missing_customer_blocks_by_default_and_is_created_first_when_switched_on(
    company, connected, master, emulator
):
    from trueerp.financial.models import Customer

    m = master
    newcomer = Customer.objects.create(company=company, code="C900", name="Riverside Water Board")
    invoice = _document(
        company,
        m,
        Transaction.Type.AR_INVOICE,
        [line(m.accounts["1100"], debit="70.00"), line(m.accounts["4900"], credit="70.00")],
        customer=newcomer,
    )
    counting = CountingFactory()
    run(company, counting)
    assert counting.calls == []
    assert job_of(invoice).last_error.startswith(
        "Customer C900 Riverside Water Board does not exist in Intacct"
    )
    sync_settings = settings_for(company)
    sync_settings.auto_create_customers = True
    sync_settings.save()
    bulk.mapping_changed(company.pk)
    run(company, counting)
    assert counting.calls == [("US", 2)]  # the customer, then the invoice, in one request
    assert job_of(invoice).state == JobState.SYNCED, job_of(invoice).last_error
    customers = [c for c in emulator.records("CUSTOMER") if c["CUSTOMERID"] == "C900"]
    assert [c["NAME"] for c in customers] == ["Riverside Water Board"]
    assert [i["CUSTOMERID"] for i in emulator.records("ARINVOICE")] == ["C900"]


def test_sync_now_on_a_record_already_in_intacct_updates_it_instead_of_posting_again(
    company, connected, master, emulator
):
    txn = simple_je(company, master, amount="10.00")
    run(company)
    data = transaction_input_from(txn)
    data.description = "Corrected description"
    txn = update_transaction(txn, actor=None, data=data)
    job = requests.request(txn, machine.SYNC, priority=requests.MANUAL_PRIORITY).job
    assert job is not None
    assert job.action == SyncAction.UPDATE
    run(company)
    batches = glbatches(emulator)
    assert [(b["REFERENCENO"], b["BATCH_TITLE"]) for b in batches] == [(txn.number, "Corrected description")]
    assert status_of(txn).status == SyncStatus.SYNCED


def test_bill_payment_applies_to_the_bill_and_void_reverses_the_payment(company, connected, master, emulator):
    m = master
    bill = _document(
        company,
        m,
        Transaction.Type.AP_BILL,
        [line(m.accounts["6300"], debit="45.00"), line(m.accounts["2000"], credit="45.00")],
        vendor=m.vendors["V100"],
    )
    run(company)
    payment = _document(
        company,
        m,
        Transaction.Type.AP_PAYMENT,
        [line(m.accounts["2000"], debit="45.00"), line(m.accounts["1000"], credit="45.00")],
        vendor=m.vendors["V100"],
        applies_to=bill,
    )
    run(company)
    assert status_of(payment).status == SyncStatus.SYNCED, status_of(payment).last_error
    payments = emulator.records("APPYMT")
    assert [(p["DOCNUMBER"], p["VENDORID"], p["AMOUNTTOPAY"]) for p in payments] == [
        (payment.number, "V100", "45.00")
    ]
    assert emulator.records("APBILL")[0]["STATE"] == "Paid"
    void_transaction(payment, actor=None)
    run(company)
    assert status_of(payment).status == SyncStatus.REVERSED, job_of(payment).last_error
    assert emulator.records("APPYMT")[0]["STATE"] == "Reversed"
