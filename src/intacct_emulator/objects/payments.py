"""AP and AR payments, and the legacy reverse functions of documents and payments.

A payment clears the AP/AR control account against cash in the paid document's entity. It is
made in the document's currency: the control line takes the document's own base amount, the
cash line the payment-date rate, and the difference is a realized exchange gain or loss.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from .. import errors
from ..context import Ctx, fmt_date
from ..currency import Conversion, conversion, round_money
from ..model import OBJECTS
from ..registry import function, hooks
from ..serializer import Payload
from ..store import Record
from ..xmlio import as_list, to_value
from .company import money
from .generic import insert, require_write
from .ledger import ZERO, check_open, legacy_date, post_lines, unpost

# payment details: paid object, collection, tag, key field, trx amount field, base amount field
PAYMENT_DETAILS = (
    ("APBILL", "APPYMTDETAILS", "APPYMTDETAIL", "RECORDKEY", "TRX_PAYMENTAMOUNT", "PAYMENTAMOUNT"),
    ("APADJUSTMENT", "APPYMTDETAILS", "APPYMTDETAIL", "POSADJKEY", "TRX_PAYMENTAMOUNT", "PAYMENTAMOUNT"),
    ("ARINVOICE", "ARPYMTDETAILS", "ARPYMTDETAIL", "INVOICEKEY", "TRX_AMOUNT", "AMOUNT"),
    ("EEXPENSES", "EPPAYMENTDETAILS", "EPPAYMENTDETAIL", "RECORDKEY", "TRX_PAYMENTAMOUNT", "PAYMENTAMOUNT"),
)
_DOC_LINES = {
    "APBILL": ("APBILLITEMS", "APBILLITEM"),
    "ARINVOICE": ("ARINVOICEITEMS", "ARINVOICEITEM"),
    "EEXPENSES": ("EEXPENSESITEMS", "EEXPENSESITEM"),
    "APADJUSTMENT": ("APADJUSTMENTITEMS", "APADJUSTMENTITEM"),
}


def _dec(value: object) -> Decimal:
    return Decimal(str(value or "0"))


def settle(ctx: Ctx, obj: str, doc: Record, trx: Decimal, base: Decimal) -> Record:
    """Move an amount from due to paid on a bill or invoice (negative amounts undo a payment)."""
    trx_total = _dec(doc.get("TRX_TOTALENTERED") or doc.get("TOTALENTERED"))
    trx_paid = _dec(doc.get("TRX_TOTALPAID") or doc.get("TOTALPAID")) + trx
    paid = _dec(doc.get("TOTALPAID")) + base
    total = _dec(doc.get("TOTALENTERED"))
    doc = {
        **doc,
        "TOTALPAID": str(paid),
        "TOTALDUE": str(total - paid),
        "TRX_TOTALPAID": str(trx_paid),
        "TRX_TOTALDUE": str(trx_total - trx_paid),
    }
    doc["STATE"] = "Paid" if trx_paid == trx_total else "Partially Paid" if trx_paid > ZERO else "Posted"
    ctx.stamp(doc, created=False)
    ctx.store.put(ctx.company, obj, int(doc["RECORDNO"]), doc, None)
    return doc


def _doc_location(doc: Record, obj: str) -> str:
    lines_key, line_tag = _DOC_LINES.get(obj, ("", ""))
    holder = doc.get(lines_key)
    lines = holder.get(line_tag, []) if isinstance(holder, dict) else []
    return str(lines[0].get("LOCATIONID") or "") if lines else ""


def _pay_conversion(ctx: Ctx, rec: Record, doc: Record, obj: str, date: str) -> Conversion:
    currency = str(doc.get("CURRENCY") or "")
    given = str(rec.get("CURRENCY") or "").strip().upper()
    if given and currency and given != currency:
        raise errors.bad_request(
            f"{OBJECTS[obj].label} {doc.get('RECORDNO')} is in {currency}; pay it in {currency}, not {given}"
        )
    loc = _doc_location(doc, obj)
    entity = ctx.entity_of_location(loc) if loc else str(doc.get("MEGAENTITYID") or ctx.entity)
    return conversion(
        ctx,
        entity,
        currency,
        date,
        rec.get("EXCH_RATE_DATE"),
        rec.get("EXCH_RATE_TYPE_ID"),
        rec.get("EXCHANGE_RATE"),
    )


def apply_payment(
    ctx: Ctx,
    rec: Record,
    obj: str,
    key: str,
    amount: Decimal,
    date: str,
    ap: bool,
    accounts: tuple[str, str] | None = None,
) -> tuple[Record, Decimal, list[Record]]:
    """Pay ``amount`` (document currency) of one document; returns it, the base share and GL lines.

    ``ap`` payments clear a payable (debit control, credit cash), the others a receivable;
    ``accounts`` overrides the (control, cash) accounts, e.g. employee payables and a bank account.
    """
    doc = ctx.store.get(ctx.company, obj, int(key)) if key.isdigit() else None
    if doc is None or not ctx.visible(doc, True):
        raise errors.invalid_reference(OBJECTS[obj].label, key)
    if doc.get("STATE") in ("Draft", "Reversed"):
        raise errors.bad_request(f"{obj} {key} is {str(doc.get('STATE')).lower()} and cannot be paid")
    due = _dec(doc.get("TRX_TOTALDUE") or doc.get("TOTALDUE"))
    if amount <= ZERO:
        raise errors.bad_request(f"Payment amount must be positive, not {amount}")
    if amount > due:
        raise errors.bad_request(f"Payment {amount} exceeds the amount due {due} on {obj} {key}")
    conv = _pay_conversion(ctx, rec, doc, obj, date)
    doc_rate = _dec(doc.get("EXCHANGE_RATE") or "1")
    # the last payment clears exactly what is left in base currency, so no cent stays open
    if doc_rate == 1:
        share = amount
    else:
        share = _dec(doc.get("TOTALDUE")) if amount == due else round_money(amount * doc_rate)
    cash = conv.to_base(amount)
    settle(ctx, obj, doc, amount, share)
    control = str(ctx.company_rec.get("AP_ACCOUNT" if ap else "AR_ACCOUNT", "2000" if ap else "1100"))
    cash_account = str(ctx.company_rec.get("CASH_ACCOUNT", "1000"))
    if accounts is not None:
        control, cash_account = accounts
    return doc, share, _payment_gl(ctx, doc, obj, amount, share, cash, conv, ap, control, cash_account)


def _payment_gl(
    ctx: Ctx,
    doc: Record,
    obj: str,
    trx: Decimal,
    share: Decimal,
    cash: Decimal,
    conv: Conversion,
    ap: bool,
    control: str,
    cash_account: str,
) -> list[Record]:
    loc = _doc_location(doc, obj)
    memo = f"Payment of {doc.get('RECORDID') or doc.get('RECORDNO')}"
    # AP: debit the payable, credit cash; AR: debit cash, credit the receivable
    pairs = [(control, "1", trx, share), (cash_account, "-1", trx, cash)]
    if not ap:
        pairs = [(cash_account, "1", trx, cash), (control, "-1", trx, share)]
    difference = cash - share  # AP: paying more base than booked is a loss; AR: receiving more is a gain
    if difference != ZERO:
        fx = str(ctx.company_rec.get("FX_GAINLOSS_ACCOUNT", "4900"))
        loss = difference > ZERO if ap else difference < ZERO
        pairs.append((fx, "1" if loss else "-1", ZERO, abs(difference)))
    lines = []
    for acct, tr, trx_amount, base in pairs:
        line: Record = {
            "ACCOUNTNO": acct,
            "TR_TYPE": tr,
            "TRX_AMOUNT": str(trx_amount),
            "AMOUNT": str(base),
            "DESCRIPTION": memo if trx_amount else f"Realized exchange gain/loss on {memo.lower()}",
            "LOCATION": loc,
        }
        conv.stamp(line)
        lines.append(line)
    return lines


def post_payment(ctx: Ctx, recordno: int, rec: Record, journal: str, date: str) -> None:
    gl = rec.pop("_GL", [])
    # the payment's own STATE (Complete) is not a GL state: its lines are posted
    header = {"STATE": "Posted"}
    post_lines(ctx, journal, recordno, header, gl, date, journal, "Payment", str(rec.get("DOCNUMBER") or ""))
    rec["_GLKEYS"] = [g["RECORDNO"] for g in gl]


def unapply(ctx: Ctx, rec: Record) -> None:
    """Undo a payment's effect on the bills/invoices it paid, and of debit memos applied (reversal or delete)."""
    for doc_obj, coll, tag, key_field, trx_field, base_field in PAYMENT_DETAILS:
        holder = rec.get(coll)
        for d in holder.get(tag, []) if isinstance(holder, dict) else []:
            key = str(d.get(key_field))
            doc = ctx.store.get(ctx.company, doc_obj, int(key)) if key.isdigit() else None
            if doc is None or doc.get("STATE") == "Reversed":
                continue
            if d.get(trx_field) not in (None, ""):
                trx = _dec(d.get(trx_field) or d.get(base_field))
                doc = settle(ctx, doc_obj, doc, -trx, -_dec(d.get(base_field) or trx))
            memo_key = str(d.get("ADJUSTMENTKEY") or "")
            memo = ctx.store.get(ctx.company, "APADJUSTMENT", int(memo_key)) if memo_key.isdigit() else None
            if memo is not None and d.get("TRX_ADJUSTMENTAMOUNT"):
                credit, base = (
                    _dec(d["TRX_ADJUSTMENTAMOUNT"]),
                    _dec(d.get("ADJUSTMENTAMOUNT") or d["TRX_ADJUSTMENTAMOUNT"]),
                )
                settle(ctx, doc_obj, doc, -credit, -base)
                settle(ctx, "APADJUSTMENT", memo, credit, base)


