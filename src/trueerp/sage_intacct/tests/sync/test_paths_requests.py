"""Issue 11, reproduced paths 1, 3, 5, 9, 10 and 14: what people ask for never posts twice, never
overwrites what a worker or an administrator established, and is refused with the reason when it
cannot succeed. Each test drives the real views and the engine against the emulator."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection as db_connection
from django.urls import reverse
from django.utils import timezone

from intacct.functions import Create
from trueerp.financial.models import Job, Transaction
from trueerp.financial.services.transactions import (
    TransactionInput,
    create_transaction,
    transaction_input_from,
    update_transaction,
    void_transaction,
)
from trueerp.sage_intacct.mapping.services import context as mapping
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.reference.models import IntacctDimensionValue
from trueerp.sage_intacct.sync.models import SyncAttempt, SyncJob, SyncStatus, TransactionSyncState
from trueerp.sage_intacct.sync.services import engine
from trueerp.sage_intacct.sync.services.run import default_client_factory
from trueerp.sage_intacct.tests.sync_support import (
    Background,
    CountingFactory,
    KilledWorker,
    connected,
    job_of,
    journal,
    killed_after_send,
    let_time_pass,
    line,
    master,
    run,
    simple_je,
)

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]
__all__ = ["connected", "master"]


def record(txn: Transaction) -> TransactionSyncState:
    return TransactionSyncState.objects.get(transaction=txn)


def references(emulator, obj: str = "GLBATCH", field: str = "REFERENCENO") -> Counter[str]:
    return Counter(r[field] for r in emulator.records(obj))


def settle(company, rounds: int = 4) -> None:
    for _ in range(rounds):
        run(company)
        let_time_pass()


def test_p1_failed_then_edited_then_retry_and_retry_all_posts_once(
    company, connected, master, emulator, admin_user, client_for
):
    # Intacct refuses the record (a project the cache believes in, deleted in Intacct since).
    IntacctDimensionValue.objects.create(company=company, kind="PROJECT", value_id="P-901", name="Ghost")
    ghost = Job.objects.create(
        company=company,
        number="P-901",
        name="Ghost",
        contract=master.jobs["P-100"].contract,
        customer=master.customers["C100"],
    )
    mapping.forget_contexts()
    txn = journal(
        company,
        [
            line(master.accounts["6200"], debit="80.00", job=ghost),
            line(master.accounts["1000"], credit="80.00"),
        ],
    )
    run(company)
    assert record(txn).status == SyncStatus.FAILED
    data = transaction_input_from(txn)
    data.lines = [line(master.accounts["6200"], debit="80.00"), line(master.accounts["1000"], credit="80.00")]
    txn = update_transaction(txn, actor=admin_user, data=data)
    client = client_for(admin_user)
    client.post(reverse("sage_intacct:action_sync", args=[txn.pk]))
    client.post(reverse("sage_intacct:retry_all"))
    settle(company)
    assert references(emulator) == Counter({txn.number: 1})
    state = record(txn)
    assert (state.status, state.synced_version) == (SyncStatus.SYNCED, 2)


def test_p3_mark_not_synced_then_sync_finds_the_record_instead_of_posting_it_again(
    company, connected, master, emulator, admin_user, client_for
):
    txn = simple_je(company, master)
    run(company)
    key = record(txn).intacct_key
    client = client_for(admin_user)
    client.post(reverse("sage_intacct:action_mark_not_synced", args=[txn.pk]))
    assert (record(txn).status, record(txn).intacct_key) == (SyncStatus.NOT_SYNCED, "")
    client.post(reverse("sage_intacct:action_sync", args=[txn.pk]))
    settle(company)
    assert references(emulator) == Counter({txn.number: 1})
    state = record(txn)
    assert (state.status, state.intacct_key, state.synced_version) == (SyncStatus.SYNCED, key, 1)
    assert SyncAttempt.objects.filter(transaction=txn, outcome=SyncAttempt.Outcome.RECONCILED).count() == 1


def test_p5_mark_synced_on_an_unconfirmed_job_keeps_the_typed_key_and_posts_nothing_more(
    company, connected, master, emulator, admin_user, client_for
):
    txn = simple_je(company, master)
    emulator.inject_fault("http_524_after_commit", count=1)
    engine.run_company(company.pk, max_seconds=0.0001)
    assert record(txn).status == SyncStatus.UNCONFIRMED
    client_for(admin_user).post(
        reverse("sage_intacct:action_mark_synced", args=[txn.pk]), {"intacct_key": "GL-BY-HAND-7"}
    )
    settle(company)
    assert references(emulator) == Counter({txn.number: 1})
    state = record(txn)
    assert (state.status, state.intacct_key) == (SyncStatus.SYNCED, "GL-BY-HAND-7")


def test_p5_mark_synced_after_a_worker_died_mid_request_sends_nothing_more(
    company, connected, master, emulator, admin_user, client_for
):
    txn = simple_je(company, master)
    emulator.set_latency(0)
    with pytest.raises(KilledWorker):
        run(company, killed_after_send)
    assert references(emulator) == Counter({txn.number: 1})  # Intacct has it; TRUE never heard back
    SyncJob.objects.update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    client_for(admin_user).post(
        reverse("sage_intacct:action_mark_synced", args=[txn.pk]), {"intacct_key": "GL-BY-HAND-8"}
    )
    counting = CountingFactory()
    run(company, counting)
    assert counting.calls == []
    assert references(emulator) == Counter({txn.number: 1})
    assert (record(txn).status, record(txn).intacct_key) == (SyncStatus.SYNCED, "GL-BY-HAND-8")


def _invoice(company, master, amount: str = "500.00", **header):
    data = TransactionInput(
        type=Transaction.Type.AR_INVOICE,
        date=dt.date(2026, 3, 12),
        due_date=dt.date(2026, 4, 11),
        customer=master.customers["C100"],
        lines=[line(master.accounts["1100"], debit=amount), line(master.accounts["4900"], credit=amount)],
        **header,
    )
    return create_transaction(company=company, actor=None, data=data, post=True)


def test_p9_bulk_sync_skips_records_synced_at_their_current_version_and_says_so(
    company, connected, master, emulator, admin_user, client_for
):
    invoices = [_invoice(company, master, f"{100 + i}.00") for i in range(3)]
    run(company)
    assert {record(i).status for i in invoices} == {SyncStatus.SYNCED}
    sync_settings = settings_for(company)
    sync_settings.auto_sync = False
    sync_settings.save()
    fresh = [simple_je(company, master, amount=f"{i + 1}.00") for i in range(2)]
    response = client_for(admin_user).post(
        reverse("sage_intacct:bulk_sync"), {"transaction_ids": [t.pk for t in invoices + fresh]}, follow=True
    )
    assert (
        "2 transaction(s) queued for Sage Intacct. Skipped: 3 already synced at their current version."
        in response.content.decode()
    )
    counting = CountingFactory()
    run(company, counting)
    assert counting.calls == [
        ("US", 2)
    ]  # sessions per entity: records post to entity US (tests/sync_support.py)
    assert {record(i).status for i in invoices} == {SyncStatus.SYNCED}
    assert not SyncJob.objects.filter(state="failed").exists()


def _payment(company, master, invoice, amount: str):
    data = TransactionInput(
        type=Transaction.Type.AR_PAYMENT,
        date=dt.date(2026, 3, 14),
        customer=master.customers["C100"],
        applies_to=invoice,
        lines=[line(master.accounts["1000"], debit=amount), line(master.accounts["1100"], credit=amount)],
    )
    return create_transaction(company=company, actor=None, data=data, post=True)


def test_p10_reverse_is_neither_offered_nor_accepted_on_an_invoice_with_a_payment(
    company, connected, master, emulator, admin_user, client_for
):
    from trueerp.financial.actions import gear_menu

    invoice = _invoice(company, master)
    payment = _payment(company, master, invoice, "500.00")
    settle(company)
    assert record(payment).status == SyncStatus.SYNCED
    labels = [i.label for g in gear_menu(invoice, admin_user) if g.key == "sage_intacct" for i in g.items]
    assert "Reverse in Sage Intacct" not in labels
    jobs = SyncJob.objects.count()
    response = client_for(admin_user).post(
        reverse("sage_intacct:action_reverse", args=[invoice.pk]),
        {"reversal_date": "2026-03-20"},
        follow=True,
    )
    assert f"payment {payment.number} is applied to it in Sage Intacct" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.state == Transaction.State.POSTED
    assert SyncJob.objects.count() == jobs


def _bill_paid_in_intacct_only(company, master, emulator):
    """A bill TRUE synced, then paid by someone directly in Intacct (TRUE knows nothing of it)."""
    data = TransactionInput(
        type=Transaction.Type.AP_BILL,
        date=dt.date(2026, 3, 12),
        due_date=dt.date(2026, 4, 11),
        vendor=master.vendors["V100"],
        lines=[line(master.accounts["6300"], debit="90.00"), line(master.accounts["2000"], credit="90.00")],
    )
    bill = create_transaction(company=company, actor=None, data=data, post=True)
    run(company)
    key = record(bill).intacct_key
    client = default_client_factory(company, "")
    paid = client.execute_batch(
        [
            Create(
                "APPYMT",
                {
                    "PAYMENTMETHOD": "EFT",
                    "FINANCIALENTITY": "BOA",
                    "VENDORID": "V100",
                    "DOCNUMBER": "PAID-IN-INTACCT",
                    "PAYMENTDATE": dt.date(2026, 3, 13),
                    "APPYMTDETAILS": {
                        "APPYMTDETAIL": [{"RECORDKEY": key, "TRX_PAYMENTAMOUNT": Decimal("90.00")}]
                    },
                },
                control_id="outside-trueerp-1",
            )
        ]
    )
    assert paid[0].ok, paid[0].errors
    return bill


def test_p10_reverse_waits_for_intacct_and_a_refusal_leaves_the_record_posted_with_the_reason(
    company, connected, master, emulator, admin_user, client_for
):
    bill = _bill_paid_in_intacct_only(company, master, emulator)
    client = client_for(admin_user)
    page = client.get(reverse("sage_intacct:action_reverse", args=[bill.pk])).content.decode()
    assert 'name="reversal_date"' in page
    client.post(reverse("sage_intacct:action_reverse", args=[bill.pk]), {"reversal_date": "2026-03-20"})
    bill.refresh_from_db()
    assert bill.state == Transaction.State.POSTED  # not voided before Intacct answers
    settle(company)
    bill.refresh_from_db()
    assert bill.state == Transaction.State.POSTED
    state = record(bill)
    assert state.status == SyncStatus.SYNCED
    assert state.last_error.startswith("Sage Intacct refused the reversal:")
    assert emulator.records("APBILL")[0]["STATE"] != "Reversed"


def test_p10_a_void_intacct_cannot_reverse_shows_void_reversal_refused_until_it_can(
    company, connected, master, emulator, admin_user, client_for
):
    bill = _bill_paid_in_intacct_only(company, master, emulator)
    void_transaction(bill, actor=admin_user)
    settle(company)
    state = record(bill)
    assert (state.status, state.get_status_display()) == ("reversal_refused", "Void, reversal refused")
    assert "payments applied" in state.last_error
    history = client_for(admin_user).get(reverse("sage_intacct:transaction_history", args=[bill.pk]))
    body = history.content.decode()
    assert "Void, reversal refused" in body
    assert "How to fix:" in body
    # Someone reverses the outside payment in Intacct; the reversal is retried and lands.
    client = default_client_factory(company, "")
    (payment,) = [p for p in emulator.records("APPYMT") if p["DOCNUMBER"] == "PAID-IN-INTACCT"]
    from intacct.functions import ReverseApPayment

    undone = client.execute_batch(
        [ReverseApPayment(str(payment["RECORDNO"]), dt.date(2026, 3, 15), control_id="outside-trueerp-2")]
    )
    assert undone[0].ok, undone[0].errors
    client_for(admin_user).post(reverse("sage_intacct:action_sync", args=[bill.pk]))
    settle(company)
    assert record(bill).status == SyncStatus.REVERSED
    assert emulator.records("APBILL")[0]["STATE"] == "Reversed"


@pytest.mark.django_db(transaction=True)
def test_p14_a_request_never_undoes_a_claim_a_worker_commits_while_it_is_deciding(
    company, connected, master, emulator, admin_user, client_for
):
    """PostgreSQL runs the request and the worker's claim side by side; SQLite serializes writers, so
    there the race cannot happen and the test has nothing to show."""
    if db_connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers (immediate transactions): a claim cannot interleave")
    txn = simple_je(company, master)
    data = transaction_input_from(txn)
    data.description = "Edited while queued"
    txn = update_transaction(txn, actor=admin_user, data=data)
    job = job_of(txn)
    claimed_until = timezone.now() + dt.timedelta(seconds=60)
    raced: list[str] = []

    def claim_in_another_transaction() -> None:
        SyncJob.objects.filter(pk=job.pk, state="queued").update(
            state="in_progress", claimed_by="worker-x:1", claimed_until=claimed_until
        )

    def worker_claims_first(execute, sql, params, many, context):
        if not raced and sql.lstrip().upper().startswith("UPDATE") and "syncjob" in sql.lower():
            raced.append(sql)
            Background(claim_in_another_transaction).join()  # commits before this UPDATE runs
        return execute(sql, params, many, context)

    with db_connection.execute_wrapper(worker_claims_first):
        response = client_for(admin_user).post(
            reverse("sage_intacct:action_sync", args=[txn.pk]), follow=True
        )
    assert raced
    job.refresh_from_db()
    assert (job.state, job.claimed_by) == ("in_progress", "worker-x:1")
    assert "being sent to Sage Intacct right now" in response.content.decode()
