"""The demo company's setup beyond master data: bank and card accounts, warehouses, account labels,
statistical accounts and journal, project cost types, and the Order Entry / Purchasing /
Inventory transaction definitions.

These records number on their own sequence (``Ctx.sequence``), so adding them left every other
demo RECORDNO unchanged. IDs are part of the demo contract (README "The demo seed").
"""

from __future__ import annotations

from .context import Ctx
from .model import OBJECTS
from .objects.generic import insert
from .store import Record

BANKS = (
    ("BA-OPER", "Operating account", "1000", "USD", "US"),
    ("BA-PAYROLL", "Payroll account", "1010", "USD", "US"),
)
CARDS = (("CC-AMEX", "Corporate Amex", "American Express", "2100"),)
WAREHOUSES = (("W-NY", "New York yard", "US-NY"), ("W-HOU", "Houston yard", "US-TX"))
LABELS = (
    ("APACCOUNTLABEL", "Subcontract", "Subcontractor costs", "5100"),
    ("APACCOUNTLABEL", "Travel", "Travel", "6200"),
    ("ARACCOUNTLABEL", "Other income", "Other income", "4900"),
    ("EEACCOUNTLABEL", "Travel", "Travel and lodging", "6200"),
    ("EEACCOUNTLABEL", "Meals", "Meals", "6200"),
)
STANDARD_COST_TYPES = (("LAB", "Labor", "5000"), ("MAT", "Materials", "5200"), ("SUB", "Subcontract", "5100"))
STANDARD_TASKS = (("ST-DES", "Design"), ("ST-SUP", "Site supervision"))
# (project, task, standard cost types)
COST_TYPES = (
    ("P-100", "T-100-DES", ("LAB", "MAT")),
    ("P-100", "T-100-PERM", ("LAB",)),
    ("P-110", "T-110-SUP", ("LAB", "SUB")),
    ("P-400", "T-400-STU", ("LAB",)),
)
INVENTORY_ITEMS = (("I400", "Steel beam (each)", "Inventory", "450"),)
# (module, name, category, posts to, default account, approval, created from, number prefix, inventory, commitment)
DEFINITIONS = (
    ("SODOCUMENT", "Sales Quote", "Quote", "", "", False, "", "Q", "", False),
    ("SODOCUMENT", "Sales Order", "Order", "", "", False, "Sales Quote", "SO", "", False),
    (
        "SODOCUMENT",
        "Sales Invoice",
        "Invoice",
        "AR",
        "4000",
        False,
        "Sales Quote#~#Sales Order",
        "INV",
        "Decrease",
        False,
    ),
    ("PODOCUMENT", "Purchase Requisition", "Quote", "", "", False, "", "PR", "", False),
    ("PODOCUMENT", "Purchase Order", "Order", "", "", True, "Purchase Requisition", "PO", "", True),
    ("PODOCUMENT", "PO Receiver", "Receipt", "", "", False, "Purchase Order", "RCV", "Increase", False),
    (
        "PODOCUMENT",
        "Vendor Invoice",
        "Invoice",
        "AP",
        "5200",
        False,
        "Purchase Order#~#PO Receiver",
        "VI",
        "",
        False,
    ),
    ("INVDOCUMENT", "Inventory Receipt", "Receipt", "", "", False, "", "IR", "Increase", False),
    ("INVDOCUMENT", "Inventory Shipper", "Shipper", "", "", False, "", "IS", "Decrease", False),
    ("INVDOCUMENT", "Adjustment Increase", "Adjustment", "", "", False, "", "AI", "Increase", False),
    ("INVDOCUMENT", "Adjustment Decrease", "Adjustment", "", "", False, "", "AD", "Decrease", False),
)


def _add(ctx: Ctx, obj: str, rec: Record, entity: str | None = None) -> Record:
    return insert(ctx, OBJECTS[obj], rec, entity)[1]


def _definition(ctx: Ctx, row: tuple[str, str, str, str, str, bool, str, str, str, bool]) -> None:
    module, name, category, post_to, account, approval, created_from, prefix, inventory, commitment = row
    n = ctx.allocate()
    rec: Record = {
        "RECORDNO": str(n),
        "DOCID": name,
        "CATEGORY": category,
        "POSTTO": post_to,
        "ACCOUNT": account,
        "APPROVAL": "true" if approval else "false",
        "CREATEFROM": created_from,
        "DOCNOPREFIX": prefix,
        "INVENTORYEFFECT": inventory,
        "COMMITMENT": "true" if commitment else "false",
        "STATUS": "active",
    }
    ctx.stamp(rec, created=True)
    ctx.own(rec, "")
    ctx.store.put(ctx.company, f"{module}PARAMS", n, rec, name)


def seed_demo_setup(ctx: Ctx) -> None:
    for bank_id, name, account, currency, entity in BANKS:
        _add(
            ctx,
            "CHECKINGACCOUNT",
            {"BANKACCOUNTID": bank_id, "BANKNAME": name, "GLACCOUNTNO": account, "CURRENCY": currency},
            entity,
        )
    for card_id, name, card_type, account in CARDS:
        _add(
            ctx,
            "CREDITCARD",
            {"CARDID": card_id, "DESCRIPTION": name, "CARDTYPE": card_type, "GLACCOUNTNO": account},
        )
    for wid, name, loc in WAREHOUSES:
        _add(ctx, "WAREHOUSE", {"WAREHOUSEID": wid, "NAME": name, "LOC": {"LOCATIONID": loc}})
    for obj, label, description, account in LABELS:
        _add(ctx, obj, {"ACCOUNTLABEL": label, "DESCRIPTION": description, "GLACCOUNTNO": account})
    _add(
        ctx,
        "GLJOURNAL",
        {"SYMBOL": "SJ", "TITLE": "Statistical Journal", "ADJUSTING": "false", "STATISTICAL": "true"},
    )
    _add(ctx, "STATACCOUNT", {"ACCOUNTNO": "9100", "TITLE": "Headcount", "ACCOUNTTYPE": "forperiod"})
    for sid, name, account in STANDARD_COST_TYPES:
        _add(ctx, "STANDARDCOSTTYPE", {"STANDARDCOSTTYPEID": sid, "NAME": name, "ACCOUNTNO": account})
    for sid, name in STANDARD_TASKS:
        _add(ctx, "STANDARDTASK", {"STANDARDTASKID": sid, "NAME": name})
    for project, task, types in COST_TYPES:
        for std in types:
            _add(ctx, "COSTTYPE", {"PROJECTID": project, "TASKID": task, "STANDARDCOSTTYPEID": std})
    for iid, name, itype, price in INVENTORY_ITEMS:
        _add(
            ctx,
            "ITEM",
            {"ITEMID": iid, "NAME": name, "ITEMTYPE": itype, "BASEPRICE": price, "EXPENSEGLACCOUNT": "5200"},
        )
    for row in DEFINITIONS:
        _definition(ctx, row)
