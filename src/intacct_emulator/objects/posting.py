"""Subledger documents that post to the GL, described by one table (``Posting``) instead of code.

A bill, an invoice, an AP/AR adjustment, an expense report or adjustment, a charge card
transaction and an other receipt all have a party (vendor, customer, employee or none), lines
with accounts (or account labels) and dimensions, and a control account the lines post against.
Each line posts to its own account and the control account, in the document's transaction
currency (``TRX_*``) and its entity's base currency, so they all appear in GLDETAIL and the
balances like in Intacct. Draft documents do not post.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .. import errors
from ..context import Ctx, fmt_date
from ..currency import Conversion, conversion
from ..model import DOC_LINE_DIMENSIONS
from ..registry import hooks
from ..store import Record
from .company import money, validate_line
from .ledger import ZERO, check_open, post_lines, unpost

ControlAccount = Callable[[Ctx, Record], str]


def setting(name: str, default: str) -> ControlAccount:
    return lambda ctx, rec: str(ctx.company_rec.get(name, default))


@dataclass(frozen=True)
class Posting:
    obj: str
    party: tuple[str, str] | None  # (party object, field on the document)
    lines: tuple[str, str]  # owned collection, line tag
    debit_lines: bool  # line accounts are debited (a bill) or credited (an invoice)
    journal: str
    control: ControlAccount
    recordtype: str
    modulekey: str
    label_obj: str = ""  # account labels the lines may use instead of an account number
    batch: str = ""  # summary object a PRBATCHKEY must name
    title_field: str = "RECORDID"


POSTINGS: dict[str, Posting] = {}


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


def _resolve_label(ctx: Ctx, line: Record, label_obj: str) -> None:
    label = str(line.get("ACCOUNTLABEL") or "").strip()
    if line.get("ACCOUNTNO") or not label or not label_obj:
        return
    found = ctx.store.get_by_id(ctx.company, label_obj, label)
    if found is None or str(found.get("STATUS", "active")) != "active":
        raise errors.invalid_reference("Account label", label)
    line["ACCOUNTNO"] = found.get("GLACCOUNTNO", "")
    if found.get("OFFSETGLACCOUNTNO") and not line.get("OFFSETGLACCOUNTNO"):
        line["OFFSETGLACCOUNTNO"] = found["OFFSETGLACCOUNTNO"]


def post_document_lines(
    ctx: Ctx,
    rec: Record,
    lines: list[Record],
    control_account: str,
    debit_lines: bool,
    posting_date: str,
    label_obj: str = "",
) -> tuple[Decimal, Decimal, list[Record]]:
    """Validate and convert document lines; returns trx total, base total and the GL lines."""
    total = base_total = ZERO
    convs: dict[str, Conversion] = {}
    gl: list[Record] = []
    for n, line in enumerate(lines, 1):
        _resolve_label(ctx, line, label_obj)
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
        memo = line.get("ENTRYDESCRIPTION") or line.get("DESCRIPTION") or line.get("MEMO") or ""
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


def _party(ctx: Ctx, spec: Posting, rec: Record) -> None:
    if spec.party is None:
        return
    party_obj, party_field = spec.party
    party_id = str(rec.get(party_field) or "")
    party = ctx.store.get_by_id(ctx.company, party_obj, party_id)
    if party is None or not ctx.visible(party, True):
        raise errors.invalid_reference(party_obj.title(), party_id)
    rec[f"{party_obj}NAME"] = party.get("NAME") or party.get("TITLE") or ""


def _batch(ctx: Ctx, spec: Posting, rec: Record) -> None:
    key = str(rec.get("PRBATCHKEY") or "").strip()
    if not key or not spec.batch:
        return
    batch = ctx.store.get(ctx.company, spec.batch, int(key)) if key.isdigit() else None
    if batch is None:
        raise errors.invalid_reference("Summary", key)
    if str(batch.get("OPEN", "true")) != "true":
        raise errors.bad_request(f"Summary {key} is closed; add the document to an open summary")


def prepare_document(spec: Posting) -> Callable[[Ctx, Record, Record | None], None]:
    def prepare(ctx: Ctx, rec: Record, old: Record | None) -> None:
        _party(ctx, spec, rec)
        _batch(ctx, spec, rec)
        check_open(ctx, str(rec.get("WHENCREATED") or ""), "Date")
        posted = check_open(
            ctx, str(rec.get("WHENPOSTED") or rec.get("WHENCREATED") or ""), "GL posting date"
        )
        rec["WHENPOSTED"] = fmt_date(posted)
        rec.setdefault("WHENDUE", rec["WHENPOSTED"])
        collection, tag = spec.lines
        lines = rec.get(collection, {}).get(tag, [])
        if not lines:
            raise errors.missing_field("Line items", spec.obj.title())
        control = spec.control(ctx, rec)
        total, base_total, gl = post_document_lines(
            ctx, rec, lines, control, spec.debit_lines, rec["WHENPOSTED"], spec.label_obj
        )
        draft = str(rec.get("ACTION") or rec.get("STATE") or "").lower() == "draft"
        rec["STATE"] = "Draft" if draft else rec.get("STATE") or "Posted"
        rec["RAWSTATE"] = "D" if draft else "A"
        rec["TOTALENTERED"], rec["TRX_TOTALENTERED"] = str(base_total), str(total)
        paid = Decimal(str(rec.get("TOTALPAID") or "0"))
        trx_paid = Decimal(str(rec.get("TRX_TOTALPAID") or rec.get("TOTALPAID") or "0"))
        rec["TOTALPAID"], rec["TRX_TOTALPAID"] = str(paid), str(trx_paid)
        rec["TOTALDUE"], rec["TRX_TOTALDUE"] = str(base_total - paid), str(total - trx_paid)
        rec["RECORDTYPE"], rec["MODULEKEY"] = spec.recordtype, spec.modulekey
        rec["_GL"] = gl

    return prepare


def after_document(spec: Posting) -> Callable[[Ctx, int, Record], None]:
    def after(ctx: Ctx, recordno: int, rec: Record) -> None:
        gl = rec.pop("_GL", [])
        if rec.get("STATE") == "Draft":
            rec["_GLKEYS"] = []
            return
        title = str(rec.get("DESCRIPTION") or "")
        date = str(rec["WHENPOSTED"])
        post_lines(
            ctx,
            spec.journal,
            recordno,
            rec,
            gl,
            date,
            spec.journal,
            title,
            str(rec.get(spec.title_field) or ""),
        )
        rec["_GLKEYS"] = [g["RECORDNO"] for g in gl]

    return after


def before_delete_document(ctx: Ctx, recordno: int, rec: Record) -> None:
    """Runs before a delete and before an update re-posts: both are refused once money moved."""
    if Decimal(str(rec.get("TOTALPAID") or "0")) > ZERO and rec.get("STATE") != "Reversed":
        raise errors.bad_request(f"Record {recordno} has payments applied; reverse the payments first")
    check_open(ctx, str(rec.get("WHENPOSTED", "")), "GL posting date")
    unpost(ctx, [{"RECORDNO": k} for k in rec.get("_GLKEYS", [])])


def register(spec: Posting) -> Posting:
    POSTINGS[spec.obj] = spec
    h = hooks(spec.obj)
    h.prepare = prepare_document(spec)
    h.after_write = after_document(spec)
    h.before_delete = before_delete_document
    h.repost_on_update = True
    return spec


register(
    Posting(
        "APBILL",
        ("VENDOR", "VENDORID"),
        ("APBILLITEMS", "APBILLITEM"),
        True,
        "APJ",
        setting("AP_ACCOUNT", "2000"),
        "pi",
        "3.AP",
        "APACCOUNTLABEL",
        "APBILLBATCH",
    )
)
register(
    Posting(
        "ARINVOICE",
        ("CUSTOMER", "CUSTOMERID"),
        ("ARINVOICEITEMS", "ARINVOICEITEM"),
        False,
        "ARJ",
        setting("AR_ACCOUNT", "1100"),
        "ri",
        "4.AR",
        "ARACCOUNTLABEL",
        "ARINVOICEBATCH",
    )
)
