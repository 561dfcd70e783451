"""The two query languages: readByQuery's legacy string grammar and ``query``'s filter tree.

Both compile to the same predicate closures so paging, visibility and ordering are shared. The
string grammar is tokenised and parsed properly (precedence NOT > AND > OR, parentheses, quoted
strings with backslash escapes) rather than pattern-matched, because real clients build queries
like ``NAME = 'Bob\\'s' AND (STATE = 'Posted' OR STATE = 'Paid')``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from . import errors

Getter = Callable[[dict[str, Any]], Any]
Predicate = Callable[[dict[str, Any]], bool]
GetterFactory = Callable[[str], Getter]

_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2}):(\d{2}))?$")


def sort_key(value: Any) -> tuple[int, Any]:
    """Numbers, then dates, then text — so mixed columns still sort deterministically."""
    if value is None or value == "":
        return (0, "")
    s = str(value)
    try:
        number: Decimal | None = Decimal(s)
    except InvalidOperation:
        number = None
    # "NaN" parses as a Decimal but cannot be ordered (comparing it raises): keep it with the text.
    if number is not None and number.is_finite():
        return (1, number)
    m = _DATE.match(s)
    if m:
        mo, d, y, hh, mm, ss = m.groups()
        return (2, (int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0)))
    return (3, s)


def _compare(left: Any, right: str, ci: bool) -> int | None:
    if left is None or left == "":
        return None
    lk, rk = sort_key(left), sort_key(right)
    if lk[0] != rk[0]:
        lk, rk = (3, str(left)), (3, right)
    a, b = lk[1], rk[1]
    if ci and isinstance(a, str) and isinstance(b, str):
        a, b = a.lower(), b.lower()
    result: int = (a > b) - (a < b)
    return result


def _like(pattern: str, ci: bool) -> re.Pattern[str]:
    rx = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.compile(f"^{rx}$", re.IGNORECASE | re.DOTALL if ci else re.DOTALL)


def cmp_pred(get: Getter, op: str, value: str, ci: bool = False) -> Predicate:
    checks: dict[str, Callable[[int], bool]] = {
        "=": lambda c: c == 0,
        "!=": lambda c: c != 0,
        "<>": lambda c: c != 0,
        "<": lambda c: c < 0,
        ">": lambda c: c > 0,
        "<=": lambda c: c <= 0,
        ">=": lambda c: c >= 0,
    }
    check = checks[op]
    if op in ("!=", "<>"):
        return lambda r: (c := _compare(get(r), value, ci)) is None or check(c)
    return lambda r: (c := _compare(get(r), value, ci)) is not None and check(c)


def in_pred(get: Getter, values: list[str], negate: bool, ci: bool = False) -> Predicate:
    def p(r: dict[str, Any]) -> bool:
        hit = any(_compare(get(r), v, ci) == 0 for v in values)
        return hit != negate

    return p


def like_pred(get: Getter, pattern: str, negate: bool, ci: bool = False) -> Predicate:
    rx = _like(pattern, ci)
    return lambda r: (rx.match(str(get(r) or "")) is not None) != negate


def null_pred(get: Getter, negate: bool) -> Predicate:
    return lambda r: (get(r) in (None, "")) != negate


# --- legacy query string -----------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:\\.|[^'\\])*')|(?P<op><>|!=|<=|>=|=|<|>)|(?P<lp>\()|(?P<rp>\))|(?P<comma>,)"
    r"|(?P<word>[^\s(),=<>!']+))"
)


def _tokens(q: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    q = q.strip()
    while pos < len(q):
        m = _TOKEN.match(q, pos)
        if not m or m.end() == pos:
            raise errors.data_error(f"Invalid query near '{q[pos : pos + 20]}'")
        pos = m.end()
        kind = m.lastgroup or ""
        tok = m.group(kind)
        if kind == "str":
            tok = re.sub(r"\\(.)", r"\1", tok[1:-1])
        out.append((kind, tok))
    return out


class _Parser:
    def __init__(self, q: str, getter: GetterFactory) -> None:
        self.toks = _tokens(q)
        self.i = 0
        self.getter = getter

    def peek_word(self) -> str:
        if self.i < len(self.toks) and self.toks[self.i][0] == "word":
            return self.toks[self.i][1].upper()
        return ""

    def take(self, kind: str | None = None) -> tuple[str, str]:
        if self.i >= len(self.toks):
            raise errors.data_error("Invalid query: unexpected end of query")
        tok = self.toks[self.i]
        if kind is not None and tok[0] != kind:
            raise errors.data_error(f"Invalid query: expected {kind} but found '{tok[1]}'")
        self.i += 1
        return tok

    def parse(self) -> Predicate:
        pred = self.or_expr()
        if self.i != len(self.toks):
            raise errors.data_error(f"Invalid query: unexpected '{self.toks[self.i][1]}'")
        return pred

    def or_expr(self) -> Predicate:
        parts = [self.and_expr()]
        while self.peek_word() == "OR":
            self.i += 1
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else (lambda r: any(p(r) for p in parts))

    def and_expr(self) -> Predicate:
        parts = [self.not_expr()]
        while self.peek_word() == "AND":
            self.i += 1
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else (lambda r: all(p(r) for p in parts))

    def not_expr(self) -> Predicate:
        if self.peek_word() == "NOT":
            self.i += 1
            inner = self.not_expr()
            return lambda r: not inner(r)
        if self.i < len(self.toks) and self.toks[self.i][0] == "lp":
            self.i += 1
            inner = self.or_expr()
            self.take("rp")
            return inner
        return self.comparison()

    def value(self) -> str:
        kind, tok = self.take()
        if kind not in ("str", "word"):
            raise errors.data_error(f"Invalid query: expected a value but found '{tok}'")
        return tok

    def comparison(self) -> Predicate:
        field = self.take("word")[1]
        get = self.getter(field)
        word = self.peek_word()
        if word == "IS":
            self.i += 1
            negate = self.peek_word() == "NOT"
            if negate:
                self.i += 1
            if self.peek_word() != "NULL":
                raise errors.data_error("Invalid query: expected NULL after IS")
            self.i += 1
            return null_pred(get, negate)
        negate = False
        if word == "NOT":
            negate = True
            self.i += 1
            word = self.peek_word()
        if word == "LIKE":
            self.i += 1
            return like_pred(get, self.value(), negate)
        if word == "IN":
            self.i += 1
            self.take("lp")
            values = [self.value()]
            while self.i < len(self.toks) and self.toks[self.i][0] == "comma":
                self.i += 1
                values.append(self.value())
            self.take("rp")
            return in_pred(get, values, negate)
        if negate:
            raise errors.data_error("Invalid query: NOT must be followed by LIKE or IN")
        op = self.take("op")[1]
        return cmp_pred(get, op, self.value())


def parse_legacy(q: str, getter: GetterFactory) -> Predicate:
    if not q.strip():
        return lambda r: True
    return _Parser(q, getter).parse()


# --- query filter tree -------------------------------------------------------------------------

_TREE_OPS = {
    "equalto": "=",
    "notequalto": "!=",
    "lessthan": "<",
    "lessthanorequalto": "<=",
    "greaterthan": ">",
    "greaterthanorequalto": ">=",
}


def parse_filter(el: etree._Element, getter: GetterFactory, ci: bool) -> Predicate:
    tag = str(el.tag)
    children = [c for c in el if isinstance(c.tag, str)]
    if tag in ("filter",):
        if not children:
            return lambda r: True
        return parse_filter(children[0], getter, ci)
    if tag in ("and", "or"):
        parts = [parse_filter(c, getter, ci) for c in children]
        if tag == "and":
            return lambda r: all(p(r) for p in parts)
        return lambda r: any(p(r) for p in parts)
    field_el = el.find("field")
    if field_el is None or not (field_el.text or "").strip():
        raise errors.data_error(f"Filter {tag} needs a field")
    get = getter((field_el.text or "").strip())
    values = [(v.text or "").strip() for v in el.findall("value")]
    if tag in _TREE_OPS:
        if len(values) != 1:
            raise errors.data_error(f"Filter {tag} needs exactly one value")
        return cmp_pred(get, _TREE_OPS[tag], values[0], ci)
    if tag == "between":
        if len(values) != 2:
            raise errors.data_error("Filter between needs two values")
        lo, hi = cmp_pred(get, ">=", values[0], ci), cmp_pred(get, "<=", values[1], ci)
        return lambda r: lo(r) and hi(r)
    if tag in ("in", "notin"):
        return in_pred(get, values, tag == "notin", ci)
    if tag in ("like", "notlike"):
        return like_pred(get, values[0] if values else "", tag == "notlike", ci)
    if tag in ("isnull", "isnotnull"):
        return null_pred(get, tag == "isnotnull")
    raise errors.data_error(f"Unknown filter operator {tag}")
