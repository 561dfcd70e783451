"""People's requests to the state machine: sync now, retry, retry all, bulk, update, reverse, mark,
and the Financial module's post / edit / void.

`request()` reads the record and its open job, asks `machine.decide()`, and applies the decision with
compare-and-set updates: a change to a job is conditional on the state (and claim) it was read in, so
a worker that claimed the job in between is never overwritten; the request is then decided again on
what is true now. At most one job per transaction is open (a partial unique index), so two requests
at once cannot both open one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.db.models import Q
from django.utils import timezone

from trueerp.core.audit import record_audit
from trueerp.core.models import User
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.services.context import load_context, settings_for
from trueerp.sage_intacct.mapping.services.prevalidation import prepare
from trueerp.sage_intacct.sync.models import (
    OPEN_JOB_STATES,
    JobState,
    Posting,
    SyncAction,
    SyncJob,
    SyncStatus,
    TransactionSyncState,
)
from trueerp.sage_intacct.sync.services import ledger, outbox
from trueerp.sage_intacct.sync.services.builders import OBJECTS, control_id_for
from trueerp.sage_intacct.sync.services.state import machine
from trueerp.sage_intacct.sync.services.state.timing import company_today
from trueerp.sage_intacct.sync.services.state.worker import is_paused, recover_stale

MANUAL_PRIORITY = outbox.MANUAL_PRIORITY
AUTO_PRIORITY = outbox.AUTO_PRIORITY
NOT_UPDATABLE: dict[str, str] = {
    Transaction.Type.AR_INVOICE: (
        "Intacct does not allow changing a posted AR invoice through the API: reverse it in Sage Intacct "
        "(Sage Actions > Reverse) and sync the corrected invoice again"
    ),
    Transaction.Type.AR_PAYMENT: (
        "Intacct does not allow changing a payment through the API: reverse it in Sage Intacct and sync "
        "the corrected payment again"
    ),
    Transaction.Type.AP_PAYMENT: (
        "Intacct does not allow changing a payment through the API: reverse it in Sage Intacct and sync "
        "the corrected payment again"
    ),
}
WAITING = (JobState.QUEUED, JobState.BLOCKED, JobState.PAUSED)  # nothing of it is out
_ATTEMPTS = 4


class _Lost(Exception):
    """A compare-and-set found the job changed since it was read: decide again."""


@dataclass(frozen=True)
class Answer:
    accepted: bool
    message: str
    job: SyncJob | None = None


def record_of(txn: Transaction, *, lock: bool = False) -> TransactionSyncState:
    queryset = TransactionSyncState.objects.select_for_update() if lock else TransactionSyncState.objects
    record = queryset.filter(transaction=txn).first()
    if record is None:
        TransactionSyncState.objects.get_or_create(transaction=txn, defaults={"company_id": txn.company_id})
        record = queryset.get(transaction=txn)
    return record


def open_job(txn: Transaction) -> SyncJob | None:
    return SyncJob.objects.filter(transaction=txn, state__in=OPEN_JOB_STATES).first()


def reverse_refusal(txn: Transaction, record: TransactionSyncState) -> str:
    """Why a reversal cannot succeed now ("" when it can), so it is never offered in vain."""
    posting = record.posting
    if posting is None:
        return ""
    if txn.type in (Transaction.Type.AR_INVOICE, Transaction.Type.AP_BILL):
        payments = ledger.live_payment_references(txn)
        if payments:
            return (
                f"payment {', '.join(payments)} is applied to it in Sage Intacct; void the payment first "
                "(its reversal must land), then reverse this"
            )
        if not posting.intacct_key:
            return "TRUE does not know its Intacct record key; reverse it in Sage Intacct by hand"
    elif not posting.lines and posting.version != txn.version:
        return (
            "TRUE does not know which lines Sage Intacct holds for it (it was linked, not sent by TRUE); "
            "reverse it in Sage Intacct by hand"
        )
    return ""


def situation(txn: Transaction, record: TransactionSyncState, job: SyncJob | None) -> machine.Situation:
    status = record.status
    action = job.action if job is not None else ""
    if job is not None:
        status = machine.status_of_open_job(job.state, job.action)
    elif status in (SyncStatus.FAILED, SyncStatus.REVERSAL_REFUSED):
        last = (
            SyncJob.objects.filter(transaction=txn).order_by("-id").values_list("action", flat=True).first()
        )
        action = last or ""
    elif status in (SyncStatus.QUEUED, SyncStatus.IN_PROGRESS, SyncStatus.UNCONFIRMED, SyncStatus.PAUSED):
        status = machine.settled_status(
            in_intacct=record.posting_id is not None, current=record.synced_version == txn.version
        )
    in_intacct = record.posting_id is not None and status != SyncStatus.REVERSED
    return machine.Situation(
        status=status,
        job_action=action,
        posted=txn.state == Transaction.State.POSTED,
        void=txn.state == Transaction.State.VOID,
        in_intacct=in_intacct,
        current=in_intacct and record.synced_version == txn.version,
        update_refusal=NOT_UPDATABLE.get(txn.type, ""),
        reverse_refusal=reverse_refusal(txn, record) if in_intacct else "",
        auto_reverse=bool(settings_for(txn.company).reverse_on_void),
        maybe_in_intacct=record.lookup_first,
    )


def request(
    txn: Transaction,
    what: str,
    *,
    actor: User | None = None,
    priority: int = AUTO_PRIORITY,
    reversal_date: dt.date | None = None,
    intacct_key: str = "",
    record_url: str = "",
) -> Answer:
    """Ask the state machine for ``what`` (a `machine` request) on one transaction."""
    for _ in range(_ATTEMPTS):
        try:
            with db_transaction.atomic():
                txn = Transaction.objects.select_related("company").get(pk=txn.pk)
                record = record_of(txn, lock=True)
                job = open_job(txn)
                if (
                    job is not None
                    and job.claimed_by
                    and job.claimed_until
                    and job.claimed_until < timezone.now()
                ):
                    recover_stale(txn.company_id)  # its worker is gone: decide on what is true now
                    record, job = record_of(txn, lock=True), open_job(txn)
                decision = machine.decide(what, situation(txn, record, job))
                if not decision.accepted:
                    return Answer(False, f"{txn}: {decision.reason}.", job)
                job = _apply(
                    decision.effect,
                    txn,
                    record,
                    job,
                    what=what,
                    actor=actor,
                    priority=priority,
                    reversal_date=reversal_date,
                    intacct_key=intacct_key,
                    record_url=record_url,
                )
                return Answer(True, f"{txn}: {decision.reason}." if decision.reason else f"{txn}.", job)
        except (_Lost, IntegrityError):
            continue
    return Answer(False, f"{txn}: {machine.IN_FLIGHT}.", open_job(txn))


# --- effects ------------------------------------------------------------------------------------------


def _cas(job: SyncJob, **changes: object) -> None:
    """Change the job only if it is still in the state (and claim) it was read in."""
    now = timezone.now()
    guard = SyncJob.objects.filter(pk=job.pk, state=job.state)
    guard = (
        guard.filter(Q(claimed_by="") | Q(claimed_until__lt=now))
        if job.state == JobState.UNCONFIRMED
        else guard.filter(claimed_by="")
    )
    if not guard.update(**changes, updated_at=now):
        raise _Lost
    for name, value in changes.items():
        setattr(job, name, value)


def _generation(txn: Transaction, version: int, action: str) -> int:
    used = SyncJob.objects.filter(transaction=txn, version=version, action=action).values_list(
        "retry_generation", flat=True
    )
    return max(used, default=-1) + 1


def _open(
    txn: Transaction,
    record: TransactionSyncState,
    action: str,
    *,
    actor: User | None,
    priority: int,
    state: str | None = None,
    **fields: object,
) -> SyncJob:
    version = int(fields.pop("version", txn.version))  # type: ignore[call-overload]
    generation = _generation(txn, version, action)
    if state is None:
        state = JobState.PAUSED if is_paused(txn.company_id) else JobState.QUEUED
    with db_transaction.atomic():  # a savepoint: a concurrent open job raises IntegrityError here
        job = SyncJob.objects.create(
            company_id=txn.company_id,
            transaction=txn,
            action=action,
            version=version,
            state=state,
            control_id=control_id_for(txn.company_id, txn.pk, version, action, generation),
            retry_generation=generation,
            priority=priority,
            due_at=timezone.now(),
            requested_by=actor,
            **fields,
        )
    _show(record, machine.status_of_open_job(job.state, job.action))
    if job.state in (JobState.QUEUED, JobState.UNCONFIRMED):
        outbox.schedule_dispatch(txn.company_id)
    return job


def _show(record: TransactionSyncState, status: str, **fields: object) -> None:
    TransactionSyncState.objects.filter(pk=record.pk).update(status=status, **fields)
    record.status = status


def _settle(txn: Transaction, record: TransactionSyncState) -> None:
    _show(
        record,
        machine.settled_status(
            in_intacct=record.posting_id is not None,
            current=record.synced_version == txn.version,
            reversed_=record.status == SyncStatus.REVERSED,
        ),
    )


def _open_reverse(
    txn: Transaction,
    record: TransactionSyncState,
    *,
    what: str,
    actor: User | None,
    priority: int,
    reversal_date: dt.date | None,
) -> SyncJob:
    posting = record.posting
    assert posting is not None
    return _open(
        txn,
        record,
        SyncAction.REVERSE,
        actor=actor,
        priority=priority,
        version=posting.version or txn.version,
        base_posting=posting,
        entity_id=posting.entity_id,
        reversal_date=reversal_date or company_today(txn.company),
        void_on_confirm=what == machine.REVERSE_REQUEST and txn.state == Transaction.State.POSTED,
    )


def _cancel(job: SyncJob | None) -> None:
    if job is not None:
        _cas(job, state=JobState.CANCELLED, finished_at=timezone.now(), last_error="Cancelled on request.")


def _apply(
    effect: str,
    txn: Transaction,
    record: TransactionSyncState,
    job: SyncJob | None,
    *,
    what: str,
    actor: User | None,
    priority: int,
    reversal_date: dt.date | None,
    intacct_key: str,
    record_url: str,
) -> SyncJob | None:
    now = timezone.now()
    if effect == machine.NOTHING:
        return job
    if effect == machine.OPEN_CREATE:
        if record.lookup_first:  # Intacct may hold it: look it up by reference before any create
            return _open(
                txn, record, SyncAction.CREATE, actor=actor, priority=priority, state=JobState.UNCONFIRMED
            )
        return _open(txn, record, SyncAction.CREATE, actor=actor, priority=priority)
    if effect == machine.OPEN_UPDATE:
        posting = record.posting
        assert posting is not None
        return _open(
            txn,
            record,
            SyncAction.UPDATE,
            actor=actor,
            priority=priority,
            base_posting=posting,
            entity_id=posting.entity_id,
        )
    if effect == machine.OPEN_REVERSE:
        return _open_reverse(
            txn, record, what=what, actor=actor, priority=priority, reversal_date=reversal_date
        )
    assert job is not None or effect in (
        machine.RETRY_LAST,
        machine.DESYNC,
        machine.CANCEL,
        machine.MARK_AS_SYNCED,
        machine.MARK_AS_NOT_SYNCED,
    )
    if effect == machine.PRIORITIZE:
        assert job is not None
        _cas(job, priority=min(job.priority, priority), due_at=now)
        outbox.schedule_dispatch(txn.company_id)
        return job
    if effect in (machine.REVERSION, machine.RECHECK):
        assert job is not None
        changes: dict[str, object] = {}
        if job.action != SyncAction.REVERSE and job.version != txn.version:
            generation = _generation(txn, txn.version, job.action)
            changes.update(
                version=txn.version,
                retry_generation=generation,
                control_id=control_id_for(txn.company_id, txn.pk, txn.version, job.action, generation),
            )
        if effect == machine.RECHECK:
            changes.update(
                state=JobState.PAUSED if is_paused(txn.company_id) else JobState.QUEUED, due_at=now
            )
            changes.update(priority=min(job.priority, priority))
        if changes:
            _cas(job, **changes)
            _show(record, machine.status_of_open_job(job.state, job.action))
            outbox.schedule_dispatch(txn.company_id)
        return job
    if effect == machine.RETRY_LAST:
        last = SyncJob.objects.filter(transaction=txn).order_by("-id").first()
        action = last.action if last is not None else SyncAction.CREATE
        if action == SyncAction.REVERSE:
            date = reversal_date or (last.reversal_date if last is not None else None)
            return _open_reverse(txn, record, what=what, actor=actor, priority=priority, reversal_date=date)
        if action == SyncAction.UPDATE and record.posting is not None:
            return _apply(
                machine.OPEN_UPDATE,
                txn,
                record,
                None,
                what=what,
                actor=actor,
                priority=priority,
                reversal_date=None,
                intacct_key="",
                record_url="",
            )
        return _open(txn, record, SyncAction.CREATE, actor=actor, priority=priority)
    if effect == machine.DESYNC:
        TransactionSyncState.objects.filter(pk=record.pk, status=SyncStatus.SYNCED).update(
            status=SyncStatus.DESYNCHRONIZED
        )
        return job
    if effect in (machine.CANCEL, machine.CANCEL_THEN_REVERSE):
        _cancel(job)
        if effect == machine.CANCEL_THEN_REVERSE:
            return _open_reverse(
                txn, record, what=what, actor=actor, priority=priority, reversal_date=reversal_date
            )
        _settle(txn, record)
        return None
    if effect == machine.MARK_AS_SYNCED:
        _cancel(job)
        _mark_synced(txn, record, actor, intacct_key, record_url)
        return None
    if effect == machine.MARK_AS_NOT_SYNCED:
        _cancel(job)
        _mark_not_synced(txn, record, actor)
        return None
    raise ValueError(f"unknown effect {effect!r}")


def _mark_synced(
    txn: Transaction, record: TransactionSyncState, actor: User | None, key: str, record_url: str
) -> None:
    """An administrator says Intacct holds the current version (entered by hand); audited. The
    ledger row records what that means in Intacct's terms (entity, lines), so a later update or
    reversal knows what Intacct holds."""
    prepared = prepare(load_context(txn.company), txn, SyncAction.CREATE)
    posting = Posting.objects.create(
        company_id=txn.company_id,
        transaction=txn,
        action=SyncAction.CREATE,
        version=txn.version,
        state=Posting.State.MARKED,
        control_id="",
        intacct_object=OBJECTS[txn.type][0],
        reference=txn.number,
        intacct_key=key,
        entity_id=prepared.entity_id,
        posting_date=prepared.posting_date,
        amount=txn.total,
        lines=ledger.lines_json(prepared.lines),
        message=f"Marked as synced by {actor}" if actor else "Marked as synced",
    )
    _show(
        record,
        SyncStatus.SYNCED,
        posting=posting,
        intacct_key=key,
        record_url=record_url,
        synced_version=txn.version,
        synced_at=timezone.now(),
        entity_id=prepared.entity_id,
        intacct_object=OBJECTS[txn.type][0],
        last_error="",
        lookup_first=False,
        marked_by_hand=True,
    )
    record_audit(
        company=txn.company,
        actor=actor,
        action="sage_intacct.sync.marked_synced",
        object_type="financial.transaction",
        object_id=txn.pk,
        summary=f"Marked {txn} as synced to Sage Intacct" + (f" (key {key})" if key else ""),
    )


def _mark_not_synced(txn: Transaction, record: TransactionSyncState, actor: User | None) -> None:
    """Forget the link; the next sync looks the record up by reference before it creates anything."""
    before = {"status": record.status, "intacct_key": record.intacct_key}
    _show(
        record,
        SyncStatus.NOT_SYNCED,
        posting=None,
        intacct_key="",
        record_url="",
        synced_version=None,
        synced_at=None,
        lookup_first=True,
        marked_by_hand=False,
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
