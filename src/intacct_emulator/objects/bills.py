"""AP bills and AR invoices: validation, currency conversion, GL postings and the legacy creates.

A bill posts each line to its expense account against AP 2000 (an invoice: revenue against AR
1100), in the document's transaction currency (``TRX_*``) and its entity's base currency, so it
shows up in GLDETAIL and the balances like in Intacct.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from .. import errors
from ..context import Ctx, fmt_date
from ..currency import Conversion, conversion
from ..model import DOC_LINE_DIMENSIONS, LEGACY_LINE_DIMENSIONS, OBJECTS
from ..registry import function, hooks
from ..serializer import Payload
from ..store import Record
from ..xmlio import as_list, to_value
from .company import money, validate_line
from .generic import insert, require_write
from .ledger import ZERO, check_open, legacy_date, post_lines, unpost

# legacy header element → generic field, shared by every legacy document create
LEGACY_HEADER = (
    ("currency", "CURRENCY"),
    ("basecurr", "BASECURR"),
    ("exchratedate", "EXCH_RATE_DATE"),
    ("exchratetype", "EXCH_RATE_TYPE_ID"),
    ("exchrate", "EXCHANGE_RATE"),
    ("termname", "TERMNAME"),
    ("action", "ACTION"),
    ("supdocid", "SUPDOCID"),
    ("externalid", "EXTERNALID"),
)


def document_conversion(ctx: Ctx, rec: Record, entity: str, posting_date: str) -> Conversion:
    """The header currency fields of a document (bill, invoice, payment, adjustment …)."""
    return conversion(
        ctx,
        entity,
        rec.get("CURRENCY"),
        posting_date,
        rec.get("EXCH_RATE_DATE"),
        rec.get("EXCH_RATE_TYPE_ID"),
        rec.get("EXCHANGE_RATE"),
    )


def stamp_header(rec: Record, conv: Conversion) -> None:
    given = str(rec.get("BASECURR") or "").strip().upper()
    if given and given != conv.base:
        raise errors.bad_request(
            f"BASECURR {given} does not match the base currency {conv.base} of the entity the lines post to"
        )
    conv.stamp(rec)


def post_document_lines(
    ctx: Ctx,
    rec: Record,
    lines: list[Record],
    control_account: str,
    debit_lines: bool,
    posting_date: str,
) -> tuple[Decimal, Decimal, list[Record]]:
    """Validate and convert document lines; returns trx total, base total and the GL lines."""
    total = base_total = ZERO
    convs: dict[str, Conversion] = {}
    gl: list[Record] = []
    for n, line in enumerate(lines, 1):
        _, entity = validate_line(ctx, line, DOC_LINE_DIMENSIONS, "ACCOUNTNO")
        conv = convs.get(entity)
        if conv is None:
            conv = convs[entity] = document_conversion(ctx, rec, entity, posting_date)
        amount = money(line.get("TRX_AMOUNT"), "Transaction amount")
        base = conv.to_base(amount)
        line["TRX_AMOUNT"], line["AMOUNT"], line["LINE_NO"] = str(amount), str(base), str(n)
        conv.stamp(line)
        total += amount
        base_total += base
        dims = {k: line[k] for k in DOC_LINE_DIMENSIONS if line.get(k)}
        loc = dims.pop("LOCATIONID", "")
        dept = dims.pop("DEPARTMENTID", "")
        memo = line.get("ENTRYDESCRIPTION") or line.get("DESCRIPTION") or ""
        for account, tr, extra in (
            (line["ACCOUNTNO"], "1" if debit_lines else "-1", {"DEPARTMENT": dept, **dims}),
            (line.get("OFFSETGLACCOUNTNO") or control_account, "-1" if debit_lines else "1", {}),
        ):
            gl_line: Record = {
                "ACCOUNTNO": account,
                "TR_TYPE": tr,
                "TRX_AMOUNT": str(amount),
                "AMOUNT": str(base),
                "DESCRIPTION": memo,
                "LOCATION": loc,
                **extra,
            }
            conv.stamp(gl_line)
            gl.append(gl_line)
    bases = sorted({c.base for c in convs.values()})
    if len(bases) > 1:
        raise errors.bad_request(
            f"The lines post to entities with different base currencies ({', '.join(bases)}); "
            "create one document per entity"
        )
    if convs:
        stamp_header(rec, next(iter(convs.values())))
    return total, base_total, gl


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
    total, base_total, gl = post_document_lines(
        ctx, rec, lines, control_account, debit_lines, rec["WHENPOSTED"]
    )
    draft = str(rec.get("ACTION") or "").lower() == "draft"
    rec["STATE"] = "Draft" if draft else rec.get("STATE") or "Posted"
    rec["RAWSTATE"] = "D" if draft else "A"
    rec["TOTALENTERED"], rec["TRX_TOTALENTERED"] = str(base_total), str(total)
    paid = Decimal(str(rec.get("TOTALPAID") or "0"))
    trx_paid = Decimal(str(rec.get("TRX_TOTALPAID") or rec.get("TOTALPAID") or "0"))
    rec["TOTALPAID"], rec["TRX_TOTALPAID"] = str(paid), str(trx_paid)
    rec["TOTALDUE"], rec["TRX_TOTALDUE"] = str(base_total - paid), str(total - trx_paid)
    rec["_GL"] = gl


def after_document(journal: str, title_field: str) -> Any:
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


def before_delete_document(ctx: Ctx, recordno: int, rec: Record) -> None:
    """Runs before a delete and before an update re-posts: both are refused once money moved."""
    if Decimal(str(rec.get("TOTALPAID") or "0")) > ZERO and rec.get("STATE") != "Reversed":
        raise errors.bad_request(f"Record {recordno} has payments applied; reverse the payments first")
    check_open(ctx, str(rec.get("WHENPOSTED", "")), "GL posting date")
    unpost(ctx, [{"RECORDNO": k} for k in rec.get("_GLKEYS", [])])


def _prepare_bill(ctx: Ctx, rec: Record, old: Record | None) -> None:
    ap = str(ctx.company_rec.get("AP_ACCOUNT", "2000"))
    _document(ctx, rec, "VENDOR", "VENDORID", "APBILLITEMS", "APBILLITEM", ap, True)
    rec["RECORDTYPE"] = "pi"
    rec["MODULEKEY"] = "3.AP"


def _prepare_invoice(ctx: Ctx, rec: Record, old: Record | None) -> None:
    ar = str(ctx.company_rec.get("AR_ACCOUNT", "1100"))
    _document(ctx, rec, "CUSTOMER", "CUSTOMERID", "ARINVOICEITEMS", "ARINVOICEITEM", ar, False)
    rec["RECORDTYPE"] = "ri"
    rec["MODULEKEY"] = "4.AR"


for _obj, _prep in (("APBILL", _prepare_bill), ("ARINVOICE", _prepare_invoice)):
    hooks(_obj).prepare = _prep
    hooks(_obj).after_write = after_document("APJ" if _obj == "APBILL" else "ARJ", "RECORDID")
    hooks(_obj).before_delete = before_delete_document
    hooks(_obj).repost_on_update = True


def legacy_lines(items: Any, amount_key: str = "amount") -> list[Record]:
    out: list[Record] = []
    for li in as_list(items):
        if not isinstance(li, dict):
            continue
        line: Record = {
            "ACCOUNTNO": li.get("glaccountno", ""),
            "TRX_AMOUNT": li.get(amount_key, ""),
            "ENTRYDESCRIPTION": li.get("memo", ""),
        }
        if li.get("offsetglaccountno"):
            line["OFFSETGLACCOUNTNO"] = li["offsetglaccountno"]
        for legacy in LEGACY_LINE_DIMENSIONS:
            if li.get(legacy):
                line[legacy.upper()] = li[legacy]
        out.append(line)
    return out


def legacy_header(data: dict[str, Any]) -> Record:
    rec: Record = {
        "WHENCREATED": legacy_date(data.get("datecreated")),
        "DESCRIPTION": data.get("description", ""),
    }
    if data.get("dateposted"):
        rec["WHENPOSTED"] = legacy_date(data["dateposted"])
    if data.get("datedue"):
        rec["WHENDUE"] = legacy_date(data["datedue"])
    for legacy, field in LEGACY_HEADER:
        value = data.get(legacy)
        if value:
            rec[field] = legacy_date(value) if isinstance(value, dict) else value
    return rec


def _legacy_document(
    ctx: Ctx, el: etree._Element, obj: str, party: str, number: str, items: str, lines_key: str
) -> Payload:
    """create_bill / create_invoice: legacy lower-case fields mapped onto the generic document."""
    require_write(ctx, "CREATE", obj)
    data = to_value(el)
    data = data if isinstance(data, dict) else {}
    rec = legacy_header(data)
    line_tag = OBJECTS[obj].owned[lines_key][0]
    rec.update(
        {
            party.upper(): data.get(party, ""),
            "RECORDID": data.get(number, ""),
            "DOCNUMBER": data.get("ponumber", ""),
            lines_key: {line_tag: legacy_lines((data.get(items) or {}).get("lineitem"))},
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
