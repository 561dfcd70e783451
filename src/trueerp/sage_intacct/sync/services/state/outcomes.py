"""Applying a batch of outcomes: jobs, badges, posting ledger, attempt log, errors and follow-ups.

One database transaction per batch, and only for jobs the writer still owns (claimed by its token):
the rows are locked (PostgreSQL) or the database is (SQLite, immediate transactions) while the owner
set is read, and every job UPDATE repeats the token as a guard. Follow-ups happen in the same
transaction: a record voided while its create was out is reversed once Intacct confirms it; a
reversal asked for with Sage Actions voids the TRUE record once Intacct confirms it; payments waiting
for their invoice run; a closed-period note is written on the record's history.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from django.db import transaction as db_transaction
from django.utils import timezone

from trueerp.core.audit import record_audit
from trueerp.core.models import Company
from trueerp.financial.models import Transaction
from trueerp.financial.services.transactions import TransactionError, void_transaction
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.sync.models import (
    JobState,
    Posting,
    SyncAction,
    SyncAttempt,
    SyncError,
    SyncJob,
    SyncStatus,
    TransactionSyncState,
)
from trueerp.sage_intacct.sync.services import ledger, outbox
from trueerp.sage_intacct.sync.services.builders import control_id_for
from trueerp.sage_intacct.sync.services.results import (
    MAX_AUTOMATIC_ATTEMPTS,
    LedgerRow,
    Outcome,
    backoff,
    blocked_fingerprint_text,
    error_row,
    fast_insert,
    fast_update,
)
from trueerp.sage_intacct.sync.services.state import machine
from trueerp.sage_intacct.sync.services.state.timing import company_today, resend_window

Kind = SyncAttempt.Outcome
WORKING = (JobState.IN_PROGRESS, JobState.SENT, JobState.UNCONFIRMED)
JOB_FIELDS = [
    "state",
    "claimed_by",
    "claimed_until",
    "entity_id",
    "intacct_object",
    "reference",
    "note",
    "intacct_key",
    "record_url",
    "last_error",
    "error",
    "finished_at",
    "due_at",
    "retry_generation",
    "control_id",
    "resend_after",
    "resend_posting",
    "lookup_failures",
    "updated_at",
]
RECORD_FIELDS = [
    "status",
    "posting",
    "intacct_key",
    "record_url",
    "synced_version",
    "synced_at",
    "intacct_object",
    "entity_id",
    "last_error",
    "last_attempt_at",
    "lookup_first",
    "marked_by_hand",
    "updated_at",
]
POSTING_STATE: dict[str, str] = {
    Kind.SYNCED: Posting.State.CONFIRMED,
    Kind.RECONCILED: Posting.State.CONFIRMED,
    Kind.UNCONFIRMED: Posting.State.UNKNOWN,
    Kind.RETRY: Posting.State.NOT_EXECUTED,
    Kind.PAUSED: Posting.State.NOT_EXECUTED,
    Kind.FAILED: Posting.State.REFUSED,
}


@dataclass
class _Txn:
    version: int
    state: str
    type: str
    applies_to_id: int | None


def _answer_postings(outcomes: list[Outcome], now: dt.datetime) -> list[LedgerRow]:
    """Intacct's answers onto the ledger rows that were sent (a fact, whoever owns the job now)."""
    rows = []
    for o in outcomes:
        posting = o.posting
        new_state = POSTING_STATE.get(o.outcome)
        if posting is None or posting.pk is None or new_state is None:
            continue
        if o.outcome == Kind.RECONCILED and posting.state in ledger.HELD:
            continue  # a link found again: the row already says what Intacct holds
        posting.state = new_state
        posting.intacct_key = o.intacct_key or posting.intacct_key
        posting.entity_id = o.entity_id if o.outcome == Kind.RECONCILED and o.entity_id else posting.entity_id
        posting.answer = o.errors
        posting.message = o.message[:2000]
        posting.answered_at = now
        rows.append(posting)
    ledger.answer(rows)
    # Only a re-send has siblings that may have executed (earlier sends of its control id).
    ledger.supersede_siblings(
        [p for p in rows if p.state == Posting.State.CONFIRMED and getattr(p, "resend", True)], now
    )
    return rows


def _generation(txn_id: int, version: int, action: str) -> int:
    """A control id never used before for this write (an earlier job's id may have executed)."""
    used = SyncJob.objects.filter(transaction_id=txn_id, version=version, action=action).values_list(
        "retry_generation", flat=True
    )
    return max(used, default=-1) + 1


