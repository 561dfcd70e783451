"""A report definition is data: rows, columns, filters, sorting and number format, as JSON.

``parse`` turns the stored JSON into typed objects and refuses, with a message that says what to
change, anything that cannot run (an unknown row kind, a formula naming a row that does not exist,
two column axes at once). Checks that need the company's Intacct data (an account range that
matches nothing, a dimension the company does not have) are in ``services.validation``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

LAYOUTS = ("activity", "balance", "trial_balance")
PERIODS = ("total", "months", "quarters")
COMPARE = ("prior_year", "budget")
NEGATIVES = ("parentheses", "minus")
SORTS = ("definition", "account", "amount_desc")
ENTITY = "entity"
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_RANGE = re.compile(r"^\s*([0-9A-Za-z.\-_]+)\s*(?:\.\.|-|–|to)\s*([0-9A-Za-z.\-_]+)\s*$")
_FORMULA_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([a-z][a-z0-9_]*)|(.))")


class SpecError(ValueError):
    """The definition cannot run; ``str()`` says where and how to fix it."""


@dataclass(frozen=True)
class AccountRange:
    low: str
    high: str

    def __contains__(self, account: str) -> bool:
        return self.low <= account <= self.high

    @property
    def label(self) -> str:
        return self.low if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Row:
    label: str
    key: str = ""
    ranges: tuple[AccountRange, ...] = ()
    group: str = ""  # an Intacct account group (GLACCTGRP) name
    formula: str = ""  # e.g. "revenue + cost_of_services"
    header: bool = False
    detail: bool = False  # list each account under the row
    sign: int = 1  # -1 shows credit balances (revenue, liabilities) as positive numbers
    special: str = ""  # "cta": translation difference; "unmatched": inter-entity difference left

    @property
    def kind(self) -> str:
        if self.special:
            return "special"
        if self.header:
            return "header"
        return "formula" if self.formula else "accounts"


@dataclass(frozen=True)
class Columns:
    periods: str = "total"
    by: str = ""  # "", "entity" or a dimension (DEPARTMENT, PROJECT, FUND …)
    compare: tuple[str, ...] = ()
    variance: bool = False
    variance_pct: bool = False
    ytd: bool = False


@dataclass(frozen=True)
class Filters:
    entities: tuple[str, ...] = ()  # empty = every entity
    dimensions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    book: str = "ACCRUAL"


@dataclass(frozen=True)
class Consolidation:
    currency: str = ""  # reporting currency; empty = no translation (one base currency)
    eliminations: tuple[tuple[str, str], ...] = ()  # (due-from account, due-to account)
    equity: tuple[AccountRange, ...] = ()  # translated at historical rates
    cta_label: str = "Cumulative translation adjustment"


@dataclass(frozen=True)
class NumberFormat:
    decimals: int = 2
    negatives: str = "parentheses"
    scale: int = 1  # 1 or 1000


@dataclass(frozen=True)
class Spec:
    title: str
    layout: str
    rows: tuple[Row, ...]
    columns: Columns = Columns()
    filters: Filters = Filters()
    consolidation: Consolidation = Consolidation()
    sort: str = "definition"
    number_format: NumberFormat = NumberFormat()
    budget_id: str = ""
    chart: bool = True

    @property
    def dimension(self) -> str:
        """The dimension the balances are grouped by ('' when none)."""
        return "" if self.columns.by in ("", ENTITY) else self.columns.by

    @property
    def consolidated(self) -> bool:
        return self.columns.by == ENTITY


def _ranges(value: Any, where: str) -> tuple[AccountRange, ...]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        text = str(item).strip()
        m = _RANGE.match(text)
        low, high = (m.group(1), m.group(2)) if m else (text, text)
        if not low:
            raise SpecError(f"{where}: an empty account range; write '4000-4999' or '4000'.")
        if low > high:
            raise SpecError(
                f"{where}: the account range {low}-{high} runs backwards; write it as {high}-{low}."
            )
        out.append(AccountRange(low, high))
    return tuple(out)


def formula_names(formula: str) -> list[str]:
    names = []
    for number, name, other in _FORMULA_TOKEN.findall(formula):
        if name:
            names.append(name)
        elif other and other not in "+-*/()":
            raise SpecError(
                f"The formula '{formula}' contains '{other}'; use row keys, numbers, + - * / and ( )."
            )
        del number
    return names


def _row(raw: Any, n: int) -> Row:
    if not isinstance(raw, dict):
        raise SpecError(f"Row {n} must be an object with a label.")
    label = str(raw.get("label") or "").strip()
    if not label:
        raise SpecError(f"Row {n} has no label.")
    where = f"Row {n} ({label})"
    key = str(raw.get("key") or "").strip()
    if key and not _KEY.match(key):
        raise SpecError(
            f"{where}: key '{key}' must be lower-case letters, digits and _, starting with a letter."
        )
    sign = int(raw.get("sign", 1))
    if sign not in (1, -1):
        raise SpecError(f"{where}: sign must be 1 or -1.")
    kinds = [k for k in ("accounts", "group", "formula") if raw.get(k)]
    if raw.get("header"):
        return Row(label, key, header=True)
    if raw.get("special"):
        special = str(raw["special"])
        if special not in ("cta", "unmatched"):
            raise SpecError(f"{where}: special must be 'cta' or 'unmatched', not '{special}'.")
        return Row(label, key, special=special, sign=sign)
    if len(kinds) != 1:
        raise SpecError(f"{where}: give exactly one of accounts (e.g. '4000-4999'), group or formula.")
    formula = str(raw.get("formula") or "").strip()
    if formula:
        formula_names(formula)
    return Row(
        label,
        key,
        ranges=_ranges(raw["accounts"], where) if raw.get("accounts") else (),
        group=str(raw.get("group") or "").strip(),
        formula=formula,
        detail=bool(raw.get("detail")),
        sign=sign,
    )


def parse(raw: Any) -> Spec:
    if not isinstance(raw, dict):
        raise SpecError("A report definition must be a JSON object.")
    title = str(raw.get("title") or "").strip()
    if not title:
        raise SpecError("The definition has no title.")
    layout = str(raw.get("layout") or "activity")
    if layout not in LAYOUTS:
        raise SpecError(f"layout must be one of {', '.join(LAYOUTS)}, not '{layout}'.")
    raw_rows = raw.get("rows") or []
    if not isinstance(raw_rows, list) or not raw_rows:
        raise SpecError("The definition has no rows; add at least one account row.")
    rows = tuple(_row(r, n) for n, r in enumerate(raw_rows, 1))
    keys = [r.key for r in rows if r.key]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise SpecError(f"Row keys must be unique; {', '.join(dupes)} is used more than once.")
    for n, r in enumerate(rows, 1):
        for name in formula_names(r.formula) if r.formula else []:
            if name not in keys:
                raise SpecError(f"Row {n} ({r.label}): the formula names '{name}', which is not a row key.")
            if name == r.key:
                raise SpecError(f"Row {n} ({r.label}): the formula refers to its own row.")
    c = raw.get("columns") or {}
    periods = str(c.get("periods") or "total")
    if periods not in PERIODS:
        raise SpecError(f"columns.periods must be one of {', '.join(PERIODS)}, not '{periods}'.")
    by = str(c.get("by") or "").strip()
    by = ENTITY if by.lower() == ENTITY else by.upper()
    compare = tuple(str(x) for x in c.get("compare") or ())
    bad = [x for x in compare if x not in COMPARE]
    if bad:
        raise SpecError(f"columns.compare accepts {', '.join(COMPARE)}; '{bad[0]}' is not one of them.")
    if by and periods != "total":
        raise SpecError(
            "Columns by entity or dimension need periods 'total'; a report cannot split both ways."
        )
    if (c.get("variance") or c.get("variance_pct")) and not compare:
        raise SpecError(
            "Variance columns compare against something: add 'budget' or 'prior_year' to compare."
        )
    if layout == "trial_balance" and (compare or periods != "total"):
        raise SpecError(
            "A trial balance shows one period with start, debits, credits and end; no comparisons."
        )
    columns = Columns(
        periods, by, compare, bool(c.get("variance")), bool(c.get("variance_pct")), bool(c.get("ytd"))
    )
    f = raw.get("filters") or {}
    dims = {
        str(k).upper(): tuple(str(v) for v in (vals if isinstance(vals, list) else [vals]))
        for k, vals in (f.get("dimensions") or {}).items()
        if vals
    }
    several = sorted(k for k, v in dims.items() if len(v) > 1)
    if several:
        raise SpecError(
            f"filters.dimensions: give one value for {several[0]}; Intacct filters one value (with its children)."
        )
    filters = Filters(tuple(str(e) for e in f.get("entities") or ()), dims, str(f.get("book") or "ACCRUAL"))
    k = raw.get("consolidation") or {}
    pairs = []
    for pair in k.get("eliminations") or ():
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise SpecError("Each elimination rule is a pair [due-from account, due-to account].")
        pairs.append((str(pair[0]), str(pair[1])))
    consolidation = Consolidation(
        str(k.get("currency") or "").upper(),
        tuple(pairs),
        _ranges(k["equity"], "consolidation.equity") if k.get("equity") else (AccountRange("3000", "3999"),),
    )
    nf = raw.get("number_format") or {}
    number_format = NumberFormat(
        int(nf.get("decimals", 2)), str(nf.get("negatives") or "parentheses"), int(nf.get("scale", 1))
    )
    if number_format.decimals not in (0, 1, 2) or number_format.negatives not in NEGATIVES:
        raise SpecError("number_format: decimals 0-2, negatives 'parentheses' or 'minus'.")
    if number_format.scale not in (1, 1000):
        raise SpecError("number_format.scale must be 1 or 1000.")
    sort = str(raw.get("sort") or "definition")
    if sort not in SORTS:
        raise SpecError(f"sort must be one of {', '.join(SORTS)}.")
    return Spec(
        title,
        layout,
        rows,
        columns,
        filters,
        consolidation,
        sort,
        number_format,
        str(raw.get("budget_id") or ""),
        bool(raw.get("chart", True)),
    )
