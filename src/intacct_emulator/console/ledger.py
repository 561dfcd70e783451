"""General-ledger pages: a journal entry with its lines, one GL line, an entity, and GL postings.

A journal entry shows what the client sent, the inter-entity lines the emulator generated, the
auto-reversal and the balance per entity, which is exactly what a reviewer checks in Intacct.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from ..context import entity_of_location
from ..store import Record
from .components import Col, badge, dec, facts, heading, link, money, strong, table, total_foot, url
from .markup import Markup, frag, join
from .records import audit, generic_page, raw, title
from .view import (
    LINE_DIMS,
    SETUP,
    View,
    batch_entities,
    batch_lines,
    batch_total,
    list_table,
    plural,
    source_link,
)

# Objects whose records are listed under "Private to this entity" on an entity page.
PRIVATE_OBJECTS = (
    *(o for o in SETUP if o not in ("LOCATIONENTITY", "LOCATION")),
    "GLBATCH",
    "APBILL",
    "ARINVOICE",
)


def line_cols(v: View, lines: list[Record], *, gl: bool, amount_field: str = "TRX_AMOUNT") -> list[Col]:
    """Columns for document or journal lines: only the dimensions some line actually carries."""
    present = {k for ln in lines for k, val in ln.items() if val not in (None, "")}
    cols = [
        Col("#", lambda r: r.get("LINE_NO")),
        Col(
            "Account",
            lambda r: frag(
                "sub_line",
                html=v.ref("GLACCOUNT", r.get("ACCOUNTNO")),
                text=r.get("ACCOUNTTITLE") or v.account_title(r.get("ACCOUNTNO")),
            ),
        ),
    ]
    seen: set[str] = set()
    for field, label, dim in LINE_DIMS:
        if field in present and label not in seen:
            seen.add(label)
            cols.append(Col(label, v.ref_cell(dim, field)))
    for k in sorted(f for f in present if f.startswith("GLDIM")):
        cols.append(Col(str(v.comp.get("UDDS", {}).get(k[5:], k)), v.ref_cell(k[5:], k)))
    cols.append(Col("Memo", lambda r: r.get("DESCRIPTION") or r.get("ENTRYDESCRIPTION") or r.get("MEMO")))
    if foreign(lines):
        cols.append(Col("Rate", lambda r: r.get("EXCHANGE_RATE"), num=True))
        cols.append(Col("Base amount", lambda r: base_amount(r), num=True))
    if gl:
        cols.append(Col("Currency", lambda r: r.get("CURRENCY")))
        cols.append(
            Col("Debit", lambda r: money(r.get(amount_field)) if r.get("TR_TYPE") == "1" else "", num=True)
        )
        cols.append(
            Col("Credit", lambda r: money(r.get(amount_field)) if r.get("TR_TYPE") != "1" else "", num=True)
        )
    else:
        cols.append(Col("Amount", lambda r: money(r.get(amount_field)), num=True))
    return cols


def foreign(lines: list[Record]) -> bool:
    """Whether some line was entered in a currency other than its entity's base currency."""
    return any(ln.get("BASECURR") and ln.get("CURRENCY") != ln.get("BASECURR") for ln in lines)


def base_amount(r: Record) -> str:
    return f"{money(r.get('AMOUNT'))} {r.get('BASECURR') or ''}".strip()


def gl_foot(cols: list[Col], lines: list[Record], amount_field: str = "TRX_AMOUNT") -> Markup:
    debit = sum(
        (dec(ln.get(amount_field)) or Decimal(0) for ln in lines if ln.get("TR_TYPE") == "1"), Decimal(0)
    )
    credit = sum(
        (dec(ln.get(amount_field)) or Decimal(0) for ln in lines if ln.get("TR_TYPE") != "1"), Decimal(0)
    )
    return total_foot(len(cols) - 2, debit, credit)


def amount_foot(cols: list[Col], lines: list[Record], amount_field: str = "TRX_AMOUNT") -> Markup:
    total = sum((dec(ln.get(amount_field)) or Decimal(0) for ln in lines), Decimal(0))
    return total_foot(len(cols) - 1, total)


