"""The outbox: sync jobs written in the same database transaction as the change that causes them.

`enqueue` is called from signal receivers inside the Financial module's atomic block (and from the
Sage Actions), so the job and the change commit or roll back together; the queue is notified only
on commit. `claim` takes due jobs with a conditional UPDATE, so a job has one owner at a time.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction as db_transaction
from django.db.models import F, Min
from django.utils import timezone

from trueerp.celery import app
from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.services.context import bump_revision
from trueerp.sage_intacct.sync.models import (
    JobState,
    SyncAction,
    SyncAttempt,
    SyncJob,
    SyncStatus,
    TransactionSyncState,
)
from trueerp.sage_intacct.sync.services.builders import control_id_for

logger = logging.getLogger(__name__)

MANUAL_PRIORITY = 10
AUTO_PRIORITY = 100


def lease_seconds() -> float:
    """How long a claim (and a request slot) is held before another worker may take it over."""
    return float(settings.INTACCT_SYNC_LEASE_S)


def dispatch_company(company_id: int) -> None:
    """Ring the doorbell; if the broker is down the periodic sweep picks the jobs up later."""
    try:
        app.send_task("sage_intacct.process_company", args=[company_id])
    except Exception:  # the database already holds the job
        logger.warning("could not notify the queue for company %s; the sweep will", company_id, exc_info=True)


def schedule_dispatch(company_id: int) -> None:
    """Once per company per database transaction, after it commits."""
    connection = db_transaction.get_connection()
    if connection.in_atomic_block:
        for entry in connection.run_on_commit:
            if getattr(entry[1], "_intacct_company", None) == company_id:
                return
    callback = functools.partial(dispatch_company, company_id)
    callback._intacct_company = company_id  # type: ignore[attr-defined]
    db_transaction.on_commit(callback)


def state_for(txn: Transaction) -> TransactionSyncState:
    state, _ = TransactionSyncState.objects.get_or_create(
        transaction=txn, defaults={"company_id": txn.company_id}
    )
    return state


def _set_status(txn: Transaction, status: str, **fields: object) -> None:
    TransactionSyncState.objects.update_or_create(
        transaction=txn, defaults={"company_id": txn.company_id, "status": status, **fields}
    )


def enqueue(
    txn: Transaction,
    action: str = SyncAction.CREATE,
    *,
    actor: User | None = None,
    priority: int = AUTO_PRIORITY,
    dispatch: bool = True,
) -> SyncJob:
    """Queue one logical write (idempotent: an open job for the same write is reused)."""
    with db_transaction.atomic():
        state = state_for(txn)
        # The record's existence in Intacct decides between create and update, never the caller:
        # a second create of a record that is already there would post it twice.
        if action == SyncAction.UPDATE and not state.intacct_key:
            action = SyncAction.CREATE
        elif action == SyncAction.CREATE and state.intacct_key:
            action = SyncAction.UPDATE
        version = txn.version
        control_id = control_id_for(txn.company_id, txn.pk, version, action)
        existing = (
            SyncJob.objects.filter(transaction=txn, action=action, version=version).order_by("-id").first()
        )
        if existing is None:
            existing = (
                SyncJob.objects.filter(
                    transaction=txn, action=action, state__in=(JobState.QUEUED, JobState.BLOCKED)
                )
                .order_by("-id")
                .first()
            )
        if (existing is not None and existing.state in (JobState.CANCELLED, JobState.FAILED)) or (
            existing is not None and existing.state == JobState.SYNCED and state.status != SyncStatus.SYNCED
        ):
            # Asked again after a definitive end (mark as not synced, cancelled, failed): a fresh
            # control id, or Intacct would refuse the write as already executed.
            existing.retry_generation += 1
            existing.control_id = control_id_for(
                txn.company_id, txn.pk, version, action, existing.retry_generation
            )
            existing.state = JobState.QUEUED
            existing.due_at = timezone.now()
            existing.priority = min(existing.priority, priority)
            existing.intacct_key = ""
            existing.save()
            _set_status(txn, SyncStatus.QUEUED)
            if dispatch:
                schedule_dispatch(txn.company_id)
            return existing
        if existing is not None:
            if existing.state in (JobState.QUEUED, JobState.BLOCKED):
                # A job still waiting for an older version now carries the current one, so the
                # record is marked synced at the version that was actually sent. Its control id may
                # change only if it was never sent (no attempt): after an attempt Intacct may hold
                # the old id, and only that id protects against a second posting.
                changes: dict[str, object] = {
                    "state": JobState.QUEUED,
                    "priority": min(existing.priority, priority),
                    "due_at": timezone.now(),
                }
                if existing.attempts == 0:
                    changes["version"] = version
                    changes["control_id"] = control_id_for(
                        txn.company_id, txn.pk, version, action, existing.retry_generation
                    )
                SyncJob.objects.filter(pk=existing.pk).update(**changes)
                _set_status(txn, SyncStatus.QUEUED)
            if dispatch:
                schedule_dispatch(txn.company_id)
            existing.refresh_from_db()
            return existing
        job = SyncJob.objects.create(
            company_id=txn.company_id,
            transaction=txn,
            action=action,
            version=version,
            control_id=control_id,
            priority=priority,
            due_at=timezone.now(),
            requested_by=actor,
        )
        _set_status(txn, SyncStatus.QUEUED)
        if dispatch:
            schedule_dispatch(txn.company_id)
    return job


def enqueue_many(transactions: Iterable[Transaction], *, priority: int = AUTO_PRIORITY) -> int:
    """Bulk variant for large first syncs: one INSERT per 500 jobs, one dispatch per company."""
    now = timezone.now()
    jobs: list[SyncJob] = []
    states: list[TransactionSyncState] = []
    companies: set[int] = set()
    for txn in transactions:
        jobs.append(
            SyncJob(
                company_id=txn.company_id,
                transaction=txn,
                action=SyncAction.CREATE,
                version=txn.version,
                control_id=control_id_for(txn.company_id, txn.pk, txn.version, SyncAction.CREATE),
                priority=priority,
                due_at=now,
            )
        )
        states.append(
            TransactionSyncState(transaction=txn, company_id=txn.company_id, status=SyncStatus.QUEUED)
        )
        companies.add(txn.company_id)
    with db_transaction.atomic():
        SyncJob.objects.bulk_create(jobs, batch_size=500, ignore_conflicts=True)
        TransactionSyncState.objects.bulk_create(
            states,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["transaction"],
            update_fields=["status"],
        )
        for company_id in companies:
            schedule_dispatch(company_id)
    return len(jobs)


# --- claiming ---------------------------------------------------------------------------------


def new_token(worker: str = "") -> str:
    return f"{worker or 'worker'}:{uuid.uuid4().hex[:12]}"[:64]


def claim(company_id: int, limit: int, token: str) -> list[SyncJob]:
    """Take up to ``limit`` due jobs; the UPDATE re-checks the state, so a job is never taken twice."""
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
        claimed_until=now + dt.timedelta(seconds=lease_seconds()),
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return list(
        SyncJob.objects.filter(pk__in=ids, claimed_by=token, state=JobState.IN_PROGRESS).order_by(
            "priority", "id"
        )
    )


def extend_claims(ids: list[int], token: str) -> set[int]:
    """Renew our claims just before sending; returns the jobs that are still ours."""
    if not ids:
        return set()
    until = timezone.now() + dt.timedelta(seconds=lease_seconds())
    mine = SyncJob.objects.filter(pk__in=ids, claimed_by=token, state=JobState.IN_PROGRESS)
    mine.update(claimed_until=until)
    return set(mine.values_list("pk", flat=True))


def release_claims(ids: list[int], token: str, state: str = JobState.QUEUED) -> int:
    """Give claimed jobs back untouched (no request was sent for them)."""
    return SyncJob.objects.filter(pk__in=ids, claimed_by=token, state=JobState.IN_PROGRESS).update(
        state=state, claimed_by="", claimed_until=None, attempts=F("attempts") - 1
    )


def recover_stale(company_id: int | None = None) -> int:
    """Claims whose lease ran out: the worker died or hung. The request may have been sent, so the
    job becomes *unconfirmed* and is looked up in Intacct before anything is sent again."""
    now = timezone.now()
    stale = SyncJob.objects.filter(state=JobState.IN_PROGRESS, claimed_until__lt=now)
    if company_id is not None:
        stale = stale.filter(company_id=company_id)
    ids = list(stale.values_list("pk", flat=True)[:1000])
    if not ids:
        return 0
    count = SyncJob.objects.filter(pk__in=ids, state=JobState.IN_PROGRESS, claimed_until__lt=now).update(
        state=JobState.UNCONFIRMED, claimed_by="", claimed_until=None, updated_at=now
    )
    TransactionSyncState.objects.filter(transaction__intacct_jobs__pk__in=ids).update(
        status=SyncStatus.UNCONFIRMED
    )
    return count


def next_due(company_id: int) -> dt.datetime | None:
    value = SyncJob.objects.filter(company_id=company_id, state=JobState.QUEUED).aggregate(Min("due_at"))
    result: dt.datetime | None = value["due_at__min"]
    return result


def has_work(company_id: int) -> bool:
    now = timezone.now()
    return (
        SyncJob.objects.filter(company_id=company_id, state=JobState.QUEUED, due_at__lte=now).exists()
        or SyncJob.objects.filter(company_id=company_id, state=JobState.UNCONFIRMED).exists()
    )


# --- actions people take (Sage Actions, sync log) --------------------------------------------------


def retry_job(job: SyncJob, *, actor: User | None = None) -> SyncJob:
    """A failed or blocked job runs again; after a definitive failure with a fresh control id."""
    with db_transaction.atomic():
        job = SyncJob.objects.select_for_update().get(pk=job.pk)
        if job.state not in (JobState.FAILED, JobState.BLOCKED):
            return job
        if job.state == JobState.FAILED:
            job.retry_generation += 1
            job.control_id = control_id_for(
                job.company_id, job.transaction_id, job.version, job.action, job.retry_generation
            )
        job.state = JobState.QUEUED
        job.due_at = timezone.now()
        job.priority = MANUAL_PRIORITY
        job.save(
            update_fields=["state", "due_at", "priority", "retry_generation", "control_id", "updated_at"]
        )
        _set_status(job.transaction, SyncStatus.QUEUED)
        schedule_dispatch(job.company_id)
    return job


def retry_all_failed(company: Company, *, actor: User | None = None) -> int:
    jobs = list(SyncJob.objects.filter(company=company, state__in=(JobState.FAILED, JobState.BLOCKED)))
    for job in jobs:
        retry_job(job, actor=actor)
    if jobs:
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.sync.retry_all",
            summary=f"Retried {len(jobs)} failed or blocked Sage Intacct syncs",
        )
    return len(jobs)


def requeue_blocked(company_id: int) -> int:
    """Mapping or reference data changed: blocked records are checked again (no API call if still bad)."""
    ids = list(
        SyncJob.objects.filter(company_id=company_id, state=JobState.BLOCKED).values_list("pk", flat=True)
    )
    if not ids:
        return 0
    SyncJob.objects.filter(pk__in=ids, state=JobState.BLOCKED).update(
        state=JobState.QUEUED, due_at=timezone.now()
    )
    TransactionSyncState.objects.filter(transaction__intacct_jobs__pk__in=ids).update(
        status=SyncStatus.QUEUED
    )
    schedule_dispatch(company_id)
    return len(ids)


def cancel_open_jobs(txn: Transaction, actions: Iterable[str] | None = None) -> int:
    jobs = SyncJob.objects.filter(
        transaction=txn, state__in=(JobState.QUEUED, JobState.BLOCKED, JobState.FAILED)
    )
    if actions is not None:
        jobs = jobs.filter(action__in=list(actions))
    return jobs.update(state=JobState.CANCELLED, finished_at=timezone.now())


def mark_synced(txn: Transaction, *, actor: User, intacct_key: str = "", record_url: str = "") -> None:
    """An administrator says the record is in Intacct (handled by hand); audited."""
    with db_transaction.atomic():
        cancel_open_jobs(txn)
        _set_status(
            txn,
            SyncStatus.SYNCED,
            intacct_key=intacct_key,
            record_url=record_url,
            synced_version=txn.version,
            synced_at=timezone.now(),
            last_error="",
        )
        record_audit(
            company=txn.company,
            actor=actor,
            action="sage_intacct.sync.marked_synced",
            object_type="financial.transaction",
            object_id=txn.pk,
            summary=f"Marked {txn} as synced to Sage Intacct"
            + (f" (key {intacct_key})" if intacct_key else ""),
        )


def mark_not_synced(txn: Transaction, *, actor: User) -> None:
    """Forget the link to Intacct (the next sync creates the record again); audited."""
    with db_transaction.atomic():
        state = state_for(txn)
        before = {"status": state.status, "intacct_key": state.intacct_key}
        cancel_open_jobs(txn)
        _set_status(
            txn, SyncStatus.NOT_SYNCED, intacct_key="", record_url="", synced_version=None, synced_at=None
        )
        record_audit(
            company=txn.company,
            actor=actor,
            action="sage_intacct.sync.marked_not_synced",
            object_type="financial.transaction",
            object_id=txn.pk,
            summary=f"Marked {txn} as not synced to Sage Intacct",
            before=before,
        )


def history(txn: Transaction) -> list[SyncAttempt]:
    return list(
        SyncAttempt.objects.filter(transaction=txn)
        .select_related("error", "job")
        .order_by("-created_at", "-id")
    )


def mapping_changed(company_id: int) -> None:
    """Mapping or reference data changed: new cache revision, blocked records checked again."""
    bump_revision(company_id)
    requeue_blocked(company_id)