def _prepare_appymt(ctx: Ctx, rec: Record, old: Record | None) -> None:
    if old is not None:
        raise errors.bad_request("A posted AP payment cannot be updated; reverse it and create a new one")
    vendor = str(rec.get("VENDORID") or "")
    if ctx.store.get_by_id(ctx.company, "VENDOR", vendor) is None:
        raise errors.invalid_reference("Vendor", vendor)
    rec["PAYMENTDATE"] = date = fmt_date(check_open(ctx, str(rec.get("PAYMENTDATE") or ""), "Payment date"))
    total = ZERO
    gl: list[Record] = []
    details = rec.get("APPYMTDETAILS", {}).get("APPYMTDETAIL", [])
    if not details:
        raise errors.missing_field("Bills to pay", "AP Payment")
    currencies: set[str] = set()
    for d in details:
        if d.get("ADVANCEKEY"):
            raise errors.not_modelled("APPYMT with ADVANCEKEY", "AP advances are not modelled")
        obj, key = ("APBILL", "RECORDKEY") if d.get("RECORDKEY") else ("APADJUSTMENT", "POSADJKEY")
        doc_key = str(d.get(key) or "")
        credit = d.get("TRX_ADJUSTMENTAMOUNT") if d.get("ADJUSTMENTKEY") else None
        if d.get("TRX_PAYMENTAMOUNT") in (None, "") and credit is not None:
            doc = _credit(ctx, obj, doc_key, str(d["ADJUSTMENTKEY"]), money(credit, "Adjustment amount"), d)
        else:
            amount = money(d.get("TRX_PAYMENTAMOUNT"), "Payment amount")
            doc, share, lines = apply_payment(ctx, rec, obj, doc_key, amount, date, True)
            d["TRX_PAYMENTAMOUNT"], d["PAYMENTAMOUNT"] = str(amount), str(share)
            gl += lines
            total += amount
            if credit is not None:
                _credit(ctx, obj, doc_key, str(d["ADJUSTMENTKEY"]), money(credit, "Adjustment amount"), d)
        if doc.get("VENDORID") != vendor:
            raise errors.bad_request(f"{OBJECTS[obj].label} {doc_key} does not belong to vendor {vendor}")
        currencies.add(str(doc.get("CURRENCY") or ""))
    if len(currencies - {""}) > 1:
        raise errors.mixed_currencies(sorted(currencies))
    rec["CURRENCY"] = next(iter(currencies), "") or rec.get("CURRENCY", "")
    rec["AMOUNTTOPAY"], rec["TRX_AMOUNTTOPAY"] = str(total), str(total)
    # with payment approvals on, a new payment is a request: it posts when it is approved
    approvals = str(ctx.company_rec.get("AP_PAYMENT_APPROVAL", "false")) == "true"
    rec["STATE"] = "Submitted" if approvals else "Complete"
    rec["_GL"] = gl


