"""Read-only web console: browse companies, entities, journals, bills, invoices and API usage.

Every record has a stable URL, ``/__emulator__/companies/<COMPANY>/<OBJECT>/<RECORDNO>``, which
is what the ERP's "View in Sage Intacct" links point at in the demo.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from .model import OBJECTS
from .serializer import esc

if TYPE_CHECKING:
    from .app import EmulatorApp

BASE = "/__emulator__"
_CSS = """
body{font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
header{background:#0b3d5c;color:#fff;padding:14px 28px;display:flex;gap:24px;align-items:baseline}
header a{color:#cfe6f5;text-decoration:none}header h1{font-size:18px;margin:0;color:#fff}
main{padding:24px 28px;max-width:1280px}h2{font-size:20px;margin:8px 0 16px}h3{font-size:15px;margin:22px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08);margin-bottom:18px}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #e5e9ee;font-size:13px;vertical-align:top}
th{background:#eef2f6;font-weight:600;color:#3b4a5a}tr:hover td{background:#f8fbfd}a{color:#0a66a8}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;background:#e3f1e8;color:#1c6b3a;font-size:12px}
.muted{color:#6b7b8c}.crumbs{font-size:13px;margin-bottom:10px}.num{text-align:right;font-variant-numeric:tabular-nums}
"""
BROWSABLE = (
    "GLBATCH",
    "APBILL",
    "ARINVOICE",
    "APPYMT",
    "ARPYMT",
    "GLACCOUNT",
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
    "GLBUDGETHEADER",
    "GLJOURNAL",
    "REPORTINGPERIOD",
    "GLENTRY",
)
COLUMNS: dict[str, tuple[str, ...]] = {
    "GLBATCH": (
        "RECORDNO",
        "JOURNAL",
        "BATCH_DATE",
        "BATCH_TITLE",
        "REFERENCENO",
        "STATE",
        "MEGAENTITYID",
        "WHENCREATED",
    ),
    "APBILL": (
        "RECORDNO",
        "RECORDID",
        "VENDORID",
        "VENDORNAME",
        "WHENCREATED",
        "TOTALENTERED",
        "TOTALDUE",
        "STATE",
    ),
    "ARINVOICE": (
        "RECORDNO",
        "RECORDID",
        "CUSTOMERID",
        "CUSTOMERNAME",
        "WHENCREATED",
        "TOTALENTERED",
        "TOTALDUE",
        "STATE",
    ),
    "GLENTRY": (
        "RECORDNO",
        "BATCHNO",
        "LINE_NO",
        "ACCOUNTNO",
        "TR_TYPE",
        "AMOUNT",
        "LOCATION",
        "DEPARTMENT",
        "PROJECTID",
    ),
}


def _page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(title)} · Intacct emulator</title>"
        f"<style>{_CSS}</style></head><body><header><h1>Sage Intacct emulator</h1>"
        f"<a href='{BASE}/'>Companies</a><a href='{BASE}/usage'>API usage</a></header><main>{body}</main></body></html>"
    )


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body or '<tr><td class=muted>No records</td></tr>'}</table>"


def _cell(v: Any) -> str:
    return html.escape("" if v is None else str(v))


_LINE_ORDER = (
    "LINE_NO",
    "ACCOUNTNO",
    "ACCOUNTTITLE",
    "LOCATION",
    "LOCATIONID",
    "DEPARTMENT",
    "DEPARTMENTID",
    "PROJECTID",
    "TASKID",
    "CUSTOMERID",
    "VENDORID",
    "EMPLOYEEID",
    "ITEMID",
    "CLASSID",
)


def _lines(lines: list[Any]) -> str:
    """Owned lines in accounting order, with debit/credit columns instead of TR_TYPE for GL lines."""
    dicts = [ln for ln in lines if isinstance(ln, dict)]
    keys = {k for ln in dicts for k in ln if not k.startswith("_")}
    gl = "TR_TYPE" in keys
    skip = {"TR_TYPE", "AMOUNT", "TRX_AMOUNT"} if gl else set()
    cols = [c for c in _LINE_ORDER if c in keys] + sorted(keys - set(_LINE_ORDER) - skip)
    rows = []
    for ln in dicts:
        row = [_cell(ln.get(c)) for c in cols]
        if gl:
            amount = _cell(ln.get("TRX_AMOUNT"))
            debit = ln.get("TR_TYPE") == "1"
            row += [
                f"<span class=num>{amount if debit else ''}</span>",
                f"<span class=num>{'' if debit else amount}</span>",
            ]
        rows.append(row)
    return _table(cols + (["Debit", "Credit"] if gl else []), rows)


def render(app: EmulatorApp, path: str, query: str) -> tuple[int, str]:
    store = app.emu.store
    parts = [p for p in path.split("/") if p]
    with store.lock:
        if not parts:
            companies = sorted({c for (c, o) in store.tables if o == "COMPANY"})
            rows = []
            for c in companies:
                rec = store.get_by_id(c, "COMPANY", c) or {}
                rows.append(
                    [
                        f"<a href='{BASE}/companies/{esc(c)}'>{esc(c)}</a>",
                        _cell(rec.get("NAME")),
                        _cell(rec.get("BASECURRENCY")),
                        str(len(store.records(c, "LOCATIONENTITY"))),
                        str(len(store.records(c, "GLBATCH"))),
                        str(len(store.records(c, "APBILL"))),
                    ]
                )
            return 200, _page(
                "Companies",
                "<h2>Companies</h2>"
                + _table(
                    ["Company ID", "Name", "Base currency", "Entities", "Journal entries", "Bills"], rows
                ),
            )
        if parts[0] == "usage":
            from .control import usage

            rows = [
                [
                    esc(c),
                    str(u["total"]),
                    "<br>".join(f"{esc(k)}: {v}" for k, v in sorted(u["by_function"].items())),
                    "<br>".join(f"{esc(k)}: {v}" for k, v in sorted(u["by_day"].items())),
                ]
                for c, u in usage(app).items()
            ]
            return 200, _page(
                "API usage",
                "<h2>API usage</h2>" + _table(["Company", "Transactions", "By function", "By day"], rows),
            )
        if parts[0] != "companies" or len(parts) < 2:
            return 404, _page("Not found", "<h2>Not found</h2>")
        company = parts[1]
        comp = store.get_by_id(company, "COMPANY", company)
        if comp is None:
            return 404, _page("Not found", f"<h2>No company {esc(company)}</h2>")
        crumbs = f"<div class=crumbs><a href='{BASE}/'>Companies</a> / <a href='{BASE}/companies/{esc(company)}'>{esc(company)}</a>"
        if len(parts) == 2:
            ents = [
                [_cell(e.get("LOCATIONID")), _cell(e.get("NAME")), _cell(e.get("CURRENCY"))]
                for e in store.records(company, "LOCATIONENTITY")
            ]
            objs = [
                [
                    f"<a href='{BASE}/companies/{esc(company)}/{o}'>{esc(OBJECTS[o].label)}</a>",
                    o,
                    str(len(store.records(company, o))),
                ]
                for o in BROWSABLE
            ]
            body = (
                crumbs + f"</div><h2>{esc(str(comp.get('NAME')))} <span class=pill>{esc(company)}</span></h2>"
                "<h3>Entities</h3>"
                + _table(["Entity ID", "Name", "Currency"], ents)
                + "<h3>Objects</h3>"
                + _table(["Object", "Name", "Records"], objs)
            )
            return 200, _page(company, body)
        obj = parts[2].upper()
        d = OBJECTS.get(obj)
        if len(parts) == 3:
            recs = sorted(store.records(company, obj), key=lambda r: -int(r.get("RECORDNO") or 0))[:500]
            cols = list(
                COLUMNS.get(obj)
                or (
                    (
                        "RECORDNO",
                        *tuple(f for f in (d.id_field, d.name_field) if f and f != "RECORDNO"),
                        "STATUS",
                        "MEGAENTITYID",
                    )
                    if d
                    else ("RECORDNO",)
                )
            )
            rows = [
                [
                    f"<a href='{BASE}/companies/{esc(company)}/{obj}/{_cell(r.get('RECORDNO'))}'>{_cell(r.get(cols[0]))}</a>"
                ]
                + [_cell(r.get(c)) for c in cols[1:]]
                for r in recs
            ]
            return 200, _page(
                obj,
                crumbs + f" / {esc(obj)}</div><h2>{esc(d.plural if d else obj)}</h2>" + _table(cols, rows),
            )
        key = parts[3]
        found = store.get(company, obj, int(key)) if key.isdigit() else None
        if found is None:
            return 404, _page("Not found", crumbs + f"</div><h2>No {esc(obj)} record {esc(key)}</h2>")
        flat = [
            [esc(k), _cell(v)]
            for k, v in found.items()
            if not isinstance(v, dict | list) and not k.startswith("_")
        ]
        body = (
            crumbs + f" / <a href='{BASE}/companies/{esc(company)}/{obj}'>{esc(obj)}</a> / {esc(key)}</div>"
        )
        body += f"<h2>{esc(d.label if d else obj)} {esc(key)}</h2>" + _table(["Field", "Value"], flat)
        for coll, value in found.items():
            if isinstance(value, dict):
                for tag, lines in value.items():
                    body += f"<h3>{esc(coll)} ({esc(tag)})</h3>" + _lines(
                        lines if isinstance(lines, list) else [lines]
                    )
        return 200, _page(f"{obj} {key}", body)
