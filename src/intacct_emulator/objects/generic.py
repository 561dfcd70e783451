"""Generic (3.0) create / update / delete for every object in the dictionary.

Object-specific rules (GL balancing, bill totals, entity derivation, states) run through the
hooks the families register; this module owns what is common: permissions, required fields,
references that must exist, duplicate IDs (within their scope), record numbers, audit and
entity-ownership fields. The legacy functions reuse ``insert``/``modify``/``remove_record``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from .. import errors
from ..context import Ctx
from ..model import ObjectDef
from ..registry import HOOKS, function
from ..schema import OBJECTS, SCOPE_SEP
from ..serializer import Payload
from ..store import Record
from ..xmlio import as_list, to_value


def require_write(ctx: Ctx, operation: str, obj: str) -> None:
    if not ctx.can_write():
        raise errors.permission_denied(operation, obj)


def objdef_or_fail(ctx: Ctx, name: str) -> ObjectDef:
    d = ctx.objdef(name)
    if d is None:
        raise errors.unknown_object(name)
    return d


def _normalise(d: ObjectDef, data: dict[str, Any]) -> Record:
    rec: Record = {}
    for k, v in data.items():
        if k in d.owned:
            child_tag = d.owned[k][0]
            lines = as_list(v.get(child_tag) if isinstance(v, dict) else v)
            rec[k] = {child_tag: [x if isinstance(x, dict) else {} for x in lines]}
        else:
            rec[k] = v
    return rec


def _check_required(d: ObjectDef, rec: Record) -> None:
    for fname, label in d.required:
        if fname == d.id_field and d.auto_id:
            continue
        if not str(value_at(rec, fname) or "").strip():
            raise errors.missing_field(label, d.label)


def value_at(rec: Record, path: str) -> Any:
    """A field, or a nested one written with dots (``LOC.LOCATIONID``, ``CONTACTINFO.LASTNAME``)."""
    cur: Any = rec
    for part in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def lookup(ctx: Ctx, obj: str, value: str, scope_rec: Record | None = None) -> Record | None:
    """A record by its ID; scoped objects (a task within its project) use the scope fields of ``scope_rec``."""
    d = OBJECTS.get(obj)
    if d is not None and d.scope and SCOPE_SEP not in value:
        if scope_rec is None:
            return next(
                (r for r in ctx.store.records(ctx.company, obj) if r.get(d.id_field or "") == value), None
            )
        value = SCOPE_SEP.join([*(str(scope_rec.get(f) or "") for f in d.scope), value])
    return ctx.store.get_by_id(ctx.company, obj, value)


def check_refs(ctx: Ctx, d: ObjectDef, rec: Record) -> None:
    for path, (obj, label) in d.refs.items():
        value = str(value_at(rec, path) or "").strip()
        if value and lookup(ctx, obj, value, rec) is None:
            raise errors.invalid_reference(label, value)


def insert(ctx: Ctx, d: ObjectDef, rec: Record, entity: str | None = None) -> tuple[int, Record]:
    """Validate and store a new record; shared by generic and legacy create functions."""
    h = HOOKS.get(d.name)
    if d.id_field and d.id_field != "RECORDNO" and d.auto_id and not str(rec.get(d.id_field) or "").strip():
        rec[d.id_field] = f"{d.name[:3]}-{ctx.store.next_number(f'autoid:{ctx.company}:{d.name}')}"
    _check_required(d, rec)
    check_refs(ctx, d, rec)
    if h and h.prepare:
        h.prepare(ctx, rec, None)
    rid = d.rid(rec)
    if rid is not None:
        rec[str(d.id_field)] = str(rec.get(str(d.id_field)) or "").strip()
        if ctx.store.get_by_id(ctx.company, d.name, rid) is not None:
            raise errors.duplicate(d.label, rec[str(d.id_field)], d.label)
    recordno = ctx.allocate()
    rec["RECORDNO"] = str(recordno)
    if "STATUS" in d.fields and not rec.get("STATUS"):
        rec["STATUS"] = "active"
    ctx.stamp(rec, created=True)
    if "MEGAENTITYID" not in rec or entity is not None:
        ctx.own(rec, entity)
    ctx.store.put(ctx.company, d.name, recordno, rec, rid)
    if h and h.after_write:
        h.after_write(ctx, recordno, rec)
    return recordno, rec


def created_item(d: ObjectDef, recordno: int, rec: Record) -> tuple[str, Any]:
    body: dict[str, Any] = {"RECORDNO": str(recordno)}
    if d.id_field and d.id_field != "RECORDNO":
        body[d.id_field] = rec.get(d.id_field, "")
    return d.name.lower(), body


def find(ctx: Ctx, d: ObjectDef, key: str) -> tuple[int, Record] | None:
    key = key.strip()
    if key.isdigit():
        rec = ctx.store.get(ctx.company, d.name, int(key))
        if rec is not None:
            return int(key), rec
    if d.id_field and d.id_field != "RECORDNO":
        rec = lookup(ctx, d.name, key)
        if rec is not None:
            return int(rec["RECORDNO"]), rec
    return None


def find_visible(ctx: Ctx, d: ObjectDef, key: str) -> tuple[int, Record]:
    found = find(ctx, d, key)
    if found is None or not ctx.visible(found[1], True):
        raise errors.not_found(d.name, key)
    return found


def modify(ctx: Ctx, d: ObjectDef, recordno: int, old: Record, changes: Record) -> Record:
    """Apply changes to a stored record through the object's hooks (re-posting what it posts)."""
    h = HOOKS.get(d.name)
    if h and h.check_update:
        h.check_update(ctx, old)
    rec = {**old, **changes, "RECORDNO": str(recordno)}
    _check_required(d, rec)
    check_refs(ctx, d, rec)
    repost = h is not None and (h.repost_on_update or any(k in changes for k in d.owned))
    if h and h.before_delete and repost:
        h.before_delete(ctx, recordno, old)
    if h and h.prepare:
        h.prepare(ctx, rec, old)
    ctx.stamp(rec, created=False)
    rid = d.rid(rec)
    if rid is not None and rid != d.rid(old) and ctx.store.get_by_id(ctx.company, d.name, rid):
        raise errors.duplicate(d.label, str(rec.get(str(d.id_field))), d.label)
    ctx.store.put(ctx.company, d.name, recordno, rec, rid)
    if h and h.after_write and repost:
        h.after_write(ctx, recordno, rec)
    return rec


