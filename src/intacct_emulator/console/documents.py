"""AP/AR pages: a bill or invoice with its lines, payments and postings; a payment and what it paid."""

from __future__ import annotations

from typing import Any

from ..store import Record
from .components import Col, badge, facts, heading, money, strong, table
from .ledger import amount_foot, line_cols, postings
from .markup import Markup, join
from .records import audit, raw, title
from .view import View

# document object → (party object, party field, lines collection, line tag, noun)
DOCUMENTS = {
    "APBILL": ("VENDOR", "VENDORID", "APBILLITEMS", "APBILLITEM", "Bill"),
    "ARINVOICE": ("CUSTOMER", "CUSTOMERID", "ARINVOICEITEMS", "ARINVOICEITEM", "Invoice"),
}
# payment object → (party object, party field, details, detail tag, paid object, key field, amount field, date)
PAYMENTS = {
    "APPYMT": (
        "VENDOR",
        "VENDORID",
        "APPYMTDETAILS",
        "APPYMTDETAIL",
        "APBILL",
        "RECORDKEY",
        "TRX_PAYMENTAMOUNT",
        "PAYMENTDATE",
    ),
    "ARPYMT": (
        "CUSTOMER",
        "CUSTOMERID",
        "ARPYMTDETAILS",
        "ARPYMTDETAIL",
        "ARINVOICE",
        "INVOICEKEY",
        "AMOUNT",
        "RECEIPTDATE",
    ),
}


def _details(rec: Record, coll: str, tag: str) -> list[Record]:
    holder = rec.get(coll)
    return [d for d in holder.get(tag, []) if isinstance(d, dict)] if isinstance(holder, dict) else []


def document_page(v: View, obj: str, rec: Record) -> Markup:
    party_obj, party_field, lines_key, line_tag, noun = DOCUMENTS[obj]
    number = rec.get("RECORDID") or rec.get("RECORDNO")
    lines = _details(rec, lines_key, line_tag)
    cols = line_cols(v, lines, gl=False)
    return join(
        [
            title(obj, f"{noun} {number}", rec.get("STATE"), v, rec.get(f"{party_obj}NAME")),
            facts(
                [
                    (party_obj.title(), v.ref(party_obj, rec.get(party_field), rec.get(f"{party_obj}NAME"))),
                    (f"{noun} number", rec.get("RECORDID")),
                    ("Document / PO number", rec.get("DOCNUMBER")),
                    ("Date", rec.get("WHENCREATED")),
                    ("GL posting date", rec.get("WHENPOSTED")),
                    ("Due date", rec.get("WHENDUE")),
                    ("Currency", rec.get("CURRENCY")),
                    *_currency_facts(rec),
                    ("Total", money(rec.get("TOTALENTERED"))),
                    ("Paid", money(rec.get("TOTALPAID"))),
                    ("Amount due", strong(money(rec.get("TOTALDUE")))),
                    ("Description", rec.get("DESCRIPTION")),
                    *audit(v, rec),
                ]
            ),
            heading("Lines", f"({len(lines)})", "lines"),
            table(cols, lines, foot=amount_foot(cols, lines)),
            _payments_for(v, obj, str(rec.get("RECORDNO"))),
            postings(v, rec),
            raw(v, obj, rec),
        ]
    )


def _currency_facts(rec: Record) -> list[tuple[str, Any]]:
    """Base currency, rate and transaction-currency totals, for documents in a foreign currency."""
    if not rec.get("BASECURR") or rec.get("BASECURR") == rec.get("CURRENCY"):
        return []
    rate = f"{rec.get('EXCHANGE_RATE')} ({rec.get('EXCH_RATE_TYPE_ID') or 'given'}, {rec.get('EXCH_RATE_DATE') or ''})"
    return [
        ("Base currency", rec.get("BASECURR")),
        ("Exchange rate", rate),
        ("Total in " + str(rec.get("CURRENCY")), money(rec.get("TRX_TOTALENTERED"))),
        ("Due in " + str(rec.get("CURRENCY")), money(rec.get("TRX_TOTALDUE"))),
    ]


def _payments_for(v: View, obj: str, key: str) -> Markup:
    pay_obj = next(p for p, spec in PAYMENTS.items() if spec[4] == obj)
    _, _, coll, tag, _, key_field, amount_field, date_field = PAYMENTS[pay_obj]
    rows = [
        {"p": p, "amount": d.get(amount_field)}
        for p in v.records(pay_obj)
        for d in _details(p, coll, tag)
        if str(d.get(key_field)) == key
    ]
    if not rows:
        return Markup()
    cols = [
        Col("Payment", lambda r: v.record_link(pay_obj, r["p"])),
        Col("Date", lambda r: r["p"].get(date_field)),
        Col("Method", lambda r: r["p"].get("PAYMENTMETHOD")),
        Col("State", lambda r: badge(r["p"].get("STATE"))),
        Col("Amount", lambda r: money(r["amount"]), num=True),
    ]
    return join([heading("Payments applied"), table(cols, rows)])


def payment_page(v: View, obj: str, rec: Record) -> Markup:
    party_obj, party_field, coll, tag, doc_obj, key_field, amount_field, _ = PAYMENTS[obj]
    total = rec.get("AMOUNTTOPAY") if obj == "APPYMT" else rec.get("TOTALENTERED")
    details = _details(rec, coll, tag)

    def doc_cell(d: Record) -> Any:
        doc = v.find(doc_obj, str(d.get(key_field) or ""))
        if doc is None:
            return d.get(key_field)
        return v.record_link(doc_obj, doc, f"{doc_obj} {doc.get('RECORDNO')} · {doc.get('RECORDID') or ''}")

    cols = [Col("Applied to", doc_cell), Col("Amount", lambda d: money(d.get(amount_field)), num=True)]
    return join(
        [
            title(obj, f"{v.object_label(obj)} {rec.get('RECORDNO')}", rec.get("STATE"), v),
            facts(
                [
                    (party_obj.title(), v.ref(party_obj, rec.get(party_field))),
                    ("Date", rec.get("PAYMENTDATE") or rec.get("RECEIPTDATE")),
                    ("Method", rec.get("PAYMENTMETHOD")),
                    ("Bank / financial entity", rec.get("FINANCIALENTITY") or rec.get("BANKACCOUNTID")),
                    ("Document number", rec.get("DOCNUMBER")),
                    ("Amount", strong(money(total))),
                    *audit(v, rec),
                ]
            ),
            heading("Applied to"),
            table(cols, details, foot=amount_foot(cols, details, amount_field)),
            postings(v, rec),
            raw(v, obj, rec),
        ]
    )
