"""Claims, request slots and the error catalogue, without Intacct."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from intacct import ErrorDetail
from trueerp.sage_intacct.sync.models import InflightLease, JobState, SyncJob
from trueerp.sage_intacct.sync.services import limiter
from trueerp.sage_intacct.sync.services.error_catalogue import explain
from trueerp.sage_intacct.sync.services.run import RunReport
from trueerp.sage_intacct.sync.services.state import machine, requests, worker
from trueerp.sage_intacct.tests.sync_support import master, simple_je

pytestmark = pytest.mark.django_db
__all__ = ["master"]


def enqueue(txn) -> SyncJob:
    answer = requests.request(txn, machine.SYNC)
    assert answer.accepted, answer.message
    assert answer.job is not None
    return answer.job


@pytest.fixture
def queued(company, master) -> list[SyncJob]:
    txns = [simple_je(company, master) for _ in range(5)]  # not connected: nothing queued on posting
    return [enqueue(t) for t in txns]


def test_two_claims_never_share_a_job(company, queued):
    first = worker.claim(company.pk, 3, "worker-a:1")
    second = worker.claim(company.pk, 3, "worker-b:1")
    assert [j.pk for j in first] == [j.pk for j in queued[:3]]
    assert [j.pk for j in second] == [j.pk for j in queued[3:]]
    assert worker.claim(company.pk, 3, "worker-c:1") == []
    assert set(SyncJob.objects.values_list("claimed_by", flat=True)) == {"worker-a:1", "worker-b:1"}
    assert set(SyncJob.objects.values_list("attempts", flat=True)) == {1}


def test_a_claim_is_conditional_on_the_state_seen(company, queued):
    """A job another worker took between our SELECT and our UPDATE is not taken again."""
    SyncJob.objects.filter(pk=queued[0].pk).update(state=JobState.IN_PROGRESS, claimed_by="other:1")
    claimed = worker.claim(company.pk, 5, "me:1")
    assert queued[0].pk not in [j.pk for j in claimed]
    assert SyncJob.objects.get(pk=queued[0].pk).claimed_by == "other:1"


def test_expired_claims_of_sent_jobs_become_unconfirmed_and_claimed_ones_are_queued_again(company, queued):
    claimed = worker.claim(company.pk, 3, "dead:1")
    assert worker.mark_sent([claimed[0].pk, claimed[1].pk], "dead:1") == {claimed[0].pk, claimed[1].pk}
    SyncJob.objects.filter(claimed_by="dead:1").update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    assert worker.recover_stale(company.pk) == 3
    assert sorted(SyncJob.objects.values_list("state", flat=True)) == ["queued"] * 3 + ["unconfirmed"] * 2
    assert worker.recover_stale(company.pk) == 0


def test_sync_now_twice_reuses_the_open_job(company, master):
    txn = simple_je(company, master)
    first = enqueue(txn)
    second = enqueue(txn)
    assert first.pk == second.pk
    assert SyncJob.objects.count() == 1


def test_the_database_refuses_a_second_open_job_for_a_transaction(company, master):
    from django.db import IntegrityError, transaction

    txn = simple_je(company, master)
    job = enqueue(txn)
    with pytest.raises(IntegrityError), transaction.atomic():
        SyncJob.objects.create(
            company=company,
            transaction=txn,
            control_id="other",
            due_at=timezone.now(),
            state=JobState.BLOCKED,
        )
    SyncJob.objects.filter(pk=job.pk).update(state=JobState.FAILED)
    SyncJob.objects.create(company=company, transaction=txn, control_id="next", due_at=timezone.now())
    assert SyncJob.objects.filter(transaction=txn).count() == 2


def test_at_most_capacity_slots_are_held_and_expired_ones_are_reused():
    assert limiter.acquire("ACME", 2, "a", 30) == 0
    assert limiter.acquire("ACME", 2, "b", 30) == 1
    assert limiter.acquire("ACME", 2, "c", 30) is None
    assert limiter.in_use("ACME") == 2
    limiter.release("ACME", 0, "a")
    assert limiter.acquire("ACME", 2, "c", 30) == 0
    InflightLease.objects.filter(holder="b").update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert limiter.acquire("ACME", 2, "d", 30) == 1
    limiter.release("ACME", 1, "b")  # the old holder's late release does not free d's slot
    assert InflightLease.objects.get(slot=1).holder == "d"


@pytest.mark.parametrize(
    ("errors", "code", "title", "retryable"),
    [
        (
            [ErrorDetail("GW-0010", "API rate limit exceeded")],
            "rate_limited",
            "Intacct is busy (rate limit)",
            True,
        ),
        (
            [
                ErrorDetail(
                    "BL03000018",
                    description2="The account 6100 requires a Department. Provide a Department value.",
                ),
                ErrorDetail("BL01001973", description2="Could not create GL Entry record!"),
            ],
            "missing_dimension",
            "A required dimension is missing",
            False,
        ),
        (
            [
                ErrorDetail(
                    "EMU-PERIODCLOSED",
                    "Periods are closed.",
                    "Your transaction date (12/15/2025) is within a period that's been closed.",
                )
            ],
            "closed_period",
            "The accounting period is closed in Intacct",
            False,
        ),
        (
            [ErrorDetail("PL04000005", description2="You do not have permission for API operation CREATE")],
            "permission",
            "The Intacct user lacks a permission",
            False,
        ),
        ([ErrorDetail("XYZ", "Something odd")], "refused", "Intacct refused the record", False),
    ],
)
def test_catalogue_turns_intacct_errors_into_plain_language(errors, code, title, retryable):
    explanation = explain(errors)
    assert (explanation.code, explanation.title, explanation.retryable) == (code, title, retryable)


def test_catalogue_names_the_things_involved():
    explanation = explain(
        [
            ErrorDetail(
                "BL03000018",
                description2="The account 6100 requires a Department. Provide a Department value.",
            )
        ]
    )
    assert explanation.cause == "Intacct account 6100 requires a Department on every line."
    assert explanation.fix.startswith("Set a Department on the line in TRUE")
    assert explain([ErrorDetail("XYZ", "Something odd")]).cause == (
        "Intacct returned an error that TRUE does not recognise: XYZ Something odd"
    )
    closed = explain(
        [ErrorDetail("EMU-PERIODCLOSED", "Periods are closed.", "Your transaction date (12/15/2025) is x")]
    )
    assert closed.cause == "The transaction date (12/15/2025) falls in a period that is closed in Intacct."


def test_a_record_that_cannot_be_prepared_is_blocked_alone(company, master, monkeypatch):
    from trueerp.sage_intacct.mapping.services.context import load_context
    from trueerp.sage_intacct.sync.services import engine, preparing

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(preparing, "_prepare_job", broken)
    txn = simple_je(company, master)
    job = enqueue(txn)
    claimed = worker.claim(company.pk, 5, "me:1")
    report = RunReport()
    context = load_context(company)
    engine.process_batch(company, None, context, claimed, "me:1", None, report, None)  # type: ignore[arg-type]
    job.refresh_from_db()
    assert job.state == JobState.BLOCKED
    assert job.last_error == f"TRUE could not prepare {txn} for Intacct (ValueError('boom'))."
    assert report.requests == 0
