"""The engine's side of the state machine: claims, sends, answers, look-ups, expired claims, pauses.

Every write here is a compare-and-set: a claim takes only jobs still queued; a worker writes an
answer only for jobs still claimed by its token (a worker whose claim was taken over never overwrites
the new owner); an expired claim is recovered only while it is still expired. What Intacct answered
is written onto the posting ledger whoever owns the job, because it is a fact about Intacct.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction as db_transaction
from django.db.models import F, Q
from django.utils import timezone

from trueerp.sage_intacct.sync.models import (
    JobState,
    Posting,
    SyncAction,
    SyncError,
    SyncJob,
    SyncStatus,
    TransactionSyncState,
)
from trueerp.sage_intacct.sync.services import outbox
from trueerp.sage_intacct.sync.services.error_catalogue import Explanation
from trueerp.sage_intacct.sync.services.heartbeat import lease_seconds
from trueerp.sage_intacct.sync.services.results import LedgerRow, error_row
from trueerp.sage_intacct.sync.services.state import machine
from trueerp.sage_intacct.sync.services.state.outcomes import apply_outcomes
from trueerp.sage_intacct.sync.services.state.timing import resend_window

__all__ = [
    "PAUSE_CODE",
    "apply_outcomes",
    "claim",
    "claim_lookups",
    "is_paused",
    "mark_sent",
    "pause_company",
    "recover_stale",
    "release",
    "resume_company",
]

PAUSE_CODE = "credentials_rejected"
WORKING = (JobState.IN_PROGRESS, JobState.SENT, JobState.UNCONFIRMED)


def _lease_until(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(seconds=lease_seconds())


def _records_to(txn_ids: Iterable[int], status: str, only_from: Iterable[str] | None = None) -> None:
    records = TransactionSyncState.objects.filter(transaction_id__in=list(txn_ids))
    if only_from is not None:
        records = records.filter(status__in=list(only_from))
    records.update(status=status)


def claim(company_id: int, limit: int, token: str) -> list[SyncJob]:
    """Take up to ``limit`` due queued jobs; the UPDATE re-checks the state, so none is taken twice."""
    now = timezone.now()
    ids = list(
        SyncJob.objects.filter(company_id=company_id, state=JobState.QUEUED, due_at__lte=now)
        .order_by("priority", "id")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return []
    SyncJob.objects.filter(pk__in=ids, state=JobState.QUEUED).update(
        state=JobState.IN_PROGRESS,
        claimed_by=token,
        claimed_until=_lease_until(now),
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    jobs = list(
        SyncJob.objects.filter(pk__in=ids, claimed_by=token, state=JobState.IN_PROGRESS).order_by(
            "priority", "id"
        )
    )
    _records_to(
        [j.transaction_id for j in jobs if j.action != SyncAction.REVERSE],
        SyncStatus.IN_PROGRESS,
        only_from=(SyncStatus.QUEUED,),
    )
    return jobs


def mark_sent(ids: list[int], token: str) -> set[int]:
    """The postings are recorded and the request is about to go out: the jobs still ours are *sent*
    (from now on an expired claim means "may have reached Intacct", never "nothing happened")."""
    if not ids:
        return set()
    now = timezone.now()
    SyncJob.objects.filter(pk__in=ids, claimed_by=token, state=JobState.IN_PROGRESS).update(
        state=JobState.SENT, sent_at=now, claimed_until=_lease_until(now)
    )
    return set(
        SyncJob.objects.filter(pk__in=ids, claimed_by=token, state=JobState.SENT).values_list("pk", flat=True)
    )


def release(jobs: list[SyncJob], token: str, postings: Iterable[LedgerRow] = ()) -> int:
    """Give jobs back untouched: no request went out for them (all request slots stayed busy)."""
    ids = [j.pk for j in jobs]
    count = SyncJob.objects.filter(
        pk__in=ids, claimed_by=token, state__in=(JobState.IN_PROGRESS, JobState.SENT)
    ).update(state=JobState.QUEUED, claimed_by="", claimed_until=None, attempts=F("attempts") - 1)
    Posting.objects.filter(pk__in=[p.pk for p in postings if p.pk], state=Posting.State.PENDING).update(
        state=Posting.State.NOT_EXECUTED
    )
    _records_to(
        [j.transaction_id for j in jobs if j.action != SyncAction.REVERSE],
        SyncStatus.QUEUED,
        only_from=(SyncStatus.IN_PROGRESS,),
    )
    return count


def recover_stale(company_id: int | None = None) -> int:
    """Claims whose lease ran out: the worker died (its heartbeat stopped). A job that was only claimed
    is queued again; a job that was *sent* may have reached Intacct, so it becomes unconfirmed, is
    looked up by reference, and is not sent again before Intacct could have finished the request."""
    now = timezone.now()
    stale = SyncJob.objects.filter(claimed_until__lt=now).exclude(claimed_by="")
    if company_id is not None:
        stale = stale.filter(company_id=company_id)
    rows = list(stale.values_list("pk", "state", "transaction_id", "action", "claimed_until")[:1000])
    if not rows:
        return 0
    claimed = [r for r in rows if r[1] == JobState.IN_PROGRESS]
    sent = [r for r in rows if r[1] == JobState.SENT]
    looking = [r for r in rows if r[1] == JobState.UNCONFIRMED]
    count = 0
    with db_transaction.atomic():
        if claimed:
            count += SyncJob.objects.filter(
                pk__in=[r[0] for r in claimed], state=JobState.IN_PROGRESS, claimed_until__lt=now
            ).update(state=JobState.QUEUED, claimed_by="", claimed_until=None, updated_at=now)
            _records_to(
                [r[2] for r in claimed if r[3] != SyncAction.REVERSE],
                SyncStatus.QUEUED,
                only_from=(SyncStatus.IN_PROGRESS,),
            )
        for pk, _state, txn_id, _action, until in sent:
            changed = SyncJob.objects.filter(pk=pk, state=JobState.SENT, claimed_until__lt=now).update(
                state=JobState.UNCONFIRMED,
                claimed_by="",
                claimed_until=None,
                due_at=now,
                resend_after=(until or now) + resend_window(),
                last_error="The worker sending it stopped before Intacct's answer was recorded; it is "
                "looked up by reference before anything is sent again.",
                updated_at=now,
            )
            if changed:
                count += 1
                Posting.objects.filter(job_id=pk, state=Posting.State.PENDING).update(
                    state=Posting.State.UNKNOWN
                )
                _records_to([txn_id], SyncStatus.UNCONFIRMED)
        if looking:
            SyncJob.objects.filter(
                pk__in=[r[0] for r in looking], state=JobState.UNCONFIRMED, claimed_until__lt=now
            ).update(claimed_by="", claimed_until=None)
    return count


def claim_lookups(company_id: int, limit: int, token: str) -> list[SyncJob]:
    """Take unconfirmed jobs whose look-up is due; the job stays *unconfirmed* while it is looked up."""
    now = timezone.now()
    free = Q(claimed_by="") | Q(claimed_until__lt=now)
    ids = list(
        SyncJob.objects.filter(company_id=company_id, state=JobState.UNCONFIRMED, due_at__lte=now)
        .filter(free)
        .order_by("due_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return []
    SyncJob.objects.filter(pk__in=ids, state=JobState.UNCONFIRMED).filter(free).update(
        claimed_by=token, claimed_until=_lease_until(now)
    )
    return list(SyncJob.objects.filter(pk__in=ids, claimed_by=token, state=JobState.UNCONFIRMED))


def release_lookups(jobs: list[SyncJob], token: str) -> None:
    SyncJob.objects.filter(pk__in=[j.pk for j in jobs], claimed_by=token, state=JobState.UNCONFIRMED).update(
        claimed_by="", claimed_until=None
    )


# --- paused credentials -------------------------------------------------------------------------------


def is_paused(company_id: int) -> bool:
    """The company's queue is paused while its credentials problem is open."""
    return SyncError.objects.filter(company_id=company_id, code=PAUSE_CODE, resolved=False).exists()