class _Batch:
    """The state of one outcome batch while it is being applied."""

    def __init__(self, company_id: int, now: dt.datetime, txns: dict[int, _Txn]) -> None:
        self.company_id = company_id
        self.now = now
        self.txns = txns
        self._company: Company | None = None
        self._reverse_on_void: bool | None = None
        self.reversals: list[tuple[TransactionSyncState, LedgerRow]] = []
        self.voids: list[tuple[int, int | None]] = []
        self.notes: list[tuple[int, str]] = []
        self.synced_ids: list[int] = []
        self.reversed_payment_targets: list[int] = []
        self.dispatch = False

    @property
    def company(self) -> Company:
        if self._company is None:
            self._company = Company.objects.get(pk=self.company_id)
        return self._company

    @property
    def reverse_on_void(self) -> bool:
        if self._reverse_on_void is None:
            self._reverse_on_void = bool(settings_for(self.company).reverse_on_void)
        return self._reverse_on_void


def _settle(record: TransactionSyncState, txn: _Txn) -> None:
    """No job is open: the badge says what Intacct holds compared with TRUE's current version."""
    if record.status == SyncStatus.REVERSED:
        return
    record.status = machine.settled_status(
        in_intacct=record.posting_id is not None, current=record.synced_version == txn.version
    )


def _confirmed(batch: _Batch, o: Outcome, record: TransactionSyncState, txn: _Txn) -> None:
    job, posting = o.job, o.posting
    job.state = JobState.SYNCED
    job.intacct_key = o.intacct_key
    job.record_url = o.record_url
    job.last_error = ""
    job.error = None
    job.finished_at = batch.now
    job.resend_posting = None
    record.last_error = ""
    if posting is not None and posting.note:
        batch.notes.append((job.transaction_id, posting.note))
    if job.action == SyncAction.REVERSE:
        record.status = SyncStatus.REVERSED
        if job.void_on_confirm and txn.state == Transaction.State.POSTED:
            batch.voids.append((job.transaction_id, job.requested_by_id))
        if txn.type in (Transaction.Type.AR_PAYMENT, Transaction.Type.AP_PAYMENT) and txn.applies_to_id:
            batch.reversed_payment_targets.append(txn.applies_to_id)
        return
    assert posting is not None
    record.posting_id = posting.pk
    record.intacct_key = o.intacct_key or posting.intacct_key
    record.record_url = o.record_url
    record.intacct_object = posting.intacct_object or job.intacct_object
    record.entity_id = o.entity_id or posting.entity_id
    record.synced_version = posting.version
    record.synced_at = batch.now
    record.lookup_first = False
    record.marked_by_hand = False
    record.status = SyncStatus.SYNCED if posting.version == txn.version else SyncStatus.DESYNCHRONIZED
    batch.synced_ids.append(job.transaction_id)
    if txn.state == Transaction.State.VOID and batch.reverse_on_void:
        batch.reversals.append((record, posting))
        record.status = SyncStatus.REVERSING


def _requeue(batch: _Batch, o: Outcome, record: TransactionSyncState, txn: _Txn, delay: dt.timedelta) -> None:
    job = o.job
    job.state = JobState.QUEUED
    job.due_at = batch.now + delay
    record.status = machine.status_of_open_job(JobState.QUEUED, job.action)
    batch.dispatch = True


def _not_found(batch: _Batch, o: Outcome, record: TransactionSyncState, txn: _Txn) -> None:
    """The look-up did not find it. Before the re-send window has passed Intacct may still be running
    the first request: look again then. After it, a write that may have executed is sent again with
    its own payload under its own control id; one that was never sent goes out as a new create."""
    job = o.job
    if job.resend_after is not None and batch.now < job.resend_after:
        job.state = JobState.UNCONFIRMED
        job.due_at = job.resend_after
        record.status = SyncStatus.UNCONFIRMED
        return
    if txn.state != Transaction.State.POSTED and job.action != SyncAction.REVERSE:
        job.state = JobState.CANCELLED
        job.finished_at = batch.now
        job.last_error = "Voided in TRUE and not in Intacct: nothing is sent."
        _settle(record, txn)
        return
    job.resend_after = None
    if o.resend is not None:
        job.resend_posting = o.resend
    else:  # looked up because Intacct *might* hold it (marked not synced): not there, so create it
        job.retry_generation = _generation(job.transaction_id, job.version, job.action)
        job.control_id = control_id_for(
            batch.company_id, job.transaction_id, job.version, job.action, job.retry_generation
        )
        record.lookup_first = False
    _requeue(batch, o, record, txn, dt.timedelta())


