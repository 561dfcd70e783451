"""The Sync status column and filter on the Financial transaction list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString

from trueerp.core.models import Company
from trueerp.financial import list_extensions
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.actions.amounts import base_amount_html, booked_from_states
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT
from trueerp.sage_intacct.sync.models import SyncStatus, TransactionSyncState
from trueerp.sage_intacct.sync.presentation import status_badge


def _badges(transactions: Sequence[Transaction], company: Company) -> Mapping[int, SafeString]:
    """The sync badge of each row and, under it, the base amount of a foreign-currency record that is
    in Intacct (in the same two queries: a list page stays at a fixed query count)."""
    if not IntacctConnection.objects.filter(company=company).exists():
        return {}
    rows = TransactionSyncState.objects.filter(transaction__in=[t.pk for t in transactions]).values_list(
        "transaction_id", "status", "entity_id", "intacct_key"
    )
    states = {pk: (status, entity, key) for pk, status, entity, key in rows}
    booked = booked_from_states(
        company, transactions, {pk: entity for pk, (_, entity, key) in states.items() if key}
    )
    cells = {}
    for t in transactions:
        badge = status_badge(states.get(t.pk, (SyncStatus.NOT_SYNCED, "", ""))[0])
        amount = booked.get(t.pk)
        cells[t.pk] = badge + base_amount_html(amount) if amount is not None and amount.is_foreign else badge
    return cells


def _filter(queryset: QuerySet[Transaction], value: str) -> QuerySet[Transaction]:
    if value == SyncStatus.NOT_SYNCED:
        return queryset.filter(Q(intacct_sync__isnull=True) | Q(intacct_sync__status=SyncStatus.NOT_SYNCED))
    return queryset.filter(intacct_sync__status=value)


def _choices(company: Company) -> list[tuple[str, str]]:
    if not IntacctConnection.objects.filter(company=company).exists():
        return []
    return [(status.value, status.label) for status in SyncStatus]


def register() -> None:
    # Without #1598 nothing of Sage Intacct shows on the Financial list or detail: no column, badge,
    # filter or bulk action (the Gear menu's Sage Actions are hidden the same way).
    list_extensions.register_column(
        list_extensions.ListColumn(
            key="sage_sync",
            header="Sage Intacct",
            render_page=_badges,
            order=50,
            permission=MODULE_ACCESS_SAGE_INTACCT,
        )
    )
    list_extensions.register_filter(
        list_extensions.ListFilter(
            key="sage_sync",
            label="Sync status",
            choices=_choices,
            apply=_filter,
            permission=MODULE_ACCESS_SAGE_INTACCT,
        )
    )
    list_extensions.register_bulk_action(
        list_extensions.BulkAction(
            key="sage_sync",
            label="Sync selected to Sage Intacct",
            url_name="sage_intacct:bulk_sync",
            permission=MODULE_ACCESS_SAGE_INTACCT,
        )
    )
