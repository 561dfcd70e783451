"""Read-only web console: companies, entities, journal entries, bills, invoices and API usage.

Every record has a stable URL, ``/__emulator__/companies/<COMPANY>/<OBJECT>/<RECORDNO>``, which
is what the ERP's "View in Sage Intacct" links point at in the demo. The key may also be the
object's ID (``…/VENDOR/V100``); RECORDNO wins when both match. Pages are plain server-rendered
HTML with inline CSS: no JavaScript, no assets, nothing to build.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qs, quote

from .context import Emulator, entity_of_location
from .model import OBJECTS, ObjectDef
from .store import Record, Store
from .usage import usage_report

BASE = "/__emulator__"
LIST_LIMIT = 500

_CSS = """
*{box-sizing:border-box}
body{font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;background:#f3f5f8;color:#1d2733;font-size:14px}
a{color:#0b63a8;text-decoration:none}a:hover{text-decoration:underline}
header.top{background:#0b3d5c;color:#fff;display:flex;align-items:center;gap:28px;padding:0 28px;height:52px}
header.top .brand{font-weight:600;font-size:16px;color:#fff;display:flex;align-items:center;gap:10px}
header.top .brand .logo{display:inline-grid;place-items:center;width:26px;height:26px;border-radius:6px;background:#19a974;font-size:13px}
header.top nav a{color:#cfe6f5;margin-right:18px}header.top nav a.on{color:#fff;font-weight:600}
header.top .env{margin-left:auto;font-size:12px;color:#9cc3dc}
.sub{background:#fff;border-bottom:1px solid #dde3ea;padding:0 28px;display:flex;gap:4px;overflow-x:auto}
.sub a{display:inline-block;padding:12px 12px 10px;color:#3b4a5a;border-bottom:3px solid transparent;white-space:nowrap}
.sub a.on{color:#0b3d5c;border-bottom-color:#19a974;font-weight:600}.sub a:hover{text-decoration:none;color:#0b3d5c}
main{padding:22px 28px 40px;max-width:1320px}
.crumbs{font-size:12px;color:#6b7b8c;margin-bottom:6px}.crumbs a{color:#6b7b8c}
h1{font-size:22px;margin:0 0 4px;font-weight:600}h2{font-size:16px;margin:26px 0 10px;font-weight:600}
.lede{color:#6b7b8c;margin:0 0 18px}
.title{display:flex;align-items:center;gap:12px;flex-wrap:wrap}
.card{background:#fff;border:1px solid #e1e6ec;border-radius:8px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.grid{display:grid;gap:14px}.g4{grid-template-columns:repeat(auto-fill,minmax(220px,1fr))}
.g3{grid-template-columns:repeat(auto-fill,minmax(300px,1fr))}
.kpi{padding:14px 16px}.kpi .label{color:#6b7b8c;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.kpi .value{font-size:24px;font-weight:600;margin-top:4px;font-variant-numeric:tabular-nums}.kpi .hint{color:#6b7b8c;font-size:12px;margin-top:2px}
.entity{padding:14px 16px}.entity .head{display:flex;justify-content:space-between;align-items:baseline}
.entity .id{font-weight:700;font-size:18px}.entity .cur{font-size:12px;color:#6b7b8c}.entity ul{margin:8px 0 0;padding-left:18px;color:#3b4a5a}
dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:0;margin:0;padding:6px 0}
dl.facts div{padding:8px 16px}dl.facts dt{font-size:12px;color:#6b7b8c;margin-bottom:2px}dl.facts dd{margin:0;font-weight:500;word-break:break-word}
table{border-collapse:collapse;width:100%}
.card>table{border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:8px 12px;border-bottom:1px solid #edf0f4;vertical-align:top}
th{background:#f7f9fb;font-weight:600;color:#52606d;font-size:12px;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}
tbody tr:hover td{background:#f8fbfd}tr:last-child td{border-bottom:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tfoot td{font-weight:600;background:#f7f9fb;border-top:1px solid #dde3ea}
td.empty{color:#8595a5;text-align:center;padding:22px}
.muted{color:#6b7b8c}.small{font-size:12px}.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.badge{display:inline-block;padding:2px 9px;border-radius:999px;font-size:12px;font-weight:600;background:#eef2f6;color:#3b4a5a;white-space:nowrap}
.b-green{background:#e3f4ea;color:#17663a}.b-blue{background:#e4effa;color:#0b5394}.b-amber{background:#fdf1d8;color:#8a5a00}
.b-red{background:#fde7e7;color:#a12525}.b-grey{background:#eef2f6;color:#52606d}.b-purple{background:#efe9fb;color:#5b3aa8}
tr.iet td{background:#faf8ff}
.bar{height:8px;background:#edf0f4;border-radius:999px;overflow:hidden;margin-top:8px}.bar span{display:block;height:100%;background:#19a974}
form.search{display:flex;gap:8px;margin:0 0 12px}form.search input{padding:7px 10px;border:1px solid #cfd7e0;border-radius:6px;min-width:280px;font:inherit}
form.search button{padding:7px 14px;border:0;border-radius:6px;background:#0b3d5c;color:#fff;font:inherit;cursor:pointer}
details.raw{margin-top:22px}details.raw summary{cursor:pointer;color:#52606d;font-weight:600}
pre.api{background:#0f2533;color:#d6e6f2;padding:12px 14px;border-radius:8px;overflow-x:auto;font-size:12px;margin:0}
.split{display:grid;grid-template-columns:2fr 1fr;gap:14px}@media(max-width:1000px){.split{grid-template-columns:1fr}}
.note{padding:10px 14px;color:#52606d;font-size:13px}
"""

# Company sub-navigation: (object or page, label)
_TABS: tuple[tuple[str, str], ...] = (
    ("", "Overview"),
    ("GLBATCH", "Journal entries"),
    ("APBILL", "Bills"),
    ("ARINVOICE", "Invoices"),
    ("APPYMT", "AP payments"),
    ("ARPYMT", "AR payments"),
    ("GLENTRY", "GL entries"),
    ("GLACCOUNT", "Chart of accounts"),
    ("usage", "API usage"),
)
# Master data and setup objects listed on the company overview.
_SETUP = (
    "LOCATIONENTITY",
    "LOCATION",
    "DEPARTMENT",
    "CLASS",
    "PROJECT",
    "TASK",
    "CUSTOMER",
    "VENDOR",
    "EMPLOYEE",
    "ITEM",
    "GLJOURNAL",
    "REPORTINGPERIOD",
    "GLBUDGETHEADER",
    "PROJECTTYPE",
    "PROJECTSTATUS",
)
_MONEY_FIELDS = {
    "TOTALENTERED",
    "TOTALPAID",
    "TOTALDUE",
    "TRX_TOTALENTERED",
    "TRX_TOTALDUE",
    "AMOUNT",
    "TRX_AMOUNT",
    "AMOUNTTOPAY",
    "BUDGETAMOUNT",
    "CONTRACTAMOUNT",
    "CREDITLIMIT",
    "BASEPRICE",
}


def _document_columns(number: str, party_field: str, party: str) -> tuple[tuple[str, str], ...]:
    return (
        ("RECORDNO", "Record #"),
        ("RECORDID", number),
        (party_field, party),
        ("WHENCREATED", "Date"),
        ("WHENDUE", "Due"),
        ("CURRENCY", "Currency"),
        ("TOTALENTERED", "Amount"),
        ("TOTALDUE", "Due amount"),
        ("STATE", "State"),
    )


# List columns: (field, heading); the first column links to the record.
_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "GLBATCH": (
        ("RECORDNO", "Record #"),
        ("BATCH_DATE", "Date"),
        ("JOURNAL", "Journal"),
        ("BATCH_TITLE", "Description"),
        ("REFERENCENO", "Reference"),
        ("_ENTITIES", "Entities"),
        ("STATE", "State"),
        ("_TOTAL", "Amount"),
    ),
    "APBILL": _document_columns("Bill number", "VENDORNAME", "Vendor"),
    "ARINVOICE": _document_columns("Invoice number", "CUSTOMERNAME", "Customer"),
    "APPYMT": (
        ("RECORDNO", "Record #"),
        ("PAYMENTDATE", "Date"),
        ("VENDORID", "Vendor"),
        ("PAYMENTMETHOD", "Method"),
        ("DOCNUMBER", "Document"),
        ("AMOUNTTOPAY", "Amount"),
        ("STATE", "State"),
    ),
    "ARPYMT": (
        ("RECORDNO", "Record #"),
        ("RECEIPTDATE", "Date"),
        ("CUSTOMERID", "Customer"),
        ("PAYMENTMETHOD", "Method"),
        ("DOCNUMBER", "Document"),
        ("TOTALENTERED", "Amount"),
        ("STATE", "State"),
    ),
    "GLENTRY": (
        ("RECORDNO", "Record #"),
        ("ENTRY_DATE", "Date"),
        ("JOURNAL", "Journal"),
        ("BATCHNO", "Batch"),
        ("ACCOUNTNO", "Account"),
        ("LOCATION", "Location"),
        ("DEPARTMENT", "Department"),
        ("PROJECTID", "Project"),
        ("_DEBIT", "Debit"),
        ("_CREDIT", "Credit"),
    ),
    "GLACCOUNT": (
        ("ACCOUNTNO", "Account"),
        ("TITLE", "Title"),
        ("ACCOUNTTYPE", "Type"),
        ("NORMALBALANCE", "Normal balance"),
        ("_REQUIRES", "Requires"),
        ("STATUS", "Status"),
    ),
    "REPORTINGPERIOD": (
        ("NAME", "Name"),
        ("START_DATE", "Start"),
        ("END_DATE", "End"),
        ("CLOSED", "Closed"),
    ),
}
_LINE_DIMS = (
    ("LOCATION", "Location", "LOCATION"),
    ("LOCATIONID", "Location", "LOCATION"),
    ("DEPARTMENT", "Department", "DEPARTMENT"),
    ("DEPARTMENTID", "Department", "DEPARTMENT"),
    ("PROJECTID", "Project", "PROJECT"),
    ("TASKID", "Task", "TASK"),
    ("CUSTOMERID", "Customer", "CUSTOMER"),
    ("VENDORID", "Vendor", "VENDOR"),
    ("EMPLOYEEID", "Employee", "EMPLOYEE"),
    ("ITEMID", "Item", "ITEM"),
    ("CLASSID", "Class", "CLASS"),
)
_STATE_BADGES = {
    "posted": "b-green",
    "active": "b-green",
    "complete": "b-green",
    "paid": "b-blue",
    "partially paid": "b-amber",
    "draft": "b-grey",
    "inactive": "b-grey",
    "reversed": "b-red",
    "true": "b-amber",
}


# --- small HTML helpers -------------------------------------------------------------------------


def h(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def money(value: Any) -> str:
    d = _dec(value)
    return "" if d is None else f"{d:,.2f}"


def badge(value: Any, cls: str | None = None) -> str:
    text = str(value or "")
    if not text:
        return ""
    return f"<span class='badge {cls or _STATE_BADGES.get(text.lower(), 'b-grey')}'>{h(text)}</span>"


def url(company: str, obj: str = "", key: str = "") -> str:
    parts = [BASE, "companies", quote(company, safe="")]
    if obj:
        parts.append(quote(obj, safe=""))
    if key:
        parts.append(quote(key, safe=""))
    return "/".join(parts)


def link(href: str, text: Any) -> str:
    return f"<a href='{h(href)}'>{h(text)}</a>"


@dataclass
class Col:
    """A table column: heading, cell renderer (returns HTML) and whether it holds numbers."""

    heading: str
    cell: Callable[[Record], str]
    num: bool = False


def text_cell(field: str) -> Callable[[Record], str]:
    return lambda r: h(r.get(field))


def money_cell(field: str) -> Callable[[Record], str]:
    return lambda r: money(r.get(field))


def table(cols: list[Col], rows: Iterable[Record], empty: str = "Nothing here yet", foot: str = "") -> str:
    head = "".join(f"<th class='{'num' if c.num else ''}'>{h(c.heading)}</th>" for c in cols)
    body = "".join(
        "<tr class='{}'>".format("iet" if r.get("ISIET") == "true" else "")
        + "".join(f"<td class='{'num' if c.num else ''}'>{c.cell(r)}</td>" for c in cols)
        + "</tr>"
        for r in rows
    )
    if not body:
        body = f"<tr><td class='empty' colspan='{len(cols)}'>{h(empty)}</td></tr>"
    return f"<div class='card'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>{foot}</table></div>"


def facts(items: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<div><dt>{h(k)}</dt><dd>{v or '<span class=muted>—</span>'}</dd></div>" for k, v in items
    )
    return f"<div class='card'><dl class='facts'>{cells}</dl></div>"


def kpi(label: str, value: str, hint: str = "", href: str = "") -> str:
    inner = f"<div class='label'>{h(label)}</div><div class='value'>{value}</div>" + (
        f"<div class='hint'>{hint}</div>" if hint else ""
    )
    if href:
        return f"<a class='card kpi' href='{h(href)}' style='color:inherit;text-decoration:none'>{inner}</a>"
    return f"<div class='card kpi'>{inner}</div>"


def _page(
    title: str, body: str, *, section: str = "companies", company: str = "", tab: str | None = None
) -> str:
    nav = "".join(
        f"<a class='{'on' if section == key else ''}' href='{BASE}{path}'>{label}</a>"
        for key, path, label in (("companies", "/", "Companies"), ("usage", "/usage", "API usage"))
    )
    sub = ""
    if company:
        sub = (
            "<nav class='sub'>"
            + "".join(
                f"<a class='{'on' if tab == key else ''}' href='{h(url(company, key))}'>{h(label)}</a>"
                for key, label in _TABS
            )
            + "</nav>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{h(title)} · Sage Intacct emulator</title><style>{_CSS}</style></head><body>"
        f"<header class='top'><a class='brand' href='{BASE}/'><span class='logo'>SI</span>Sage Intacct emulator</a>"
        f"<nav>{nav}</nav><span class='env'>local · read-only console</span></header>{sub}"
        f"<main>{body}</main></body></html>"
    )


def _crumbs(*parts: tuple[str, str]) -> str:
    items = [link(href, text) if href else h(text) for text, href in parts]
    return "<div class='crumbs'>" + " / ".join(items) + "</div>"


# --- data helpers -------------------------------------------------------------------------------


@dataclass
class View:
    """What a page renders from: the store, one company and the request's query string."""

    emu: Emulator
    company: str
    comp: Record
    params: dict[str, str]

    @property
    def store(self) -> Store:
        return self.emu.store

    def records(self, obj: str) -> list[Record]:
        return sorted(self.store.records(self.company, obj), key=lambda r: -int(r.get("RECORDNO") or 0))

    def find(self, obj: str, key: str) -> Record | None:
        if key.isdigit():
            rec = self.store.get(self.company, obj, int(key))
            if rec is not None:
                return rec
        return self.store.get_by_id(self.company, obj, key)

    def ref(self, obj: str, value: Any, label: Any = None) -> str:
        """Link a dimension/master value (an ID) to its record page, falling back to text."""
        text = str(value or "")
        if not text:
            return ""
        rec = self.store.get_by_id(self.company, obj, text)
        shown = h(text) + (f" <span class=muted>{h(label)}</span>" if label else "")
        if rec is None:
            return shown
        return f"<a href='{h(url(self.company, obj, str(rec.get('RECORDNO'))))}'>{h(text)}</a>" + (
            f" <span class=muted>{h(label)}</span>" if label else ""
        )

    def ref_cell(self, obj: str, field: str) -> Callable[[Record], str]:
        return lambda r: self.ref(obj, r.get(field))

    def first_cell(self, obj: str, field: str) -> Callable[[Record], str]:
        """The linking first column of a list: the field's value, or the RECORDNO when empty."""
        return lambda r: link(
            url(self.company, obj, str(r.get("RECORDNO"))), r.get(field) or r.get("RECORDNO")
        )

    def record_link(self, obj: str, rec: Record, text: Any = None) -> str:
        key = str(rec.get("RECORDNO") or "")
        return link(url(self.company, obj, key), text if text is not None else key)

    def entity_label(self, entity: Any) -> str:
        e = str(entity or "")
        if not e:
            return "<span class=muted>Top level</span>"
        return self.ref("LOCATIONENTITY", e)


def _label(d: ObjectDef | None, obj: str) -> str:
    return d.label if d else obj


def _plural(obj: str) -> str:
    return dict(_TABS).get(obj) or (OBJECTS[obj].plural if obj in OBJECTS else obj)


def _batch_total(rec: Record) -> Decimal:
    lines = rec.get("ENTRIES", {}).get("GLENTRY", []) if isinstance(rec.get("ENTRIES"), dict) else []
    return sum(
        (
            _dec(ln.get("TRX_AMOUNT")) or Decimal(0)
            for ln in lines
            if ln.get("TR_TYPE") == "1" and not ln.get("ISIET")
        ),
        Decimal(0),
    )


def _batch_entities(v: View, rec: Record) -> str:
    """Where a journal entry lands: its owner entity, or the entities its lines post to."""
    owner = str(rec.get("MEGAENTITYID") or "")
    if owner:
        return v.entity_label(owner)
    lines = rec.get("ENTRIES", {}).get("GLENTRY", []) if isinstance(rec.get("ENTRIES"), dict) else []
    touched = sorted(
        {entity_of_location(v.store, v.company, str(ln.get("LOCATION") or "")) for ln in lines} - {""}
    )
    shown = ", ".join(v.ref("LOCATIONENTITY", e) for e in touched)
    return "<span class=muted>Top level</span>" + (f" · {shown}" if shown else "")


def _requires(rec: Record) -> str:
    names = {
        "REQUIRELOC": "location",
        "REQUIREDEPT": "department",
        "REQUIREPROJECT": "project",
        "REQUIRECUSTOMER": "customer",
        "REQUIREVENDOR": "vendor",
        "REQUIREEMPLOYEE": "employee",
        "REQUIREITEM": "item",
        "REQUIRECLASS": "class",
    }
    return ", ".join(label for f, label in names.items() if str(rec.get(f)).lower() == "true")


# --- pages --------------------------------------------------------------------------------------


def _companies(emu: Emulator, host: str) -> str:
    store = emu.store
    all_usage = usage_report(emu)
    month = emu.clock.now().strftime("%Y-%m")
    rows = []
    for c in sorted({c for (c, o) in store.tables if o == "COMPANY"}):
        rec = store.get_by_id(c, "COMPANY", c) or {}
        ents = sorted(store.records(c, "LOCATIONENTITY"), key=lambda e: int(e.get("RECORDNO") or 0))
        rows.append(
            {
                "id": c,
                "name": rec.get("NAME") or c,
                "currency": rec.get("BASECURRENCY"),
                "entities": ", ".join(f"{e.get('LOCATIONID')} ({e.get('CURRENCY')})" for e in ents),
                "GLBATCH": len(store.records(c, "GLBATCH")),
                "APBILL": len(store.records(c, "APBILL")),
                "ARINVOICE": len(store.records(c, "ARINVOICE")),
                "used": int(all_usage.get(c, {}).get("by_month", {}).get(month, 0)),
            }
        )
    companies = table(
        [
            Col("Company", lambda r: f"<strong>{link(url(r['id']), r['name'])}</strong>"),
            Col("Company ID", lambda r: f"<span class='badge b-blue'>{h(r['id'])}</span>"),
            Col("Base currency", text_cell("currency")),
            Col("Entities", text_cell("entities")),
            Col("Journal entries", lambda r: link(url(r["id"], "GLBATCH"), f"{r['GLBATCH']:,}"), num=True),
            Col("Bills", lambda r: link(url(r["id"], "APBILL"), f"{r['APBILL']:,}"), num=True),
            Col("Invoices", lambda r: link(url(r["id"], "ARINVOICE"), f"{r['ARINVOICE']:,}"), num=True),
            Col(
                "API transactions this month",
                lambda r: link(url(r["id"], "usage"), f"{r['used']:,}"),
                num=True,
            ),
        ],
        rows,
        empty='No companies: seed one with POST /__emulator__/api/reset {"seed": "demo"}',
    )
    senders = sorted(
        (r for r in store.records("", "SENDER") if r.get("COMPANIES")), key=lambda r: str(r.get("SENDERID"))
    )
    endpoint = f"http://{host or '127.0.0.1:8300'}/ia/xml/xmlgw.phtml"
    connect = facts(
        [
            ("XML gateway endpoint", f"<span class=mono>{h(endpoint)}</span>"),
            (
                "Web services senders",
                ", ".join(f"<span class=mono>{h(r.get('SENDERID'))}</span>" for r in senders) or "none",
            ),
            ("Control plane (JSON)", link(f"{BASE}/api/health", f"{BASE}/api/…")),
            ("Seed", h(emu.seed_name or "none") + f" · data {h(store.path)}"),
        ]
    )
    body = (
        "<h1>Companies</h1><p class='lede'>Every company this emulator hosts. Open one to browse its entities, "
        "journal entries, bills, invoices and API usage.</p>"
        + companies
        + "<h2>Connect a client</h2>"
        + connect
        + "<p class='muted small'>Official SDKs accept only hosts ending in .intacct.com: add "
        "<span class=mono>127.0.0.1 emulator.intacct.com</span> to the hosts file and use "
        "<span class=mono>http://emulator.intacct.com:PORT/ia/xml/xmlgw.phtml</span> (see the emulator's README).</p>"
    )
    return _page("Companies", body)


def _overview(v: View) -> str:
    c = v.company
    store = v.store
    u = usage_report(v.emu, c).get(c, {})
    month = v.emu.clock.now().strftime("%Y-%m")
    used = int(u.get("by_month", {}).get(month, 0))
    allowance = int(v.comp.get("MONTHLY_TRANSACTIONS", 100000))
    bills = store.records(c, "APBILL")
    invoices = store.records(c, "ARINVOICE")
    open_bills = [b for b in bills if (_dec(b.get("TOTALDUE")) or 0) > 0 and b.get("STATE") != "Reversed"]
    open_inv = [i for i in invoices if (_dec(i.get("TOTALDUE")) or 0) > 0 and i.get("STATE") != "Reversed"]
    kpis = "".join(
        (
            kpi("Journal entries", f"{len(store.records(c, 'GLBATCH')):,}", "", url(c, "GLBATCH")),
            kpi("Open bills", f"{len(open_bills):,}", f"of {len(bills):,} bills", url(c, "APBILL")),
            kpi("Open invoices", f"{len(open_inv):,}", f"of {len(invoices):,} invoices", url(c, "ARINVOICE")),
            kpi(
                "API transactions this month",
                f"{used:,}",
                f"tier {h(v.comp.get('TIER', 1))} allowance {allowance:,}"
                f"<div class='bar'><span style='width:{min(100.0, 100.0 * used / max(allowance, 1)):.1f}%'></span></div>",
                url(c, "usage"),
            ),
        )
    )
    locations = store.records(c, "LOCATION")
    lines_by_entity: dict[str, int] = {}
    for row in store.records(c, "GLENTRY"):
        owner = str(row.get("MEGAENTITYID") or "")
        lines_by_entity[owner] = lines_by_entity.get(owner, 0) + 1
    ent_cards = []
    for e in sorted(store.records(c, "LOCATIONENTITY"), key=lambda r: int(r.get("RECORDNO") or 0)):
        eid = str(e.get("LOCATIONID"))
        locs = "".join(
            f"<li>{v.ref('LOCATION', loc.get('LOCATIONID'), loc.get('NAME'))}</li>"
            for loc in locations
            if loc.get("PARENTID") == eid
        )
        ent_cards.append(
            f"<div class='card entity'><div class='head'><span class='id'>{v.record_link('LOCATIONENTITY', e, eid)}</span>"
            f"<span class='badge b-purple'>{h(e.get('CURRENCY'))}</span></div><div>{h(e.get('NAME'))}</div>"
            f"<div class='muted small'>{lines_by_entity.get(eid, 0):,} GL lines</div>"
            f"<ul>{locs or '<li class=muted>no locations</li>'}</ul></div>"
        )
    iet = str(v.comp.get("IET_ENABLED", "true")) == "true"
    settings = facts(
        [
            ("Base currency", h(v.comp.get("BASECURRENCY"))),
            (
                "Inter-entity transactions",
                badge("Enabled" if iet else "Disabled", "b-green" if iet else "b-grey"),
            ),
            (
                "Balance by entity",
                h("Yes" if str(v.comp.get("BALANCE_BY_ENTITY", "true")) == "true" else "No"),
            ),
            (
                "Due from / due to",
                v.ref("GLACCOUNT", v.comp.get("IET_DUE_FROM"))
                + " / "
                + v.ref("GLACCOUNT", v.comp.get("IET_DUE_TO")),
            ),
            (
                "AP / AR control",
                v.ref("GLACCOUNT", v.comp.get("AP_ACCOUNT"))
                + " / "
                + v.ref("GLACCOUNT", v.comp.get("AR_ACCOUNT")),
            ),
            ("Session length", h(f"{v.comp.get('SESSION_HOURS', 8)} h, sliding")),
        ]
    )
    setup = table(
        [
            Col("Object", lambda r: link(url(c, str(r["obj"])), r["label"])),
            Col("Name", lambda r: f"<span class=mono>{h(r['obj'])}</span>"),
            Col("Records", lambda r: h(r["n"]), num=True),
        ],
        [
            {"obj": o, "label": _object_label(v, o), "n": len(store.records(c, o))}
            for o in (*_SETUP, *v.comp.get("UDDS", {}))
        ],
    )
    body = (
        _crumbs(("Companies", f"{BASE}/"), (c, ""))
        + f"<div class='title'><h1>{h(v.comp.get('NAME') or c)}</h1><span class='badge b-blue'>{h(c)}</span></div>"
        + "<p class='lede'>Multi-entity company. Records created at the top level are shared; records created in an "
        "entity session are private to that entity.</p>"
        + f"<div class='grid g4'>{kpis}</div>"
        + f"<h2>Entities</h2><div class='grid g3'>{''.join(ent_cards) or '<div class=muted>No entities</div>'}</div>"
        + "<h2>Recent journal entries</h2>"
        + _list_table(v, "GLBATCH", v.records("GLBATCH")[:8])
        + "<div class='split'><div><h2>Recent bills</h2>"
        + _list_table(v, "APBILL", v.records("APBILL")[:6], short=True)
        + "<h2>Recent invoices</h2>"
        + _list_table(v, "ARINVOICE", v.records("ARINVOICE")[:6], short=True)
        + "</div><div><h2>Company settings</h2>"
        + settings
        + "<h2>Master data &amp; setup</h2>"
        + setup
        + "</div></div>"
    )
    return _page(c, body, company=c, tab="")


def _object_label(v: View, obj: str) -> str:
    d = OBJECTS.get(obj)
    if d:
        return d.label
    return str(v.comp.get("UDDS", {}).get(obj, obj))


def _cell_for(v: View, obj: str, field: str) -> Col | None:
    if field == "_TOTAL":
        return Col("", lambda r: money(_batch_total(r)), num=True)
    if field == "_DEBIT":
        return Col("", lambda r: money(r.get("AMOUNT")) if r.get("TR_TYPE") == "1" else "", num=True)
    if field == "_CREDIT":
        return Col("", lambda r: money(r.get("AMOUNT")) if r.get("TR_TYPE") != "1" else "", num=True)
    if field == "_ENTITIES":
        return Col("", lambda r: _batch_entities(v, r))
    if field == "_REQUIRES":
        return Col("", lambda r: h(_requires(r)))
    if field in ("STATE", "STATUS"):
        return Col("", lambda r: badge(r.get(field)))
    if field == "CLOSED":
        return Col(
            "", lambda r: badge("Closed", "b-red") if r.get("CLOSED") == "true" else badge("Open", "b-green")
        )
    if field == "MEGAENTITYID":
        return Col("", lambda r: v.entity_label(r.get("MEGAENTITYID")))
    if field in _MONEY_FIELDS:
        return Col("", lambda r: money(r.get(field)), num=True)
    if field == "BATCHNO" and obj == "GLENTRY":
        return Col("", lambda r: _source_link(v, r))
    if field in ("ACCOUNTNO",) and obj != "GLACCOUNT":
        return Col("", lambda r: v.ref("GLACCOUNT", r.get(field)))
    dim = next((d for f, _, d in _LINE_DIMS if f == field), None)
    if dim is not None:
        return Col("", lambda r: v.ref(dim, r.get(field)))
    if field == "VENDORNAME":
        return Col("", lambda r: v.ref("VENDOR", r.get("VENDORID"), r.get("VENDORNAME")))
    if field == "CUSTOMERNAME":
        return Col("", lambda r: v.ref("CUSTOMER", r.get("CUSTOMERID"), r.get("CUSTOMERNAME")))
    return None


def _source_link(v: View, row: Record) -> str:
    source = {"GLBATCH": "GLBATCH", "APJ": "APBILL", "ARJ": "ARINVOICE"}.get(str(row.get("SOURCE") or ""))
    batch = str(row.get("BATCHNO") or "")
    if source and batch:
        return link(url(v.company, source, batch), f"{source} {batch}")
    return h(batch)


def _columns(v: View, obj: str, short: bool = False) -> list[Col]:
    d = OBJECTS.get(obj)
    spec = _COLUMNS.get(obj)
    if spec is None:
        fields: list[tuple[str, str]] = [("RECORDNO", "Record #")]
        if d and d.id_field and d.id_field != "RECORDNO":
            fields.append((d.id_field, "ID"))
        if d and d.name_field and d.name_field not in (d.id_field, "RECORDNO"):
            fields.append((d.name_field, "Name"))
        if d is None:  # a user-defined dimension
            fields += [("id", "ID"), ("name", "Name")]
        if d and "PARENTID" in d.fields:
            fields.append(("PARENTID", "Parent"))
        fields += [("MEGAENTITYID", "Entity"), ("STATUS", "Status")]
        spec = tuple(fields)
    if short:
        spec = tuple(f for f in spec if f[0] not in ("WHENDUE", "CURRENCY", "RECORDNO"))
    cols: list[Col] = []
    for n, (field, heading) in enumerate(spec):
        if n == 0:
            cols.append(
                Col(
                    heading,
                    v.first_cell(obj, field),
                )
            )
            continue
        col = _cell_for(v, obj, field) or Col("", text_cell(field))
        col.heading = heading
        cols.append(col)
    return cols


def _list_table(v: View, obj: str, rows: list[Record], short: bool = False) -> str:
    label = _plural(obj).lower()
    return table(_columns(v, obj, short), rows, empty=f"No {label} yet")


def _matches(rec: Record, needle: str) -> bool:
    return any(needle in str(val).lower() for val in rec.values() if not isinstance(val, dict | list))


def _list(v: View, obj: str) -> str:
    c = v.company
    needle = v.params.get("q", "").strip().lower()
    entity = v.params.get("entity", "").strip()
    recs = v.records(obj)
    total = len(recs)
    if needle:
        recs = [r for r in recs if _matches(r, needle)]
    if entity:
        recs = [r for r in recs if str(r.get("MEGAENTITYID") or "") == ("" if entity == "-" else entity)]
    shown = recs[:LIST_LIMIT]
    ents = sorted(str(e.get("LOCATIONID")) for e in v.store.records(c, "LOCATIONENTITY"))
    options = "".join(
        f"<option value='{h(e)}'{' selected' if e == entity else ''}>{h(label)}</option>"
        for e, label in (
            ("", "All entities"),
            ("-", "Top level (shared)"),
            *((e, f"Entity {e}") for e in ents),
        )
    )
    search = (
        f"<form class='search' method='get'><input name='q' value='{h(v.params.get('q', ''))}' "
        f"placeholder='Search {h(_plural(obj).lower())}…'><select name='entity' style='padding:7px;border:1px solid #cfd7e0;"
        f"border-radius:6px;font:inherit'>{options}</select><button>Search</button></form>"
    )
    count = f"{len(recs):,} of {total:,}" if (needle or entity) else f"{total:,}"
    more = f" · showing the latest {LIST_LIMIT}" if len(recs) > LIST_LIMIT else ""
    tab = obj if obj in dict(_TABS) else None
    body = (
        _crumbs(("Companies", f"{BASE}/"), (c, url(c)), (_plural(obj), ""))
        + f"<div class='title'><h1>{h(_plural(obj))}</h1><span class='badge b-grey mono'>{h(obj)}</span></div>"
        + f"<p class='lede'>{count} records{more}, newest first.</p>"
        + search
        + _list_table(v, obj, shown)
    )
    return _page(_plural(obj), body, company=c, tab=tab)


# --- record pages -------------------------------------------------------------------------------


def _line_cols(v: View, lines: list[Record], *, gl: bool, amount_field: str = "TRX_AMOUNT") -> list[Col]:
    present = {k for ln in lines for k, val in ln.items() if val not in (None, "")}
    cols = [
        Col("#", lambda r: h(r.get("LINE_NO"))),
        Col(
            "Account",
            lambda r: (
                v.ref("GLACCOUNT", r.get("ACCOUNTNO"))
                + f"<div class='muted small'>{h(r.get('ACCOUNTTITLE') or _account_title(v, r.get('ACCOUNTNO')))}</div>"
            ),
        ),
    ]
    seen: set[str] = set()
    for field, label, dim in _LINE_DIMS:
        if field in present and label not in seen:
            seen.add(label)
            cols.append(Col(label, v.ref_cell(dim, field)))
    udds = [k for k in sorted(present) if k.startswith("GLDIM")]
    for k in udds:
        label = str(v.comp.get("UDDS", {}).get(k[5:], k))
        cols.append(Col(label, v.ref_cell(k[5:], k)))
    cols.append(Col("Memo", lambda r: h(r.get("DESCRIPTION") or r.get("ENTRYDESCRIPTION") or r.get("MEMO"))))
    if gl:
        cols.append(Col("Currency", lambda r: h(r.get("CURRENCY"))))
        cols.append(
            Col("Debit", lambda r: money(r.get(amount_field)) if r.get("TR_TYPE") == "1" else "", num=True)
        )
        cols.append(
            Col("Credit", lambda r: money(r.get(amount_field)) if r.get("TR_TYPE") != "1" else "", num=True)
        )
    else:
        cols.append(Col("Amount", lambda r: money(r.get(amount_field)), num=True))
    return cols


def _account_title(v: View, acct: Any) -> str:
    rec = v.store.get_by_id(v.company, "GLACCOUNT", str(acct or ""))
    return str(rec.get("TITLE", "")) if rec else ""


def _gl_foot(cols: list[Col], lines: list[Record], amount_field: str = "TRX_AMOUNT") -> str:
    debit = sum(
        (_dec(ln.get(amount_field)) or Decimal(0) for ln in lines if ln.get("TR_TYPE") == "1"), Decimal(0)
    )
    credit = sum(
        (_dec(ln.get(amount_field)) or Decimal(0) for ln in lines if ln.get("TR_TYPE") != "1"), Decimal(0)
    )
    pad = len(cols) - 2
    return (
        f"<tfoot><tr><td colspan='{pad}'>Total</td><td class='num'>{money(debit)}</td>"
        f"<td class='num'>{money(credit)}</td></tr></tfoot>"
    )


def _amount_foot(cols: list[Col], lines: list[Record], amount_field: str = "TRX_AMOUNT") -> str:
    total = sum((_dec(ln.get(amount_field)) or Decimal(0) for ln in lines), Decimal(0))
    return (
        f"<tfoot><tr><td colspan='{len(cols) - 1}'>Total</td><td class='num'>{money(total)}</td></tr></tfoot>"
    )


def _audit(v: View, rec: Record) -> list[tuple[str, str]]:
    return [
        ("Entity", v.entity_label(rec.get("MEGAENTITYID"))),
        ("Created", h(rec.get("WHENCREATED")) + f" <span class=muted>by {h(rec.get('CREATEDBY'))}</span>"),
        ("Modified", h(rec.get("WHENMODIFIED")) + f" <span class=muted>by {h(rec.get('MODIFIEDBY'))}</span>"),
        ("Record number", f"<span class=mono>{h(rec.get('RECORDNO'))}</span>"),
    ]


def _raw(v: View, obj: str, rec: Record) -> str:
    rows = [
        {"k": k, "v": val}
        for k, val in rec.items()
        if not k.startswith("_") and not isinstance(val, dict | list)
    ]
    key = str(rec.get("RECORDNO") or "")
    api = (
        f"&lt;read&gt;&lt;object&gt;{h(obj)}&lt;/object&gt;&lt;keys&gt;{h(key)}&lt;/keys&gt;"
        "&lt;fields&gt;*&lt;/fields&gt;&lt;/read&gt;"
    )
    json_url = f"{BASE}/api/records/{quote(v.company, safe='')}/{quote(obj, safe='')}/{quote(key, safe='')}"
    return (
        "<details class='raw'><summary>All fields and API access</summary><div class='split' style='margin-top:10px'>"
        + table(
            [
                Col("Field", lambda r: f"<span class=mono>{h(r['k'])}</span>"),
                Col("Value", lambda r: h(r["v"])),
            ],
            rows,
        )
        + f"<div><div class='card note'>Read it over the XML gateway:</div><pre class='api'>{api}</pre>"
        f"<div class='card note' style='margin-top:10px'>Raw stored record (JSON): {link(json_url, json_url)}</div></div>"
        "</div></details>"
    )


def _title(obj: str, heading: str, state: Any, v: View, sub: str = "") -> str:
    d = OBJECTS.get(obj)
    return (
        _crumbs(
            ("Companies", f"{BASE}/"),
            (v.company, url(v.company)),
            (_plural(obj), url(v.company, obj)),
            (heading, ""),
        )
        + f"<div class='title'><h1>{h(heading)}</h1>{badge(state)}"
        f"<span class='badge b-grey mono'>{h(obj)}</span></div>"
        + f"<p class='lede'>{sub or h(_label(d, obj))}</p>"
    )


def _glbatch_page(v: View, rec: Record) -> str:
    lines = [ln for ln in rec.get("ENTRIES", {}).get("GLENTRY", []) if isinstance(ln, dict)]
    own = [ln for ln in lines if ln.get("ISIET") != "true"]
    iet = [ln for ln in lines if ln.get("ISIET") == "true"]
    journal = v.store.get_by_id(v.company, "GLJOURNAL", str(rec.get("JOURNAL") or ""))
    body = _title(
        "GLBATCH",
        f"Journal entry {rec.get('RECORDNO')}",
        rec.get("STATE"),
        v,
        h(rec.get("BATCH_TITLE")),
    )
    body += facts(
        [
            ("Journal", v.ref("GLJOURNAL", rec.get("JOURNAL"), journal.get("TITLE") if journal else "")),
            ("Posting date", h(rec.get("BATCH_DATE"))),
            (
                "Reference number",
                f"<strong>{h(rec.get('REFERENCENO'))}</strong>" if rec.get("REFERENCENO") else "",
            ),
            ("Description", h(rec.get("BATCH_TITLE"))),
            ("Total", money(_batch_total(rec))),
            ("Reverse on", h(rec.get("REVERSEDATE"))),
            ("Entities", _batch_entities(v, rec)),
            *_audit(v, rec)[1:],
        ]
    )
    cols = _line_cols(v, lines, gl=True)
    body += f"<h2 id='lines'>Lines <span class='muted small'>({len(own)})</span></h2>" + table(
        cols, own, foot=_gl_foot(cols, own)
    )
    if iet:
        body += (
            "<h2 id='iet-lines'>Inter-entity lines <span class='muted small'>(generated: due to / due from)</span></h2>"
            + table(cols, iet, foot=_gl_foot(cols, iet))
        )
    revkeys = {str(k) for k in rec.get("_REVKEYS", [])}
    reversal = [r for r in v.store.records(v.company, "GLENTRY") if str(r.get("RECORDNO")) in revkeys]
    if reversal:
        reversal.sort(key=lambda r: int(r.get("RECORDNO") or 0))
        body += (
            f"<h2 id='reversal-lines'>Auto-reversal on {h(rec.get('REVERSEDATE'))} "
            "<span class='muted small'>(posted automatically, debits and credits swapped)</span></h2>"
            + table(cols, reversal, foot=_gl_foot(cols, reversal))
        )
    by_entity: dict[str, dict[str, Decimal]] = {}
    for ln in lines:
        loc = str(ln.get("LOCATION") or "")
        ent = entity_of_location(v.store, v.company, loc)
        b = by_entity.setdefault(ent, {"debit": Decimal(0), "credit": Decimal(0)})
        b["debit" if ln.get("TR_TYPE") == "1" else "credit"] += _dec(ln.get("TRX_AMOUNT")) or Decimal(0)
    if len(by_entity) > 1 or iet:
        rows = [{"e": e, **b} for e, b in sorted(by_entity.items())]
        body += "<h2>Balance by entity</h2>" + table(
            [
                Col("Entity", lambda r: v.entity_label(r["e"])),
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
            ],
            rows,
        )
    return body + _raw(v, "GLBATCH", rec)


def _postings(v: View, rec: Record) -> str:
    # RECORDNOs are unique per company, so BATCHNO finds a document's postings and its reversal's
    key = str(rec.get("RECORDNO"))
    rows = sorted(
        (r for r in v.store.records(v.company, "GLENTRY") if r.get("BATCHNO") == key),
        key=lambda r: int(r.get("RECORDNO") or 0),
    )
    if not rows:
        return ""
    cols = [
        Col("GL entry", lambda r: v.record_link("GLENTRY", r)),
        Col("Date", lambda r: h(r.get("ENTRY_DATE"))),
        Col(
            "Account", lambda r: v.ref("GLACCOUNT", r.get("ACCOUNTNO"), _account_title(v, r.get("ACCOUNTNO")))
        ),
        Col("Location", lambda r: v.ref("LOCATION", r.get("LOCATION"))),
        Col("Debit", lambda r: money(r.get("AMOUNT")) if r.get("TR_TYPE") == "1" else "", num=True),
        Col("Credit", lambda r: money(r.get("AMOUNT")) if r.get("TR_TYPE") != "1" else "", num=True),
    ]
    return "<h2>General ledger postings</h2>" + table(cols, rows, foot=_gl_foot(cols, rows, "AMOUNT"))


def _document_page(v: View, obj: str, rec: Record) -> str:
    bill = obj == "APBILL"
    party_obj, party_field, lines_key, line_tag = (
        ("VENDOR", "VENDORID", "APBILLITEMS", "APBILLITEM")
        if bill
        else ("CUSTOMER", "CUSTOMERID", "ARINVOICEITEMS", "ARINVOICEITEM")
    )
    noun = "Bill" if bill else "Invoice"
    number = rec.get("RECORDID") or rec.get("RECORDNO")
    body = _title(obj, f"{noun} {number}", rec.get("STATE"), v, h(rec.get(f"{party_obj}NAME")))
    body += facts(
        [
            (party_obj.title(), v.ref(party_obj, rec.get(party_field), rec.get(f"{party_obj}NAME"))),
            (f"{noun} number", h(rec.get("RECORDID"))),
            ("Document / PO number", h(rec.get("DOCNUMBER"))),
            ("Date", h(rec.get("WHENCREATED"))),
            ("GL posting date", h(rec.get("WHENPOSTED"))),
            ("Due date", h(rec.get("WHENDUE"))),
            ("Currency", h(rec.get("CURRENCY"))),
            ("Total", money(rec.get("TOTALENTERED"))),
            ("Paid", money(rec.get("TOTALPAID"))),
            ("Amount due", f"<strong>{money(rec.get('TOTALDUE'))}</strong>"),
            ("Description", h(rec.get("DESCRIPTION"))),
            *_audit(v, rec),
        ]
    )
    lines = [ln for ln in rec.get(lines_key, {}).get(line_tag, []) if isinstance(ln, dict)]
    cols = _line_cols(v, lines, gl=False)
    body += f"<h2 id='lines'>Lines <span class='muted small'>({len(lines)})</span></h2>" + table(
        cols, lines, foot=_amount_foot(cols, lines)
    )
    body += _payments_for(v, obj, str(rec.get("RECORDNO")))
    body += _postings(v, rec)
    return body + _raw(v, obj, rec)


def _payments_for(v: View, obj: str, key: str) -> str:
    pay_obj, coll, tag, key_field, amount_field, date_field = (
        ("APPYMT", "APPYMTDETAILS", "APPYMTDETAIL", "RECORDKEY", "TRX_PAYMENTAMOUNT", "PAYMENTDATE")
        if obj == "APBILL"
        else ("ARPYMT", "ARPYMTDETAILS", "ARPYMTDETAIL", "INVOICEKEY", "AMOUNT", "RECEIPTDATE")
    )
    rows = []
    for p in v.records(pay_obj):
        for d in p.get(coll, {}).get(tag, []) if isinstance(p.get(coll), dict) else []:
            if str(d.get(key_field)) == key:
                rows.append({"p": p, "amount": d.get(amount_field)})
    if not rows:
        return ""
    return "<h2>Payments applied</h2>" + table(
        [
            Col("Payment", lambda r: v.record_link(pay_obj, r["p"])),
            Col("Date", lambda r: h(r["p"].get(date_field))),
            Col("Method", lambda r: h(r["p"].get("PAYMENTMETHOD"))),
            Col("State", lambda r: badge(r["p"].get("STATE"))),
            Col("Amount", lambda r: money(r["amount"]), num=True),
        ],
        rows,
    )


def _payment_page(v: View, obj: str, rec: Record) -> str:
    ap = obj == "APPYMT"
    party_obj, party_field, coll, tag, doc_obj, key_field, amount_field = (
        ("VENDOR", "VENDORID", "APPYMTDETAILS", "APPYMTDETAIL", "APBILL", "RECORDKEY", "TRX_PAYMENTAMOUNT")
        if ap
        else ("CUSTOMER", "CUSTOMERID", "ARPYMTDETAILS", "ARPYMTDETAIL", "ARINVOICE", "INVOICEKEY", "AMOUNT")
    )
    total = rec.get("AMOUNTTOPAY") if ap else rec.get("TOTALENTERED")
    body = _title(obj, f"{_label(OBJECTS.get(obj), obj)} {rec.get('RECORDNO')}", rec.get("STATE"), v)
    body += facts(
        [
            (party_obj.title(), v.ref(party_obj, rec.get(party_field))),
            ("Date", h(rec.get("PAYMENTDATE") or rec.get("RECEIPTDATE"))),
            ("Method", h(rec.get("PAYMENTMETHOD"))),
            ("Bank / financial entity", h(rec.get("FINANCIALENTITY") or rec.get("BANKACCOUNTID"))),
            ("Document number", h(rec.get("DOCNUMBER"))),
            ("Amount", f"<strong>{money(total)}</strong>"),
            *_audit(v, rec),
        ]
    )
    details = (
        [d for d in rec.get(coll, {}).get(tag, []) if isinstance(d, dict)]
        if isinstance(rec.get(coll), dict)
        else []
    )

    def doc_cell(d: Record) -> str:
        doc = v.find(doc_obj, str(d.get(key_field) or ""))
        if doc is None:
            return h(d.get(key_field))
        return v.record_link(doc_obj, doc, f"{doc_obj} {doc.get('RECORDNO')} · {doc.get('RECORDID') or ''}")

    cols = [Col("Applied to", doc_cell), Col("Amount", lambda d: money(d.get(amount_field)), num=True)]
    body += "<h2>Applied to</h2>" + table(cols, details, foot=_amount_foot(cols, details, amount_field))
    body += _postings(v, rec)
    return body + _raw(v, obj, rec)


def _glentry_page(v: View, rec: Record) -> str:
    debit = rec.get("TR_TYPE") == "1"
    body = _title(
        "GLENTRY", f"GL entry {rec.get('RECORDNO')}", rec.get("STATE"), v, h(rec.get("BATCH_TITLE"))
    )
    body += facts(
        [
            ("Posted by", _source_link(v, rec)),
            ("Journal", v.ref("GLJOURNAL", rec.get("JOURNAL"))),
            ("Date", h(rec.get("ENTRY_DATE"))),
            ("Account", v.ref("GLACCOUNT", rec.get("ACCOUNTNO"), _account_title(v, rec.get("ACCOUNTNO")))),
            (
                "Debit" if debit else "Credit",
                f"<strong>{money(rec.get('AMOUNT'))}</strong> {h(rec.get('CURRENCY'))}",
            ),
            *((label, v.ref(o, rec.get(f))) for f, label, o in _LINE_DIMS if rec.get(f)),
            ("Memo", h(rec.get("DESCRIPTION"))),
            ("Inter-entity line", badge("Yes", "b-purple") if rec.get("ISIET") == "true" else "No"),
            *_audit(v, rec),
        ]
    )
    return body + _raw(v, "GLENTRY", rec)


def _entity_page(v: View, rec: Record) -> str:
    eid = str(rec.get("LOCATIONID"))
    body = _title("LOCATIONENTITY", f"Entity {eid}", rec.get("STATUS"), v, h(rec.get("NAME")))
    body += facts(
        [
            ("Name", h(rec.get("NAME"))),
            ("Currency", h(rec.get("CURRENCY"))),
            ("Country", h(rec.get("COUNTRY"))),
            ("Record number", h(rec.get("RECORDNO"))),
        ]
    )
    locs = [r for r in v.records("LOCATION") if r.get("PARENTID") == eid]
    body += "<h2>Locations</h2>" + _list_table(v, "LOCATION", locs)
    private = [
        {"obj": o, "n": sum(1 for r in v.store.records(v.company, o) if r.get("MEGAENTITYID") == eid)}
        for o in (*_SETUP, "GLBATCH", "APBILL", "ARINVOICE")
        if o not in ("LOCATIONENTITY", "LOCATION")
    ]
    body += "<h2>Private to this entity</h2>" + table(
        [
            Col(
                "Object",
                lambda r: link(url(v.company, r["obj"]) + f"?entity={quote(eid)}", _plural(r["obj"])),
            ),
            Col("Records", lambda r: h(r["n"]), num=True),
        ],
        [p for p in private if p["n"]],
        empty="Nothing is private to this entity",
    )
    lines = [r for r in v.records("GLENTRY") if r.get("MEGAENTITYID") == eid][:25]
    body += "<h2>Latest GL lines in this entity</h2>" + _list_table(v, "GLENTRY", lines)
    return body + _raw(v, "LOCATIONENTITY", rec)


def _generic_page(v: View, obj: str, rec: Record) -> str:
    d = OBJECTS.get(obj)
    name = rec.get(d.name_field) if d and d.name_field else rec.get("name")
    ident = rec.get(d.id_field) if d and d.id_field else rec.get("id")
    heading = f"{_object_label(v, obj)} {ident or rec.get('RECORDNO')}"
    body = _title(obj, heading, rec.get("STATUS"), v, h(name))
    skip = {
        "RECORDNO",
        "WHENCREATED",
        "WHENMODIFIED",
        "CREATEDBY",
        "MODIFIEDBY",
        "MEGAENTITYKEY",
        "MEGAENTITYID",
        "MEGAENTITYNAME",
        "STATUS",
    }
    items: list[tuple[str, str]] = []
    for k, val in rec.items():
        if k.startswith("_") or k in skip or isinstance(val, list) or k in ("PASSWORD",):
            continue
        if isinstance(val, dict):
            if d and k in d.owned:
                continue
            val = ", ".join(f"{a}: {b}" for a, b in val.items() if not isinstance(b, dict | list))
        dim = next((o for f, _, o in _LINE_DIMS if f == k), None)
        if k == "PARENTID" and obj in ("LOCATION", "DEPARTMENT", "CLASS", "PROJECT"):
            dim = obj
        if dim:
            items.append((k, v.ref(dim, val)))
        elif k in _MONEY_FIELDS:
            items.append((k, money(val)))
        else:
            items.append((k, h(val)))
    body += facts(items + _audit(v, rec))
    for coll, (tag, _) in d.owned.items() if d else []:
        lines = (
            [ln for ln in rec.get(coll, {}).get(tag, []) if isinstance(ln, dict)]
            if isinstance(rec.get(coll), dict)
            else []
        )
        present = sorted({k for ln in lines for k in ln if not k.startswith("_")})
        body += f"<h2>{h(coll.title())}</h2>" + table(
            [
                Col(k, money_cell(k) if k in _MONEY_FIELDS else text_cell(k), num=k in _MONEY_FIELDS)
                for k in present
            ],
            lines,
        )
    body += _related(v, obj, rec)
    return body + _raw(v, obj, rec)


# Records that list what refers to them: object → (heading, referring object, referring field, own field)
_RELATED: dict[str, tuple[str, str, str, str]] = {
    "GLACCOUNT": ("Latest GL lines on this account", "GLENTRY", "ACCOUNTNO", "ACCOUNTNO"),
    "VENDOR": ("Bills", "APBILL", "VENDORID", "VENDORID"),
    "CUSTOMER": ("Invoices", "ARINVOICE", "CUSTOMERID", "CUSTOMERID"),
    "PROJECT": ("Latest GL lines on this project", "GLENTRY", "PROJECTID", "PROJECTID"),
    "DEPARTMENT": ("Latest GL lines in this department", "GLENTRY", "DEPARTMENT", "DEPARTMENTID"),
    "LOCATION": ("Latest GL lines at this location", "GLENTRY", "LOCATION", "LOCATIONID"),
    "GLJOURNAL": ("Latest journal entries", "GLBATCH", "JOURNAL", "SYMBOL"),
}


def _related(v: View, obj: str, rec: Record) -> str:
    spec = _RELATED.get(obj)
    if spec is None:
        return ""
    heading, other, field, own = spec
    value = rec.get(own)
    rows = [r for r in v.records(other) if value and r.get(field) == value][:25]
    return f"<h2>{h(heading)}</h2>" + _list_table(v, other, rows)


_RECORD_PAGES: dict[str, Callable[[View, str, Record], str]] = {
    "GLBATCH": lambda v, o, r: _glbatch_page(v, r),
    "APBILL": _document_page,
    "ARINVOICE": _document_page,
    "APPYMT": _payment_page,
    "ARPYMT": _payment_page,
    "GLENTRY": lambda v, o, r: _glentry_page(v, r),
    "LOCATIONENTITY": lambda v, o, r: _entity_page(v, r),
}


def _usage_page(emu: Emulator, only: str | None = None) -> str:
    data = usage_report(emu, only)
    month = emu.clock.now().strftime("%Y-%m")
    sections = []
    for c, u in sorted(data.items()):
        used = int(u["by_month"].get(month, 0))
        allowance = int(u["monthly_allowance"])
        rec = emu.store.get_by_id(c, "COMPANY", c) or {}
        limit = int(rec.get("CONCURRENCY_LIMIT", 0) or 0) or emu.concurrency_limit
        kpis = "".join(
            (
                kpi(
                    "This month",
                    f"{used:,}",
                    f"{month} · {100.0 * used / max(allowance, 1):.2f}% of {allowance:,}"
                    f"<div class='bar'><span style='width:{min(100.0, 100.0 * used / max(allowance, 1)):.1f}%'></span></div>",
                ),
                kpi("All time", f"{int(u['total']):,}", "API transactions"),
                kpi(
                    "Performance tier",
                    h(u["tier"]),
                    "overage is billed, not blocked"
                    + (" · <strong>over allowance</strong>" if u["over_allowance"] else ""),
                ),
                kpi("Concurrency limit", f"{limit}", f"{emu.inflight.get(c, 0)} request(s) in flight now"),
            )
        )
        by_fn = [{"k": k, "n": n} for k, n in sorted(u["by_function"].items(), key=lambda kv: -kv[1])]
        by_day = [{"k": k, "n": n} for k, n in sorted(u["by_day"].items(), reverse=True)[:31]]
        peak = max((r["n"] for r in by_day), default=1) or 1
        for r in by_day:
            r["w"] = 100.0 * r["n"] / peak
        sections.append(
            f"<h2>{link(url(c), c)} <span class='muted small'>{h(rec.get('NAME'))}</span></h2>"
            f"<div class='grid g4'>{kpis}</div><div class='split' style='margin-top:14px'><div>"
            + table(
                [
                    Col("Day", lambda r: h(r["k"])),
                    Col(
                        "",
                        lambda r: (
                            f"<div class='bar' style='margin:4px 0;width:240px'><span style='width:{r['w']:.1f}%'></span></div>"
                        ),
                    ),
                    Col("Transactions", lambda r: f"{r['n']:,}", num=True),
                ],
                by_day,
            )
            + "</div><div>"
            + table(
                [
                    Col("Function", lambda r: f"<span class=mono>{h(r['k'])}</span>"),
                    Col("Transactions", lambda r: f"{r['n']:,}", num=True),
                ],
                by_fn,
            )
            + "</div></div>"
        )
    intro = (
        "<p class='lede'>Counted like Intacct: one transaction per created, updated or deleted record and one per "
        "read call (query, readByQuery, each readMore page).</p>"
    )
    if not sections:
        sections.append("<div class='card note'>No API calls yet.</div>")
    if only:
        body = (
            _crumbs(("Companies", f"{BASE}/"), (only, url(only)), ("API usage", ""))
            + "<h1>API usage</h1>"
            + intro
        )
        return _page(f"API usage · {only}", body + "".join(sections), company=only, tab="usage")
    return _page("API usage", "<h1>API usage</h1>" + intro + "".join(sections), section="usage")


def _not_found(message: str, company: str = "") -> tuple[int, str]:
    body = f"<h1>Not found</h1><p class='lede'>{h(message)}</p><p>{link(BASE + '/', 'Back to companies')}</p>"
    return 404, _page("Not found", body, company=company, tab=None)


def render(emu: Emulator, path: str, query: str, host: str = "") -> tuple[int, str]:
    store = emu.store
    parts = [p for p in path.split("/") if p]
    params = {k: v[0] for k, v in parse_qs(query).items()}
    with store.lock:
        if not parts:
            return 200, _companies(emu, host)
        if parts == ["usage"]:
            return 200, _usage_page(emu)
        if parts[0] != "companies" or len(parts) < 2 or len(parts) > 4:
            return _not_found(f"No console page at {path}")
        company = parts[1]
        comp = store.get_by_id(company, "COMPANY", company)
        if comp is None:
            return _not_found(f"No company {company}")
        v = View(emu, company, comp, params)
        if len(parts) == 2:
            return 200, _overview(v)
        if parts[2] == "usage" and len(parts) == 3:
            return 200, _usage_page(emu, company)
        obj = parts[2].upper()
        if obj not in OBJECTS and obj not in comp.get("UDDS", {}):
            return _not_found(f"No object {obj} in company {company}", company)
        if len(parts) == 3:
            return 200, _list(v, obj)
        rec = v.find(obj, parts[3])
        if rec is None:
            return _not_found(f"No {obj} record {parts[3]} in company {company}", company)
        page = _RECORD_PAGES.get(obj, _generic_page)
        title = f"{_object_label(v, obj)} {parts[3]}"
        tab = obj if obj in dict(_TABS) else None
        return 200, _page(title, page(v, obj, rec), company=company, tab=tab)
