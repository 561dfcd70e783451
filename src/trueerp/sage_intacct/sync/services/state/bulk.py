"""Requests about many records at once: bulk sync, retry all, the first full sync, and re-checking
blocked records after a mapping change. Each record still goes through the state machine; bulk
paths only save queries (records already synced at their version are skipped in one query)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction as db_transaction
from django.utils import timezone

from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.services.context import bump_revision
from trueerp.sage_intacct.sync.models import JobState, SyncAction, SyncJob, SyncStatus, TransactionSyncState
from trueerp.sage_intacct.sync.services import outbox
from trueerp.sage_intacct.sync.services.builders import control_id_for
from trueerp.sage_intacct.sync.services.state import machine
from trueerp.sage_intacct.sync.services.state.requests import AUTO_PRIORITY, MANUAL_PRIORITY, request


@dataclass
class BulkAnswer:
    accepted: int = 0
    refused: Counter[str] = field(default_factory=Counter)

    @property
    def skipped(self) -> int:
        return sum(self.refused.values())


def sync_many(
    transactions: Iterable[Transaction], *, actor: User | None, what: str = machine.SYNC
) -> BulkAnswer:
    """Bulk sync (or retry): one request each; records already synced at their version are skipped
    in one query, without a request, and every refusal is counted by its reason."""
    result = BulkAnswer()
    txns = list(transactions)
    current = set(
        TransactionSyncState.objects.filter(
            transaction__in=[t.pk for t in txns], status=SyncStatus.SYNCED
        ).values_list("transaction_id", flat=True)
    )
    for txn in txns:
        if txn.pk in current and what == machine.SYNC:
            result.refused["already synced at their current version"] += 1
            continue
        answer = request(txn, what, actor=actor, priority=MANUAL_PRIORITY)
        if answer.accepted:
            result.accepted += 1
        else:
            reason = answer.message.split(": ", 1)[-1].rstrip(".").split(";")[0]
            result.refused[f"because {reason}"] += 1
    return result


def retry_all_failed(company: Company, *, actor: User | None = None) -> int:
    """Every failed, blocked or refused-reversal record of the company is asked to retry."""
    statuses = (SyncStatus.FAILED, SyncStatus.BLOCKED, SyncStatus.REVERSAL_REFUSED)
    txns = Transaction.objects.filter(company=company, intacct_sync__status__in=statuses).order_by("id")
    result = sync_many(txns, actor=actor, what=machine.RETRY)
    if result.accepted:
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.sync.retry_all",
            summary=f"Retried {result.accepted} failed or blocked Sage Intacct syncs",
        )
    return result.accepted


def enqueue_many(transactions: Iterable[Transaction], *, priority: int = AUTO_PRIORITY) -> int:
    """Large first syncs: one INSERT per 500 jobs, one dispatch per company. A transaction that has an
    open job already keeps it (the partial unique index ignores the duplicate)."""
    now = timezone.now()
    txns = list(transactions)
    jobs = [
        SyncJob(
            company_id=txn.company_id,
            transaction=txn,
            action=SyncAction.CREATE,
            version=txn.version,
            control_id=control_id_for(txn.company_id, txn.pk, txn.version, SyncAction.CREATE),
            priority=priority,
            due_at=now,
        )
        for txn in txns
    ]
    with db_transaction.atomic():
        SyncJob.objects.bulk_create(jobs, batch_size=500, ignore_conflicts=True)
        inserted: set[int] = set()
        control_ids = [job.control_id for job in jobs]
        for start in range(0, len(control_ids), 500):
            inserted.update(
                SyncJob.objects.filter(
                    control_id__in=control_ids[start : start + 500], state=JobState.QUEUED
                ).values_list("transaction_id", flat=True)
            )
        TransactionSyncState.objects.bulk_create(
            [
                TransactionSyncState(transaction=t, company_id=t.company_id, status=SyncStatus.QUEUED)
                for t in txns
                if t.pk in inserted
            ],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["transaction"],
            update_fields=["status"],
        )
        for company_id in {t.company_id for t in txns}:
            outbox.schedule_dispatch(company_id)
    return len(inserted)


def recheck_blocked(company_id: int) -> int:
    """Mapping or reference data changed: blocked records are checked again (no API call if still bad)."""
    rows = list(
        SyncJob.objects.filter(company_id=company_id, state=JobState.BLOCKED).values_list(
            "pk", "transaction_id", "action"
        )
    )
    if not rows:
        return 0
    SyncJob.objects.filter(pk__in=[pk for pk, _, _ in rows], state=JobState.BLOCKED).update(
        state=JobState.QUEUED, due_at=timezone.now()
    )
    for action in (SyncAction.CREATE, SyncAction.UPDATE, SyncAction.REVERSE):
        TransactionSyncState.objects.filter(
            transaction_id__in=[txn for _, txn, a in rows if a == action], status=SyncStatus.BLOCKED
        ).update(status=machine.status_of_open_job(JobState.QUEUED, action))
    outbox.schedule_dispatch(company_id)
    return len(rows)


def mapping_changed(company_id: int) -> None:
    """Mapping or reference data changed: new cache revision, blocked records checked again."""
    bump_revision(company_id)
    recheck_blocked(company_id)