def _balance_by_entity(v: View, lines: list[Record]) -> Markup:
    by_entity: dict[str, dict[str, Any]] = {}
    for ln in lines:
        ent = entity_of_location(v.store, v.company, str(ln.get("LOCATION") or ""))
        b = by_entity.setdefault(ent, {"debit": Decimal(0), "credit": Decimal(0), "cur": ln.get("BASECURR")})
        b["debit" if ln.get("TR_TYPE") == "1" else "credit"] += (
            dec(ln.get("AMOUNT") or ln.get("TRX_AMOUNT")) or 0
        )
    if len(by_entity) <= 1 and not any(ln.get("ISIET") == "true" for ln in lines):
        return Markup()
    rows = [{"e": e, **b} for e, b in sorted(by_entity.items())]
    cols = [
        Col("Entity", lambda r: v.entity_label(r["e"])),
        Col("Base currency", lambda r: r["cur"]),
        Col("Debits", lambda r: money(r["debit"]), num=True),
        Col("Credits", lambda r: money(r["credit"]), num=True),
        Col(
            "",
            lambda r: (
                badge("Balanced", "b-green")
                if r["debit"] == r["credit"]
                else badge("Out of balance", "b-red")
            ),
        ),
    ]
    return join([heading("Balance by entity"), table(cols, rows)])


def glbatch_page(v: View, obj: str, rec: Record) -> Markup:
    lines = batch_lines(rec)
    own = [ln for ln in lines if ln.get("ISIET") != "true"]
    iet = [ln for ln in lines if ln.get("ISIET") == "true"]
    journal = v.store.get_by_id(v.company, "GLJOURNAL", str(rec.get("JOURNAL") or ""))
    cols = line_cols(v, lines, gl=True)
    parts: list[Any] = [
        title("GLBATCH", f"Journal entry {rec.get('RECORDNO')}", rec.get("STATE"), v, rec.get("BATCH_TITLE")),
        facts(
            [
                ("Journal", v.ref("GLJOURNAL", rec.get("JOURNAL"), journal.get("TITLE") if journal else "")),
                ("Posting date", rec.get("BATCH_DATE")),
                ("Reference number", strong(rec.get("REFERENCENO")) if rec.get("REFERENCENO") else ""),
                ("Description", rec.get("BATCH_TITLE")),
                ("Total", money(batch_total(rec))),
                ("Reverse on", rec.get("REVERSEDATE")),
                ("Entities", batch_entities(v, rec)),
                *audit(v, rec)[1:],
            ]
        ),
        heading("Lines", f"({len(own)})", "lines"),
        table(cols, own, foot=gl_foot(cols, own)),
    ]
    if iet:
        parts += [
            heading("Inter-entity lines", "(generated: due to / due from)", "iet-lines"),
            table(cols, iet, foot=gl_foot(cols, iet)),
        ]
    revkeys = {str(k) for k in rec.get("_REVKEYS", [])}
    reversal = sorted(
        (r for r in v.store.records(v.company, "GLENTRY") if str(r.get("RECORDNO")) in revkeys),
        key=lambda r: int(r.get("RECORDNO") or 0),
    )
    if reversal:
        parts += [
            heading(
                f"Auto-reversal on {rec.get('REVERSEDATE')}",
                "(posted automatically, debits and credits swapped)",
                "reversal-lines",
            ),
            table(cols, reversal, foot=gl_foot(cols, reversal)),
        ]
    parts += [_balance_by_entity(v, lines), raw(v, "GLBATCH", rec)]
    return join(parts)