def _failed(
    batch: _Batch, o: Outcome, record: TransactionSyncState, txn: _Txn, error: SyncError | None
) -> None:
    job = o.job
    job.state = JobState.FAILED
    job.finished_at = batch.now
    job.error = error
    job.last_error = o.message
    if job.action != SyncAction.REVERSE:
        record.status = SyncStatus.FAILED
        record.last_error = o.message
    elif txn.state == Transaction.State.VOID:
        record.status = SyncStatus.REVERSAL_REFUSED
        record.last_error = o.message
    else:  # Reverse in Sage Intacct on a posted record: TRUE stays as Intacct is, and says why
        _settle(record, txn)
        record.last_error = f"Sage Intacct refused the reversal: {o.message}"


def _apply_one(batch: _Batch, o: Outcome, record: TransactionSyncState, txn: _Txn) -> SyncError | None:
    job = o.job
    job.claimed_by = ""
    job.claimed_until = None
    job.entity_id = o.entity_id or job.entity_id
    job.intacct_object = o.intacct_object or job.intacct_object
    job.reference = o.reference or job.reference
    job.note = o.note or job.note
    job.updated_at = batch.now
    record.last_attempt_at = batch.now
    error: SyncError | None = None
    if o.explanation is not None and o.outcome in (Kind.FAILED, Kind.BLOCKED, Kind.LOOKUP_ERROR):
        extra = o.message if o.outcome == Kind.BLOCKED else ""
        fingerprint = o.explanation.fingerprint(blocked_fingerprint_text([extra]) if extra else "")
        error = error_row(batch.company_id, o.explanation, fingerprint, job.transaction_id)
    kind = o.outcome
    if kind in (Kind.SYNCED, Kind.RECONCILED):
        _confirmed(batch, o, record, txn)
    elif kind == Kind.UNCONFIRMED:
        job.state = JobState.UNCONFIRMED
        job.last_error = o.message
        job.due_at = batch.now
        job.resend_after = batch.now + resend_window()
        record.status = SyncStatus.UNCONFIRMED
    elif kind == Kind.RETRY:
        if o.fresh_control_id:
            job.retry_generation = _generation(job.transaction_id, job.version, job.action)
            job.control_id = control_id_for(
                batch.company_id, job.transaction_id, job.version, job.action, job.retry_generation
            )
        job.last_error = o.message
        job.resend_posting = None
        if job.attempts >= MAX_AUTOMATIC_ATTEMPTS:
            _failed(batch, o, record, txn, error)
        else:
            _requeue(batch, o, record, txn, backoff(job.attempts))
    elif kind == Kind.PAUSED:
        job.state = JobState.PAUSED
        job.last_error = o.message
        job.resend_posting = None
        record.status = SyncStatus.PAUSED
    elif kind == Kind.NOT_FOUND:
        _not_found(batch, o, record, txn)
    elif kind == Kind.LOOKUP_ERROR:
        job.state = JobState.UNCONFIRMED
        job.lookup_failures += 1
        job.due_at = batch.now + backoff(job.lookup_failures)
        job.last_error = o.message
        job.error = error
        record.status = SyncStatus.UNCONFIRMED
        record.last_error = o.message
    elif kind == Kind.CANCELLED:
        job.state = JobState.CANCELLED
        job.finished_at = batch.now
        job.last_error = o.message
        _settle(record, txn)
    elif kind == Kind.BLOCKED:
        job.state = JobState.BLOCKED
        job.last_error = o.message
        job.error = error
        record.status = SyncStatus.BLOCKED
        record.last_error = o.message
    else:
        _failed(batch, o, record, txn, error)
    return error


