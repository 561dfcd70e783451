"""Company setup objects: users, allocations, attachments and folders, statistical accounts, and the
rule that master data still in use cannot be deleted.

Users created through the API get no password and no write right (they cannot sign in to the
emulator), and the API never sets or returns passwords: what a client sends for them is ignored.
"""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal
from typing import Any

from .. import errors
from ..context import Ctx
from ..model import DOC_LINE_DIMENSIONS, OBJECTS
from ..registry import hooks
from ..store import Record
from ..xmlio import as_list
from .company import money, validate_line
from .generic import uses
from .legacy import Legacy, legacy_create, legacy_update

USER_TYPES = (
    "business user",
    "employee user",
    "view only user",
    "project manager user",
    "payment approver",
    "platform user",
    "dashboard user",
    "warehouse user",
    "crm user",
)


def _prepare_user(ctx: Ctx, rec: Record, old: Record | None) -> None:
    for secret in OBJECTS["USERINFO"].hidden:
        if old is not None and secret in old:
            rec[secret] = old[secret]
        elif old is None:
            rec.pop(secret, None)
    if str(rec.get("USERTYPE") or "").lower() not in USER_TYPES:
        raise errors.bad_request(
            f"USERTYPE must be one of {', '.join(USER_TYPES)}, not {rec.get('USERTYPE')!r}"
        )
    for holder, field, obj, label in (
        ("USERLOCATIONS", "LOCATIONID", "LOCATION", "Location"),
        ("USERDEPARTMENTS", "DEPARTMENTID", "DEPARTMENT", "Department"),
    ):
        for item in as_list(rec.get(holder)):
            value = str(item.get(field) or "") if isinstance(item, dict) else ""
            if ctx.store.get_by_id(ctx.company, obj, value) is None:
                raise errors.invalid_reference(label, value)


def _prepare_allocation(ctx: Ctx, rec: Record, old: Record | None) -> None:
    kind = str(rec.get("TYPE") or "")
    if kind not in ("Percentage", "Absolute"):
        raise errors.bad_request(f"TYPE must be Percentage or Absolute, not {kind!r}")
    entries = [e for e in rec.get("ALLOCATIONENTRIES", {}).get("ALLOCATIONENTRY", []) if isinstance(e, dict)]
    total = Decimal(0)
    for entry in entries:
        total += money(entry.get("VALUE"), "Value")
        validate_line(ctx, entry, DOC_LINE_DIMENSIONS, None)
    if kind == "Percentage" and entries and total != 100:
        raise errors.bad_request(f"Percentage allocation lines must add up to 100, not {total}")


def _prepare_stat_account(ctx: Ctx, rec: Record, old: Record | None) -> None:
    if ctx.store.get_by_id(ctx.company, "GLACCOUNT", str(rec["ACCOUNTNO"])) is not None:
        raise errors.duplicate("Account", str(rec["ACCOUNTNO"]), "Statistical Account")
    kind = str(rec.get("ACCOUNTTYPE") or "forperiod")
    if kind not in ("forperiod", "cumulative"):
        raise errors.bad_request(f"ACCOUNTTYPE must be forperiod or cumulative, not {kind}")
    rec["ACCOUNTTYPE"] = kind


_FOLDER = Legacy(
    "SUPDOCFOLDER",
    (
        ("supdocfoldername", "SUPDOCFOLDERNAME"),
        ("supdocfolderdescription", "SUPDOCFOLDERDESCRIPTION"),
        ("supdocparentfoldername", "SUPDOCPARENTFOLDERNAME"),
    ),
    key_field="SUPDOCFOLDERNAME",
)
_SUPDOC = Legacy(
    "SUPDOC",
    (
        ("supdocid", "SUPDOCID"),
        ("supdocname", "SUPDOCNAME"),
        ("supdocfoldername", "SUPDOCFOLDERNAME"),
        ("supdocdescription", "SUPDOCDESCRIPTION"),
        ("attachments", "ATTACHMENTS"),
    ),
    key_field="SUPDOCID",
)
legacy_create("create_supdocfolder", _FOLDER)
legacy_update("update_supdocfolder", _FOLDER, "supdocfoldername")
legacy_create("create_supdoc", _SUPDOC)
legacy_update("update_supdoc", _SUPDOC, "supdocid")


