"""The "All objects" page: every object family the emulator holds, grouped by Intacct module."""

from __future__ import annotations

from ..model import OBJECTS
from ..registry import HOOKS
from .components import BASE, Col, badge, crumbs, link, mono, table, url
from .layout import page
from .markup import join, render
from .view import View


def objects_page(v: View) -> str:
    c = v.company
    modules: dict[str, list[dict[str, object]]] = {}
    for name, d in sorted(OBJECTS.items(), key=lambda kv: kv[1].label):
        h = HOOKS.get(name)
        stored = len(v.store.records(c, name))
        derived = not stored and h is not None and h.virtual_rows is not None
        count = len(v.records(name)) if derived else stored
        modules.setdefault(d.module, []).append(
            {"obj": name, "label": d.label, "n": count, "derived": derived}
        )
    for name, label in v.comp.get("UDDS", {}).items():
        modules.setdefault("Platform Services", []).append(
            {"obj": name, "label": label, "n": len(v.store.records(c, name)), "derived": False}
        )
    cols = [
        Col("Object", lambda r: link(url(c, str(r["obj"])), r["label"])),
        Col("Name", lambda r: mono(r["obj"])),
        Col("Kind", lambda r: badge("derived", "b-grey") if r["derived"] else ""),
        Col("Records", lambda r: f"{r['n']:,}", num=True),
    ]
    cards = [render("module_card", module=m, table=table(cols, rows)) for m, rows in sorted(modules.items())]
    body = render(
        "objects",
        crumbs=crumbs(("Companies", f"{BASE}/"), (c, url(c)), ("All objects", "")),
        modules=join(cards),
    )
    return page(f"All objects · {c}", body, company=c, tab="objects")