def apply_outcomes(company_id: int, token: str, outcomes: list[Outcome]) -> list[Outcome]:
    """Apply outcomes of jobs still owned by ``token``; returns the ones applied."""
    if not outcomes:
        return []
    now = timezone.now()
    with db_transaction.atomic():
        ids = [o.job.pk for o in outcomes]
        owned = set(
            SyncJob.objects.select_for_update()
            .filter(pk__in=ids, claimed_by=token, state__in=WORKING)
            .values_list("pk", flat=True)
        )
        _answer_postings(outcomes, now)
        applied = [o for o in outcomes if o.job.pk in owned]
        if not applied:
            return []
        txn_ids = [o.job.transaction_id for o in applied]
        txns = {
            pk: _Txn(version, state, kind, applies_to)
            for pk, version, state, kind, applies_to in Transaction.objects.filter(
                pk__in=txn_ids
            ).values_list("pk", "version", "state", "type", "applies_to_id")
        }
        records = {
            s.transaction_id: s for s in TransactionSyncState.objects.filter(transaction_id__in=txn_ids)
        }
        batch = _Batch(company_id, now, txns)
        attempts: list[SyncAttempt] = []
        resolved_candidates: set[int] = set()
        for o in applied:
            job = o.job
            record = records.get(job.transaction_id) or TransactionSyncState(
                transaction_id=job.transaction_id, company_id=company_id
            )
            records[job.transaction_id] = record
            if o.outcome in (Kind.SYNCED, Kind.RECONCILED) and job.error_id:
                resolved_candidates.add(job.error_id)
            error = _apply_one(batch, o, record, txns[job.transaction_id])
            attempts.append(
                SyncAttempt(
                    company_id=company_id,
                    job_id=job.pk,
                    transaction_id=job.transaction_id,
                    outcome=o.outcome,
                    request_control_id=o.request_control_id[:200],
                    function_control_id=job.control_id,
                    entity_id=o.entity_id,
                    request_summary=o.summary[:500],
                    errors=o.errors,
                    message=o.message,
                    error=error,
                    duration_ms=o.duration_ms,
                )
            )
        fast_update(SyncJob, [o.job for o in applied], JOB_FIELDS, guard={"claimed_by": token})
        new_records = [r for r in records.values() if r.pk is None]
        if new_records:
            TransactionSyncState.objects.bulk_create(new_records, ignore_conflicts=True)
        for r in records.values():
            r.updated_at = now
        fast_update(TransactionSyncState, [r for r in records.values() if r.pk is not None], RECORD_FIELDS)
        fast_insert(SyncAttempt, attempts, now)
        for error_id in resolved_candidates:
            still_open = SyncJob.objects.filter(
                error_id=error_id, state__in=(JobState.FAILED, JobState.BLOCKED)
            ).exists()
            if not still_open:
                SyncError.objects.filter(pk=error_id).update(resolved=True, resolved_at=now)
        _follow_up(batch)
    if batch.dispatch:
        outbox.schedule_dispatch(company_id)
    return applied


def _follow_up(batch: _Batch) -> None:
    now = batch.now
    for record, posting in batch.reversals:
        version = posting.version or batch.txns[record.transaction_id].version
        generation = _generation(record.transaction_id, version, SyncAction.REVERSE)
        SyncJob.objects.create(
            company_id=batch.company_id,
            transaction_id=record.transaction_id,
            action=SyncAction.REVERSE,
            version=version,
            control_id=control_id_for(
                batch.company_id, record.transaction_id, version, SyncAction.REVERSE, generation
            ),
            retry_generation=generation,
            base_posting_id=posting.pk,
            entity_id=posting.entity_id,
            reversal_date=company_today(batch.company),
            due_at=now,
        )
        batch.dispatch = True
    released = _release_blocked(batch.company_id, "transaction__applies_to_id__in", batch.synced_ids, now)
    released += _release_blocked(
        batch.company_id, "transaction_id__in", batch.reversed_payment_targets, now, reverse=True
    )
    for txn_id, note in batch.notes:
        record_audit(
            company=batch.company,
            actor=None,
            action="sage_intacct.sync.note",
            object_type="financial.transaction",
            object_id=txn_id,
            summary=f"Sage Intacct: {note}",
        )
    for txn_id, actor_id in batch.voids:
        txn = Transaction.objects.get(pk=txn_id)
        with contextlib.suppress(TransactionError):  # voided meanwhile: nothing left to do
            void_transaction(
                txn,
                actor=None if actor_id is None else txn.company.users.filter(pk=actor_id).first(),
                reason="reversed in Sage Intacct",
            )
    if batch.reversals or released:
        batch.dispatch = True


def _release_blocked(
    company_id: int, lookup: str, ids: list[int], now: dt.datetime, reverse: bool = False
) -> int:
    """Records blocked on another one (a payment on its invoice, a reversal on its payments) run
    again as soon as that one is done; returns how many."""
    if not ids:
        return 0
    waiting = SyncJob.objects.filter(company_id=company_id, state=JobState.BLOCKED, **{lookup: ids})
    waiting = waiting.filter(action=SyncAction.REVERSE) if reverse else waiting
    rows = list(waiting.values_list("pk", "transaction_id", "action"))
    if not rows:
        return 0
    SyncJob.objects.filter(pk__in=[pk for pk, _, _ in rows], state=JobState.BLOCKED).update(
        state=JobState.QUEUED, due_at=now
    )
    for _pk, txn_id, action in rows:
        TransactionSyncState.objects.filter(transaction_id=txn_id, status=SyncStatus.BLOCKED).update(
            status=machine.status_of_open_job(JobState.QUEUED, action)
        )
    return len(rows)
