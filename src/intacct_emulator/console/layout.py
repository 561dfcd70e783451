"""Page chrome: the top bar, the company tabs and the document around a page body."""

from __future__ import annotations

from .components import BASE, link, url
from .markup import Markup, frag, join, render, stylesheet
from .view import TABS

_SECTIONS = (("companies", "/", "Companies"), ("usage", "/usage", "API usage"))


def page(
    title: str, body: Markup, *, section: str = "companies", company: str = "", tab: str | None = None
) -> str:
    nav = join(
        frag("nav_link", cls="on" if section == key else "", href=f"{BASE}{path}", text=label)
        for key, path, label in _SECTIONS
    )
    sub = Markup()
    if company:
        links = join(
            frag("nav_link", cls="on" if tab == key else "", href=url(company, key), text=label)
            for key, label in TABS
        )
        sub = render("subnav", links=links)
    return str(render("page", title=title, css=stylesheet(), base=BASE, nav=nav, sub=sub, body=body))


def not_found(message: str, company: str = "") -> tuple[int, str]:
    body = render("not_found", message=message, back=link(BASE + "/", "Back to companies"))
    return 404, page("Not found", body, company=company, tab=None)
