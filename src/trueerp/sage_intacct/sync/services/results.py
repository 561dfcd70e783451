"""What one attempt of one job came to (`Outcome`), and the bulk writing helpers the state machine
uses to record outcomes: prepared UPDATE/INSERT statements, de-duplicated error rows, record links.
Applying outcomes to jobs and badges is the state machine's (`state/worker.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

from django.db import connection, models
from django.db.models import F
from django.utils import timezone

from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.sync.models import Posting, SyncError, SyncJob
from trueerp.sage_intacct.sync.services.error_catalogue import Explanation

MAX_AUTOMATIC_ATTEMPTS = 8
_LINE_NUMBERS = re.compile(r"\b[Ll]ine \d+\b")


class LedgerRow(Protocol):
    """A posting-ledger row as outcomes use it: a `Posting`, or the engine's lighter `ledger.Sent`."""

    pk: Any
    state: str
    version: int | None
    control_id: str
    intacct_object: str
    intacct_key: str
    entity_id: str
    note: str
    answer: Any
    message: str
    answered_at: dt.datetime | None


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
    posting: LedgerRow | None = None  # the posting-ledger row this attempt sent (or found)
    resend: Posting | None = None  # not found in Intacct: the row whose payload is sent again
    paused: bool = False  # credentials rejected: the company's queue pauses


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


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … s, at most five minutes: retries and failing look-ups never hammer Intacct."""
    return dt.timedelta(seconds=min(300, 2 ** max(0, min(attempts, 20) - 1)))


def error_row(company_id: int, explanation: Explanation, fingerprint: str, txn_id: int | None) -> SyncError:
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


def fast_update(
    model: type[models.Model],
    objects: list[Any],
    field_names: list[str],
    guard: dict[str, Any] | None = None,
) -> None:
    """One prepared UPDATE executed for every row (executemany).

    ``bulk_update`` builds a CASE expression per field and row, which costs far more CPU than the
    database work for a batch of 100; executemany sends the same statement with new parameters.
    ``guard`` adds compare-and-set conditions (column = value) every row must still meet.
    """
    if not objects:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)  # type: ignore[union-attr]
    guards = list((guard or {}).items())
    condition = "".join(f" AND {quote(str(meta.get_field(name).column))} = %s" for name, _ in guards)  # type: ignore[union-attr]
    sql = f"UPDATE {quote(meta.db_table)} SET {columns} WHERE {quote(str(meta.pk.column))} = %s{condition}"  # noqa: S608
    adapt_datetime = connection.ops.adapt_datetimefield_value
    converters: list[Any] = [
        adapt_datetime
        if isinstance(f, models.DateTimeField)
        else (lambda v, f=f: f.get_db_prep_save(v, connection))
        if isinstance(f, models.JSONField)
        else None
        for f in fields
    ]
    attnames = [f.attname for f in fields]  # type: ignore[union-attr]
    rows = []
    for obj in objects:
        row: list[Any] = []
        for attname, convert in zip(attnames, converters, strict=True):
            value = getattr(obj, attname)
            row.append(convert(value) if convert is not None and value is not None else value)
        row.append(obj.pk)
        row.extend(value for _, value in guards)
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _converter(f: Any) -> Any:
    """How one field's Python value becomes a query parameter (None: as it is)."""
    if isinstance(f, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
        return lambda v: adapt(v) if v is not None else None
    if isinstance(f, models.JSONField):
        return lambda v, f=f: f.get_db_prep_save(v, connection)
    return None


def fast_insert(model: type[models.Model], objects: list[Any], now: dt.datetime) -> None:
    """INSERT rows with executemany (``auto_now_add`` fields get ``now``); same reason as above."""
    if not objects:
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    stamped = [
        f.attname for f in fields if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
    ]
    for obj in objects:
        for attname in stamped:
            setattr(obj, attname, now)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    plan = [(f.attname, _converter(f)) for f in fields]
    rows = [
        [
            getattr(obj, attname) if convert is None else convert(getattr(obj, attname))
            for attname, convert in plan
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
