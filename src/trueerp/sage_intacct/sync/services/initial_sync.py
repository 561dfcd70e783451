"""The first full sync: every posted transaction that has never been sent to Intacct.

Started by an administrator from Settings > Sage Intacct after connecting and mapping; it queues
the transactions in bulk (the engine posts each exactly once) and the page follows the progress.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.sync.models import SyncJob, SyncStatus
from trueerp.sage_intacct.sync.services import outbox
from trueerp.sage_intacct.sync.services.state import bulk


def never_synced(company: Company, since: dt.date | None = None) -> QuerySet[Transaction]:
    """Posted transactions of the types that sync, with no sync job and no link to Intacct."""
    types = settings_for(company).auto_sync_types or list(Transaction.Type.values)
    queryset = (
        Transaction.objects.filter(company=company, state=Transaction.State.POSTED, type__in=types)
        .filter(Q(intacct_sync__isnull=True) | Q(intacct_sync__status=SyncStatus.NOT_SYNCED))
        .exclude(Exists(SyncJob.objects.filter(transaction=OuterRef("pk"))))
    )
    if since is not None:
        queryset = queryset.filter(date__gte=since)
    return queryset.order_by("date", "id")


def start_initial_sync(company: Company, actor: User, since: dt.date | None = None) -> list[int]:
    transactions = list(never_synced(company, since))
    if not transactions:
        return []
    bulk.enqueue_many(transactions, priority=outbox.AUTO_PRIORITY)
    record_audit(
        company=company,
        actor=actor,
        action="sage_intacct.sync.initial",
        summary=f"First full sync started: {len(transactions)} posted transaction(s)"
        + (f" dated {since:%Y-%m-%d} or later" if since else ""),
    )
    return [txn.pk for txn in transactions]
