"""Writing the outcome of a batch: jobs, badges, the attempt log and the de-duplicated error list.

All in one database transaction, and only for jobs the writer still owns (claimed by its token and
still in progress): a worker whose lease was taken over never overwrites the newer owner's result.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from django.db import connection, models
from django.db import transaction as db_transaction
from django.db.models import F
from django.utils import timezone

from trueerp.financial.models import Transaction
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.sync.models import (
    JobState,
    SyncAction,
    SyncAttempt,
    SyncError,
    SyncJob,
    SyncStatus,
    TransactionSyncState,
)
from trueerp.sage_intacct.sync.services.builders import control_id_for
from trueerp.sage_intacct.sync.services.error_catalogue import Explanation

MAX_AUTOMATIC_ATTEMPTS = 8
_LINE_NUMBERS = re.compile(r"\b[Ll]ine \d+\b")


@dataclass
class Outcome:
    """What happened to one job in one attempt."""

    job: SyncJob
    outcome: str  # a SyncAttempt.Outcome value, or "cancelled"
    intacct_key: str = ""
    record_url: str = ""
    message: str = ""
    explanation: Explanation | None = None
    errors: list[dict[str, str]] = field(default_factory=list)
    entity_id: str = ""
    intacct_object: str = ""
    reference: str = ""
    summary: str = ""
    note: str = ""
    request_control_id: str = ""
    duration_ms: int = 0
    fresh_control_id: bool = False  # the function definitively failed: a retry needs a new id
    sent_version: int | None = None  # the transaction version whose content was sent


def record_url(connection: IntacctConnection | None, intacct_object: str, key: str) -> str:
    """A link that opens the record: the emulator's console, or Intacct's record URL."""
    if connection is None or not key:
        return ""
    endpoint = connection.endpoint_url or ""
    parts = urlsplit(endpoint)
    if endpoint and not (parts.hostname or "").endswith("intacct.com"):
        company = quote(connection.intacct_company_id)
        return (
            f"{parts.scheme}://{parts.netloc}/__emulator__/companies/{company}/{intacct_object}/{quote(key)}"
        )
    return f"https://www.intacct.com/ia/acct/ur.phtml?.r={quote(intacct_object)}:{quote(key)}"


def blocked_fingerprint_text(problems: list[str]) -> str:
    return " ".join(_LINE_NUMBERS.sub("line #", p) for p in problems)


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(300, 2 ** max(0, attempts - 1)))


def _error_row(company_id: int, explanation: Explanation, fingerprint: str, txn_id: int) -> SyncError:
    now = timezone.now()
    row, created = SyncError.objects.get_or_create(
        company_id=company_id,
        fingerprint=fingerprint,
        defaults={
            "code": explanation.code,
            "errorno": explanation.errorno[:100],
            "title": explanation.title[:200],
            "cause": explanation.cause,
            "fix": explanation.fix,
            "detail": explanation.detail,
            "retryable": explanation.retryable,
            "last_transaction_id": txn_id,
        },
    )
    if not created:
        SyncError.objects.filter(pk=row.pk).update(
            count=F("count") + 1,
            last_seen=now,
            resolved=False,
            resolved_at=None,
            last_transaction_id=txn_id,
            detail=explanation.detail,
        )
    return row


def write_outcomes(company_id: int, token: str, outcomes: list[Outcome]) -> list[Outcome]:
    """Apply outcomes of jobs still owned by ``token``; returns the ones applied."""
    if not outcomes:
        return []
    now = timezone.now()
    with db_transaction.atomic():
        ids = [o.job.pk for o in outcomes]
        owned = set(
            SyncJob.objects.select_for_update()
            .filter(pk__in=ids, claimed_by=token, state=JobState.IN_PROGRESS)
            .values_list("pk", flat=True)
        )
        applied = [o for o in outcomes if o.job.pk in owned]
        if not applied:
            return []
        txn_ids = [o.job.transaction_id for o in applied]
        versions = dict(Transaction.objects.filter(pk__in=txn_ids).values_list("pk", "version"))
        states = {
            s.transaction_id: s for s in TransactionSyncState.objects.filter(transaction_id__in=txn_ids)
        }
        attempts: list[SyncAttempt] = []
        resolved_candidates: set[int] = set()
        for o in applied:
            job = o.job
            state = states.get(job.transaction_id) or TransactionSyncState(
                transaction_id=job.transaction_id, company_id=company_id
            )
            states[job.transaction_id] = state
            error: SyncError | None = None
            if o.explanation is not None and o.outcome in (
                SyncAttempt.Outcome.FAILED,
                SyncAttempt.Outcome.BLOCKED,
            ):
                extra = o.message if o.outcome == SyncAttempt.Outcome.BLOCKED else ""
                fingerprint = o.explanation.fingerprint(blocked_fingerprint_text([extra]) if extra else "")
                error = _error_row(company_id, o.explanation, fingerprint, job.transaction_id)
            job.claimed_by = ""
            job.claimed_until = None
            job.entity_id = o.entity_id or job.entity_id
            job.intacct_object = o.intacct_object or job.intacct_object
            job.reference = o.reference or job.reference
            job.note = o.note or job.note
            job.updated_at = now
            state.last_attempt_at = now
            if o.outcome in (SyncAttempt.Outcome.SYNCED, SyncAttempt.Outcome.RECONCILED):
                if job.error_id:
                    resolved_candidates.add(job.error_id)
                job.state = JobState.SYNCED
                job.intacct_key = o.intacct_key
                job.record_url = o.record_url
                job.last_error = ""
                job.error = None
                job.finished_at = now
                if job.action == SyncAction.REVERSE:
                    state.status = SyncStatus.REVERSED
                else:
                    sent = o.sent_version or job.version
                    edited = versions.get(job.transaction_id, sent) > sent
                    state.status = SyncStatus.DESYNCHRONIZED if edited else SyncStatus.SYNCED
                    state.intacct_key = o.intacct_key
                    state.record_url = o.record_url
                    state.synced_version = sent
                    state.synced_at = now
                    state.intacct_object = job.intacct_object
                    state.entity_id = job.entity_id
                state.last_error = ""
            elif o.outcome == SyncAttempt.Outcome.UNCONFIRMED:
                job.state = JobState.UNCONFIRMED
                job.last_error = o.message
                state.status = SyncStatus.UNCONFIRMED
            elif o.outcome in (SyncAttempt.Outcome.RETRY, SyncAttempt.Outcome.NOT_FOUND):
                give_up = o.outcome == SyncAttempt.Outcome.RETRY and job.attempts >= MAX_AUTOMATIC_ATTEMPTS
                if o.fresh_control_id:
                    job.retry_generation += 1
                    job.control_id = control_id_for(
                        company_id, job.transaction_id, job.version, job.action, job.retry_generation
                    )
                job.last_error = o.message
                if give_up:
                    job.state = JobState.FAILED
                    job.finished_at = now
                    state.status = SyncStatus.FAILED
                    state.last_error = o.message
                else:
                    job.state = JobState.QUEUED
                    job.due_at = now + (
                        _backoff(job.attempts) if o.outcome == SyncAttempt.Outcome.RETRY else dt.timedelta()
                    )
                    state.status = SyncStatus.QUEUED
            elif o.outcome == "cancelled":
                job.state = JobState.CANCELLED
                job.finished_at = now
                job.last_error = o.message
                if state.status in (SyncStatus.QUEUED, SyncStatus.IN_PROGRESS):
                    state.status = SyncStatus.NOT_SYNCED
            else:  # failed or blocked
                blocked = o.outcome == SyncAttempt.Outcome.BLOCKED
                job.state = JobState.BLOCKED if blocked else JobState.FAILED
                job.last_error = o.message
                job.error = error
                job.finished_at = None if blocked else now
                state.status = SyncStatus.BLOCKED if blocked else SyncStatus.FAILED
                state.last_error = o.message
            if o.outcome != "cancelled":
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
        fast_update(
            SyncJob,
            [o.job for o in applied],
            [
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
                "updated_at",
            ],
        )
        new_states = [s for s in states.values() if s.pk is None]
        if new_states:
            TransactionSyncState.objects.bulk_create(new_states, ignore_conflicts=True)
        for s in states.values():
            s.updated_at = now
        fast_update(
            TransactionSyncState,
            [s for s in states.values() if s.pk is not None],
            [
                "status",
                "intacct_key",
                "record_url",
                "synced_version",
                "synced_at",
                "intacct_object",
                "entity_id",
                "last_error",
                "last_attempt_at",
                "updated_at",
            ],
        )
        fast_insert(SyncAttempt, attempts, now)
        for error_id in resolved_candidates:
            still_open = SyncJob.objects.filter(
                error_id=error_id, state__in=(JobState.FAILED, JobState.BLOCKED)
            ).exists()
            if not still_open:
                SyncError.objects.filter(pk=error_id).update(resolved=True, resolved_at=now)
        _release_waiting_payments(
            company_id,
            [o.job.transaction_id for o in applied if o.job.state == JobState.SYNCED],
            now,
        )
    return applied


def _release_waiting_payments(company_id: int, synced_transaction_ids: list[int], now: dt.datetime) -> None:
    """Payments blocked because their invoice or bill was not in Intacct yet run again once it is."""
    if not synced_transaction_ids:
        return
    waiting = list(
        SyncJob.objects.filter(
            company_id=company_id,
            state=JobState.BLOCKED,
            transaction__applies_to_id__in=synced_transaction_ids,
        ).values_list("pk", "transaction_id")
    )
    if not waiting:
        return
    SyncJob.objects.filter(pk__in=[pk for pk, _ in waiting], state=JobState.BLOCKED).update(
        state=JobState.QUEUED, due_at=now
    )
    TransactionSyncState.objects.filter(transaction_id__in=[txn for _, txn in waiting]).update(
        status=SyncStatus.QUEUED
    )


def fast_update(model: type[models.Model], objects: list[Any], field_names: list[str]) -> None:
    """One prepared UPDATE executed for every row (executemany).

    ``bulk_update`` builds a CASE expression per field and row, which costs far more CPU than the
    database work for a batch of 100; executemany sends the same statement with new parameters.
    """
    if not objects:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    columns = ", ".join(f"{connection.ops.quote_name(str(f.column))} = %s" for f in fields)  # type: ignore[union-attr]
    sql = f"UPDATE {connection.ops.quote_name(meta.db_table)} SET {columns} WHERE {connection.ops.quote_name(str(meta.pk.column))} = %s"  # noqa: S608
    adapt_datetime = connection.ops.adapt_datetimefield_value
    converters = [adapt_datetime if isinstance(f, models.DateTimeField) else None for f in fields]
    attnames = [f.attname for f in fields]  # type: ignore[union-attr]
    rows = []
    for obj in objects:
        row: list[Any] = []
        for attname, convert in zip(attnames, converters, strict=True):
            value = getattr(obj, attname)
            row.append(convert(value) if convert is not None and value is not None else value)
        row.append(obj.pk)
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def fast_insert(model: type[models.Model], objects: list[Any], now: dt.datetime) -> None:
    """INSERT rows with executemany (``auto_now_add`` fields get ``now``); same reason as above."""
    if not objects:
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    for obj in objects:
        for f in fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                setattr(obj, f.attname, now)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    simple = [not isinstance(f, models.JSONField | models.DateTimeField) for f in fields]
    rows = [
        [
            getattr(obj, f.attname) if plain else f.get_db_prep_save(getattr(obj, f.attname), connection)
            for f, plain in zip(fields, simple, strict=True)
        ]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def errors_as_data(errors: Any) -> list[dict[str, str]]:
    return [
        {
            "errorno": e.errorno,
            "description": e.description,
            "description2": e.description2,
            "correction": e.correction,
            "support_id": e.support_id or "",
        }
        for e in errors
    ]
