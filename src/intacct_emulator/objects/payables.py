"""AP and AR family: bills, payments, invoices, receipts and their legacy functions.

Bills and invoices post to the GL through ``post_lines`` (expense/revenue lines against the
AP/AR control accounts), so a bill shows up in GLDETAIL and the trial balance like in Intacct.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from .. import errors
from ..context import Ctx, fmt_date
from ..model import DOC_LINE_DIMENSIONS, LEGACY_LINE_DIMENSIONS, OBJECTS
from ..registry import function, hooks
from ..serializer import Payload
from ..store import Record
from ..xmlio import as_list, to_value
from .company import money, validate_line
from .generic import insert, require_write
from .gl import check_open, entity_currency, legacy_date, post_lines, unpost

ZERO = Decimal(0)


def _document(
    ctx: Ctx,
    rec: Record,
    party_obj: str,
    party_field: str,
    lines_key: str,
    line_tag: str,
    control_account: str,
    debit_lines: bool,
) -> None:
    party_id = str(rec.get(party_field) or "")
    party = ctx.store.get_by_id(ctx.company, party_obj, party_id)
    if party is None or not ctx.visible(party, True):
        raise errors.invalid_reference(party_obj.title(), party_id)
    rec[f"{party_obj}NAME"] = party.get("NAME", "")
    check_open(ctx, str(rec.get("WHENCREATED") or ""), "Date")
    posted = check_open(ctx, str(rec.get("WHENPOSTED") or rec.get("WHENCREATED") or ""), "GL posting date")
    rec["WHENPOSTED"] = fmt_date(posted)
    rec.setdefault("WHENDUE", rec["WHENPOSTED"])
    lines = rec.get(lines_key, {}).get(line_tag, [])
    if not lines:
        raise errors.missing_field("Line items", party_obj.title())
    total = ZERO
    entity = ctx.entity
    gl: list[Record] = []
    for n, line in enumerate(lines, 1):
        _, entity = validate_line(ctx, line, DOC_LINE_DIMENSIONS, "ACCOUNTNO")
        amount = money(line.get("TRX_AMOUNT"), "Transaction amount")
        line["TRX_AMOUNT"] = line["AMOUNT"] = str(amount)
        line["LINE_NO"] = str(n)
        total += amount
        dims = {k: line[k] for k in DOC_LINE_DIMENSIONS if line.get(k)}
        loc = dims.pop("LOCATIONID", "")
        dept = dims.pop("DEPARTMENTID", "")
        common = {"LOCATION": loc, "DEPARTMENT": dept, **dims}
        memo = line.get("ENTRYDESCRIPTION") or line.get("DESCRIPTION") or ""
        gl.append(
            {
                "ACCOUNTNO": line["ACCOUNTNO"],
                "TR_TYPE": "1" if debit_lines else "-1",
                "TRX_AMOUNT": str(amount),
                "AMOUNT": str(amount),
                "DESCRIPTION": memo,
                **common,
            }
        )
        gl.append(
            {
                "ACCOUNTNO": control_account,
                "TR_TYPE": "-1" if debit_lines else "1",
                "TRX_AMOUNT": str(amount),
                "AMOUNT": str(amount),
                "DESCRIPTION": memo,
                "LOCATION": loc,
            }
        )
    rec.setdefault("CURRENCY", entity_currency(ctx, entity))
    rec.setdefault("BASECURR", rec["CURRENCY"])
    draft = str(rec.get("ACTION") or "").lower() == "draft"
    rec["STATE"] = "Draft" if draft else rec.get("STATE") or "Posted"
    rec["RAWSTATE"] = "D" if draft else "A"
    rec["TOTALENTERED"] = rec["TRX_TOTALENTERED"] = str(total)
    paid = Decimal(str(rec.get("TOTALPAID") or "0"))
    rec["TOTALPAID"] = str(paid)
    rec["TOTALDUE"] = rec["TRX_TOTALDUE"] = str(total - paid)
    rec["_GL"] = gl


def _after_document(journal: str, title_field: str) -> Any:
    def after(ctx: Ctx, recordno: int, rec: Record) -> None:
        gl = rec.pop("_GL", [])
        if rec.get("STATE") == "Draft":
            return
        post_lines(
            ctx,
            journal,
            recordno,
            rec,
            gl,
            str(rec["WHENPOSTED"]),
            journal,
            str(rec.get("DESCRIPTION") or ""),
            str(rec.get(title_field) or ""),
        )
        rec["_GLKEYS"] = [g["RECORDNO"] for g in gl]

    return after


def _before_delete_document(ctx: Ctx, recordno: int, rec: Record) -> None:
    check_open(ctx, str(rec.get("WHENPOSTED", "")), "GL posting date")
    unpost(ctx, [{"RECORDNO": k} for k in rec.get("_GLKEYS", [])])


def _prepare_bill(ctx: Ctx, rec: Record, old: Record | None) -> None:
    _document(
        ctx,
        rec,
        "VENDOR",
        "VENDORID",
        "APBILLITEMS",
        "APBILLITEM",
        str(ctx.company_rec.get("AP_ACCOUNT", "2000")),
        True,
    )
    rec["RECORDTYPE"] = "pi"
    rec["MODULEKEY"] = "3.AP"


def _prepare_invoice(ctx: Ctx, rec: Record, old: Record | None) -> None:
    _document(
        ctx,
        rec,
        "CUSTOMER",
        "CUSTOMERID",
        "ARINVOICEITEMS",
        "ARINVOICEITEM",
        str(ctx.company_rec.get("AR_ACCOUNT", "1100")),
        False,
    )
    rec["RECORDTYPE"] = "ri"
    rec["MODULEKEY"] = "4.AR"


for _obj, _prep, _title in (
    ("APBILL", _prepare_bill, "RECORDID"),
    ("ARINVOICE", _prepare_invoice, "RECORDID"),
):
    hooks(_obj).prepare = _prep
    hooks(_obj).after_write = _after_document("APJ" if _obj == "APBILL" else "ARJ", _title)
    hooks(_obj).before_delete = _before_delete_document


def _apply_payment(ctx: Ctx, obj: str, key: str, amount: Decimal) -> Record:
    doc = ctx.store.get(ctx.company, obj, int(key)) if key.isdigit() else None
    if doc is None:
        raise errors.invalid_reference(OBJECTS[obj].label, key)
    due = Decimal(str(doc.get("TOTALDUE") or "0"))
    if amount > due:
        raise errors.bad_request(f"Payment {amount} exceeds the amount due {due} on {obj} {key}")
    doc = {
        **doc,
        "TOTALPAID": str(Decimal(str(doc.get("TOTALPAID") or "0")) + amount),
        "TOTALDUE": str(due - amount),
    }
    doc["TRX_TOTALDUE"] = doc["TOTALDUE"]
    doc["STATE"] = "Paid" if due - amount == ZERO else "Partially Paid"
    ctx.stamp(doc, created=False)
    ctx.store.put(ctx.company, obj, int(key), doc, None)
    return doc


def _prepare_appymt(ctx: Ctx, rec: Record, old: Record | None) -> None:
    vendor = str(rec.get("VENDORID") or "")
    if ctx.store.get_by_id(ctx.company, "VENDOR", vendor) is None:
        raise errors.invalid_reference("Vendor", vendor)
    rec["PAYMENTDATE"] = fmt_date(check_open(ctx, str(rec.get("PAYMENTDATE") or ""), "Payment date"))
    total = ZERO
    for d in rec.get("APPYMTDETAILS", {}).get("APPYMTDETAIL", []):
        amount = money(d.get("TRX_PAYMENTAMOUNT"), "Payment amount")
        bill = _apply_payment(ctx, "APBILL", str(d.get("RECORDKEY") or ""), amount)
        if bill.get("VENDORID") != vendor:
            raise errors.bad_request(f"Bill {d.get('RECORDKEY')} does not belong to vendor {vendor}")
        total += amount
    rec["AMOUNTTOPAY"] = str(total)
    rec["STATE"] = "Complete"


hooks("APPYMT").prepare = _prepare_appymt


def _legacy_lines(items: Any, amount_key: str = "amount") -> list[Record]:
    out: list[Record] = []
    for li in as_list(items):
        if not isinstance(li, dict):
            continue
        line: Record = {
            "ACCOUNTNO": li.get("glaccountno", ""),
            "TRX_AMOUNT": li.get(amount_key, ""),
            "ENTRYDESCRIPTION": li.get("memo", ""),
        }
        for legacy in LEGACY_LINE_DIMENSIONS:
            if li.get(legacy):
                line[legacy.upper()] = li[legacy]
        out.append(line)
    return out


def _legacy_header(data: dict[str, Any]) -> Record:
    rec: Record = {
        "WHENCREATED": legacy_date(data.get("datecreated")),
        "DESCRIPTION": data.get("description", ""),
    }
    if data.get("dateposted"):
        rec["WHENPOSTED"] = legacy_date(data["dateposted"])
    if data.get("datedue"):
        rec["WHENDUE"] = legacy_date(data["datedue"])
    for legacy, field in (
        ("currency", "CURRENCY"),
        ("basecurr", "BASECURR"),
        ("termname", "TERMNAME"),
        ("action", "ACTION"),
        ("supdocid", "SUPDOCID"),
        ("externalid", "EXTERNALID"),
    ):
        if data.get(legacy):
            rec[field] = data[legacy]
    return rec


@function("create_bill", "CREATE", writes=True)
def create_bill(ctx: Ctx, el: etree._Element) -> Payload:
    require_write(ctx, "CREATE", "APBILL")
    data = to_value(el)
    data = data if isinstance(data, dict) else {}
    rec = _legacy_header(data)
    rec.update(
        {
            "VENDORID": data.get("vendorid", ""),
            "RECORDID": data.get("billno", ""),
            "DOCNUMBER": data.get("ponumber", ""),
            "APBILLITEMS": {"APBILLITEM": _legacy_lines((data.get("billitems") or {}).get("lineitem"))},
        }
    )
    recordno, _ = insert(ctx, OBJECTS["APBILL"], rec)
    return Payload(key=str(recordno))


@function("create_invoice", "CREATE", writes=True)
def create_invoice(ctx: Ctx, el: etree._Element) -> Payload:
    require_write(ctx, "CREATE", "ARINVOICE")
    data = to_value(el)
    data = data if isinstance(data, dict) else {}
    rec = _legacy_header(data)
    rec.update(
        {
            "CUSTOMERID": data.get("customerid", ""),
            "RECORDID": data.get("invoiceno", ""),
            "DOCNUMBER": data.get("ponumber", ""),
            "ARINVOICEITEMS": {
                "ARINVOICEITEM": _legacy_lines((data.get("invoiceitems") or {}).get("lineitem"))
            },
        }
    )
    recordno, _ = insert(ctx, OBJECTS["ARINVOICE"], rec)
    return Payload(key=str(recordno))


@function("create_arpayment", "CREATE", writes=True)
def create_arpayment(ctx: Ctx, el: etree._Element) -> Payload:
    require_write(ctx, "CREATE", "ARPYMT")
    data = to_value(el)
    data = data if isinstance(data, dict) else {}
    customer = str(data.get("customerid", ""))
    if ctx.store.get_by_id(ctx.company, "CUSTOMER", customer) is None:
        raise errors.invalid_reference("Customer", customer)
    when = check_open(ctx, legacy_date(data.get("datereceived")), "Date received")
    total = money(data.get("paymentamount"), "Payment amount")
    applied: list[Record] = []
    for item in as_list(data.get("arpaymentitem")):
        amount = money(item.get("amount"), "Amount")
        _apply_payment(ctx, "ARINVOICE", str(item.get("invoicekey", "")), amount)
        applied.append({"INVOICEKEY": item.get("invoicekey", ""), "AMOUNT": str(amount)})
    rec: Record = {
        "CUSTOMERID": customer,
        "DOCNUMBER": data.get("refid", ""),
        "RECEIPTDATE": fmt_date(when),
        "PAYMENTMETHOD": data.get("paymentmethod", ""),
        "TOTALENTERED": str(total),
        "BANKACCOUNTID": data.get("bankaccountid", ""),
        "STATE": "Posted",
        "ARPYMTDETAILS": {"ARPYMTDETAIL": applied},
    }
    recordno, _ = insert(ctx, OBJECTS["ARPYMT"], rec)
    return Payload(key=str(recordno))


def _reverse(ctx: Ctx, el: etree._Element, obj: str) -> Payload:
    require_write(ctx, "REVERSE", obj)
    key = (el.get("key") or el.findtext("key") or "").strip()
    doc = ctx.store.get(ctx.company, obj, int(key)) if key.isdigit() else None
    if doc is None:
        raise errors.not_found(obj, key)
    if doc.get("STATE") == "Reversed":
        raise errors.bad_request(f"{obj} {key} is already reversed")
    data = to_value(el)
    when = legacy_date(data.get("datereversed")) if isinstance(data, dict) else ""
    check_open(ctx, when or fmt_date(ctx.today()), "Reversal date")
    rev = {**doc, "STATE": "Reversed", "REVERSALDATE": when or fmt_date(ctx.today())}
    ctx.stamp(rev, created=False)
    ctx.store.put(ctx.company, obj, int(key), rev, None)
    for gk in doc.get("_GLKEYS", []):
        row = ctx.store.get(ctx.company, "GLENTRY", int(gk))
        if row is not None:
            n = ctx.allocate()
            flipped = {
                **row,
                "RECORDNO": str(n),
                "TR_TYPE": "-1" if row.get("TR_TYPE") == "1" else "1",
                "ENTRY_DATE": rev["REVERSALDATE"],
                "BATCH_DATE": rev["REVERSALDATE"],
            }
            ctx.store.put(ctx.company, "GLENTRY", n, flipped, None)
    return Payload(key=key)


@function("reverse_bill", "REVERSE", writes=True)
def reverse_bill(ctx: Ctx, el: etree._Element) -> Payload:
    return _reverse(ctx, el, "APBILL")


@function("reverse_invoice", "REVERSE", writes=True)
def reverse_invoice(ctx: Ctx, el: etree._Element) -> Payload:
    return _reverse(ctx, el, "ARINVOICE")


@function("reverse_arpayment", "REVERSE", writes=True)
def reverse_arpayment(ctx: Ctx, el: etree._Element) -> Payload:
    return _reverse(ctx, el, "ARPYMT")


@function("reverse_appayment", "REVERSE", writes=True)
def reverse_appayment(ctx: Ctx, el: etree._Element) -> Payload:
    return _reverse(ctx, el, "APPYMT")
