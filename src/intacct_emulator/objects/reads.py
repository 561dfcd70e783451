"""read, readByName, readByQuery/readMore, query, inspect, lookup and getDimensions.

All reads go through ``rows()`` so entity visibility is applied once, and through
``project()`` so field selection is identical across functions.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from .. import errors
from ..context import Ctx, ResultSet
from ..model import OBJECTS, STANDARD_DIMENSIONS, ObjectDef
from ..query import Getter, cmp_pred, like_pred, parse_filter, parse_legacy, sort_key
from ..registry import HOOKS, function
from ..serializer import Payload
from ..store import Record
from .generic import objdef_or_fail

RESULT_TTL = dt.timedelta(minutes=30)
MAX_PAGE = 2000


def rows(ctx: Ctx, d: ObjectDef, private_ok: bool | None = None) -> list[Record]:
    if d.name in ("GLENTRY", "GLDETAIL", "LOCATION", "LOCATIONENTITY") and not ctx.entity:
        private_ok = True  # the top level sees every entity's locations and ledger lines
    h = HOOKS.get(d.name)
    source = h.virtual_rows(ctx) if h and h.virtual_rows else ctx.store.records(ctx.company, d.name)
    out = [r for r in source if ctx.visible(r, private_ok)]
    out.sort(key=lambda r: int(r.get("RECORDNO") or 0))
    return out


def getter_factory(ctx: Ctx, d: ObjectDef) -> Any:
    def make(field: str) -> Getter:
        if "." in field:
            prefix, rest = field.split(".", 1)
            rel = d.relations.get(prefix.upper())
            if rel is None:
                if not _FIELD_NAME.fullmatch(prefix):
                    raise errors.data_error(f"Unknown related field {field} on {d.name}")

                # a component such as DISPLAYCONTACT.CONTACTNAME stored inside the record
                def component(r: Record) -> Any:
                    inner = r.get(prefix)
                    return inner.get(rest) if isinstance(inner, dict) else None

                return component
            obj, local = rel

            def related(r: Record) -> Any:
                target = ctx.store.get_by_id(ctx.company, obj, str(r.get(local) or ""))
                return None if target is None else target.get(rest)

            return related
        return lambda r: r.get(field)

    return make


def project(rec: Record, fields: list[str] | None, nested: bool, get: Any = None) -> dict[str, Any]:
    if fields is None:
        return {k: v for k, v in rec.items() if k[0] != "_" and (nested or not isinstance(v, dict | list))}
    if get is None:
        return {f: rec.get(f, "") for f in fields}
    return {f: get(f)(rec) if "." in f else rec.get(f, "") for f in fields}


def _fields(spec: str) -> list[str] | None:
    spec = spec.strip()
    if not spec or spec == "*":
        return None
    return [f.strip() for f in spec.split(",") if f.strip()]


_FIELD_NAME = re.compile(r"[A-Z][A-Z0-9_]*")


def _check_fields(d: ObjectDef, fields: list[str] | None) -> None:
    """Reject names that cannot be Intacct fields; accept plausible ones outside the catalog.

    The catalog is a subset of Intacct's fields, and clients (e.g. sageintacctsdk's default
    select lists) ask for real fields the emulator does not store; those come back empty.
    """
    if fields is None or not d.fields:
        return
    bad = [f for f in fields if "." not in f and f not in d.fields and not _FIELD_NAME.fullmatch(f)]
    if bad:
        raise errors.invalid_fields(",".join(bad))


def _by_keys(ctx: Ctx, el: etree._Element, by_name: bool, function_name: str) -> Payload:
    name = (el.findtext("object") or "").strip()
    d = objdef_or_fail(ctx, name)
    fields = _fields(el.findtext("fields") or "*")
    _check_fields(d, fields)
    keys = [k.strip() for k in (el.findtext("keys") or "").split(",") if k.strip()]
    found: list[Record] = []
    if not keys:
        found = rows(ctx, d, True)[:100]
    h = HOOKS.get(d.name)
    virtual: dict[str, Record] = {}
    if keys and h and h.virtual_rows:  # rows derived from other records: look them up among those rows
        field = (d.id_field or "RECORDNO") if by_name else "RECORDNO"
        virtual = {str(r.get(field)): r for r in h.virtual_rows(ctx)}
    for key in keys:
        if virtual:
            rec = virtual.get(key)
        elif by_name:
            rec = ctx.store.get_by_id(ctx.company, d.name, key) if d.id_field else None
        else:
            rec = ctx.store.get(ctx.company, d.name, int(key)) if key.isdigit() else None
        if rec is not None and ctx.visible(rec, True):
            found.append(rec)
    get = getter_factory(ctx, d)
    items = [(name.upper(), project(r, fields, True, get)) for r in found]
    return Payload(attrs=[("listtype", name.upper()), ("count", str(len(items)))], items=items)


@function("read", "READ")
def read(ctx: Ctx, el: etree._Element) -> Payload:
    return _by_keys(ctx, el, False, "read")


@function("readByName", "READ")
def read_by_name(ctx: Ctx, el: etree._Element) -> Payload:
    return _by_keys(ctx, el, True, "readByName")


def _page(ctx: Ctx, rs: ResultSet, result_id: str) -> Payload:
    chunk = rs.rows[rs.offset : rs.offset + rs.pagesize]
    rs.offset += len(chunk)
    remaining = len(rs.rows) - rs.offset
    rid = result_id if remaining > 0 else ""
    if remaining > 0:
        ctx.emu.results[result_id] = rs
        rs.expires = ctx.emu.clock.now() + RESULT_TTL
    else:
        ctx.emu.results.pop(result_id, None)
    return Payload(
        attrs=[
            ("listtype", rs.listtype),
            ("count", str(len(chunk))),
            ("totalcount", str(len(rs.rows))),
            ("numremaining", str(remaining)),
            ("resultId", rid),
        ],
        items=[(rs.listtype, r) for r in chunk],
    )


@function("readByQuery", "READ_BY_QUERY")
def read_by_query(ctx: Ctx, el: etree._Element) -> Payload:
    name = (el.findtext("object") or "").strip()
    d = objdef_or_fail(ctx, name)
    fields = _fields(el.findtext("fields") or "*")
    _check_fields(d, fields)
    pred = parse_legacy(el.findtext("query") or "", getter_factory(ctx, d))
    try:
        pagesize = max(1, min(MAX_PAGE, int((el.findtext("pagesize") or "100").strip() or "100")))
    except ValueError:
        raise errors.data_error("pagesize must be a number") from None
    matched = [project(r, fields, False) for r in rows(ctx, d, True) if pred(r)]
    rs = ResultSet(
        ctx.sessionid, d.name, d.name.lower(), matched, 0, pagesize, ctx.emu.clock.now() + RESULT_TTL
    )
    return _page(ctx, rs, ctx.emu.token(32))


@function("readMore", "READ_MORE")
def read_more(ctx: Ctx, el: etree._Element) -> Payload:
    result_id = (el.findtext("resultId") or "").strip()
    now = ctx.emu.clock.now()
    for k in [k for k, v in ctx.emu.results.items() if v.expires < now]:
        del ctx.emu.results[k]
    if not result_id:
        obj = (el.findtext("object") or "").strip().upper()
        candidates = [k for k, v in ctx.emu.results.items() if v.sessionid == ctx.sessionid and v.obj == obj]
        if not candidates:
            raise errors.bad_result_id(obj)
        result_id = candidates[-1]
    rs = ctx.emu.results.get(result_id)
    if rs is None or rs.sessionid != ctx.sessionid:
        raise errors.bad_result_id(result_id)
    return _page(ctx, rs, result_id)


def _num(v: Any) -> Decimal:
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return Decimal(0)


@function("query", "READ_BY_QUERY")
def query(ctx: Ctx, el: etree._Element) -> Payload:
    name = (el.findtext("object") or "").strip()
    d = objdef_or_fail(ctx, name)
    opts = el.find("options")
    ci = opts is not None and (opts.findtext("caseinsensitive") or "").strip().lower() == "true"
    showprivate = opts is not None and (opts.findtext("showprivate") or "").strip().lower() == "true"
    select = el.find("select")
    if select is None or len(select) == 0:
        raise errors.data_error("select is required; returning all fields is not supported")
    make = getter_factory(ctx, d)
    plain: list[str] = []
    aggs: list[tuple[str, str]] = []
    for s in select:
        if not isinstance(s.tag, str):
            continue
        f = (s.text or "").strip()
        if s.tag == "field":
            plain.append(f)
        elif s.tag in ("count", "sum", "avg", "min", "max"):
            aggs.append((str(s.tag), f))
    _check_fields(d, [f for f in plain + [a[1] for a in aggs] if f])
    flt = el.find("filter")
    pred = parse_filter(flt, make, ci) if flt is not None else (lambda r: True)
    ctx.showprivate = showprivate
    matched = [r for r in rows(ctx, d) if pred(r)]
    order = el.find("orderby")
    if order is not None:
        for o in reversed(order.findall("order")):
            g: Getter = make((o.findtext("field") or "RECORDNO").strip())

            def key(r: Record, g: Getter = g) -> tuple[int, Any]:
                return sort_key(g(r))

            matched.sort(key=key, reverse=o.find("descending") is not None)
    getters = {f: make(f) for f in plain}
    if aggs:
        groups: dict[tuple[Any, ...], list[Record]] = {}
        for r in matched:
            groups.setdefault(tuple(getters[f](r) for f in plain), []).append(r)
        out: list[dict[str, Any]] = []
        for keyvals, members in groups.items():
            row: dict[str, Any] = dict(zip(plain, keyvals, strict=True))
            for fn, f in aggs:
                vals = [m.get(f) for m in members if m.get(f) not in (None, "")]
                if fn == "count":
                    row[f"COUNT.{f}"] = str(len(vals))
                elif fn == "sum":
                    row[f"SUM.{f}"] = str(sum((_num(v) for v in vals), Decimal(0)))
                elif fn == "avg":
                    row[f"AVG.{f}"] = (
                        str(sum((_num(v) for v in vals), Decimal(0)) / len(vals)) if vals else ""
                    )
                else:
                    picked = (min if fn == "min" else max)(vals, key=sort_key) if vals else ""
                    row[f"{fn.upper()}.{f}"] = picked
            out.append(row)
    else:
        out = [{f: getters[f](r) if getters[f](r) is not None else "" for f in plain} for r in matched]
    try:
        pagesize = max(1, min(MAX_PAGE, int((el.findtext("pagesize") or "100").strip())))
        offset = max(0, int((el.findtext("offset") or "0").strip()))
    except ValueError:
        raise errors.data_error("pagesize and offset must be numbers") from None
    page = out[offset : offset + pagesize]
    remaining = max(0, len(out) - offset - len(page))
    return Payload(
        attrs=[
            ("listtype", d.name),
            ("totalcount", str(len(out))),
            ("offset", str(offset)),
            ("count", str(len(page))),
            ("numremaining", str(remaining)),
        ],
        items=[(d.name, r) for r in page],
    )


@function("inspect", "INSPECT")
def inspect(ctx: Ctx, el: etree._Element) -> Payload:
    name = (el.findtext("object") or el.findtext("name") or "*").strip()
    if name == "*":
        return _inspect_all(ctx)
    d = objdef_or_fail(ctx, name)
    detail = el.get("detail") == "1"
    fields: list[Any]
    if detail:
        fields = [
            {
                "Name": f,
                "GroupName": "",
                "dataName": f,
                "externalDataName": f,
                "isRequired": str(any(f == r[0] for r in d.required)).lower(),
                "isReadOnly": str(
                    f in ("RECORDNO", "WHENCREATED", "WHENMODIFIED", "CREATEDBY", "MODIFIEDBY")
                ).lower(),
                "maxLength": "",
                "DisplayLabel": f.title(),
                "Description": "",
                "id": str(i),
            }
            for i, f in enumerate(d.fields, 1)
        ]
        body: dict[str, Any] = {
            "Attributes": {"SingularName": d.label, "PluralName": d.plural, "Description": ""},
            "Fields": {"Field": fields},
        }
    else:
        body = {"Fields": {"Field": list(d.fields)}}
    return Payload(attrs=[("listtype", "All"), ("count", "1")], items=[(f'Type Name="{d.name}"', body)])


def _inspect_all(ctx: Ctx) -> Payload:
    items: list[tuple[str, Any]] = [(f'type typename="{d.name}"', d.label) for d in OBJECTS.values()]
    return Payload(attrs=[("listtype", "All"), ("count", "1")], items=items)


@function("lookup", "LOOKUP")
def lookup(ctx: Ctx, el: etree._Element) -> Payload:
    name = (el.findtext("object") or el.findtext("name") or "").strip()
    d = objdef_or_fail(ctx, name)
    fields = [
        {
            "ID": f,
            "LABEL": f.title(),
            "DESCRIPTION": "",
            "REQUIRED": str(any(f == r[0] for r in d.required)).lower(),
            "READONLY": "false",
            "DATATYPE": "TEXT",
        }
        for f in d.fields
    ]
    rels = [
        {"OBJECTPATH": p, "OBJECTNAME": o, "LABEL": o.title(), "RELATIONSHIPTYPE": "MANY2ONE", "RELATEDBY": f}
        for p, (o, f) in d.relations.items()
    ]
    body = {"Fields": {"Field": fields}, "Relationships": {"Relationship": rels}}
    return Payload(attrs=[("listtype", "All"), ("count", "1")], items=[(f'Type Name="{d.name}"', body)])


@function("getDimensions", "READ")
def get_dimensions(ctx: Ctx, el: etree._Element) -> Payload:
    dims: list[dict[str, Any]] = [
        {
            "objectName": n,
            "objectLabel": OBJECTS[n].label,
            "termLabel": OBJECTS[n].label,
            "userDefinedDimension": "false",
            "enabledInGL": "true",
        }
        for n in STANDARD_DIMENSIONS
    ]
    for n, label in ctx.company_rec.get("UDDS", {}).items():
        dims.append(
            {
                "objectName": n.lower(),
                "objectLabel": label,
                "termLabel": label,
                "userDefinedDimension": "true",
                "enabledInGL": "true",
            }
        )
    return Payload(items=[("dimensions", {"dimension": dims})])


_LEGACY_OBJECTS = {
    "bill": "APBILL",
    "invoice": "ARINVOICE",
    "gltransaction": "GLBATCH",
    "journal": "GLJOURNAL",
    "glaccount": "GLACCOUNT",
    "arpayment": "ARPYMT",
    "appayment": "APPYMT",
}
_LEGACY_OPS = {"=": "=", "!=": "!=", "<>": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">="}


def _legacy_filter(el: etree._Element | None, make: Any) -> Any:
    """2.1 get_list filters: ``expression`` (field/operator/value) nested in ``logical`` blocks."""
    if el is None:
        return lambda r: True
    if el.tag == "filter":
        child = next((c for c in el if isinstance(c.tag, str)), None)
        return _legacy_filter(child, make)
    if el.tag == "logical":
        parts = [_legacy_filter(c, make) for c in el if isinstance(c.tag, str)]
        if el.get("logical_operator", "and").lower() == "or":
            return lambda r: any(p(r) for p in parts)
        return lambda r: all(p(r) for p in parts)
    field = (el.findtext("field") or "").strip().upper()
    op = (el.findtext("operator") or "=").strip().lower()
    value = (el.findtext("value") or "").strip()
    get = make(field)
    if op in ("like", "not like"):
        return like_pred(get, value, op == "not like")
    if op not in _LEGACY_OPS:
        raise errors.data_error(f"Unknown get_list operator {op}")
    return cmp_pred(get, _LEGACY_OPS[op], value)


@function("get_list", "READ")
def get_list(ctx: Ctx, el: etree._Element) -> Payload:
    legacy = (el.get("object") or "").strip()
    d = objdef_or_fail(ctx, _LEGACY_OBJECTS.get(legacy, legacy.upper()))
    pred = _legacy_filter(el.find("filter"), getter_factory(ctx, d))
    start = int(el.get("start") or 0)
    maxitems = int(el.get("maxitems") or 100)
    ctx.showprivate = (el.get("showprivate") or "").lower() == "true"
    matched = [r for r in rows(ctx, d) if pred(r)]
    page = matched[start : start + maxitems]
    items = [
        (legacy, {k.lower(): v for k, v in r.items() if k[0] != "_" and not isinstance(v, dict | list)})
        for r in page
    ]
    end = start + len(page) - 1 if page else start
    return Payload(items=items, listtype=(legacy, start, end, len(matched)))