def postings(v: View, rec: Record) -> Markup:
    """The GL lines a document posted (RECORDNOs are unique per company, so BATCHNO finds them)."""
    key = str(rec.get("RECORDNO"))
    rows = sorted(
        (r for r in v.store.records(v.company, "GLENTRY") if r.get("BATCHNO") == key),
        key=lambda r: int(r.get("RECORDNO") or 0),
    )
    if not rows:
        return Markup()
    cols = [
        Col("GL entry", lambda r: v.record_link("GLENTRY", r)),
        Col("Date", lambda r: r.get("ENTRY_DATE")),
        Col("Account", lambda r: v.ref("GLACCOUNT", r.get("ACCOUNTNO"), v.account_title(r.get("ACCOUNTNO")))),
        Col("Location", lambda r: v.ref("LOCATION", r.get("LOCATION"))),
        Col("Debit", lambda r: money(r.get("AMOUNT")) if r.get("TR_TYPE") == "1" else "", num=True),
        Col("Credit", lambda r: money(r.get("AMOUNT")) if r.get("TR_TYPE") != "1" else "", num=True),
    ]
    return join([heading("General ledger postings"), table(cols, rows, foot=gl_foot(cols, rows, "AMOUNT"))])


def glentry_page(v: View, obj: str, rec: Record) -> Markup:
    debit = rec.get("TR_TYPE") == "1"
    amount = join([strong(money(rec.get("AMOUNT"))), " ", rec.get("BASECURR") or rec.get("CURRENCY") or ""])
    trx = f"{money(rec.get('TRX_AMOUNT'))} {rec.get('CURRENCY') or ''}"
    rate = f"{rec.get('EXCHANGE_RATE')} ({rec.get('EXCH_RATE_TYPE_ID') or 'given'}, {rec.get('EXCH_RATE_DATE') or ''})"
    return join(
        [
            title("GLENTRY", f"GL entry {rec.get('RECORDNO')}", rec.get("STATE"), v, rec.get("BATCH_TITLE")),
            facts(
                [
                    ("Posted by", source_link(v, rec)),
                    ("Journal", v.ref("GLJOURNAL", rec.get("JOURNAL"))),
                    ("Date", rec.get("ENTRY_DATE")),
                    (
                        "Account",
                        v.ref("GLACCOUNT", rec.get("ACCOUNTNO"), v.account_title(rec.get("ACCOUNTNO"))),
                    ),
                    ("Debit" if debit else "Credit", amount),
                    *((("Transaction amount", trx), ("Exchange rate", rate)) if foreign([rec]) else ()),
                    *((label, v.ref(o, rec.get(f))) for f, label, o in LINE_DIMS if rec.get(f)),
                    ("Memo", rec.get("DESCRIPTION")),
                    ("Inter-entity line", badge("Yes", "b-purple") if rec.get("ISIET") == "true" else "No"),
                    *audit(v, rec),
                ]
            ),
            raw(v, "GLENTRY", rec),
        ]
    )


def entity_page(v: View, obj: str, rec: Record) -> Markup:
    eid = str(rec.get("LOCATIONID"))
    locs = [r for r in v.records("LOCATION") if r.get("PARENTID") == eid]
    private = [
        {"obj": o, "n": sum(1 for r in v.store.records(v.company, o) if r.get("MEGAENTITYID") == eid)}
        for o in PRIVATE_OBJECTS
    ]
    private_table = table(
        [
            Col(
                "Object", lambda r: link(url(v.company, r["obj"]) + f"?entity={quote(eid)}", plural(r["obj"]))
            ),
            Col("Records", lambda r: r["n"], num=True),
        ],
        [p for p in private if p["n"]],
        empty="Nothing is private to this entity",
    )
    lines = [r for r in v.records("GLENTRY") if r.get("MEGAENTITYID") == eid][:25]
    return join(
        [
            title("LOCATIONENTITY", f"Entity {eid}", rec.get("STATUS"), v, rec.get("NAME")),
            facts(
                [
                    ("Name", rec.get("NAME")),
                    ("Currency", rec.get("CURRENCY")),
                    ("Country", rec.get("COUNTRY")),
                    ("Record number", rec.get("RECORDNO")),
                ]
            ),
            heading("Locations"),
            list_table(v, "LOCATION", locs),
            heading("Private to this entity"),
            private_table,
            heading("Latest GL lines in this entity"),
            list_table(v, "GLENTRY", lines),
            raw(v, "LOCATIONENTITY", rec),
        ]
    )


def posted_page(v: View, obj: str, rec: Record) -> Markup:
    """The generic record page with the GL lines the record posted (expenses, cards, timesheets …)."""
    return generic_page(v, obj, rec, postings(v, rec))
