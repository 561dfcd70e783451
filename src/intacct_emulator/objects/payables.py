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
            rec["_GLKEYS"] = []
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
    """Runs before a delete and before an update re-posts: both are refused once money moved."""
    if Decimal(str(rec.get("TOTALPAID") or "0")) > ZERO and rec.get("STATE") != "Reversed":
        raise errors.bad_request(f"Record {recordno} has payments applied; reverse the payments first")
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
    hooks(_obj).repost_on_update = True


def _apply_payment(ctx: Ctx, obj: str, key: str, amount: Decimal) -> Record:
    doc = ctx.store.get(ctx.company, obj, int(key)) if key.isdigit() else None
    if doc is None or not ctx.visible(doc, True):
        raise errors.invalid_reference(OBJECTS[obj].label, key)
    if doc.get("STATE") in ("Draft", "Reversed"):
        raise errors.bad_request(f"{obj} {key} is {str(doc.get('STATE')).lower()} and cannot be paid")
    due = Decimal(str(doc.get("TOTALDUE") or "0"))
    if amount <= ZERO:
        raise errors.bad_request(f"Payment amount must be positive, not {amount}")
    if amount > due:
        raise errors.bad_request(f"Payment {amount} exceeds the amount due {due} on {obj} {key}")
    return _settle(ctx, obj, doc, amount)


def _settle(ctx: Ctx, obj: str, doc: Record, amount: Decimal) -> Record:
    """Move ``amount`` from due to paid on a bill or invoice (negative to undo a payment)."""
    total = Decimal(str(doc.get("TOTALENTERED") or "0"))
    paid = Decimal(str(doc.get("TOTALPAID") or "0")) + amount
    doc = {**doc, "TOTALPAID": str(paid), "TOTALDUE": str(total - paid)}
    doc["TRX_TOTALDUE"] = doc["TOTALDUE"]
    doc["STATE"] = "Paid" if paid == total else "Partially Paid" if paid > ZERO else "Posted"
    ctx.stamp(doc, created=False)
    ctx.store.put(ctx.company, obj, int(doc["RECORDNO"]), doc, None)
    return doc


def _doc_location(doc: Record, lines_key: str, line_tag: str) -> str:
    lines = doc.get(lines_key, {}).get(line_tag, []) if isinstance(doc.get(lines_key), dict) else []
    return str(lines[0].get("LOCATIONID") or "") if lines else ""


def _payment_gl(ctx: Ctx, doc: Record, amount: Decimal, ap: bool) -> list[Record]:
    """A payment clears the AP/AR control account against cash, in the paid document's entity."""
    loc = _doc_location(doc, *(("APBILLITEMS", "APBILLITEM") if ap else ("ARINVOICEITEMS", "ARINVOICEITEM")))
    control = str(ctx.company_rec.get("AP_ACCOUNT" if ap else "AR_ACCOUNT", "2000" if ap else "1100"))
    cash = str(ctx.company_rec.get("CASH_ACCOUNT", "1000"))
    memo = f"Payment of {doc.get('RECORDID') or doc.get('RECORDNO')}"
    lines = []
    for acct, tr in ((control, "1"), (cash, "-1")) if ap else ((cash, "1"), (control, "-1")):
        lines.append(
            {
                "ACCOUNTNO": acct,
                "TR_TYPE": tr,
                "TRX_AMOUNT": str(amount),
                "AMOUNT": str(amount),
                "DESCRIPTION": memo,
                "LOCATION": loc,
            }
        )
    return lines


def _post_payment(ctx: Ctx, recordno: int, rec: Record, journal: str, date: str) -> None:
    gl = rec.pop("_GL", [])
    # the payment's own STATE (Complete) is not a GL state: its lines are posted
    header = {"STATE": "Posted"}
    post_lines(ctx, journal, recordno, header, gl, date, journal, "Payment", str(rec.get("DOCNUMBER") or ""))
    rec["_GLKEYS"] = [g["RECORDNO"] for g in gl]


def _unapply(ctx: Ctx, rec: Record) -> None:
    """Undo a payment's effect on the bills/invoices it paid (reversal or delete)."""
    for doc_obj, coll, tag, key_field, amount_field in _PAYMENT_DETAILS:
        for d in rec.get(coll, {}).get(tag, []) if isinstance(rec.get(coll), dict) else []:
            doc = (
                ctx.store.get(ctx.company, doc_obj, int(d[key_field]))
                if str(d.get(key_field)).isdigit()
                else None
            )
            if doc is not None and doc.get("STATE") != "Reversed":
                _settle(ctx, doc_obj, doc, -Decimal(str(d.get(amount_field) or "0")))


_PAYMENT_DETAILS = (
    ("APBILL", "APPYMTDETAILS", "APPYMTDETAIL", "RECORDKEY", "TRX_PAYMENTAMOUNT"),
    ("ARINVOICE", "ARPYMTDETAILS", "ARPYMTDETAIL", "INVOICEKEY", "AMOUNT"),
)


