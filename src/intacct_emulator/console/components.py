"""Building blocks every console page uses: links, badges, money, tables, fact lists, KPI cards.

Each returns ``Markup`` built from a template fragment, so pages compose them without ever
concatenating HTML strings by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

from ..store import Record
from .markup import Markup, escape, frag, join

BASE = "/__emulator__"

STATE_BADGES = {
    "posted": "b-green",
    "active": "b-green",
    "complete": "b-green",
    "approved": "b-green",
    "paid": "b-blue",
    "partially paid": "b-amber",
    "submitted": "b-amber",
    "pending": "b-amber",
    "draft": "b-grey",
    "inactive": "b-grey",
    "declined": "b-red",
    "reversed": "b-red",
    "true": "b-amber",
}


def dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def money(value: Any) -> str:
    d = dec(value)
    return "" if d is None else f"{d:,.2f}"


def url(company: str, obj: str = "", key: str = "") -> str:
    parts = [BASE, "companies", quote(company, safe="")]
    if obj:
        parts.append(quote(obj, safe=""))
    if key:
        parts.append(quote(key, safe=""))
    return "/".join(parts)


def link(href: str, text: Any) -> Markup:
    return frag("link", href=href, text=text)


def badge(value: Any, cls: str | None = None) -> Markup:
    text = str(value or "")
    if not text:
        return Markup()
    return frag("badge", cls=cls or STATE_BADGES.get(text.lower(), "b-grey"), text=text)


def muted(text: Any) -> Markup:
    return frag("muted", text=text)


def mono(text: Any) -> Markup:
    return frag("mono", text=text)


def strong(text: Any) -> Markup:
    return frag("strong", text=text)


def with_note(html: Markup, text: Any) -> Markup:
    """A value followed by a muted explanation, e.g. an account number and its title."""
    return frag("after_muted", html=html, text=text) if text else html


def crumbs(*parts: tuple[str, str]) -> Markup:
    items = [link(href, text) if href else escape(text) for text, href in parts]
    return frag("crumbs", items=join(items, " / "))


def heading(title: str, note: str = "", anchor: str = "") -> Markup:
    note_html = frag("heading_note", text=note) if note else Markup()
    if anchor:
        return frag("heading_id", id=anchor, title=title, note=note_html)
    return frag("heading", title=title, note=note_html)


def bar(percent: float) -> Markup:
    return frag("bar", pct=f"{min(100.0, percent):.1f}")


@dataclass
class Col:
    """A table column: heading, cell renderer (returns text or Markup) and whether it holds numbers."""

    heading: str
    cell: Callable[[Record], Any]
    num: bool = False


def text_cell(field: str) -> Callable[[Record], Any]:
    return lambda r: r.get(field)


def money_cell(field: str) -> Callable[[Record], Any]:
    return lambda r: money(r.get(field))


def table(
    cols: list[Col], rows: Iterable[Record], empty: str = "Nothing here yet", foot: Markup | None = None
) -> Markup:
    head = join(frag("th", cls="num" if c.num else "", text=c.heading) for c in cols)
    body = join(
        frag(
            "tr",
            cls="iet" if r.get("ISIET") == "true" else "",
            cells=join(frag("td", cls="num" if c.num else "", html=c.cell(r)) for c in cols),
        )
        for r in rows
    )
    if not body:
        body = frag("empty_row", span=len(cols), text=empty)
    return frag("table", head=head, body=body, foot=foot or Markup())


def total_foot(span: int, *amounts: Any) -> Markup:
    """A table footer: "Total" across ``span`` columns, then one number cell per amount."""
    cells = join(frag("td", cls="num", html=money(a)) for a in amounts)
    return frag("foot", span=span, cells=cells)


def facts(items: Iterable[tuple[str, Any]]) -> Markup:
    cells = join(frag("fact", label=k, value=v if v else frag("dash")) for k, v in items)
    return frag("facts", items=cells)


def kpi(label: str, value: Any, hint: Any = "", href: str = "") -> Markup:
    hint_html = frag("kpi_hint", html=hint) if hint else Markup()
    if href:
        return frag("kpi_link", href=href, label=label, value=value, hint=hint_html)
    return frag("kpi", label=label, value=value, hint=hint_html)


def grid(cls: str, items: Iterable[Markup]) -> Markup:
    return frag("grid", cls=cls, items=join(items))
