"""Exactly once under Intacct-side faults, and per-record results in a partially refused batch."""

from __future__ import annotations

from collections import Counter

import pytest

from trueerp.financial.models import Job
from trueerp.sage_intacct.mapping.services import context as mapping
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.reference.models import IntacctDimensionValue
from trueerp.sage_intacct.sync.models import JobState, SyncAttempt, SyncError, SyncJob, TransactionSyncState
from trueerp.sage_intacct.tests.sync_support import (
    CountingFactory,
    connected,
    glbatches,
    job_of,
    journal,
    let_time_pass,
    line,
    master,
    run,
    simple_je,
)

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]
__all__ = ["connected", "master"]


def run_until_settled(company, rounds: int = 10) -> None:
    """What the workers and the sweep do over time: run until no job is open (back-offs and re-send
    windows are let pass between rounds instead of being waited for)."""
    for _ in range(rounds):
        run(company)
        let_time_pass()
        if not SyncJob.objects.filter(state__in=(JobState.QUEUED, JobState.UNCONFIRMED)).exists():
            return


def assert_exactly_once(emulator, txns) -> None:
    counts = Counter(b["REFERENCENO"] for b in glbatches(emulator))
    assert counts == Counter({t.number: 1 for t in txns})
    assert set(SyncJob.objects.values_list("state", flat=True)) == {JobState.SYNCED}
    keys = dict(TransactionSyncState.objects.values_list("transaction__number", "intacct_key"))
    assert keys == {b["REFERENCENO"]: str(b["RECORDNO"]) for b in glbatches(emulator)}


@pytest.mark.parametrize("fault", ["http_524_after_commit", "drop_after_commit"])
def test_ambiguous_outcome_is_reconciled_by_reference_not_reposted(
    company, connected, master, emulator, fault
):
    settings_for(company).__class__.objects.filter(company=company).update(batch_size=5)
    txns = [simple_je(company, master, amount=f"{10 + i}.00") for i in range(12)]
    emulator.inject_fault(fault, count=1)
    first = run(company)
    assert first.unconfirmed == 5  # the first batch committed in Intacct, but no answer came back
    assert first.reconciled == 5  # … and was then found by its references, not sent again
    run_until_settled(company)
    assert_exactly_once(emulator, txns)
    reconciled = SyncAttempt.objects.filter(outcome=SyncAttempt.Outcome.RECONCILED)
    assert reconciled.count() == 5
    assert reconciled.earliest("id").message.startswith("Found in Intacct as GLBATCH")


@pytest.mark.parametrize("fault", ["http_502", "http_503", "session_expiry", "rate_limit"])
def test_transient_faults_are_retried_and_post_once(company, connected, master, emulator, fault):
    txns = [simple_je(company, master, amount=f"{20 + i}.00") for i in range(6)]
    emulator.inject_fault(fault, count=1)
    run_until_settled(company)
    assert_exactly_once(emulator, txns)


def test_random_mix_of_faults_still_posts_each_record_once(company, connected, master, emulator):
    settings_for(company).__class__.objects.filter(company=company).update(batch_size=7)
    txns = [simple_je(company, master, amount=f"{30 + i}.00") for i in range(40)]
    for kind in (
        "http_502",
        "http_503",
        "http_524_after_commit",
        "drop_after_commit",
        "rate_limit",
        "session_expiry",
    ):
        emulator.inject_fault(kind, probability=0.08)
    run_until_settled(company, rounds=30)
    emulator.clear_faults()
    run_until_settled(company)
    assert_exactly_once(emulator, txns)


def test_duplicate_control_id_refusal_is_treated_as_already_posted(company, connected, master, emulator):
    txn = simple_je(company, master)
    run(company)
    key = TransactionSyncState.objects.get().intacct_key
    # Our side forgot the answer (as after a crash between Intacct's commit and our write).
    SyncJob.objects.update(state=JobState.QUEUED, intacct_key="")
    TransactionSyncState.objects.update(status="queued", intacct_key="")
    run_until_settled(company)
    assert [b["REFERENCENO"] for b in glbatches(emulator)] == [txn.number]
    assert TransactionSyncState.objects.get().intacct_key == key
    outcomes = list(SyncAttempt.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["synced", "unconfirmed", "reconciled"]


def test_batch_of_100_with_3_refused_syncs_97_and_fails_3_each_with_its_own_message(
    company, connected, master, emulator
):
    m = master
    # Three projects the cache believes in but Intacct refuses (deleted there since the last refresh).
    ghosts = []
    for n in (1, 2, 3):
        IntacctDimensionValue.objects.create(
            company=company, kind="PROJECT", value_id=f"P-90{n}", name=f"Ghost {n}"
        )
        ghosts.append(
            Job.objects.create(
                company=company,
                number=f"P-90{n}",
                name=f"Ghost {n}",
                contract=m.jobs["P-100"].contract,
                customer=m.customers["C100"],
            )
        )
    mapping.forget_contexts()
    txns = []
    for i in range(100):
        job = ghosts[(i - 10) // 30] if i in (10, 40, 70) else None
        txns.append(
            journal(
                company,
                [
                    line(m.accounts["6200"], debit=f"{i + 1}.00", job=job),
                    line(m.accounts["1000"], credit=f"{i + 1}.00"),
                ],
            )
        )
    counting = CountingFactory()
    report = run(company, counting)
    assert counting.calls == [("US", 100)]  # one request of 100 functions
    assert (report.synced, report.failed) == (97, 3)
    failed = {
        job_of(t).transaction.number: job_of(t).last_error for t in txns if job_of(t).state == JobState.FAILED
    }
    assert sorted(failed) == sorted(t.number for i, t in enumerate(txns) if i in (10, 40, 70))
    for i, project in ((10, "P-901"), (40, "P-902"), (70, "P-903")):
        message = failed[txns[i].number]
        assert message == (
            "A dimension value does not exist in Intacct: Intacct does not know Project "
            f"'{project}' (or it is inactive). Create or reactivate it in Intacct and refresh reference data, or "
            "map the TRUE value to an existing Intacct value in Settings > Sage Intacct > Dimension mapping."
        )
    assert len(glbatches(emulator)) == 97
    refused = SyncAttempt.objects.filter(outcome=SyncAttempt.Outcome.FAILED).order_by("id")
    assert [a.errors[0]["errorno"] for a in refused] == ["EMU-REFERENCE"] * 3
    assert [a.errors[0]["description2"] for a in refused] == [
        "Invalid Project 'P-901' specified.",
        "Invalid Project 'P-902' specified.",
        "Invalid Project 'P-903' specified.",
    ]
    assert all(a.created_at is not None and a.function_control_id.startswith("trueerp-") for a in refused)
    errors = SyncError.objects.order_by("title")
    assert [(e.title, e.count) for e in errors] == [("A dimension value does not exist in Intacct", 1)] * 3