def _prepare_appymt(ctx: Ctx, rec: Record, old: Record | None) -> None:
    if old is not None:
        raise errors.bad_request("A posted AP payment cannot be updated; reverse it and create a new one")
    vendor = str(rec.get("VENDORID") or "")
    if ctx.store.get_by_id(ctx.company, "VENDOR", vendor) is None:
        raise errors.invalid_reference("Vendor", vendor)
    rec["PAYMENTDATE"] = fmt_date(check_open(ctx, str(rec.get("PAYMENTDATE") or ""), "Payment date"))
    total = ZERO
    gl: list[Record] = []
    details = rec.get("APPYMTDETAILS", {}).get("APPYMTDETAIL", [])
    if not details:
        raise errors.missing_field("Bills to pay", "AP Payment")
    for d in details:
        amount = money(d.get("TRX_PAYMENTAMOUNT"), "Payment amount")
        bill = _apply_payment(ctx, "APBILL", str(d.get("RECORDKEY") or ""), amount)
        if bill.get("VENDORID") != vendor:
            raise errors.bad_request(f"Bill {d.get('RECORDKEY')} does not belong to vendor {vendor}")
        d["TRX_PAYMENTAMOUNT"] = str(amount)
        gl += _payment_gl(ctx, bill, amount, ap=True)
        total += amount
    rec["AMOUNTTOPAY"] = str(total)
    rec["STATE"] = "Complete"
    rec["_GL"] = gl


def _after_appymt(ctx: Ctx, recordno: int, rec: Record) -> None:
    _post_payment(ctx, recordno, rec, "APJ", str(rec["PAYMENTDATE"]))


def _after_arpymt(ctx: Ctx, recordno: int, rec: Record) -> None:
    _post_payment(ctx, recordno, rec, "ARJ", str(rec["RECEIPTDATE"]))


def _before_delete_payment(ctx: Ctx, recordno: int, rec: Record) -> None:
    check_open(ctx, str(rec.get("PAYMENTDATE") or rec.get("RECEIPTDATE") or ""), "Payment date")
    if rec.get("STATE") != "Reversed":
        _unapply(ctx, rec)
    unpost(ctx, [{"RECORDNO": k} for k in rec.get("_GLKEYS", [])])


hooks("APPYMT").prepare = _prepare_appymt
hooks("APPYMT").after_write = _after_appymt
hooks("APPYMT").before_delete = _before_delete_payment
hooks("ARPYMT").after_write = _after_arpymt
hooks("ARPYMT").before_delete = _before_delete_payment


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


def _legacy_document(
    ctx: Ctx, el: etree._Element, obj: str, party: str, number: str, items: str, lines_key: str
) -> Payload:
    """create_bill / create_invoice: legacy lower-case fields mapped onto the generic document."""
    require_write(ctx, "CREATE", obj)
    data = to_value(el)
    data = data if isinstance(data, dict) else {}
    rec = _legacy_header(data)
    line_tag = OBJECTS[obj].owned[lines_key][0]
    rec.update(
        {
            party.upper(): data.get(party, ""),
            "RECORDID": data.get(number, ""),
            "DOCNUMBER": data.get("ponumber", ""),
            lines_key: {line_tag: _legacy_lines((data.get(items) or {}).get("lineitem"))},
        }
    )
    recordno, _ = insert(ctx, OBJECTS[obj], rec)
    return Payload(key=str(recordno))


@function("create_bill", "CREATE", writes=True)
def create_bill(ctx: Ctx, el: etree._Element) -> Payload:
    return _legacy_document(ctx, el, "APBILL", "vendorid", "billno", "billitems", "APBILLITEMS")


@function("create_invoice", "CREATE", writes=True)
def create_invoice(ctx: Ctx, el: etree._Element) -> Payload:
    return _legacy_document(ctx, el, "ARINVOICE", "customerid", "invoiceno", "invoiceitems", "ARINVOICEITEMS")


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
    gl: list[Record] = []
    for item in as_list(data.get("arpaymentitem")):
        amount = money(item.get("amount"), "Amount")
        invoice = _apply_payment(ctx, "ARINVOICE", str(item.get("invoicekey", "")), amount)
        if invoice.get("CUSTOMERID") != customer:
            raise errors.bad_request(
                f"Invoice {item.get('invoicekey')} does not belong to customer {customer}"
            )
        applied.append({"INVOICEKEY": item.get("invoicekey", ""), "AMOUNT": str(amount)})
        gl += _payment_gl(ctx, invoice, amount, ap=False)
    rec: Record = {
        "CUSTOMERID": customer,
        "DOCNUMBER": data.get("refid", ""),
        "RECEIPTDATE": fmt_date(when),
        "PAYMENTMETHOD": data.get("paymentmethod", ""),
        "TOTALENTERED": str(total),
        "BANKACCOUNTID": data.get("bankaccountid", ""),
        "STATE": "Posted",
        "ARPYMTDETAILS": {"ARPYMTDETAIL": applied},
        "_GL": gl,
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
    if obj in ("APBILL", "ARINVOICE") and Decimal(str(doc.get("TOTALPAID") or "0")) > ZERO:
        raise errors.bad_request(f"{obj} {key} has payments applied; reverse the payments first")
    data = to_value(el)
    when = legacy_date(data.get("datereversed")) if isinstance(data, dict) else ""
    check_open(ctx, when or fmt_date(ctx.today()), "Reversal date")
    rev = {**doc, "STATE": "Reversed", "REVERSALDATE": when or fmt_date(ctx.today())}
    ctx.stamp(rev, created=False)
    ctx.store.put(ctx.company, obj, int(key), rev, None)
    if obj in ("APPYMT", "ARPYMT"):
        _unapply(ctx, doc)
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
