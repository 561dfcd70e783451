"""Company family: sessions, entities, locations and the other dimension masters.

Also home of ``validate_line``, the one dimension/account check every transaction line goes
through (GL entries, bill and invoice lines, budget lines), so the rules cannot drift apart.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from .. import errors
from ..context import Ctx
from ..registry import function, hooks
from ..schema import SCOPE_SEP, SCOPED_IDS
from ..serializer import Payload
from ..sessions import create_session
from ..store import Record


@function("getAPISession", "READ")
def get_api_session(ctx: Ctx, el: etree._Element) -> Payload:
    entity = ctx.entity
    loc = el.find("locationid")
    if loc is not None:
        entity = (loc.text or "").strip()
        if entity and ctx.store.get_by_id(ctx.company, "LOCATIONENTITY", entity) is None:
            raise errors.invalid_reference("entity", entity)
    sid, _ = create_session(
        ctx.emu, ctx.company, ctx.userid, entity, float(ctx.company_rec.get("SESSION_HOURS", 8))
    )
    return Payload(items=[("api", {"sessionid": sid, "endpoint": ctx.endpoint, "locationid": entity})])


def _location_prepare(ctx: Ctx, rec: Record, old: Record | None) -> None:
    parent = str(rec.get("PARENTID") or "")
    if parent:
        if ctx.store.get_by_id(ctx.company, "LOCATION", parent) is None:
            raise errors.invalid_reference("Parent location", parent)
        entity = ctx.entity_of_location(parent)
        if ctx.entity and entity != ctx.entity:
            raise errors.private_reference("Parent location", parent, entity, ctx.entity)
        ctx.own(rec, entity)


def _parent_prepare(obj: str, label: str) -> Any:
    def prepare(ctx: Ctx, rec: Record, old: Record | None) -> None:
        parent = str(rec.get("PARENTID") or "")
        if parent and ctx.store.get_by_id(ctx.company, obj, parent) is None:
            raise errors.invalid_reference(label, parent)

    return prepare


def _project_prepare(ctx: Ctx, rec: Record, old: Record | None) -> None:
    for fname, obj, label in (
        ("CUSTOMERID", "CUSTOMER", "Customer"),
        ("DEPARTMENTID", "DEPARTMENT", "Department"),
        ("LOCATIONID", "LOCATION", "Location"),
        ("PARENTID", "PROJECT", "Parent project"),
        ("PROJECTTYPE", "PROJECTTYPE", "Project type"),
        ("PROJECTSTATUS", "PROJECTSTATUS", "Project status"),
    ):
        value = str(rec.get(fname) or "")
        if value:
            target = (
                ctx.dimension(obj, value, label, ctx.entity)
                if obj != "PROJECTTYPE" and obj != "PROJECTSTATUS"
                else ctx.store.get_by_id(ctx.company, obj, value)
            )
            if target is None:
                raise errors.invalid_reference(label, value)
            if fname == "CUSTOMERID":
                rec["CUSTOMERNAME"] = target.get("NAME", "")


hooks("LOCATION").prepare = _location_prepare
hooks("DEPARTMENT").prepare = _parent_prepare("DEPARTMENT", "Parent department")
hooks("CLASS").prepare = _parent_prepare("CLASS", "Parent class")
hooks("PROJECT").prepare = _project_prepare


def money(value: Any, label: str) -> Decimal:
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise errors.missing_field(label, "line") from None
    if not d.is_finite():
        raise errors.missing_field(label, "line")
    return d


def validate_line(
    ctx: Ctx,
    line: Record,
    dims: dict[str, tuple[str, str, str]],
    account_field: str | None,
    udd_prefix: str = "GLDIM",
) -> tuple[Record, str]:
    """Check account and dimensions of one line; returns the account and the line's entity.

    Lines without an account (order, purchase and inventory document lines, timesheet entries)
    pass ``account_field=None``: only their dimensions and entity rules are checked. A task is
    looked up within the line's project, a cost type within its project and task.
    """
    arec: Record = {}
    acct = ""
    if account_field is not None:
        acct = str(line.get(account_field) or "").strip()
        if not acct:
            raise errors.missing_field("Account number", "line")
        found = ctx.store.get_by_id(ctx.company, "GLACCOUNT", acct)
        if found is None:
            raise errors.invalid_account(acct)
        if str(found.get("STATUS", "active")).lower() != "active":
            raise errors.invalid_account(acct, "is inactive")
        arec = found
    loc_field = next((f for f, v in dims.items() if v[0] == "LOCATION"), "")
    loc = str(line.get(loc_field) or "").strip()
    entity = ctx.entity_of_location(loc) if loc else ctx.entity
    if loc and ctx.store.get_by_id(ctx.company, "LOCATION", loc) is None:
        raise errors.invalid_reference("Location", loc)
    if ctx.entity and entity != ctx.entity:
        raise errors.private_reference("Location", loc, entity, ctx.entity)
    owner = str(arec.get("MEGAENTITYID") or "")
    if owner and owner != entity:
        raise errors.private_reference("Account", acct, owner, entity)
    for fname, (obj, label, flag) in dims.items():
        value = str(line.get(fname) or "").strip()
        if value:
            line[fname] = value
            scope = SCOPED_IDS.get(obj)
            key = SCOPE_SEP.join([*(str(line.get(f) or "") for f in scope), value]) if scope else value
            ctx.dimension(obj, key, label, entity, value)
        elif arec and str(arec.get(flag, "false")).lower() == "true":
            raise errors.missing_dimension(acct, label)
    for name, label in ctx.company_rec.get("UDDS", {}).items():
        value = str(line.get(f"{udd_prefix}{name}") or "").strip()
        if value:
            ctx.dimension(name, value, label, entity)
    return arec, entity
