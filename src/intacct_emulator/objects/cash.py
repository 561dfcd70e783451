"""Cash Management: charge card transactions, other receipts and deposits.

A charge card transaction debits its lines against the card's liability account; an other
receipt credits its lines against a bank account's GL account or an undeposited funds account;
a deposit moves undeposited receipts into a bank account (debit bank, credit undeposited funds).
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from .. import errors
from ..context import Ctx, fmt_date
from ..model import OBJECTS
from ..registry import function, hooks
from ..serializer import Payload
from ..store import Record
from ..xmlio import as_list, to_value
from .expenses import bank_account
from .generic import insert, require_write
from .ledger import check_open, legacy_date, post_lines, unpost
from .legacy import ACCOUNT_LINE, CURRENCY, Legacy, Lines, legacy_create, legacy_update
from .payments import reverse_document
from .posting import Posting, register


def _card_account(ctx: Ctx, rec: Record) -> str:
    card_id = str(rec.get("FINANCIALENTITY") or "")
    card = ctx.store.get_by_id(ctx.company, "CREDITCARD", card_id)
    if card is None or str(card.get("STATUS", "active")) != "active":
        raise errors.invalid_reference("Charge card", card_id)
    return str(card["GLACCOUNTNO"])


def _receipt_account(ctx: Ctx, rec: Record) -> str:
    if rec.get("FINANCIALENTITY"):
        return str(bank_account(ctx, str(rec["FINANCIALENTITY"]))["GLACCOUNTNO"])
    undeposited = str(rec.get("UNDEPOSITEDACCOUNTNO") or "")
    if not undeposited:
        raise errors.missing_field("Bank account or undeposited funds account", "Other Receipt")
    if ctx.store.get_by_id(ctx.company, "GLACCOUNT", undeposited) is None:
        raise errors.invalid_account(undeposited)
    return undeposited


register(
    Posting(
        "CCTRANSACTION",
        None,
        ("CCTRANSACTIONENTRIES", "CCTRANSACTIONENTRY"),
        True,
        "CCJ",
        _card_account,
        "cc",
        "9.CM",
        "APACCOUNTLABEL",
    )
)
register(
    Posting(
        "OTHERRECEIPTS",
        None,
        ("OTHERRECEIPTSENTRIES", "OTHERRECEIPTSENTRY"),
        False,
        "CRJ",
        _receipt_account,
        "cr",
        "9.CM",
        "ARACCOUNTLABEL",
    )
)
_CC_LINE = (("description", "ENTRYDESCRIPTION"), *ACCOUNT_LINE)
_CC = Legacy(
    "CCTRANSACTION",
    (
        ("chargecardid", "FINANCIALENTITY"),
        ("paymentdate", "WHENCREATED"),
        ("referenceno", "RECORDID"),
        ("payee", "PAYEE"),
        ("description", "DESCRIPTION"),
        ("supdocid", "SUPDOCID"),
        *CURRENCY,
    ),
    Lines(
        "ccpayitems",
        "ccpayitem",
        "CCTRANSACTIONENTRIES",
        "CCTRANSACTIONENTRY",
        _CC_LINE,
        amount="paymentamount",
        update_container="updateccpayitems",
        update_item="updateccpayitem",
    ),
)
legacy_create("record_cctransaction", _CC)
legacy_update("update_cctransaction", _CC)


@function("reverse_cctransaction", "REVERSE", writes=True)
def reverse_cctransaction(ctx: Ctx, el: etree._Element) -> Payload:
    return reverse_document(ctx, el, "CCTRANSACTION")


legacy_create(
    "record_otherreceipt",
    Legacy(
        "OTHERRECEIPTS",
        (
            ("paymentdate", "WHENCREATED"),
            ("payee", "PAYEE"),
            ("receiveddate", "RECEIVEDDATE"),
            ("paymentmethod", "PAYMENTMETHOD"),
            ("bankaccountid", "FINANCIALENTITY"),
            ("depositdate", "DEPOSITDATE"),
            ("undepglaccountno", "UNDEPOSITEDACCOUNTNO"),
            ("refid", "RECORDID"),
            ("description", "DESCRIPTION"),
            ("supdocid", "SUPDOCID"),
            *CURRENCY,
        ),
        Lines("receiptitems", "lineitem", "OTHERRECEIPTSENTRIES", "OTHERRECEIPTSENTRY", ACCOUNT_LINE),
    ),
)


@function("record_deposit", "CREATE", writes=True)
def record_deposit(ctx: Ctx, el: etree._Element) -> Payload:
    require_write(ctx, "CREATE", "DEPOSIT")
    data = to_value(el)
    data = data if isinstance(data, dict) else {}
    holder = data.get("receiptkeys")
    keys = as_list(holder.get("receiptkey") if isinstance(holder, dict) else None)
    rec: Record = {
        "FINANCIALENTITY": data.get("bankaccountid", ""),
        "DEPOSITDATE": legacy_date(data.get("depositdate")),
        "DEPOSITID": data.get("depositid", ""),
        "DESCRIPTION": data.get("description", ""),
        "SUPDOCID": data.get("supdocid", ""),
        "DEPOSITENTRIES": {"DEPOSITENTRY": [{"RECORDKEY": str(k)} for k in keys]},
    }
    recordno, _ = insert(ctx, OBJECTS["DEPOSIT"], rec)
    return Payload(key=str(recordno))


def _prepare_deposit(ctx: Ctx, rec: Record, old: Record | None) -> None:
    if old is not None:
        raise errors.bad_request("A deposit cannot be updated; delete it and record it again")
    bank = bank_account(ctx, str(rec.get("FINANCIALENTITY") or ""))
    rec["DEPOSITDATE"] = fmt_date(check_open(ctx, str(rec.get("DEPOSITDATE") or ""), "Deposit date"))
    entries = rec.get("DEPOSITENTRIES", {}).get("DEPOSITENTRY", [])
    if not entries:
        raise errors.missing_field("Receipts to deposit", "Deposit")
    gl: list[Record] = []
    total = Decimal(0)
    for entry in entries:
        key = str(entry.get("RECORDKEY") or "")
        receipt = ctx.store.get(ctx.company, "OTHERRECEIPTS", int(key)) if key.isdigit() else None
        if receipt is None or not ctx.visible(receipt, True):
            raise errors.invalid_reference("Receipt", key)
        if (
            not receipt.get("UNDEPOSITEDACCOUNTNO")
            or receipt.get("DEPOSITKEY")
            or receipt.get("STATE") != "Posted"
        ):
            raise errors.bad_request(f"Receipt {key} is not an undeposited posted receipt")
        amount, trx = str(receipt["TOTALENTERED"]), str(receipt["TRX_TOTALENTERED"])
        receipt_lines = receipt.get("OTHERRECEIPTSENTRIES", {}).get("OTHERRECEIPTSENTRY", [])
        loc = str(receipt_lines[0].get("LOCATIONID") or "") if receipt_lines else ""
        fx = {k: receipt.get(k, "") for k in ("CURRENCY", "BASECURR", "EXCHANGE_RATE")}
        for acct, tr in ((str(bank["GLACCOUNTNO"]), "1"), (str(receipt["UNDEPOSITEDACCOUNTNO"]), "-1")):
            gl.append(
                {"ACCOUNTNO": acct, "TR_TYPE": tr, "TRX_AMOUNT": trx, "AMOUNT": amount, "LOCATION": loc, **fx}
            )
        entry["AMOUNT"], entry["TRX_AMOUNT"] = amount, trx
        total += Decimal(amount)
    rec["TOTALENTERED"], rec["STATE"] = str(total), "Deposited"
    rec["_GL"] = gl


def _after_deposit(ctx: Ctx, recordno: int, rec: Record) -> None:
    gl = rec.pop("_GL", [])
    post_lines(
        ctx,
        "CRJ",
        recordno,
        {"STATE": "Posted"},
        gl,
        str(rec["DEPOSITDATE"]),
        "CRJ",
        "Deposit",
        str(rec["DEPOSITID"]),
    )
    rec["_GLKEYS"] = [g["RECORDNO"] for g in gl]
    _mark(ctx, rec, str(recordno), "Deposited")


def _mark(ctx: Ctx, rec: Record, deposit: str, state: str) -> None:
    for entry in rec.get("DEPOSITENTRIES", {}).get("DEPOSITENTRY", []):
        receipt = ctx.store.get(ctx.company, "OTHERRECEIPTS", int(entry["RECORDKEY"]))
        if receipt is not None:
            changed = {**receipt, "DEPOSITKEY": deposit, "DEPOSITSTATE": state}
            ctx.stamp(changed, created=False)
            ctx.store.put(ctx.company, "OTHERRECEIPTS", int(receipt["RECORDNO"]), changed, None)


def _before_delete_deposit(ctx: Ctx, recordno: int, rec: Record) -> None:
    check_open(ctx, str(rec.get("DEPOSITDATE") or ""), "Deposit date")
    unpost(ctx, [{"RECORDNO": k} for k in rec.get("_GLKEYS", [])])
    _mark(ctx, rec, "", "Undeposited")


def _receipt_in_deposit(ctx: Ctx, recordno: int, rec: Record) -> None:
    if rec.get("DEPOSITKEY"):
        raise errors.in_use("Other Receipt", str(recordno), f"deposit {rec['DEPOSITKEY']}")


hooks("DEPOSIT").prepare = _prepare_deposit
hooks("DEPOSIT").after_write = _after_deposit
hooks("DEPOSIT").before_delete = _before_delete_deposit
hooks("OTHERRECEIPTS").in_use.append(_receipt_in_deposit)
