"""Gear icon > Sage Actions on a Financial transaction: exactly the requests the state machine would
accept now, so nothing is offered that would be refused (a reversal Intacct cannot do is not offered)."""

from __future__ import annotations

from django.urls import reverse

from trueerp.core.models import User
from trueerp.core.permissions import FINANCIAL_POST, user_has_permission
from trueerp.financial.actions import GearGroup, GearItem
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN
from trueerp.sage_intacct.sync.models import SyncStatus, TransactionSyncState
from trueerp.sage_intacct.sync.services.state import machine, requests

SYNC_LABELS = {
    SyncStatus.NOT_SYNCED: "Sync now",
    SyncStatus.FAILED: "Retry sync",
    SyncStatus.BLOCKED: "Retry sync",
    SyncStatus.REVERSAL_REFUSED: "Retry reversal",
}


def sync_status_of(txn: Transaction) -> TransactionSyncState | None:
    return TransactionSyncState.objects.filter(transaction=txn).select_related("posting").first()


def _accepts(situation: machine.Situation, what: str, *effects: str) -> bool:
    decision = machine.decide(what, situation)
    return decision.accepted and (not effects or decision.effect in effects)


def sage_actions(txn: Transaction, user: User) -> GearGroup | None:
    if not user_has_permission(user, MODULE_ACCESS_SAGE_INTACCT):
        return None
    if not IntacctConnection.objects.filter(company_id=txn.company_id).exists():
        return None
    state = sync_status_of(txn)
    record = state or TransactionSyncState(transaction=txn, company_id=txn.company_id)
    situation = requests.situation(txn, record, requests.open_job(txn) if state is not None else None)
    status = SyncStatus(situation.status)

    def url(name: str) -> str:
        return reverse(f"sage_intacct:{name}", args=[txn.pk])

    items: list[GearItem] = []
    if status in SYNC_LABELS and _accepts(
        situation, machine.SYNC, machine.OPEN_CREATE, machine.RETRY_LAST, machine.RECHECK
    ):
        items.append(
            GearItem(
                "sage.sync",
                SYNC_LABELS[status],
                url("action_sync"),
                method="post",
                hint="Send it to Sage Intacct now",
            )
        )
    if _accepts(situation, machine.UPDATE_REQUEST, machine.OPEN_UPDATE):
        items.append(
            GearItem(
                "sage.update",
                "Update in Sage Intacct",
                url("action_update"),
                method="post",
                hint="Edited after it synced: send the changes",
            )
        )
    if _accepts(situation, machine.REVERSE_REQUEST, machine.OPEN_REVERSE, machine.CANCEL_THEN_REVERSE) and (
        txn.state == Transaction.State.VOID or user_has_permission(user, FINANCIAL_POST)
    ):
        items.append(
            GearItem(
                "sage.reverse",
                "Reverse in Sage Intacct",
                url("action_reverse"),
                hint="Reverses it in Intacct; voids it here once Intacct confirms"
                if txn.state != Transaction.State.VOID
                else "Reverse the Intacct record of this voided transaction",
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
        if _accepts(situation, machine.MARK_SYNCED):
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
        if _accepts(situation, machine.MARK_NOT_SYNCED):
            items.append(
                GearItem(
                    "sage.mark_not_synced",
                    "Mark as not synced",
                    url("action_mark_not_synced"),
                    method="post",
                    hint="Forget the Intacct link; the next sync looks it up before creating it",
                    confirm=f"Mark {txn} as not synced? Its link to Intacct is forgotten.",
                    danger=True,
                )
            )
    return GearGroup("sage_intacct", f"Sage Actions · {status.label}", items)