def _objects(ctx: Ctx, el: etree._Element, operation: str) -> Iterator[tuple[ObjectDef, Record]]:
    """The object elements of a create/update, each checked for permission and normalised."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        d = objdef_or_fail(ctx, str(child.tag))
        require_write(ctx, operation.upper(), d.name)
        if not d.writable:
            raise errors.unsupported(f"{operation} on {d.name}")
        data = to_value(child)
        yield d, _normalise(d, data if isinstance(data, dict) else {})


@function("create", "CREATE", writes=True)
def create(ctx: Ctx, el: etree._Element) -> Payload:
    items: list[tuple[str, Any]] = []
    failed: list[errors.ErrorDetail] = []
    for d, rec in _objects(ctx, el, "create"):
        mark = ctx.store.mark()
        try:
            recordno, stored = insert(ctx, d, rec)
        except errors.FunctionFailure as exc:
            # like Intacct, one bad object does not undo the others in the same create
            ctx.store.rollback_to(mark)
            failed.extend(exc.errors)
            continue
        items.append(created_item(d, recordno, stored))
    payload = Payload(attrs=[("listtype", "objects"), ("count", str(len(items)))], items=items)
    if failed and items:
        raise errors.PartialFailure(payload, *failed)
    if failed:
        raise errors.FunctionFailure(*failed)
    return payload


def update_key(d: ObjectDef, changes: Record) -> str:
    key = changes.get("RECORDNO") or (changes.get(d.id_field) if d.id_field else "") or ""
    if d.scope and not str(key).isdigit() and key:
        return SCOPE_SEP.join([*(str(changes.get(f) or "") for f in d.scope), str(key)])
    return str(key)


@function("update", "UPDATE", writes=True)
def update(ctx: Ctx, el: etree._Element) -> Payload:
    items: list[tuple[str, Any]] = []
    for d, changes in _objects(ctx, el, "update"):
        recordno, old = find_visible(ctx, d, update_key(d, changes))
        rec = modify(ctx, d, recordno, old, changes)
        items.append(created_item(d, recordno, rec))
    return Payload(attrs=[("listtype", "objects"), ("count", str(len(items)))], items=items)


def uses(
    ctx: Ctx, fields: dict[str, str], skip: Record | None = None, skip_objects: tuple[str, ...] = ()
) -> str:
    """The first record (or record line) whose fields all equal ``fields``; '' when nothing uses them.

    Deletes are refused while something still refers to the record, as Intacct refuses them.
    """

    def matches(row: Record) -> bool:
        return all(str(row.get(f) or "") == v for f, v in fields.items())

    for (company, obj), table in ctx.store.tables.items():
        if company != ctx.company or obj in skip_objects:
            continue
        for rec in table.records.values():
            if rec is skip:
                continue
            if matches(rec):
                return f"{obj} {rec.get('RECORDNO')}"
            for holder in rec.values():
                if not isinstance(holder, dict):
                    continue
                for lines in holder.values():
                    if isinstance(lines, list) and any(isinstance(x, dict) and matches(x) for x in lines):
                        return f"{obj} {rec.get('RECORDNO')}"
    return ""


def remove_record(ctx: Ctx, d: ObjectDef, recordno: int, rec: Record) -> None:
    h = HOOKS.get(d.name)
    for check in h.in_use if h else ():
        check(ctx, recordno, rec)
    if h and h.before_delete:
        h.before_delete(ctx, recordno, rec)
    ctx.store.remove(ctx.company, d.name, recordno)


@function("delete", "DELETE", writes=True)
def delete(ctx: Ctx, el: etree._Element) -> Payload:
    name = (el.findtext("object") or "").strip()
    d = objdef_or_fail(ctx, name)
    require_write(ctx, "DELETE", d.name)
    if not d.deletable:
        raise errors.unsupported(f"delete on {d.name}")
    keys = [k.strip() for k in (el.findtext("keys") or "").split(",") if k.strip()]
    if not keys:
        raise errors.missing_field("Keys", d.label)
    for key in keys:
        remove_record(ctx, d, *find_visible(ctx, d, key))
    return Payload(no_data=True)
