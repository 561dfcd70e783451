"""The console's one template helper: ``string.Template`` files with auto-escaping.

Every value put into a template is HTML-escaped unless it is ``Markup`` (HTML that another
template produced), so record data sent by API clients can never inject markup. Pages live in
``templates/<name>.html``; the small pieces (a link, a badge, a table cell) are named fragments
in ``templates/fragments.html``. Python code only chooses what to show and in which order; it
never writes HTML itself. Standard library only: the console must stay dependency-free.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

TEMPLATES = Path(__file__).with_name("templates")
_FRAGMENT = re.compile(r"^<!-- fragment: (\w+) -->\n(.*?)(?=^<!-- fragment: |\Z)", re.S | re.M)


class Markup(str):
    """Text that is already safe HTML: templates insert it as it is."""

    __slots__ = ()


def escape(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value)))


def join(parts: Iterable[Any], sep: str = "") -> Markup:
    """Concatenate pieces; plain strings among them are escaped like template values."""
    return Markup(escape(sep).join(escape(p) for p in parts))


@cache
def _page_template(name: str) -> Template:
    return Template(TEMPLATES.joinpath(f"{name}.html").read_text(encoding="utf-8").strip())


@cache
def _fragments() -> dict[str, Template]:
    text = TEMPLATES.joinpath("fragments.html").read_text(encoding="utf-8")
    return {m.group(1): Template(m.group(2).strip()) for m in _FRAGMENT.finditer(text)}


@cache
def stylesheet() -> Markup:
    return Markup(TEMPLATES.joinpath("console.css").read_text(encoding="utf-8"))


def _fill(template: Template, values: dict[str, Any]) -> Markup:
    return Markup(template.substitute({k: escape(v) for k, v in values.items()}))


def render(template: str, /, **values: Any) -> Markup:
    """A page or page section from ``templates/<template>.html``."""
    return _fill(_page_template(template), values)


def frag(fragment: str, /, **values: Any) -> Markup:
    """A named fragment from ``templates/fragments.html``."""
    return _fill(_fragments()[fragment], values)
