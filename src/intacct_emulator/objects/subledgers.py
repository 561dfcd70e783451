"""Accounts Payable and Receivable beyond the basics: legacy bill/invoice functions, adjustments,
summaries, customer charge cards, AP payment requests and applying AR payments.

AP/AR adjustments post like a bill (line accounts debited against AP) or an invoice (credited
against AR); a negative amount reverses the direction, which is how debit and credit memos are
entered. AP payment requests move Submitted → Approved → Sent → Complete, or to Declined/Voided.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from .. import errors
from ..context import Ctx, fmt_date
from ..model import OBJECTS
from ..registry import Handler, function, hooks
from ..serializer import Payload
from ..store import Record
from ..xmlio import as_list, to_value
from .company import money
from .generic import find_visible, require_write
from .ledger import check_open, legacy_date, post_lines, unpost
from .legacy import ACCOUNT_LINE, DOCUMENT, Legacy, Lines, legacy_create, legacy_update
from .payments import apply_payment, reverse_document, unapply
from .posting import Posting, register, setting

_BILL_LINES = Lines(
    "billitems",
    "lineitem",
    "APBILLITEMS",
    "APBILLITEM",
    update_container="updatebillitems",
    update_item="updatelineitem",
)
_INVOICE_LINES = Lines(
    "invoiceitems",
    "lineitem",
    "ARINVOICEITEMS",
    "ARINVOICEITEM",
    update_container="updateinvoiceitems",
    update_item="updatelineitem",
)
BILL = Legacy(
    "APBILL",
    (
        ("vendorid", "VENDORID"),
        ("billno", "RECORDID"),
        ("ponumber", "DOCNUMBER"),
        ("payto", "PAYTO"),
        ("returnto", "RETURNTO"),
        *DOCUMENT,
    ),
    _BILL_LINES,
)
INVOICE = Legacy(
    "ARINVOICE",
    (
        ("customerid", "CUSTOMERID"),
        ("invoiceno", "RECORDID"),
        ("ponumber", "DOCNUMBER"),
        ("billto", "BILLTO"),
        ("shipto", "SHIPTO"),
        *DOCUMENT,
    ),
    _INVOICE_LINES,
)
legacy_create("create_bill", BILL)
legacy_update("update_bill", BILL)
legacy_create("create_invoice", INVOICE)
legacy_update("update_invoice", INVOICE)

for _obj, _party, _debit, _journal, _control, _labels, _batch, _module in (
    (
        "APADJUSTMENT",
        ("VENDOR", "VENDORID"),
        True,
        "APJ",
        setting("AP_ACCOUNT", "2000"),
        "APACCOUNTLABEL",
        "APADJUSTMENTBATCH",
        "3.AP",
    ),
    (
        "ARADJUSTMENT",
        ("CUSTOMER", "CUSTOMERID"),
        False,
        "ARJ",
        setting("AR_ACCOUNT", "1100"),
        "ARACCOUNTLABEL",
        "ARADJUSTMENTBATCH",
        "4.AR",
    ),
):
    register(
        Posting(
            _obj,
            _party,
            (f"{_obj}ITEMS", f"{_obj}ITEM"),
            _debit,
            _journal,
            _control,
            "pa",
            _module,
            _labels,
            _batch,
        )
    )
legacy_create(
    "create_apadjustment",
    Legacy(
        "APADJUSTMENT",
        (("vendorid", "VENDORID"), ("adjustmentno", "RECORDID"), ("billno", "DOCNUMBER"), *DOCUMENT),
        Lines("apadjustmentitems", "lineitem", "APADJUSTMENTITEMS", "APADJUSTMENTITEM", ACCOUNT_LINE),
    ),
)
legacy_create(
    "create_aradjustment",
    Legacy(
        "ARADJUSTMENT",
        (("customerid", "CUSTOMERID"), ("adjustmentno", "RECORDID"), ("invoiceno", "DOCNUMBER"), *DOCUMENT),
        Lines("aradjustmentitems", "lineitem", "ARADJUSTMENTITEMS", "ARADJUSTMENTITEM", ACCOUNT_LINE),
    ),
)

# summaries (batches): a title and a date; documents name them by PRBATCHKEY while they are open
_SUMMARY = (("batchtitle", "TITLE"), ("datecreated", "CREATED"), ("bankaccountid", "BANKACCOUNTID"))
for _fn, _obj in (
    ("create_billbatch", "APBILLBATCH"),
    ("create_apadjustmentbatch", "APADJUSTMENTBATCH"),
    ("create_invoicebatch", "ARINVOICEBATCH"),
    ("create_aradjustmentbatch", "ARADJUSTMENTBATCH"),
    ("create_arpaymentbatch", "ARPAYMENTBATCH"),
    ("create_expensereportbatch", "EEXPENSESBATCH"),
):
    legacy_create(_fn, Legacy(_obj, _SUMMARY))


def _prepare_summary(ctx: Ctx, rec: Record, old: Record | None) -> None:
    rec["CREATED"] = fmt_date(check_open(ctx, str(rec.get("CREATED") or ""), "Summary date"))
    rec.setdefault("OPEN", "true")


for _obj in (
    "APBILLBATCH",
    "APADJUSTMENTBATCH",
    "ARINVOICEBATCH",
    "ARADJUSTMENTBATCH",
    "ARPAYMENTBATCH",
    "EEXPENSESBATCH",
):
    hooks(_obj).prepare = _prepare_summary


# --- customer charge cards: the number is kept masked, never in clear ----------------------------

_CARD = Legacy(
    "CUSTOMERCHARGECARD",
    (
        ("customerid", "CUSTOMERID"),
        ("cardnum", "CARDNUM"),
        ("cardtype", "CARDTYPE"),
        ("exp_month", "EXP_MONTH"),
        ("exp_year", "EXP_YEAR"),
        ("description", "DESCRIPTION"),
        ("defaultcard", "DEFAULTCARD"),
        ("status", "STATUS"),
    ),
)
legacy_create("create_customerchargecard", _CARD)
legacy_update("update_customerchargecard", _CARD, "@recordno")
_CARD_TYPES = ("Visa", "Mastercard", "Discover", "American Express", "Diners Club", "JCB")


def _prepare_card(ctx: Ctx, rec: Record, old: Record | None) -> None:
    number = "".join(ch for ch in str(rec.get("CARDNUM") or "") if ch.isdigit() or ch == "*")
    if old is None or number != old.get("CARDNUM"):
        digits = number.replace("*", "")
        if not 12 <= len(digits) <= 19:
            raise errors.bad_request("cardnum must be a card number of 12 to 19 digits")
        rec["CARDNUM"] = "*" * (len(digits) - 4) + digits[-4:]
    if rec.get("CARDTYPE") not in _CARD_TYPES:
        raise errors.bad_request(
            f"cardtype must be one of {', '.join(_CARD_TYPES)}, not {rec.get('CARDTYPE')!r}"
        )


hooks("CUSTOMERCHARGECARD").prepare = _prepare_card


# --- AP payment requests -------------------------------------------------------------------------

_REQUEST_MOVES = {
    # function → (states it may start from, state it ends in)
    "approve_appaymentrequest": (("Submitted",), "Approved"),
    "decline_appaymentrequest": (("Submitted",), "Declined"),
    "send_appaymentrequest": (("Approved",), "Sent"),
    "confirm_appaymentrequest": (("Approved", "Sent"), "Complete"),
    "void_appaymentrequest": (("Approved", "Sent", "Complete"), "Voided"),
}


def _payment_request(ctx: Ctx, el: etree._Element, name: str) -> Payload:
    require_write(ctx, "UPDATE", "APPYMT")
    allowed, target = _REQUEST_MOVES[name]
    keys = [str(k).strip() for k in el.itertext() if str(k).strip()]
    if not keys:
        raise errors.missing_field("Payment request keys", "AP Payment")
    for key in keys:
        recordno, rec = find_visible(ctx, OBJECTS["APPYMT"], key)
        state = str(rec.get("STATE") or "")
        if state not in allowed:
            raise errors.bad_request(
                f"AP payment {key} is {state}; only a payment that is {' or '.join(allowed)} can be moved to {target}"
            )
        rec = {**rec, "STATE": target}
        if target == "Approved":
            gl = rec.pop("_PENDINGGL", [])
            date = str(rec["PAYMENTDATE"])
            post_lines(
                ctx,
                "APJ",
                recordno,
                {"STATE": "Posted"},
                gl,
                date,
                "APJ",
                "Payment",
                str(rec.get("DOCNUMBER") or ""),
            )
            rec["_GLKEYS"] = [g["RECORDNO"] for g in gl]
        elif target == "Declined":
            unapply(ctx, rec)
            rec.pop("_PENDINGGL", None)
        elif target == "Voided":
            unapply(ctx, rec)
            unpost(ctx, [{"RECORDNO": k} for k in rec.get("_GLKEYS", [])])
            rec["_GLKEYS"] = []
        ctx.stamp(rec, created=False)
        ctx.store.put(ctx.company, "APPYMT", recordno, rec, None)
    return Payload(no_data=True)


def _request_handler(name: str) -> Handler:
    return lambda ctx, el: _payment_request(ctx, el, name)


for _name in _REQUEST_MOVES:
    function(_name, "UPDATE", writes=True)(_request_handler(_name))


# --- applying the unapplied part of an AR payment ----------------------------------------------


@function("apply_arpayment", "UPDATE", writes=True)
def apply_arpayment(ctx: Ctx, el: etree._Element) -> Payload:
    require_write(ctx, "UPDATE", "ARPYMT")
    data = to_value(el)
    data = data if isinstance(data, dict) else {}
    recordno, rec = find_visible(ctx, OBJECTS["ARPYMT"], str(data.get("arpaymentkey") or ""))
    if rec.get("STATE") == "Reversed":
        raise errors.bad_request(f"AR payment {recordno} is reversed and cannot be applied")
    date = fmt_date(
        check_open(ctx, legacy_date(data.get("paymentdate")) or str(rec["RECEIPTDATE"]), "Payment date")
    )
    holder = data.get("arpaymentitems")
    items = as_list(holder.get("arpaymentitem") if isinstance(holder, dict) else data.get("arpaymentitem"))
    details = list(rec.get("ARPYMTDETAILS", {}).get("ARPYMTDETAIL", []))
    unapplied = Decimal(str(rec.get("TRX_TOTALENTERED") or rec.get("TOTALENTERED") or 0)) - sum(
        (Decimal(str(d.get("TRX_AMOUNT") or d.get("AMOUNT") or 0)) for d in details), Decimal(0)
    )
    if unapplied <= 0:
        raise errors.bad_request(f"AR payment {recordno} has nothing left to apply")
    if not items:
        raise errors.missing_field("Invoices to apply the payment to", "AR Payment")
    for item in items:
        amount = money(item.get("amount"), "Amount")
        if amount > unapplied:
            raise errors.bad_request(
                f"Applying {amount} exceeds the {unapplied} left on AR payment {recordno}"
            )
        key = str(item.get("invoicekey") or "")
        # the unapplied cash already sits as a credit on the AR control account: applying moves no money
        invoice, share, _ = apply_payment(
            ctx, {"CURRENCY": rec.get("CURRENCY")}, "ARINVOICE", key, amount, date, False
        )
        if invoice.get("CUSTOMERID") != rec.get("CUSTOMERID"):
            raise errors.bad_request(f"Invoice {key} does not belong to customer {rec.get('CUSTOMERID')}")
        details.append({"INVOICEKEY": key, "TRX_AMOUNT": str(amount), "AMOUNT": str(share)})
        unapplied -= amount
    rec = {**rec, "ARPYMTDETAILS": {"ARPYMTDETAIL": details}}
    ctx.stamp(rec, created=False)
    ctx.store.put(ctx.company, "ARPYMT", recordno, rec, None)
    return Payload(key=str(recordno))


@function("reverse_apadjustment", "REVERSE", writes=True)
def reverse_apadjustment(ctx: Ctx, el: etree._Element) -> Payload:
    return reverse_document(ctx, el, "APADJUSTMENT")


@function("reverse_aradjustment", "REVERSE", writes=True)
def reverse_aradjustment(ctx: Ctx, el: etree._Element) -> Payload:
    return reverse_document(ctx, el, "ARADJUSTMENT")
