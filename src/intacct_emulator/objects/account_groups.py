"""Account groups (GLACCTGRP): the building blocks of Intacct's financial reports.

A group of structure type ``Accounts`` lists account ranges (``GLACCTRANGES/ACCTRANGE`` with
``RANGEFROM``/``RANGETO``); a group of type ``Groups`` lists other groups
(``GLACCTGRPS/GLACCTGRPMEMBER`` with ``CHILDNAME``). ``GLACCTGRPHIERARCHY`` is the read-only,
flattened view (one row per group and member account) that reporting tools read to map accounts
to report lines. Computation and category groups are stored but have no accounts of their own.
"""

from __future__ import annotations

from .. import errors
from ..context import Ctx
from ..model import OBJECTS, ObjectDef
from ..registry import hooks
from ..store import Record

MEMBER_TYPES = (
    "Accounts",
    "Groups",
    "Statistical Accounts",
    "Computation",
    "Category",
    "Statistical Category",
)

OBJECTS["GLACCTGRP"] = ObjectDef(
    "GLACCTGRP",
    "Account Group",
    "NAME",
    "TITLE",
    (("NAME", "Name"), ("MEMBERTYPE", "Structure type")),
    owned={"GLACCTRANGES": ("ACCTRANGE", "ACCTRANGE"), "GLACCTGRPS": ("GLACCTGRPMEMBER", "GLACCTGRPMEMBER")},
    fields=(
        "NAME",
        "TITLE",
        "TOTALTITLE",
        "NORMAL_BALANCE",
        "ISKPI",
        "MEMBERTYPE",
        "ASOF",
        "DBCR",
        "GLACCTGRPPURPOSEID",
        "ACCTGROUPMANAGER",
        "RECORDNO",
        "STATUS",
        "WHENCREATED",
        "WHENMODIFIED",
        "CREATEDBY",
        "MODIFIEDBY",
        "MEGAENTITYKEY",
        "MEGAENTITYID",
        "MEGAENTITYNAME",
    ),
)
OBJECTS["GLACCTGRPHIERARCHY"] = ObjectDef(
    "GLACCTGRPHIERARCHY",
    "Account Group Hierarchy",
    None,
    None,
    fields=(
        "GLACCTGRPKEY",
        "GLACCTGRPNAME",
        "GLACCTGRPTITLE",
        "GLACCTGRPNORMALBALANCE",
        "GLACCTGRPMEMBERTYPE",
        "ACCOUNTKEY",
        "ACCOUNTNO",
        "ACCOUNTTITLE",
        "ACCOUNTNORMALBALANCE",
        "ACCOUNTTYPE",
        "RECORDNO",
    ),
    writable=False,
)


def _prepare(ctx: Ctx, rec: Record, old: Record | None) -> None:
    member_type = str(rec.get("MEMBERTYPE") or "")
    if member_type not in MEMBER_TYPES:
        raise errors.data_error(f"MEMBERTYPE must be one of {', '.join(MEMBER_TYPES)}, not '{member_type}'")
    normal = str(rec.get("NORMAL_BALANCE") or "debit").lower()
    if normal not in ("debit", "credit"):
        raise errors.data_error(f"NORMAL_BALANCE must be debit or credit, not '{normal}'")
    rec["NORMAL_BALANCE"] = normal
    for r in rec.get("GLACCTRANGES", {}).get("ACCTRANGE", []):
        low, high = str(r.get("RANGEFROM") or "").strip(), str(r.get("RANGETO") or "").strip()
        if not low or not high:
            raise errors.missing_field("Range from and range to", "Account Group")
        if low > high:
            raise errors.data_error(f"Account range {low}-{high} runs backwards")
    for m in rec.get("GLACCTGRPS", {}).get("GLACCTGRPMEMBER", []):
        child = str(m.get("CHILDNAME") or "").strip()
        if child == rec.get("NAME"):
            raise errors.data_error(f"Account group {child} cannot contain itself")
        if ctx.store.get_by_id(ctx.company, "GLACCTGRP", child) is None:
            raise errors.invalid_reference("Account group", child)


hooks("GLACCTGRP").prepare = _prepare


def accounts_of_group(ctx: Ctx, name: str, seen: frozenset[str] = frozenset()) -> set[str]:
    """Every account a group covers, through its ranges or child groups (cycles are refused)."""
    group = ctx.store.get_by_id(ctx.company, "GLACCTGRP", name)
    if group is None:
        raise errors.invalid_reference("Account group", name)
    if name in seen:
        raise errors.data_error(f"Account group {name} contains itself through its members")
    accounts: set[str] = set()
    ranges = group.get("GLACCTRANGES", {}).get("ACCTRANGE", [])
    if ranges:
        numbers = [str(a["ACCOUNTNO"]) for a in ctx.store.records(ctx.company, "GLACCOUNT")]
        for r in ranges:
            low, high = str(r.get("RANGEFROM")), str(r.get("RANGETO"))
            accounts.update(n for n in numbers if low <= n <= high)
    for m in group.get("GLACCTGRPS", {}).get("GLACCTGRPMEMBER", []):
        accounts |= accounts_of_group(ctx, str(m.get("CHILDNAME")), seen | {name})
    return accounts


def _hierarchy(ctx: Ctx) -> list[Record]:
    rows: list[Record] = []
    accounts = {str(a["ACCOUNTNO"]): a for a in ctx.store.records(ctx.company, "GLACCOUNT")}
    n = 0
    for g in sorted(ctx.store.records(ctx.company, "GLACCTGRP"), key=lambda r: int(r["RECORDNO"])):
        try:
            members = accounts_of_group(ctx, str(g["NAME"]))
        except errors.FunctionFailure:
            continue
        for number in sorted(members):
            a = accounts[number]
            n += 1
            rows.append(
                {
                    "RECORDNO": str(n),
                    "GLACCTGRPKEY": g["RECORDNO"],
                    "GLACCTGRPNAME": g["NAME"],
                    "GLACCTGRPTITLE": g.get("TITLE", ""),
                    "GLACCTGRPNORMALBALANCE": g.get("NORMAL_BALANCE", "debit"),
                    "GLACCTGRPMEMBERTYPE": g.get("MEMBERTYPE", ""),
                    "ACCOUNTKEY": a.get("RECORDNO", ""),
                    "ACCOUNTNO": number,
                    "ACCOUNTTITLE": a.get("TITLE", ""),
                    "ACCOUNTNORMALBALANCE": a.get("NORMALBALANCE", "debit"),
                    "ACCOUNTTYPE": a.get("ACCOUNTTYPE", ""),
                    "MEGAENTITYID": "",
                }
            )
    return rows


hooks("GLACCTGRPHIERARCHY").virtual_rows = _hierarchy