def _credit(ctx: Ctx, obj: str, key: str, memo_key: str, amount: Decimal, detail: Record) -> Record:
    """Apply a debit memo (a negative AP adjustment) to what a payment detail pays: no cash moves."""
    doc = ctx.store.get(ctx.company, obj, int(key)) if key.isdigit() else None
    memo = ctx.store.get(ctx.company, "APADJUSTMENT", int(memo_key)) if memo_key.isdigit() else None
    if doc is None or not ctx.visible(doc, True):
        raise errors.invalid_reference(OBJECTS[obj].label, key)
    if memo is None or _dec(memo.get("TRX_TOTALDUE")) >= ZERO:
        raise errors.invalid_reference("Debit memo", memo_key)
    if amount <= ZERO or amount > -_dec(memo["TRX_TOTALDUE"]) or amount > _dec(doc.get("TRX_TOTALDUE")):
        raise errors.bad_request(
            f"Credit {amount} exceeds what debit memo {memo_key} or {obj} {key} has open"
        )
    rate = _dec(doc.get("EXCHANGE_RATE") or "1")
    base = amount if rate == 1 else round_money(amount * rate)
    doc = settle(ctx, obj, doc, amount, base)
    settle(ctx, "APADJUSTMENT", memo, -amount, -base)
    detail["TRX_ADJUSTMENTAMOUNT"], detail["ADJUSTMENTAMOUNT"] = str(amount), str(base)
    return doc


