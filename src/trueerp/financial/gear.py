"""The Financial module's own Gear menu group: Post, Void, Edit, Duplicate as draft.

Only the actions valid for the transaction's state and the user's permissions are offered.
"""

from __future__ import annotations

from django.urls import reverse

from trueerp.core.models import User
from trueerp.core.permissions import FINANCIAL_POST, user_has_permission
from trueerp.financial.actions import GearGroup, GearItem
from trueerp.financial.models import Transaction


def transaction_actions(txn: Transaction, user: User) -> GearGroup | None:
    if not user_has_permission(user, FINANCIAL_POST):
        return None
    items: list[GearItem] = []
    if txn.state == Transaction.State.DRAFT:
        items.append(
            GearItem(
                "post",
                "Post",
                reverse("financial:transaction_post", args=[txn.pk]),
                method="post",
                hint="Validate and post to the ledger",
            )
        )
    if txn.state in (Transaction.State.DRAFT, Transaction.State.POSTED):
        items.append(
            GearItem(
                "edit",
                "Edit",
                reverse("financial:transaction_edit", args=[txn.pk]),
                hint="Posted edits create a new version" if txn.state == Transaction.State.POSTED else "",
            )
        )
    items.append(
        GearItem(
            "duplicate",
            "Duplicate as draft",
            reverse("financial:transaction_duplicate", args=[txn.pk]),
            method="post",
            hint="Same lines, new number",
        )
    )
    if txn.state == Transaction.State.POSTED:
        items.append(
            GearItem(
                "void",
                "Void",
                reverse("financial:transaction_void", args=[txn.pk]),
                method="post",
                confirm=f"Void {txn}? A void transaction cannot be posted or edited again.",
                danger=True,
                hint="Reverse its effect on the ledger",
            )
        )
    return GearGroup("financial", "Transaction", items)
