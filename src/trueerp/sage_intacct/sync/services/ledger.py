"""The posting ledger: what TRUE sent to Intacct, recorded before it is sent.

A `Posting` row is written for every function just before its request goes out (bulk, one INSERT per
batch) and answered after (one UPDATE per batch). What Intacct holds is the last *confirmed* row, so
an update goes to the entity that row names, a reversal flips that row's lines, and a found record is
linked to the row that sent it. A control id that may have executed is only ever sent again with the
row's own payload (`StoredFunction`), so whatever Intacct ran under that id is what the ledger says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from intacct import Function
from intacct._xml import XmlWriter
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.services.prevalidation import PreparedLine
from trueerp.sage_intacct.sync.models import Posting, SyncAction, SyncJob, SyncStatus
from trueerp.sage_intacct.sync.services.builders import Built
from trueerp.sage_intacct.sync.services.results import LedgerRow, fast_insert, fast_update

# Rows whose control id may have executed in Intacct (only their own payload is ever sent again).
MAY_HAVE_EXECUTED = (Posting.State.PENDING, Posting.State.UNKNOWN)
# Rows that say what Intacct holds.
HELD = (Posting.State.CONFIRMED, Posting.State.MARKED, Posting.State.FOUND)


class StoredFunction(Function):
    """A function sent again exactly as it was first sent: its recorded XML, its control id."""

    element = "stored"
    writes = True
    idempotent = False

    def __init__(self, xml: str, control_id: str) -> None:
        super().__init__(control_id=control_id)
        self._xml = xml

    def write_body(self, writer: XmlWriter) -> None:  # pragma: no cover - to_xml returns the stored text
        raise NotImplementedError("a stored function is written from its recorded XML")


def lines_json(lines: Iterable[PreparedLine]) -> list[dict[str, Any]]:
    return [
        {
            "line_no": line.line_no,
            "account": line.account_no,
            "side": "debit" if line.is_debit else "credit",
            "amount": str(line.amount),
            "dimensions": dict(line.dimensions),
            "memo": line.memo,
        }
        for line in lines
    ]


def payload_of(function: Function) -> tuple[str, str]:
    xml = function.to_xml()
    return xml, hashlib.sha256(xml.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Sent:
    """One posting-ledger row as the engine writes it: a plain object, not a model instance, because
    a batch writes a hundred of them before every request (one prepared INSERT, `record`)."""

    company_id: int
    transaction_id: int
    job_id: int | None
    action: str
    version: int | None
    control_id: str
    intacct_object: str
    reference: str
    entity_id: str
    posting_date: dt.date | None
    currency: str
    exchange_rate_type: str
    exchange_rate: Decimal | None
    exchange_rate_date: dt.date | None
    amount: Decimal | None
    lines: list[dict[str, Any]]
    payload: str
    payload_hash: str
    reverses_id: int | None
    note: str
    sent_at: dt.datetime
    state: str = Posting.State.PENDING
    intacct_key: str = ""
    answer: list[dict[str, str]] = field(default_factory=list)
    message: str = ""
    answered_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    pk: int | None = None
    resend: bool = False  # the same payload as an earlier send whose outcome was unknown


def new_posting(
    job: SyncJob,
    txn: Transaction,
    built: Built,
    *,
    version: int,
    entity_id: str,
    posting_date: dt.date | None,
    lines: list[PreparedLine],
    amount: Decimal | None,
    note: str,
    now: dt.datetime,
    reverses_id: int | None = None,
) -> Sent:
    """The row for one function about to be sent (written in bulk by `record`)."""
    xml, digest = payload_of(built.function)
    return Sent(
        company_id=job.company_id,
        transaction_id=txn.pk,
        job_id=job.pk,
        action=job.action,
        version=version,
        control_id=built.function.control_id,
        intacct_object=built.intacct_object,
        reference=built.reference,
        entity_id=entity_id,
        posting_date=posting_date,
        currency=built.currency,
        exchange_rate_type=built.exchange_rate_type,
        exchange_rate=built.exchange_rate,
        exchange_rate_date=built.exchange_rate_date,
        amount=amount,
        lines=lines_json(lines),
        payload=xml,
        payload_hash=digest,
        reverses_id=reverses_id,
        note=note,
        sent_at=now,
    )


def resend_of(stored: Posting, job: SyncJob, now: dt.datetime) -> Sent:
    """A new row for sending ``stored``'s payload again under its control id (same content)."""
    return Sent(
        company_id=stored.company_id,
        transaction_id=stored.transaction_id,
        job_id=job.pk,
        action=stored.action,
        version=stored.version,
        control_id=stored.control_id,
        intacct_object=stored.intacct_object,
        reference=stored.reference,
        entity_id=stored.entity_id,
        posting_date=stored.posting_date,
        currency=stored.currency,
        exchange_rate_type=stored.exchange_rate_type,
        exchange_rate=stored.exchange_rate,
        exchange_rate_date=stored.exchange_rate_date,
        amount=stored.amount,
        lines=stored.lines,
        payload=stored.payload,
        payload_hash=stored.payload_hash,
        reverses_id=stored.reverses_id,
        note=stored.note,
        sent_at=now,
        resend=True,
    )


