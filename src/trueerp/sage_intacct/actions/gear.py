"""Gear icon > Sage Actions on a Financial transaction: only the actions valid in its sync state."""

from __future__ import annotations

from django.urls import reverse

from trueerp.core.models import User
from trueerp.core.permissions import FINANCIAL_POST, user_has_permission
from trueerp.financial.actions import GearGroup, GearItem
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN
from trueerp.sage_intacct.sync.models import SyncStatus, TransactionSyncState

SYNCABLE_FROM = {SyncStatus.NOT_SYNCED, SyncStatus.FAILED, SyncStatus.BLOCKED}
IN_INTACCT = {SyncStatus.SYNCED, SyncStatus.DESYNCHRONIZED}


def sync_status_of(txn: Transaction) -> TransactionSyncState | None:
    return TransactionSyncState.objects.filter(transaction=txn).first()


def sage_actions(txn: Transaction, user: User) -> GearGroup | None:
    if not user_has_permission(user, MODULE_ACCESS_SAGE_INTACCT):
        return None
    if not IntacctConnection.objects.filter(company_id=txn.company_id).exists():
        return None
    state = sync_status_of(txn)
    status = SyncStatus(state.status) if state is not None else SyncStatus.NOT_SYNCED

    def url(name: str) -> str:
        return reverse(f"sage_intacct:{name}", args=[txn.pk])

    items: list[GearItem] = []
    if txn.state == Transaction.State.POSTED and status in SYNCABLE_FROM:
        label = "Sync now" if status == SyncStatus.NOT_SYNCED else "Retry sync"
        items.append(
            GearItem(
                "sage.sync", label, url("action_sync"), method="post", hint="Send it to Sage Intacct now"
            )
        )
    if status == SyncStatus.DESYNCHRONIZED and txn.state == Transaction.State.POSTED:
        items.append(
            GearItem(
                "sage.update",
                "Update in Sage Intacct",
                url("action_update"),
                method="post",
                hint="Edited after it synced: send the changes",
            )
        )
    if status in IN_INTACCT and (
        txn.state == Transaction.State.VOID or user_has_permission(user, FINANCIAL_POST)
    ):
        items.append(
            GearItem(
                "sage.reverse",
                "Reverse in Sage Intacct",
                url("action_reverse"),
                method="post",
                hint="Voids it here and reverses it in Intacct"
                if txn.state != Transaction.State.VOID
                else "Reverse the Intacct record of this voided transaction",
                confirm=f"Reverse {txn} in Sage Intacct?",
                danger=True,
            )
        )
    if state is not None and state.record_url:
        items.append(
            GearItem(
                "sage.view",
                "View in Sage Intacct",
                state.record_url,
                hint=f"{state.intacct_object} {state.intacct_key}".strip(),
                new_tab=True,
            )
        )
    items.append(GearItem("sage.history", "Sync history", url("transaction_history"), hint=status.label))
    if user_has_permission(user, SAGE_INTACCT_SYNC_ADMIN):
        if status not in IN_INTACCT and status != SyncStatus.REVERSED:
            items.append(
                GearItem(
                    "sage.mark_synced",
                    "Mark as synced",
                    url("action_mark_synced"),
                    method="post",
                    hint="It was entered in Intacct by hand",
                    confirm=f"Mark {txn} as synced without sending it?",
                )
            )
        if status != SyncStatus.NOT_SYNCED:
            items.append(
                GearItem(
                    "sage.mark_not_synced",
                    "Mark as not synced",
                    url("action_mark_not_synced"),
                    method="post",
                    hint="Forget the Intacct link; the next sync creates it again",
                    confirm=f"Mark {txn} as not synced? Its link to Intacct is forgotten.",
                    danger=True,
                )
            )
    return GearGroup("sage_intacct", f"Sage Actions · {status.label}", items)