def _after_appymt(ctx: Ctx, recordno: int, rec: Record) -> None:
    if rec.get("STATE") == "Submitted":
        rec["_PENDINGGL"] = rec.pop("_GL", [])
        rec["_GLKEYS"] = []
        return
    post_payment(ctx, recordno, rec, "APJ", str(rec["PAYMENTDATE"]))


def _after_arpymt(ctx: Ctx, recordno: int, rec: Record) -> None:
    post_payment(ctx, recordno, rec, "ARJ", str(rec["RECEIPTDATE"]))


def before_delete_payment(ctx: Ctx, recordno: int, rec: Record) -> None:
    check_open(ctx, str(rec.get("PAYMENTDATE") or rec.get("RECEIPTDATE") or ""), "Payment date")
    if rec.get("STATE") != "Reversed":
        unapply(ctx, rec)
    unpost(ctx, [{"RECORDNO": k} for k in rec.get("_GLKEYS", [])])


hooks("APPYMT").prepare = _prepare_appymt
hooks("APPYMT").after_write = _after_appymt
hooks("APPYMT").before_delete = before_delete_payment
hooks("ARPYMT").after_write = _after_arpymt
hooks("ARPYMT").before_delete = before_delete_payment


@function("create_arpayment", "CREATE", writes=True)
def create_arpayment(ctx: Ctx, el: etree._Element) -> Payload:
    require_write(ctx, "CREATE", "ARPYMT")
    data = to_value(el)
    data = data if isinstance(data, dict) else {}
    customer = str(data.get("customerid", ""))
    if ctx.store.get_by_id(ctx.company, "CUSTOMER", customer) is None:
        raise errors.invalid_reference("Customer", customer)
    date = fmt_date(check_open(ctx, legacy_date(data.get("datereceived")), "Date received"))
    total = money(data.get("paymentamount"), "Payment amount")
    fx: Record = {
        "CURRENCY": data.get("currency", ""),
        "EXCH_RATE_DATE": legacy_date(data.get("exchratedate")),
        "EXCH_RATE_TYPE_ID": data.get("exchratetype", ""),
        "EXCHANGE_RATE": data.get("exchrate", ""),
    }
    applied: list[Record] = []
    gl: list[Record] = []
    received = ZERO  # base amount of the cash lines (the first line of each applied invoice)
    foreign = False
    for item in as_list(data.get("arpaymentitem")):
        amount = money(item.get("amount"), "Amount")
        key = str(item.get("invoicekey", ""))
        invoice, share, lines = apply_payment(ctx, fx, "ARINVOICE", key, amount, date, False)
        if invoice.get("CUSTOMERID") != customer:
            raise errors.bad_request(f"Invoice {key} does not belong to customer {customer}")
        fx["CURRENCY"] = invoice.get("CURRENCY") or fx["CURRENCY"]
        applied.append({"INVOICEKEY": key, "TRX_AMOUNT": str(amount), "AMOUNT": str(share)})
        received += _dec(lines[0]["AMOUNT"])
        foreign = foreign or lines[0]["CURRENCY"] != lines[0]["BASECURR"]
        gl += lines
    unapplied = total - sum((_dec(a["TRX_AMOUNT"]) for a in applied), ZERO)
    if unapplied < ZERO:
        raise errors.bad_request(f"The items apply {total - unapplied}, more than the payment amount {total}")
    if unapplied > ZERO:
        # unapplied cash is a credit on the customer's receivable until it is applied (apply_arpayment)
        conv = conversion(
            ctx,
            ctx.entity,
            fx["CURRENCY"],
            date,
            fx["EXCH_RATE_DATE"],
            fx["EXCH_RATE_TYPE_ID"],
            fx["EXCHANGE_RATE"],
        )
        loc = str(data.get("overpaylocid") or "")
        for acct, tr in (
            (str(ctx.company_rec.get("CASH_ACCOUNT", "1000")), "1"),
            (str(ctx.company_rec.get("AR_ACCOUNT", "1100")), "-1"),
        ):
            line: Record = {
                "ACCOUNTNO": acct,
                "TR_TYPE": tr,
                "TRX_AMOUNT": str(unapplied),
                "AMOUNT": str(conv.to_base(unapplied)),
                "DESCRIPTION": "Unapplied payment",
                "LOCATION": loc,
            }
            conv.stamp(line)
            gl.append(line)
        received += conv.to_base(unapplied)
        fx["CURRENCY"] = fx["CURRENCY"] or conv.currency
    rec: Record = {
        "CUSTOMERID": customer,
        "DOCNUMBER": data.get("refid", ""),
        "RECEIPTDATE": date,
        "PAYMENTMETHOD": data.get("paymentmethod", ""),
        "CURRENCY": fx["CURRENCY"],
        "TOTALENTERED": str(received if foreign else total),
        "TRX_TOTALENTERED": str(total),
        "BANKACCOUNTID": data.get("bankaccountid", ""),
        "STATE": "Posted",
        "ARPYMTDETAILS": {"ARPYMTDETAIL": applied},
        "_GL": gl,
    }
    recordno, _ = insert(ctx, OBJECTS["ARPYMT"], rec)
    return Payload(key=str(recordno))