def stored_function(posting: Posting) -> StoredFunction:
    return StoredFunction(posting.payload, posting.control_id)


def record(rows: list[Sent]) -> list[Sent]:
    """Write the rows before their request goes out (one prepared INSERT), then learn their ids."""
    if not rows:
        return []
    fast_insert(Posting, rows, rows[0].sent_at)
    ids = dict(
        Posting.objects.filter(job_id__in=[r.job_id for r in rows], sent_at=rows[0].sent_at).values_list(
            "job_id", "pk"
        )
    )
    for row in rows:
        row.pk = ids.get(row.job_id or 0)
    return rows


def answer(rows: Sequence[LedgerRow]) -> None:
    """Write what Intacct answered onto the rows (one prepared UPDATE for the batch)."""
    fast_update(
        Posting, list(rows), ["state", "intacct_key", "answer", "message", "answered_at", "entity_id"]
    )


def supersede_siblings(postings: Sequence[LedgerRow], now: dt.datetime) -> None:
    """Once one send of a control id is confirmed, its other sends are settled with it (one UPDATE)."""
    if not postings:
        return
    Posting.objects.filter(
        control_id__in=[p.control_id for p in postings],
        state__in=(*MAY_HAVE_EXECUTED, Posting.State.NOT_EXECUTED),
    ).exclude(pk__in=[p.pk for p in postings]).update(state=Posting.State.SUPERSEDED, answered_at=now)


def unknown_for(job: SyncJob) -> Posting | None:
    """The latest row of this job whose control id may have executed (what a re-send must carry)."""
    return (
        Posting.objects.filter(job=job, control_id=job.control_id, state__in=MAY_HAVE_EXECUTED)
        .order_by("-id")
        .first()
    )


def held_with_key(txn_id: int, key: str) -> Posting | None:
    """The ledger's row for a record Intacct holds under ``key`` (a link found again by reference)."""
    return (
        Posting.objects.filter(transaction_id=txn_id, intacct_key=key, state__in=HELD)
        .exclude(action=SyncAction.REVERSE)
        .order_by("-id")
        .first()
    )


def mark_unknown(job_ids: list[int]) -> int:
    """Jobs whose requests were out when their worker vanished: their rows' outcome is unknown."""
    return Posting.objects.filter(job_id__in=job_ids, state=Posting.State.PENDING).update(
        state=Posting.State.UNKNOWN
    )


def live_payment_references(txn: Transaction) -> list[str]:
    """Payments of an invoice or bill that Intacct holds (a document with payments cannot be reversed)."""
    in_flight = (SyncStatus.IN_PROGRESS, SyncStatus.UNCONFIRMED)
    payments = Transaction.objects.filter(applies_to=txn).filter(
        Q(intacct_sync__posting__isnull=False) | Q(intacct_sync__status__in=in_flight)
    )
    return list(payments.exclude(intacct_sync__status=SyncStatus.REVERSED).values_list("number", flat=True))
