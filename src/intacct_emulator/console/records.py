"""List pages, the generic record page and the parts every record page ends with.

The generic page lays out any object the emulator holds (header facts, owned line collections,
what refers to it), so a new object family is browsable without console code of its own.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ..model import OBJECTS
from ..store import Record
from .components import (
    BASE,
    Col,
    badge,
    crumbs,
    facts,
    heading,
    link,
    money,
    money_cell,
    mono,
    table,
    text_cell,
    url,
    with_note,
)
from .layout import page
from .markup import Markup, escape, frag, join, render
from .view import LINE_DIMS, MONEY_FIELDS, TABS, View, list_table, plural

LIST_LIMIT = 500
_AUDIT_FIELDS = {
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
# Records that list what refers to them: object → (heading, referring object, referring field, own field)
RELATED: dict[str, tuple[str, str, str, str]] = {
    "GLACCOUNT": ("Latest GL lines on this account", "GLENTRY", "ACCOUNTNO", "ACCOUNTNO"),
    "VENDOR": ("Bills", "APBILL", "VENDORID", "VENDORID"),
    "CUSTOMER": ("Invoices", "ARINVOICE", "CUSTOMERID", "CUSTOMERID"),
    "PROJECT": ("Latest GL lines on this project", "GLENTRY", "PROJECTID", "PROJECTID"),
    "DEPARTMENT": ("Latest GL lines in this department", "GLENTRY", "DEPARTMENT", "DEPARTMENTID"),
    "LOCATION": ("Latest GL lines at this location", "GLENTRY", "LOCATION", "LOCATIONID"),
    "GLJOURNAL": ("Latest journal entries", "GLBATCH", "JOURNAL", "SYMBOL"),
}
_PARENT_OBJECTS = ("LOCATION", "DEPARTMENT", "CLASS", "PROJECT")


def _matches(rec: Record, needle: str) -> bool:
    return any(needle in str(val).lower() for val in rec.values() if not isinstance(val, dict | list))


def list_page(v: View, obj: str) -> str:
    c = v.company
    needle = v.params.get("q", "").strip().lower()
    entity = v.params.get("entity", "").strip()
    recs = v.records(obj)
    total = len(recs)
    if needle:
        recs = [r for r in recs if _matches(r, needle)]
    if entity:
        recs = [r for r in recs if str(r.get("MEGAENTITYID") or "") == ("" if entity == "-" else entity)]
    ents = sorted(str(e.get("LOCATIONID")) for e in v.store.records(c, "LOCATIONENTITY"))
    options = join(
        frag("option", value=e, selected=Markup(" selected") if e == entity else "", text=label)
        for e, label in (
            ("", "All entities"),
            ("-", "Top level (shared)"),
            *((e, f"Entity {e}") for e in ents),
        )
    )
    body = render(
        "list",
        crumbs=crumbs(("Companies", f"{BASE}/"), (c, url(c)), (plural(obj), "")),
        title=plural(obj),
        obj=obj,
        count=f"{len(recs):,} of {total:,}" if (needle or entity) else f"{total:,}",
        more=f" · showing the latest {LIST_LIMIT}" if len(recs) > LIST_LIMIT else "",
        q=v.params.get("q", ""),
        what=plural(obj).lower(),
        options=options,
        table=list_table(v, obj, recs[:LIST_LIMIT]),
    )
    return page(plural(obj), body, company=c, tab=obj if obj in dict(TABS) else None)


def audit(v: View, rec: Record) -> list[tuple[str, Any]]:
    return [
        ("Entity", v.entity_label(rec.get("MEGAENTITYID"))),
        ("Created", with_note(escape(rec.get("WHENCREATED")), f"by {rec.get('CREATEDBY') or ''}")),
        ("Modified", with_note(escape(rec.get("WHENMODIFIED")), f"by {rec.get('MODIFIEDBY') or ''}")),
        ("Record number", mono(rec.get("RECORDNO"))),
    ]


def raw(v: View, obj: str, rec: Record) -> Markup:
    """Every stored field, the XML ``read`` for the record and its JSON URL."""
    rows = [
        {"k": k, "v": val}
        for k, val in rec.items()
        if not k.startswith("_") and not isinstance(val, dict | list)
    ]
    key = str(rec.get("RECORDNO") or "")
    json_url = f"{BASE}/api/records/{quote(v.company, safe='')}/{quote(obj, safe='')}/{quote(key, safe='')}"
    fields = table([Col("Field", lambda r: mono(r["k"])), Col("Value", lambda r: r["v"])], rows)
    return render("raw", fields=fields, obj=obj, key=key, json=link(json_url, json_url))


def title(obj: str, text: str, state: Any, v: View, sub: Any = "") -> Markup:
    """Breadcrumbs and the heading of a record page."""
    d = OBJECTS.get(obj)
    trail = crumbs(
        ("Companies", f"{BASE}/"), (v.company, url(v.company)), (plural(obj), url(v.company, obj)), (text, "")
    )
    return join(
        [trail, frag("title", heading=text, state=badge(state), obj=obj, sub=sub or (d.label if d else obj))]
    )


def _document_link(v: View, docid: Any) -> Any:
    for obj in ("SODOCUMENT", "PODOCUMENT", "INVDOCUMENT"):
        doc = v.store.get_by_id(v.company, obj, str(docid))
        if doc is not None:
            return v.record_link(obj, doc, docid)
    return docid


def _value(v: View, obj: str, field: str, value: Any, rec: Record) -> Any:
    if field == "PRRECORDKEY" and value and rec.get("PRRECORDTYPE"):
        return link(url(v.company, str(rec["PRRECORDTYPE"]), str(value)), f"{rec['PRRECORDTYPE']} {value}")
    if field in ("CREATEDBYDOCUMENT", "CREATEDFROM") and value:
        return _document_link(v, value)
    dim = next((o for f, _, o in LINE_DIMS if f == field), None)
    if field == "PARENTID" and obj in _PARENT_OBJECTS:
        dim = obj
    if dim:
        return v.ref(dim, value)
    if field in MONEY_FIELDS:
        return money(value)
    return value


def _collections(v: View, obj: str, rec: Record) -> Markup:
    d = OBJECTS.get(obj)
    parts = []
    for coll, (tag, _) in d.owned.items() if d else []:
        holder = rec.get(coll)
        lines = [ln for ln in holder.get(tag, []) if isinstance(ln, dict)] if isinstance(holder, dict) else []
        present = sorted({k for ln in lines for k in ln if not k.startswith("_")})
        cols = [
            Col(k, money_cell(k) if k in MONEY_FIELDS else text_cell(k), num=k in MONEY_FIELDS)
            for k in present
        ]
        title = OBJECTS[tag].plural if tag in OBJECTS else "Lines"
        parts.append(join([heading(title, f"({len(lines)})", "lines"), table(cols, lines)]))
    return join(parts)


def related(v: View, obj: str, rec: Record) -> Markup:
    spec = RELATED.get(obj)
    if spec is None:
        return Markup()
    text, other, field, own = spec
    value = rec.get(own)
    rows = [r for r in v.records(other) if value and r.get(field) == value][:25]
    return join([heading(text), list_table(v, other, rows)])


def generic_page(v: View, obj: str, rec: Record, extra: Markup | None = None) -> Markup:
    d = OBJECTS.get(obj)
    name = rec.get(d.name_field) if d and d.name_field else rec.get("name")
    ident = rec.get(d.id_field) if d and d.id_field else rec.get("id")
    items: list[tuple[str, Any]] = []
    for k, val in rec.items():
        if k.startswith("_") or k in _AUDIT_FIELDS or isinstance(val, list) or k == "PASSWORD":
            continue
        if isinstance(val, dict):
            if d and k in d.owned:
                continue
            val = ", ".join(f"{a}: {b}" for a, b in val.items() if not isinstance(b, dict | list))
        items.append((k, _value(v, obj, k, val, rec)))
    return join(
        [
            title(
                obj,
                f"{v.object_label(obj)} {ident or rec.get('RECORDNO')}",
                rec.get("STATE") or rec.get("STATUS"),
                v,
                name,
            ),
            facts(items + audit(v, rec)),
            _collections(v, obj, rec),
            related(v, obj, rec),
            extra or Markup(),
            raw(v, obj, rec),
        ]
    )