def reverse_document(ctx: Ctx, el: etree._Element, obj: str) -> Payload:
    """Reverse a posted document or payment: state Reversed, its GL lines posted again swapped."""
    require_write(ctx, "REVERSE", obj)
    key = (el.get("key") or el.findtext("key") or "").strip()
    doc = ctx.store.get(ctx.company, obj, int(key)) if key.isdigit() else None
    if doc is None:
        raise errors.not_found(obj, key)
    if doc.get("STATE") == "Reversed":
        raise errors.bad_request(f"{obj} {key} is already reversed")
    if obj not in ("APPYMT", "ARPYMT", "EPPAYMENT") and _dec(doc.get("TOTALPAID")) > ZERO:
        raise errors.bad_request(f"{obj} {key} has payments applied; reverse the payments first")
    data = to_value(el)
    when = legacy_date(data.get("datereversed")) if isinstance(data, dict) else ""
    check_open(ctx, when or fmt_date(ctx.today()), "Reversal date")
    rev = {**doc, "STATE": "Reversed", "REVERSALDATE": when or fmt_date(ctx.today())}
    ctx.stamp(rev, created=False)
    ctx.store.put(ctx.company, obj, int(key), rev, None)
    if obj in ("APPYMT", "ARPYMT", "EPPAYMENT"):
        unapply(ctx, doc)
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
    return reverse_document(ctx, el, "APBILL")


@function("reverse_invoice", "REVERSE", writes=True)
def reverse_invoice(ctx: Ctx, el: etree._Element) -> Payload:
    return reverse_document(ctx, el, "ARINVOICE")


@function("reverse_arpayment", "REVERSE", writes=True)
def reverse_arpayment(ctx: Ctx, el: etree._Element) -> Payload:
    return reverse_document(ctx, el, "ARPYMT")


@function("reverse_appayment", "REVERSE", writes=True)
def reverse_appayment(ctx: Ctx, el: etree._Element) -> Payload:
    return reverse_document(ctx, el, "APPYMT")
