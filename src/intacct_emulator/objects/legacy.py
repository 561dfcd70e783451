"""The legacy (2.1-style) functions as data: ``create_*``/``update_*``/``record_*`` and ``delete_*``.

A legacy function is a lower-case rendering of a generic object: ``create_bill`` is an APBILL,
``create_potransaction`` a PODOCUMENT. Each entry below maps its elements onto the object's
fields and line collection; validation, GL effect and states are the object's own (its hooks),
so the legacy and generic forms cannot drift apart. Dates given as year/month/day become
MM/DD/YYYY, ``customfields`` become fields, and ``update_*`` lines use ``line_num``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from .. import errors
from ..context import Ctx
from ..model import LEGACY_LINE_DIMENSIONS, OBJECTS
from ..registry import Handler, function
from ..serializer import Payload
from ..store import Record
from ..xmlio import as_list, to_value
from .generic import find, find_visible, insert, modify, remove_record, require_write
from .ledger import legacy_date

Pairs = tuple[tuple[str, str], ...]

CURRENCY: Pairs = (
    ("currency", "CURRENCY"),
    ("basecurr", "BASECURR"),
    ("exchratedate", "EXCH_RATE_DATE"),
    ("exchratetype", "EXCH_RATE_TYPE_ID"),
    ("exchrate", "EXCHANGE_RATE"),
)
DOCUMENT: Pairs = (
    ("datecreated", "WHENCREATED"),
    ("dateposted", "WHENPOSTED"),
    ("datedue", "WHENDUE"),
    ("termname", "TERMNAME"),
    ("action", "ACTION"),
    ("batchkey", "PRBATCHKEY"),
    ("description", "DESCRIPTION"),
    ("externalid", "EXTERNALID"),
    ("supdocid", "SUPDOCID"),
    ("onhold", "ONHOLD"),
    ("nogl", "NOGL"),
    *CURRENCY,
)
ACCOUNT_LINE: Pairs = (
    ("glaccountno", "ACCOUNTNO"),
    ("accountlabel", "ACCOUNTLABEL"),
    ("offsetglaccountno", "OFFSETGLACCOUNTNO"),
    ("memo", "ENTRYDESCRIPTION"),
    ("billable", "BILLABLE"),
    ("allocationid", "ALLOCATION"),
)
ITEM_LINE: Pairs = (
    ("itemid", "ITEMID"),
    ("itemdesc", "ITEMDESC"),
    ("warehouseid", "WAREHOUSEID"),
    ("quantity", "QUANTITY"),
    ("unit", "UNIT"),
    ("price", "PRICE"),
    ("cost", "PRICE"),
    ("discountpercent", "DISCOUNTPERCENT"),
    ("memo", "MEMO"),
    ("billable", "BILLABLE"),
)
ORDER_HEADER: Pairs = (
    ("transactiontype", "DOCPARID"),
    ("datecreated", "WHENCREATED"),
    ("dateposted", "WHENPOSTED"),
    ("datedue", "WHENDUE"),
    ("createdfrom", "CREATEDFROM"),
    ("documentno", "DOCNO"),
    ("origdocdate", "ORIGDOCDATE"),
    ("referenceno", "REFERENCENO"),
    ("termname", "TERMNAME"),
    ("message", "MESSAGE"),
    ("shippingmethod", "SHIPVIAKEY"),
    ("shipto", "SHIPTO"),
    ("billto", "BILLTO"),
    ("payto", "PAYTO"),
    ("returnto", "RETURNTO"),
    ("supdocid", "SUPDOCID"),
    ("externalid", "EXTERNALID"),
    ("state", "STATE"),
    ("projectid", "PROJECTID"),
    ("customerid", "CUSTOMERID"),
    ("vendorid", "VENDORID"),
    *CURRENCY,
)


@dataclass(frozen=True)
class Lines:
    container: str  # legacy element holding the lines
    item: str  # legacy line element
    collection: str  # generic owned collection
    tag: str  # generic line element
    fields: Pairs = ACCOUNT_LINE
    amount: str = "amount"  # legacy amount element → TRX_AMOUNT
    update_container: str = ""
    update_item: str = ""


@dataclass(frozen=True)
class Legacy:
    obj: str
    header: Pairs
    lines: Lines | None = None
    key_field: str = "RECORDNO"  # what the result's <key> carries


def _value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"year", "month", "day"}:
        return legacy_date(value)
    return value


def _custom_fields(data: dict[str, Any], rec: Record) -> None:
    holder = data.get("customfields")
    for cf in as_list(holder.get("customfield") if isinstance(holder, dict) else None):
        if isinstance(cf, dict) and cf.get("customfieldname"):
            rec[str(cf["customfieldname"]).upper()] = cf.get("customfieldvalue", "")


def _line(spec: Lines, item: Any) -> Record:
    item = item if isinstance(item, dict) else {}
    line: Record = {}
    for legacy, generic in spec.fields:
        if item.get(legacy) not in (None, ""):
            line[generic] = _value(item[legacy])
    if item.get(spec.amount) not in (None, ""):
        line["TRX_AMOUNT"] = item[spec.amount]
    for legacy in LEGACY_LINE_DIMENSIONS:
        if item.get(legacy):
            line[legacy.upper()] = item[legacy]
    return line


def translate(spec: Legacy, data: dict[str, Any]) -> Record:
    rec: Record = {}
    for legacy, generic in spec.header:
        if data.get(legacy) not in (None, ""):
            rec[generic] = _value(data[legacy])
    _custom_fields(data, rec)
    if spec.lines is not None:
        holder = data.get(spec.lines.container)
        items = as_list(holder.get(spec.lines.item) if isinstance(holder, dict) else None)
        rec[spec.lines.collection] = {spec.lines.tag: [_line(spec.lines, i) for i in items]}
    return rec


CREATES: dict[str, Legacy] = {}
UPDATES: dict[str, tuple[Legacy, str]] = {}  # function → (spec, key: "@attribute" or "element")


def _create(ctx: Ctx, el: etree._Element, spec: Legacy) -> Payload:
    require_write(ctx, "CREATE", spec.obj)
    data = to_value(el)
    rec = translate(spec, data if isinstance(data, dict) else {})
    recordno, stored = insert(ctx, OBJECTS[spec.obj], rec)
    return Payload(key=str(stored.get(spec.key_field) or recordno))


def _updated_lines(spec: Lines, el: etree._Element, old: Record) -> list[Record] | None:
    """The line collection after ``updatelineitem line_num=N`` edits and appended ``lineitem``s."""
    container = el.find(spec.update_container) if spec.update_container else None
    if container is None:
        return None
    holder = old.get(spec.collection)
    lines = [dict(x) for x in (holder.get(spec.tag, []) if isinstance(holder, dict) else [])]
    for child in container:
        if not isinstance(child.tag, str):
            continue
        value = to_value(child)
        if child.tag == spec.update_item:
            num = str(child.get("line_num") or "")
            if not num.isdigit() or not 1 <= int(num) <= len(lines):
                raise errors.bad_request(
                    f"line_num {num or '(missing)'} does not name one of the {len(lines)} lines"
                )
            lines[int(num) - 1].update(_line(spec, value))
        elif child.tag == spec.item:
            lines.append(_line(spec, value))
    return lines


def _update(ctx: Ctx, el: etree._Element, spec: Legacy, key_spec: str) -> Payload:
    require_write(ctx, "UPDATE", spec.obj)
    d = OBJECTS[spec.obj]
    key = (el.get(key_spec[1:]) if key_spec.startswith("@") else el.findtext(key_spec)) or ""
    key = key.strip()
    if (el.get("externalkey") or "").lower() == "true":
        match = next((r for r in ctx.store.records(ctx.company, d.name) if r.get("EXTERNALID") == key), None)
        if match is None:
            raise errors.not_found(d.name, key)
        key = str(match["RECORDNO"])
    recordno, old = find_visible(ctx, d, key)
    data = to_value(el)
    changes = translate(Legacy(spec.obj, spec.header), data if isinstance(data, dict) else {})
    if spec.lines is not None:
        lines = _updated_lines(spec.lines, el, old)
        if lines is not None:
            changes[spec.lines.collection] = {spec.lines.tag: lines}
    stored = modify(ctx, d, recordno, old, changes)
    return Payload(key=str(stored.get(spec.key_field) or recordno))


def legacy_create(name: str, spec: Legacy) -> None:
    CREATES[name] = spec

    def handler(ctx: Ctx, el: etree._Element) -> Payload:
        return _create(ctx, el, spec)

    function(name, "CREATE", writes=True)(handler)


def legacy_update(name: str, spec: Legacy, key: str = "@key") -> None:
    UPDATES[name] = (spec, key)

    def handler(ctx: Ctx, el: etree._Element) -> Payload:
        return _update(ctx, el, spec, key)

    function(name, "UPDATE", writes=True)(handler)


# delete_<x> function → (object, attribute naming the record: its ID or RECORDNO)
DELETES: dict[str, tuple[str, str]] = {
    "delete_vendor": ("VENDOR", "vendorid"),
    "delete_customer": ("CUSTOMER", "customerid"),
    "delete_glaccount": ("GLACCOUNT", "glaccountno"),
    "delete_statglaccount": ("STATACCOUNT", "glaccountno"),
    "delete_apaccountlabel": ("APACCOUNTLABEL", "accountlabel"),
    "delete_araccountlabel": ("ARACCOUNTLABEL", "accountlabel"),
    "delete_expensetype": ("EEACCOUNTLABEL", "expensetype"),
    "delete_apadjustment": ("APADJUSTMENT", "key"),
    "delete_aradjustment": ("ARADJUSTMENT", "key"),
    "delete_bill": ("APBILL", "key"),
    "delete_invoice": ("ARINVOICE", "key"),
    "delete_customerchargecard": ("CUSTOMERCHARGECARD", "recordno"),
    "delete_allocation": ("ALLOCATION", "key"),
    "delete_supdoc": ("SUPDOC", "key"),
    "delete_supdocfolder": ("SUPDOCFOLDER", "key"),
    "delete_class": ("CLASS", "key"),
    "delete_contact": ("CONTACT", "contactname"),
    "delete_department": ("DEPARTMENT", "departmentid"),
    "delete_location": ("LOCATION", "locationid"),
    "delete_employee": ("EMPLOYEE", "employeeid"),
    "delete_expenseadjustmentreport": ("EXPENSEADJUSTMENTS", "key"),
    "delete_expensereport": ("EEXPENSES", "key"),
    "delete_item": ("ITEM", "itemid"),
    "delete_ictransaction": ("INVDOCUMENT", "key"),
    "delete_sotransaction": ("SODOCUMENT", "key"),
    "delete_potransaction": ("PODOCUMENT", "key"),
    "delete_project": ("PROJECT", "key"),
    "delete_task": ("TASK", "key"),
    "delete_timesheet": ("TIMESHEET", "key"),
}


def _delete(ctx: Ctx, el: etree._Element, obj: str, attribute: str) -> Payload:
    require_write(ctx, "DELETE", obj)
    d = OBJECTS[obj]
    key = (el.get(attribute) or el.findtext(attribute) or "").strip()
    if not key:
        raise errors.missing_field(attribute, d.label)
    if find(ctx, d, key) is None:
        raise errors.not_found(obj, key)
    remove_record(ctx, d, *find_visible(ctx, d, key))
    return Payload(no_data=True)


def _delete_handler(obj: str, attribute: str) -> Handler:
    return lambda ctx, el: _delete(ctx, el, obj, attribute)


for _name, (_obj, _attr) in DELETES.items():
    function(_name, "DELETE", writes=True)(_delete_handler(_obj, _attr))