def pause_company(company_id: int, explanation: Explanation, detail: str = "") -> int:
    """Intacct rejected the credentials: no retries until the keys are fixed; one problem says so."""
    now = timezone.now()
    with db_transaction.atomic():
        problem = error_row(company_id, explanation, f"{PAUSE_CODE}:{company_id}", None)
        if problem.code != PAUSE_CODE:
            SyncError.objects.filter(pk=problem.pk).update(code=PAUSE_CODE)
        jobs = list(
            SyncJob.objects.filter(company_id=company_id, state=JobState.QUEUED).values_list(
                "pk", "transaction_id"
            )
        )
        count = SyncJob.objects.filter(pk__in=[pk for pk, _ in jobs], state=JobState.QUEUED).update(
            state=JobState.PAUSED, last_error=explanation.message, updated_at=now
        )
        _records_to(
            [txn for _, txn in jobs], SyncStatus.PAUSED, only_from=(SyncStatus.QUEUED, SyncStatus.REVERSING)
        )
    return count


def resume_company(company_id: int) -> int:
    """The keys work again: the paused queue resumes and its problem is resolved."""
    now = timezone.now()
    with db_transaction.atomic():
        SyncError.objects.filter(company_id=company_id, code=PAUSE_CODE, resolved=False).update(
            resolved=True, resolved_at=now
        )
        jobs = list(
            SyncJob.objects.filter(company_id=company_id, state=JobState.PAUSED).values_list(
                "pk", "transaction_id", "action"
            )
        )
        if not jobs:
            return 0
        count = SyncJob.objects.filter(pk__in=[pk for pk, _, _ in jobs], state=JobState.PAUSED).update(
            state=JobState.QUEUED, due_at=now, last_error="", updated_at=now
        )
        for action in (SyncAction.CREATE, SyncAction.UPDATE, SyncAction.REVERSE):
            _records_to(
                [txn for _, txn, a in jobs if a == action],
                machine.status_of_open_job(JobState.QUEUED, action),
                only_from=(SyncStatus.PAUSED,),
            )
        outbox.schedule_dispatch(company_id)
    return count
