"""Order Entry, Purchasing and Inventory Control documents, driven by transaction definitions.

A definition (SODOCUMENTPARAMS, PODOCUMENTPARAMS, INVDOCUMENTPARAMS) says what a document type
does: which types it may be created from, whether it needs approval, whether it posts (a Sales
Invoice creates an AR invoice, a Vendor Invoice an AP bill, each with its GL postings and
payable like any other), whether it is a commitment (a Purchase Order with project lines) and
whether it moves inventory. Converted and closed documents cannot be changed; a document whose
invoice or bill has payments cannot be changed or deleted; editing a posting document deletes
and re-creates its invoice or bill (a new RECORDNO), as Intacct does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import errors
from ..context import Ctx, fmt_date
from ..model import DOC_LINE_DIMENSIONS, OBJECTS
from ..registry import hooks
from ..store import Record
from .company import money, validate_line
from .generic import insert, remove_record
from .ledger import ZERO, check_open
from .legacy import DOCUMENT, ITEM_LINE, ORDER_HEADER, Legacy, Lines, legacy_create, legacy_update
from .posting import document_conversion

# document object → (party object, party field, invoice object it posts to, legacy line names)
MODULES: dict[str, tuple[str, str, str, str]] = {
    "SODOCUMENT": ("CUSTOMER", "CUSTOMERID", "ARINVOICE", "so"),
    "PODOCUMENT": ("VENDOR", "VENDORID", "APBILL", "po"),
    "INVDOCUMENT": ("", "", "", "ic"),
}
_CLOSED = ("Converted", "Closed")
_NOT_POSTED = ("Draft", "Submitted", "Declined")
_LINE_COPY: tuple[str, ...] = (
    "LOCATIONID",
    "DEPARTMENTID",
    "PROJECTID",
    "TASKID",
    "COSTTYPEID",
    "CUSTOMERID",
)
_LINE_COPY += ("VENDORID", "EMPLOYEEID", "CLASSID", "ITEMID", "CONTRACTID", "WAREHOUSEID")


def lines_of(obj: str, rec: Record) -> list[Record]:
    holder = rec.get(f"{obj}ENTRIES")
    return (
        [x for x in holder.get(f"{obj}ENTRY", []) if isinstance(x, dict)] if isinstance(holder, dict) else []
    )


def definition(ctx: Ctx, obj: str, name: str) -> Record:
    params = ctx.store.get_by_id(ctx.company, f"{obj}PARAMS", name)
    if params is None:
        raise errors.invalid_reference("Transaction definition", name)
    return params


def on_hand(ctx: Ctx, item: str, warehouse: str, skip: str = "") -> Decimal:
    """Quantity of an item in a warehouse from the documents that move inventory."""
    qty = ZERO
    for obj in ("INVDOCUMENT", "PODOCUMENT", "SODOCUMENT"):
        effects = {
            str(p["DOCID"]): p.get("INVENTORYEFFECT") for p in ctx.store.records(ctx.company, f"{obj}PARAMS")
        }
        for doc in ctx.store.records(ctx.company, obj):
            effect = effects.get(str(doc.get("DOCPARID")))
            if (
                not effect
                or doc.get("DOCID") == skip
                or doc.get("STATE") in ("Draft", "Submitted", "Declined")
            ):
                continue
            for ln in lines_of(obj, doc):
                if (
                    ln.get("ITEMID") == item
                    and ln.get("WAREHOUSEID") == warehouse
                    and ln.get("INVENTORY") == "true"
                ):
                    q = Decimal(str(ln.get("QUANTITY") or 0))
                    qty += q if effect == "Increase" else -q
    return qty


def _source(ctx: Ctx, obj: str, rec: Record, params: Record) -> None:
    source_id = str(rec.get("CREATEDFROM") or "").strip()
    if not source_id:
        return
    source = ctx.store.get_by_id(ctx.company, obj, source_id)
    if source is None:
        raise errors.invalid_reference("Created from document", source_id)
    allowed = [x for x in str(params.get("CREATEFROM") or "").split("#~#") if x]
    if source.get("DOCPARID") not in allowed:
        raise errors.bad_request(
            f"A {rec['DOCPARID']} cannot be created from a {source.get('DOCPARID')} (allowed: {', '.join(allowed) or 'none'})"
        )
    if source.get("STATE") in (*_CLOSED, *_NOT_POSTED):
        raise errors.bad_request(f"{source_id} is {source.get('STATE')} and cannot be converted")


def _lines(ctx: Ctx, obj: str, rec: Record, params: Record, old: Record | None) -> tuple[Decimal, str]:
    lines = lines_of(obj, rec)
    if not lines:
        raise errors.missing_field("Line items", OBJECTS[obj].label)
    total = ZERO
    entity = ctx.entity
    effect = params.get("INVENTORYEFFECT")
    for n, line in enumerate(lines, 1):
        item_id = str(line.get("ITEMID") or "")
        item = ctx.store.get_by_id(ctx.company, "ITEM", item_id)
        if item is None or str(item.get("STATUS", "active")) != "active":
            raise errors.invalid_reference("Item", item_id)
        warehouse = str(line.get("WAREHOUSEID") or "")
        if warehouse and ctx.store.get_by_id(ctx.company, "WAREHOUSE", warehouse) is None:
            raise errors.invalid_reference("Warehouse", warehouse)
        qty = money(line.get("QUANTITY"), "Quantity")
        if qty <= ZERO:
            raise errors.bad_request(f"Line {n}: quantity must be positive, not {qty}")
        price = money(
            line.get("PRICE") if line.get("PRICE") not in (None, "") else item.get("BASEPRICE") or 0, "Price"
        )
        _, entity = validate_line(ctx, line, DOC_LINE_DIMENSIONS, None)
        inventory = item.get("ITEMTYPE") == "Inventory"
        if obj == "INVDOCUMENT" and not inventory:
            raise errors.bad_request(f"Line {n}: item {item_id} is not an inventory item")
        if effect and inventory:
            if not warehouse:
                raise errors.missing_field("Warehouse", "Inventory line")
            available = on_hand(ctx, item_id, warehouse, str(old.get("DOCID")) if old else "")
            if effect == "Decrease" and qty > available:
                raise errors.bad_request(
                    f"Line {n}: only {available} of item {item_id} on hand in warehouse {warehouse}"
                )
        line["LINE_NO"], line["QUANTITY"], line["PRICE"] = str(n), str(qty), str(price)
        line["INVENTORY"] = "true" if inventory and effect else "false"
        line["TOTAL"] = str((qty * price).quantize(Decimal("0.01")))
        line.setdefault("ITEMDESC", item.get("NAME", ""))
        if not str(line.get("RECORDNO") or "").isdigit():
            line["RECORDNO"] = str(ctx.allocate())
        total += Decimal(line["TOTAL"])
    return total, entity


def _prepare(obj: str) -> Any:
    party_obj, party_field, _, _ = MODULES[obj]

    def prepare(ctx: Ctx, rec: Record, old: Record | None) -> None:
        params = definition(ctx, obj, str(rec.get("DOCPARID") or ""))
        if old is not None:
            if old.get("STATE") in _CLOSED:
                raise errors.bad_request(f"{old['DOCID']} is {old['STATE']} and can no longer be changed")
            rec["DOCID"], rec["DOCNO"], rec["DOCPARID"] = old["DOCID"], old["DOCNO"], old["DOCPARID"]
        if party_obj:
            party_id = str(rec.get(party_field) or "")
            party = ctx.store.get_by_id(ctx.company, party_obj, party_id)
            if party is None or not ctx.visible(party, True):
                raise errors.invalid_reference(party_obj.title(), party_id)
            rec["CUSTVENDNAME"] = party.get("NAME", "")
        rec["WHENCREATED"] = fmt_date(check_open(ctx, str(rec.get("WHENCREATED") or ""), "Date"))
        rec["WHENPOSTED"] = fmt_date(
            check_open(ctx, str(rec.get("WHENPOSTED") or rec["WHENCREATED"]), "GL posting date")
        )
        if old is None:
            docno = str(rec.get("DOCNO") or "").strip()
            if not docno:
                counter = ctx.store.next_number(f"docno:{ctx.company}:{obj}:{rec['DOCPARID']}")
                docno = f"{params.get('DOCNOPREFIX') or 'DOC'}{counter:04d}"
            rec["DOCNO"], rec["DOCID"] = docno, f"{rec['DOCPARID']}-{docno}"
            _source(ctx, obj, rec, params)
        total, entity = _lines(ctx, obj, rec, params, old)
        conv = document_conversion(ctx, rec, entity, str(rec["WHENPOSTED"]))
        conv.stamp(rec)
        rec["TRX_TOTAL"], rec["TOTAL"] = str(total), str(conv.to_base(total))
        state = str(rec.get("STATE") or "Pending")
        if state not in ("Draft", "Pending", "Closed", "Submitted", "Declined"):
            raise errors.bad_request(f"state must be Draft, Pending or Closed, not {state}")
        if (
            params.get("APPROVAL") == "true"
            and state == "Pending"
            and (old is None or old.get("STATE") != "Pending")
        ):
            state = "Submitted"  # waits for approve/decline
        rec["STATE"] = state

    return prepare


def post_document(ctx: Ctx, obj: str, rec: Record) -> None:
    """A posting document's invoice or bill: its lines at the definition's (or the item's) account."""
    _, party_field, target, _ = MODULES[obj]
    params = definition(ctx, obj, str(rec["DOCPARID"]))
    if not params.get("POSTTO") or rec.get("STATE") in _NOT_POSTED or not target:
        return
    account_field = "INCOMEGLACCOUNT" if target == "ARINVOICE" else "EXPENSEGLACCOUNT"
    lines = []
    for ln in lines_of(obj, rec):
        item = ctx.store.get_by_id(ctx.company, "ITEM", str(ln.get("ITEMID"))) or {}
        line: Record = {k: ln[k] for k in _LINE_COPY if ln.get(k)}
        line["ACCOUNTNO"] = item.get(account_field) or params.get("ACCOUNT", "")
        line["TRX_AMOUNT"] = ln["TOTAL"]
        line["ENTRYDESCRIPTION"] = ln.get("MEMO") or ln.get("ITEMDESC", "")
        lines.append(line)
    collection = next(iter(OBJECTS[target].owned))
    invoice: Record = {
        party_field: rec[party_field],
        "RECORDID": rec["DOCID"],
        "DOCNUMBER": rec.get("REFERENCENO", ""),
        "WHENCREATED": rec["WHENCREATED"],
        "WHENPOSTED": rec["WHENPOSTED"],
        "WHENDUE": rec.get("WHENDUE") or rec["WHENPOSTED"],
        "DESCRIPTION": rec.get("MESSAGE") or rec["DOCID"],
        "CREATEDBYDOCUMENT": rec["DOCID"],
        **{
            k: rec[k]
            for k in ("CURRENCY", "EXCH_RATE_DATE", "EXCH_RATE_TYPE_ID", "EXCHANGE_RATE")
            if rec.get(k)
        },
        collection: {OBJECTS[target].owned[collection][0]: lines},
    }
    recordno, _ = insert(ctx, OBJECTS[target], invoice)
    rec["PRRECORDKEY"], rec["PRRECORDTYPE"] = str(recordno), target


def _after(obj: str) -> Any:
    def after(ctx: Ctx, recordno: int, rec: Record) -> None:
        source = str(rec.get("CREATEDFROM") or "")
        if source:
            _set_state(ctx, obj, source, "Converted")
        post_document(ctx, obj, rec)

    return after


def _set_state(ctx: Ctx, obj: str, docid: str, state: str) -> None:
    doc = ctx.store.get_by_id(ctx.company, obj, docid)
    if doc is not None:
        changed = {**doc, "STATE": state}
        ctx.stamp(changed, created=False)
        ctx.store.put(ctx.company, obj, int(doc["RECORDNO"]), changed, docid)


def unpost_document(ctx: Ctx, obj: str, rec: Record) -> None:
    target = str(rec.get("PRRECORDTYPE") or "")
    key = str(rec.get("PRRECORDKEY") or "")
    linked = ctx.store.get(ctx.company, target, int(key)) if target and key.isdigit() else None
    if linked is None:
        return
    if Decimal(str(linked.get("TOTALPAID") or 0)) > ZERO:
        raise errors.bad_request(f"{rec['DOCID']} has payments applied to {target} {key}; reverse them first")
    ctx.cache["deleting_document"] = rec["DOCID"]
    try:
        remove_record(ctx, OBJECTS[target], int(key), linked)
    finally:
        ctx.cache.pop("deleting_document", None)
    rec["PRRECORDKEY"] = rec["PRRECORDTYPE"] = ""


def _before_delete(obj: str) -> Any:
    def before(ctx: Ctx, recordno: int, rec: Record) -> None:
        if rec.get("STATE") == "Converted":
            raise errors.in_use(OBJECTS[obj].label, str(rec["DOCID"]), "the documents converted from it")
        check_open(ctx, str(rec.get("WHENPOSTED") or rec.get("WHENCREATED") or ""), "GL posting date")
        unpost_document(ctx, obj, rec)
        if rec.get("CREATEDFROM"):
            _set_state(ctx, obj, str(rec["CREATEDFROM"]), "Pending")

    return before


def _not_from_document(ctx: Ctx, recordno: int, rec: Record) -> None:
    if rec.get("CREATEDBYDOCUMENT") and ctx.cache.get("deleting_document") != rec.get("CREATEDBYDOCUMENT"):
        raise errors.in_use(
            rec.get("RECORDID") or "Record", str(recordno), f"document {rec['CREATEDBYDOCUMENT']}"
        )


def _check_update(ctx: Ctx, old: Record) -> None:
    if old.get("STATE") in _CLOSED:
        raise errors.bad_request(f"{old['DOCID']} is {old['STATE']} and can no longer be changed")


for _obj, (_party, _field, _target, _prefix) in MODULES.items():
    h = hooks(_obj)
    h.check_update = _check_update
    h.prepare, h.after_write, h.before_delete = _prepare(_obj), _after(_obj), _before_delete(_obj)
    h.repost_on_update = True
    _lines_spec = Lines(
        f"{_prefix}transitems",
        f"{_prefix}transitem",
        f"{_obj}ENTRIES",
        f"{_obj}ENTRY",
        ITEM_LINE,
        update_container=f"update{_prefix}transitems",
        update_item=f"update{_prefix}transitem",
    )
    _spec = Legacy(
        _obj, (*ORDER_HEADER, *(p for p in DOCUMENT if p[0] == "externalid")), _lines_spec, "DOCID"
    )
    legacy_create(f"create_{_prefix}transaction", _spec)
    legacy_update(f"update_{_prefix}transaction", _spec)


def _entry_rows(obj: str) -> Any:
    def rows(ctx: Ctx) -> list[Record]:
        commitments = {
            str(p["DOCID"])
            for p in ctx.store.records(ctx.company, f"{obj}PARAMS")
            if p.get("COMMITMENT") == "true"
        }
        out = []
        for doc in ctx.store.records(ctx.company, obj):
            for ln in lines_of(obj, doc):
                out.append(
                    {
                        **ln,
                        "DOCHDRID": doc["RECORDNO"],
                        "DOCID": doc["DOCID"],
                        "DOCPARID": doc["DOCPARID"],
                        "STATE": doc.get("STATE", ""),
                        "COMMITMENT": "true" if doc["DOCPARID"] in commitments else "false",
                        "MEGAENTITYID": doc.get("MEGAENTITYID", ""),
                    }
                )
        return out

    return rows


def _warehouse_rows(ctx: Ctx) -> list[Record]:
    pairs = {
        (str(ln.get("ITEMID")), str(ln.get("WAREHOUSEID")))
        for obj in MODULES
        for doc in ctx.store.records(ctx.company, obj)
        for ln in lines_of(obj, doc)
        if ln.get("WAREHOUSEID")
    }
    return [
        {"RECORDNO": str(n), "ITEMID": item, "WAREHOUSEID": wh, "QTYONHAND": str(on_hand(ctx, item, wh))}
        for n, (item, wh) in enumerate(sorted(pairs), 1)
    ]


for _obj in MODULES:
    hooks(f"{_obj}ENTRY").virtual_rows = _entry_rows(_obj)
hooks("ITEMWAREHOUSEINFO").virtual_rows = _warehouse_rows
for _target in ("APBILL", "ARINVOICE"):
    hooks(_target).in_use.append(_not_from_document)