def _prepare_supdoc(ctx: Ctx, rec: Record, old: Record | None) -> None:
    """Attachments keep their name, type and size; the file content itself is not stored."""
    files: list[Record] = []
    holder = rec.get("ATTACHMENTS")
    items = as_list(holder.get("attachment") if isinstance(holder, dict) else holder)
    for item in items:
        if not isinstance(item, dict):
            continue
        if "SIZE" in item:
            files.append(item)
            continue
        data = str(item.get("attachmentdata") or "")
        try:
            size = len(base64.b64decode(data, validate=True))
        except (binascii.Error, ValueError):
            raise errors.bad_request(
                f"attachmentdata of {item.get('attachmentname')} is not base64"
            ) from None
        files.append(
            {
                "NAME": item.get("attachmentname", ""),
                "TYPE": item.get("attachmenttype", ""),
                "SIZE": str(size),
            }
        )
    rec["ATTACHMENTS"] = files


def _folder_in_use(ctx: Ctx, recordno: int, rec: Record) -> None:
    name = str(rec["SUPDOCFOLDERNAME"])
    for obj, field in (("SUPDOC", "SUPDOCFOLDERNAME"), ("SUPDOCFOLDER", "SUPDOCPARENTFOLDERNAME")):
        if any(r.get(field) == name for r in ctx.store.records(ctx.company, obj)):
            raise errors.in_use(
                "Attachment folder", name, f"its {'attachments' if obj == 'SUPDOC' else 'sub-folders'}"
            )


# master data → (its ID field, the fields other records name it by)
IN_USE: dict[str, tuple[str, tuple[str, ...]]] = {
    "GLACCOUNT": ("ACCOUNTNO", ("ACCOUNTNO", "GLACCOUNTNO", "ACCT_NO", "OFFSETGLACCOUNTNO")),
    "VENDOR": ("VENDORID", ("VENDORID",)),
    "CUSTOMER": ("CUSTOMERID", ("CUSTOMERID",)),
    "EMPLOYEE": ("EMPLOYEEID", ("EMPLOYEEID",)),
    "ITEM": ("ITEMID", ("ITEMID",)),
    "LOCATION": ("LOCATIONID", ("LOCATION", "LOCATIONID", "LOCATION_NO", "PARENTID")),
    "DEPARTMENT": ("DEPARTMENTID", ("DEPARTMENT", "DEPARTMENTID", "DEPT_NO")),
    "CLASS": ("CLASSID", ("CLASSID",)),
    "WAREHOUSE": ("WAREHOUSEID", ("WAREHOUSEID",)),
    "CONTRACT": ("CONTRACTID", ("CONTRACTID",)),
    "CONTACT": ("CONTACTNAME", ("CONTACTNAME",)),
    "APACCOUNTLABEL": ("ACCOUNTLABEL", ("ACCOUNTLABEL",)),
    "ARACCOUNTLABEL": ("ACCOUNTLABEL", ("ACCOUNTLABEL",)),
    "EEACCOUNTLABEL": ("ACCOUNTLABEL", ("ACCOUNTLABEL",)),
}


def _in_use_check(obj: str) -> Any:
    id_field, fields = IN_USE[obj]

    # account labels of the three modules share names: one does not use another
    skip = tuple(o for o in IN_USE if o.endswith("ACCOUNTLABEL")) if obj.endswith("ACCOUNTLABEL") else ()

    def check(ctx: Ctx, recordno: int, rec: Record) -> None:
        value = str(rec.get(id_field) or "")
        for field in fields:
            used = uses(ctx, {field: value}, rec, skip)
            if used:
                raise errors.in_use(OBJECTS[obj].label, value, used)

    return check


hooks("USERINFO").prepare = _prepare_user
hooks("ALLOCATION").prepare = _prepare_allocation
hooks("STATACCOUNT").prepare = _prepare_stat_account
hooks("SUPDOC").prepare = _prepare_supdoc
hooks("SUPDOCFOLDER").in_use.append(_folder_in_use)
for _obj in IN_USE:
    hooks(_obj).in_use.append(_in_use_check(_obj))
