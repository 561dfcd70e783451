"""Issue 11, reproduced paths 11, 12, 13 and 15: rejected credentials pause instead of looping,
failing look-ups back off without starving the queue, nothing is re-sent before Intacct could have
finished, and what the pages say is true (entity held, connection status, open problems)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from intacct import TransportError, UncertainOutcomeError
from trueerp.sage_intacct.connection.clients import forget_clients
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.connection.services import save_credentials
from trueerp.sage_intacct.mapping.models import EntityRule
from trueerp.sage_intacct.sync.models import SyncAttempt, SyncError, SyncJob, SyncStatus, TransactionSyncState
from trueerp.sage_intacct.sync.services import engine
from trueerp.sage_intacct.tests.sync_support import (
    CountingFactory,
    KilledWorker,
    connected,
    glbatches,
    job_of,
    journal,
    killed_after_send,
    let_time_pass,
    line,
    master,
    run,
    simple_je,
    wrapped,
)

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]
__all__ = ["connected", "master"]


def statuses(txns) -> list[str]:
    by_txn = dict(TransactionSyncState.objects.values_list("transaction_id", "status"))
    return [by_txn[t.pk] for t in txns]


def test_p11_rejected_credentials_pause_the_queue_with_one_problem_and_resume_when_fixed(
    company, connected, master, emulator, admin_user, client_for
):
    connection = IntacctConnection.objects.get(pk=connected.pk)
    connection.set_password("not-the-password")  # changed in Intacct since the keys were saved
    connection.save()
    forget_clients()
    txns = [simple_je(company, master, amount=f"{i + 1}.00") for i in range(3)]
    counting = CountingFactory()
    report = run(company, counting)
    assert statuses(txns) == ["paused"] * 3
    assert len(counting.calls) == 1  # one request met the rejection; nothing was retried
    assert report.paused
    status = client_for(admin_user).get(reverse("sage_intacct:status_json")).json()
    assert (status["status"], status["last_sync"]["open_errors"]) == ("rejected", 1)
    problem = SyncError.objects.get(resolved=False)
    assert problem.title == "Sage Intacct rejected the credentials: syncing is paused"
    page = client_for(admin_user).get(reverse("sage_intacct:settings")).content.decode()
    assert 'data-testid="sync-paused"' in page
    assert "Credentials rejected" in page
    assert run(company, counting).requests == 0  # paused: no retries at all
    assert len(counting.calls) == 1
    outcome = save_credentials(
        company=company,
        actor=admin_user,
        intacct_company_id=connection.intacct_company_id,
        user_id=connection.user_id,
        user_password=emulator.credentials["user_password"],
        entity_id="",
        endpoint_url=connection.endpoint_url,
        save_anyway=False,
    )
    assert outcome.saved
    assert statuses(txns) == [SyncStatus.QUEUED] * 3
    run(company)
    assert statuses(txns) == [SyncStatus.SYNCED] * 3
    assert not SyncError.objects.filter(resolved=False).exists()


def test_p12_a_look_up_that_keeps_failing_backs_off_and_the_rest_of_the_queue_syncs(
    company, connected, master, emulator
):
    stuck = simple_je(company, master, amount="1.00")
    emulator.inject_fault("http_524_after_commit", count=1)
    engine.run_company(company.pk, max_seconds=0.0001)
    assert job_of(stuck).state == "unconfirmed"
    others = [simple_je(company, master, amount=f"{i + 2}.00") for i in range(4)]
    lookups: list[str] = []

    def failing_lookups(original, query, *args, **kwargs):
        lookups.append(query.object_name)
        raise TransportError("connection reset while reading", request_sent=False)

    def factory(company, entity_id):
        return wrapped(company, entity_id, iter_records=failing_lookups)

    engine.run_company(company.pk, worker="test", client_factory=factory, max_seconds=2.0)
    assert statuses(others) == [SyncStatus.SYNCED] * 4
    assert len(lookups) == 1  # backed off: the next look-up is seconds away, not milliseconds
    assert job_of(stuck).state == "unconfirmed"
    assert SyncAttempt.objects.filter(transaction=stuck).count() == 2
    problem = SyncError.objects.get(code="lookup_failed", resolved=False)
    assert problem.title == "Records could not be looked up in Intacct"


def test_p13_after_a_look_up_finds_nothing_nothing_is_sent_before_intacct_could_have_finished(
    company, connected, master, emulator, settings
):
    settings.INTACCT_TOTAL_TIMEOUT_S = 120.0
    settings.INTACCT_RESEND_MARGIN_S = 30.0
    txn = simple_je(company, master)

    def timed_out(original, functions, *args, **kwargs):
        # The client gave up waiting; Intacct has not run it (yet).
        raise UncertainOutcomeError("read timed out", function_control_ids=[f.control_id for f in functions])

    engine.run_company(
        company.pk,
        worker="test",
        client_factory=lambda c, e: wrapped(c, e, execute=timed_out),
        max_seconds=0.0001,
    )
    assert job_of(txn).state == "unconfirmed"
    counting = CountingFactory()
    run(company, counting)  # the look-up finds nothing: Intacct may still be running the request
    assert counting.calls == []
    assert glbatches(emulator) == []
    job = job_of(txn)
    assert job.state == "unconfirmed"
    assert job.sent_at is not None
    assert job.resend_after is not None
    assert job.resend_after - job.sent_at >= dt.timedelta(seconds=150)
    assert job.due_at >= job.resend_after
    let_time_pass()
    run(company, counting)  # … the window has passed: the same payload, under the same control id
    assert counting.calls == [
        ("US", 1)
    ]  # sessions per entity: records post to entity US (tests/sync_support.py)
    assert [b["REFERENCENO"] for b in glbatches(emulator)] == [txn.number]
    sent = SyncAttempt.objects.filter(transaction=txn, outcome=SyncAttempt.Outcome.SYNCED).get()
    assert sent.function_control_id == job.control_id


def test_p15_a_wrong_sender_password_pauses_at_once_and_the_status_page_says_so(
    company, connected, master, emulator, admin_user, client_for, settings
):
    settings.INTACCT_SENDER_PASSWORD = "not-the-sender-password"
    forget_clients()
    txns = [simple_je(company, master, amount=f"{i + 1}.00") for i in range(10)]
    engine.run_company(company.pk, worker="test", max_seconds=2.0)
    assert SyncAttempt.objects.count() == 10  # one attempt each, then the queue paused
    assert Counter(statuses(txns)) == Counter({SyncStatus.PAUSED: 10})  # nothing was sent: not "unconfirmed"
    status = client_for(admin_user).get(reverse("sage_intacct:status_json")).json()
    assert (status["status"], status["last_sync"]["open_errors"]) == ("rejected", 1)
    assert "sender" in status["message"].lower()


def test_p15_a_record_reconciled_after_its_worker_was_killed_shows_the_entity_intacct_holds(
    company, connected, master, emulator
):
    EntityRule.objects.create(company=company, position=1, name="Canada", branch_country="CA", entity_id="CA")
    txn = journal(
        company,
        [line(master.accounts["6200"], debit="80.00"), line(master.accounts["1000"], credit="80.00")],
        branch=master.branches["CA-ON"],
    )
    with pytest.raises(KilledWorker):
        run(company, killed_after_send)
    SyncJob.objects.update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    run(company)
    state = TransactionSyncState.objects.get(transaction=txn)
    assert (state.status, state.entity_id) == (SyncStatus.SYNCED, "CA")
    assert [b["MEGAENTITYID"] for b in glbatches(emulator)] == ["CA"]
    found = SyncAttempt.objects.get(transaction=txn, outcome=SyncAttempt.Outcome.RECONCILED)
    assert (found.entity_id, "entity CA" in found.message) == ("CA", True)
