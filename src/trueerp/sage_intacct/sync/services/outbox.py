"""The outbox as the queue sees it: ringing the doorbell, and what is due.

Sync jobs are written by the state machine (`state/`) in the same database transaction as the change
that causes them; the queue is notified only on commit, once per company per transaction. The queue
is only a doorbell: what is due is read from the database (`next_due`, `has_work`).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid

from django.db import transaction as db_transaction
from django.db.models import Min, Q
from django.utils import timezone

from trueerp.celery import app
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.sync.models import JobState, SyncAttempt, SyncJob, TransactionSyncState
from trueerp.sage_intacct.sync.services.heartbeat import lease_seconds

__all__ = [
    "AUTO_PRIORITY",
    "MANUAL_PRIORITY",
    "dispatch_company",
    "has_work",
    "history",
    "lease_seconds",
    "new_token",
    "next_due",
    "schedule_dispatch",
    "state_for",
]

logger = logging.getLogger(__name__)

MANUAL_PRIORITY = 10
AUTO_PRIORITY = 100


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
    """The record's sync state (a new one reads "not synced")."""
    state, _ = TransactionSyncState.objects.get_or_create(
        transaction=txn, defaults={"company_id": txn.company_id}
    )
    return state


def new_token(worker: str = "") -> str:
    return f"{worker or 'worker'}:{uuid.uuid4().hex[:12]}"[:64]


def _due(company_id: int) -> Q:
    now = timezone.now()
    unclaimed = Q(claimed_by="") | Q(claimed_until__lt=now)
    return Q(company_id=company_id) & (Q(state=JobState.QUEUED) | (Q(state=JobState.UNCONFIRMED) & unclaimed))


def next_due(company_id: int) -> dt.datetime | None:
    """When the company's next queued job or look-up is due (None when nothing waits)."""
    value = SyncJob.objects.filter(_due(company_id)).aggregate(Min("due_at"))
    result: dt.datetime | None = value["due_at__min"]
    return result


def has_work(company_id: int) -> bool:
    """A queued job or a look-up is due now (work that is waiting for its back-off is not)."""
    return SyncJob.objects.filter(_due(company_id), due_at__lte=timezone.now()).exists()


def history(txn: Transaction) -> list[SyncAttempt]:
    return list(
        SyncAttempt.objects.filter(transaction=txn)
        .select_related("error", "job")
        .order_by("-created_at", "-id")
    )
