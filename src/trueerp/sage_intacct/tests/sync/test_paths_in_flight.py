"""Issue 11, reproduced paths 2, 4, 13 and 15 while a request is really out: a worker sends in a
thread (its own database connection) and the test acts meanwhile, as a person or a second worker."""

from __future__ import annotations

import time
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from trueerp.financial.services.transactions import (
    transaction_input_from,
    update_transaction,
    void_transaction,
)
from trueerp.sage_intacct.sync.models import InflightLease, SyncJob, SyncStatus, TransactionSyncState
from trueerp.sage_intacct.sync.services import engine
from trueerp.sage_intacct.tests.sync_support import (
    Background,
    CountingFactory,
    HeldRequest,
    connected,
    glbatches,
    job_of,
    let_time_pass,
    line,
    master,
    net_by_account,
    run,
    simple_je,
)

pytestmark = [pytest.mark.emulator, pytest.mark.django_db(transaction=True)]
__all__ = ["connected", "master"]


def status_of(txn) -> str:
    return TransactionSyncState.objects.get(transaction=txn).status


def settle(company, rounds: int = 4) -> None:
    for _ in range(rounds):
        run(company)
        let_time_pass()


def test_p2_sync_now_and_sync_selected_while_the_first_send_is_out_post_once(
    company, connected, master, emulator, admin_user, client_for
):
    txn = simple_je(company, master, amount="100.00")
    held = HeldRequest()
    worker = Background(lambda: run(company, held))
    assert held.out.wait(30)
    data = transaction_input_from(txn)
    data.lines = [
        line(master.accounts["6200"], debit="150.00"),
        line(master.accounts["1000"], credit="150.00"),
    ]
    txn = update_transaction(txn, actor=admin_user, data=data)
    client = client_for(admin_user)
    now = client.post(reverse("sage_intacct:action_sync", args=[txn.pk]), follow=True).content.decode()
    bulk = client.post(reverse("sage_intacct:bulk_sync"), {"transaction_ids": [txn.pk]}, follow=True)
    held.go.set()
    worker.join()
    settle(company)
    assert Counter(b["REFERENCENO"] for b in glbatches(emulator)) == Counter({txn.number: 1})
    assert "being sent to Sage Intacct right now" in now
    assert (
        "0 transaction(s) queued for Sage Intacct. Skipped: 1 because it is being sent to Sage Intacct right now."
        in bulk.content.decode()
    )
    state = TransactionSyncState.objects.get(transaction=txn)
    assert (state.status, state.synced_version) == (SyncStatus.DESYNCHRONIZED, 1)  # Intacct holds v1
    client.post(reverse("sage_intacct:action_update", args=[txn.pk]))
    settle(company)
    state = TransactionSyncState.objects.get(transaction=txn)
    assert (state.status, state.synced_version) == (SyncStatus.SYNCED, 2)
    assert Counter(b["REFERENCENO"] for b in glbatches(emulator)) == Counter({txn.number: 1})
    entries = [e for e in emulator.records("GLENTRY") if str(e["BATCHNO"]) == state.intacct_key]
    assert sorted(e["TRX_AMOUNT"] for e in entries) == ["150.00", "150.00"]


def test_p4_void_while_the_create_is_out_reverses_it_as_soon_as_intacct_confirms(
    company, connected, master, emulator, admin_user
):
    txn = simple_je(company, master, amount="75.00")
    held = HeldRequest(after_commit=True)  # Intacct has posted it; the answer is not recorded yet
    worker = Background(lambda: run(company, held))
    assert held.out.wait(30)
    void_transaction(txn, actor=admin_user)
    held.go.set()
    worker.join()
    settle(company)
    assert status_of(txn) == SyncStatus.REVERSED
    assert sorted(b["REFERENCENO"] for b in glbatches(emulator)) == sorted([txn.number, f"REV {txn.number}"])
    assert net_by_account(emulator, [txn.number, f"REV {txn.number}"]) == {
        "6200": Decimal("0.00"),
        "1000": Decimal("0.00"),
    }


def test_p13_a_request_that_outlasts_the_lease_keeps_its_claim_and_its_request_slot(
    company, connected, master, emulator, settings
):
    settings.INTACCT_SYNC_LEASE_S = 1.0  # far shorter than the request (the heartbeat renews both)
    txn = simple_je(company, master)
    emulator.set_latency(3000)
    first = Background(lambda: engine.run_company(company.pk, worker="first"))
    deadline = time.monotonic() + 10
    while job_of(txn).state not in ("in_progress", "sent") and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(2.0)  # two leases later, the request is still out
    counting = CountingFactory()
    second = engine.run_company(company.pk, worker="second", client_factory=counting)
    assert (second.requests, counting.calls) == (0, [])  # nothing to take over: the claim is alive
    job = job_of(txn)
    assert (job.state, job.claimed_by.split(":")[0]) == ("sent", "first")
    assert job.claimed_until is not None
    assert job.claimed_until > timezone.now()
    held = InflightLease.objects.exclude(holder="").get()
    assert held.holder.startswith("first:")
    assert held.expires_at is not None
    assert held.expires_at > timezone.now()
    first.join()
    emulator.set_latency(0)
    assert status_of(txn) == SyncStatus.SYNCED
    assert [b["REFERENCENO"] for b in glbatches(emulator)] == [txn.number]
    assert SyncJob.objects.filter(transaction=txn).count() == 1


def test_p15_records_show_in_progress_while_their_request_is_out(company, connected, master, emulator):
    txns = [simple_je(company, master, amount=f"{i + 1}.00") for i in range(3)]
    held = HeldRequest()
    worker = Background(lambda: run(company, held))
    assert held.out.wait(30)
    assert [status_of(t) for t in txns] == [SyncStatus.IN_PROGRESS] * 3
    held.go.set()
    worker.join()
    assert [status_of(t) for t in txns] == [SyncStatus.SYNCED] * 3
