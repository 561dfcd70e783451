"""Summaries of sync activity for the status page, the JSON status endpoint and progress bars."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max

from trueerp.core.models import Company
from trueerp.sage_intacct.sync.models import (
    JobState,
    SyncAttempt,
    SyncError,
    SyncJob,
    SyncStatus,
    TransactionSyncState,
)
from trueerp.sage_intacct.sync.services.state.worker import PAUSE_CODE


def last_activity(company: Company) -> dict[str, Any] | None:
    """When the last attempt ran and how many records are synced / failed (None before any sync)."""
    last = SyncAttempt.objects.filter(company=company).aggregate(at=Max("created_at"))["at"]
    if last is None:
        return None
    statuses = dict(
        TransactionSyncState.objects.filter(company=company)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "last_attempt_at": last.isoformat(),
        "synced": statuses.get(SyncStatus.SYNCED, 0),
        "failed": statuses.get(SyncStatus.FAILED, 0),
        "blocked": statuses.get(SyncStatus.BLOCKED, 0),
        "queued": statuses.get(SyncStatus.QUEUED, 0) + statuses.get(SyncStatus.IN_PROGRESS, 0),
        "unconfirmed": statuses.get(SyncStatus.UNCONFIRMED, 0),
        "desynchronized": statuses.get(SyncStatus.DESYNCHRONIZED, 0),
        "paused": statuses.get(SyncStatus.PAUSED, 0),
        "reversal_refused": statuses.get(SyncStatus.REVERSAL_REFUSED, 0),
        "open_errors": SyncError.objects.filter(company=company, resolved=False).count(),
        "pause": _pause(company),
    }


def _pause(company: Company) -> dict[str, str] | None:
    """Why the company's queue is paused (rejected credentials), or None while it runs."""
    problem = SyncError.objects.filter(company=company, code=PAUSE_CODE, resolved=False).first()
    return {"title": problem.title, "cause": problem.cause, "fix": problem.fix} if problem else None


def progress(company: Company, since_job_id: int = 0) -> dict[str, int]:
    """n of m for a bulk sync started at job ``since_job_id`` (queued, in progress, done)."""
    rows = dict(
        SyncJob.objects.filter(company=company, pk__gte=since_job_id)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    total = sum(rows.values())
    done = sum(
        rows.get(s, 0) for s in (JobState.SYNCED, JobState.FAILED, JobState.BLOCKED, JobState.CANCELLED)
    )
    return {"total": total, "done": done, **{str(k): int(v) for k, v in rows.items()}}
