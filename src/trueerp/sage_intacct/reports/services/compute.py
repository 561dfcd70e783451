"""Compute a report from a snapshot: account values per column, then the definition's lines.

Money is ``Decimal`` throughout. Each column first gets one value per account (translated into the
reporting currency where it must be, see ``rates``); lines add their accounts up (times the row's
display sign), formulas combine other rows' displayed values, and variance columns are derived
from the line's own values. Columns by entity are followed by eliminations and the consolidated
column (``consolidation``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation

from trueerp.sage_intacct.reports.services.columns import Column, build_columns
from trueerp.sage_intacct.reports.services.consolidation import eliminate, translated_value
from trueerp.sage_intacct.reports.services.rates import RateTable
from trueerp.sage_intacct.reports.services.snapshot import Snapshot
from trueerp.sage_intacct.reports.services.values import ColumnValues, LedgerIndex, raw_value
from trueerp.sage_intacct.reports.spec import Row, Spec

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass
class Line:
    key: str
    label: str
    kind: str  # header | accounts | account | formula | special | total_header
    level: int
    accounts: tuple[str, ...]
    values: list[Decimal | None]
    opening: list[Decimal | None] = field(default_factory=list)
    sign: int = 1

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "sign": self.sign,
            "label": self.label,
            "kind": self.kind,
            "level": self.level,
            "accounts": list(self.accounts),
            "values": [None if v is None else str(v + ZERO) for v in self.values],  # + 0: no "-0"
            "opening": [None if v is None else str(v + ZERO) for v in self.opening],
        }


@dataclass
class Report:
    spec: Spec
    columns: list[Column]
    lines: list[Line]
    warnings: list[str]
    currency: str
    rates: dict[str, str]


def row_accounts(row: Row, snapshot: Snapshot) -> tuple[str, ...]:
    if row.group:
        return tuple(sorted(snapshot.groups.get(row.group, set())))
    return tuple(a for a in sorted(snapshot.accounts) if any(a in r for r in row.ranges))


def _members(spec: Spec, snapshot: Snapshot) -> list[tuple[str, str]]:
    """Dimension values with data on the report's accounts (a column per value)."""
    wanted = {a for row in spec.rows if row.kind == "accounts" for a in row_accounts(row, snapshot)}
    values: set[str] = set()
    for ledger in snapshot.entities:
        maps = [*ledger.activity] if spec.layout == "activity" else [ledger.opening, *ledger.activity]
        for m in maps:
            values.update(dim for (a, dim), v in m.items() if v != ZERO and a in wanted)
    return [(v, snapshot.dimension_names.get(v, "")) for v in sorted(values)]


_TOKENS = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([a-z][a-z0-9_]*)|(\S))")


def _evaluate(formula: str, values: dict[str, Decimal]) -> Decimal | None:
    """+ - * / and parentheses over row values; division by zero gives no value (shown empty)."""
    tokens = [(n, k, o) for n, k, o in _TOKENS.findall(formula)]
    pos = 0

    def peek() -> str:
        return tokens[pos][2] if pos < len(tokens) else ""

    def atom() -> Decimal:
        nonlocal pos
        number, name, op = tokens[pos]
        pos += 1
        if number:
            return Decimal(number)
        if name:
            return values[name]
        if op == "-":
            return -atom()
        if op == "(":
            value = expr()
            pos += 1  # the closing parenthesis
            return value
        raise ValueError(op)

    def term() -> Decimal:
        nonlocal pos
        value = atom()
        while peek() in ("*", "/"):
            op = peek()
            pos += 1
            right = atom()
            value = value * right if op == "*" else value / right
        return value

    def expr() -> Decimal:
        nonlocal pos
        value = term()
        while peek() in ("+", "-"):
            op = peek()
            pos += 1
            right = term()
            value = value + right if op == "+" else value - right
        return value

    try:
        return expr()
    except (DivisionByZero, InvalidOperation, ZeroDivisionError, KeyError, ValueError, IndexError):
        return None


def compute(spec: Spec, snapshot: Snapshot, rates: RateTable | None, currency: str) -> Report:
    indexes = {e.entity: LedgerIndex(e) for e in snapshot.entities}
    columns = build_columns(spec, snapshot, currency, _members(spec, snapshot) if spec.dimension else [])
    every_account = sorted(snapshot.accounts)
    per_column: list[ColumnValues | None] = []
    for col in columns:
        if col.role in ("elimination", "consolidated") or col.base:
            per_column.append(None)
            continue
        cv = ColumnValues()
        for entity in col.entities:
            index = indexes[entity]
            translate = col.translate and index.ledger.currency != currency
            balance_total = ZERO
            for account in every_account:
                value, opening = raw_value(index, account, col, spec.layout)
                if translate and rates is not None:
                    value, opening = translated_value(index, account, col, spec, snapshot, rates, currency)
                cv.accounts[account] += value
                cv.opening[account] += opening
                balance_total += value
            if translate and spec.layout == "balance":
                cv.extras["cta"] -= balance_total  # what makes the translated trial balance balance again
        per_column.append(cv)
    if spec.consolidated:
        eliminate(spec, columns, per_column)
    lines = _lines(spec, snapshot, columns, per_column)
    warnings = _unmapped(spec, snapshot, columns, per_column)
    return Report(spec, columns, lines, warnings, currency, dict(rates.used) if rates else {})


def _lines(
    spec: Spec, snapshot: Snapshot, columns: list[Column], per_column: list[ColumnValues | None]
) -> list[Line]:
    n = len(columns)
    keyed: dict[str, list[Decimal | None]] = {}
    lines: list[Line] = []

    def total(accounts: tuple[str, ...], sign: int) -> tuple[list[Decimal | None], list[Decimal | None]]:
        values: list[Decimal | None] = []
        opening: list[Decimal | None] = []
        for cv in per_column:
            if cv is None:
                values.append(None)
                opening.append(None)
                continue
            values.append(sign * sum((cv.accounts.get(a, ZERO) for a in accounts), ZERO))
            opening.append(sign * sum((cv.opening.get(a, ZERO) for a in accounts), ZERO))
        return values, opening

    for row in spec.rows:
        if row.kind == "header":
            lines.append(Line(row.key, row.label, "header", 0, (), [None] * n))
            continue
        if row.kind == "special":
            values = [
                None if cv is None else row.sign * cv.extras.get(row.special, ZERO) for cv in per_column
            ]
            line = Line(row.key, row.label, "special", 0, (), values, [None] * n)
        elif row.kind == "formula":
            values = []
            for i in range(n):
                scope = {k: v[i] for k, v in keyed.items() if v[i] is not None}
                names_ok = all(name in scope for name in re.findall(r"[a-z][a-z0-9_]*", row.formula))
                values.append(
                    _evaluate(row.formula, {k: v for k, v in scope.items() if v is not None})
                    if names_ok
                    else None
                )
            line = Line(row.key, row.label, "formula", 0, (), values, [None] * n)
        else:
            accounts = row_accounts(row, snapshot)
            values, opening = total(accounts, row.sign)
            if row.detail:
                lines.append(Line("", row.label, "total_header", 0, (), [None] * n))
                details = []
                for account in accounts:
                    v, o = total((account,), row.sign)
                    if any(x for x in v if x is not None):
                        title = snapshot.accounts[account].title
                        details.append(
                            Line("", f"{account} {title}".strip(), "account", 1, (account,), v, o, row.sign)
                        )
                if spec.sort == "amount_desc":
                    details.sort(key=lambda d: -(d.values[0] or ZERO))
                lines.extend(details)
                line = Line(row.key, f"Total {row.label}", "accounts", 0, accounts, values, opening, row.sign)
            else:
                line = Line(row.key, row.label, "accounts", 0, accounts, values, opening, row.sign)
        if row.key:
            keyed[row.key] = line.values
        lines.append(line)
    _derived(columns, per_column, lines)
    return lines


def _derived(columns: list[Column], per_column: list[ColumnValues | None], lines: list[Line]) -> None:
    """Eliminations/consolidated were filled as account maps; variance columns come from the line."""
    for i, col in enumerate(columns):
        if not col.base:
            continue
        a, b = col.base
        for line in lines:
            if line.kind in ("header", "total_header"):
                continue
            x, y = line.values[a], line.values[b]
            if x is None or y is None:
                line.values[i] = None
            elif col.measure == "variance":
                line.values[i] = x - y
            else:
                line.values[i] = None if y == ZERO else ((x - y) / abs(y) * HUNDRED).quantize(Decimal("0.1"))


def _unmapped(
    spec: Spec, snapshot: Snapshot, columns: list[Column], per_column: list[ColumnValues | None]
) -> list[str]:
    mapped = {a for row in spec.rows if row.kind == "accounts" for a in row_accounts(row, snapshot)}
    wanted = "incomestatement" if spec.layout == "activity" else ""
    last = next((cv for cv in reversed(per_column) if cv is not None), None)
    if last is None:
        return []
    missing = []
    for account, value in sorted(last.accounts.items()):
        title = snapshot.accounts.get(account)
        if wanted and title is not None and title.kind != wanted:
            continue
        if value != ZERO and account not in mapped:
            missing.append(f"{account} {title.title if title else ''} ({value})")
    if not missing:
        return []
    shown = ", ".join(missing[:12]) + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
    return [f"{len(missing)} account(s) with a balance are on no row of this report: {shown}."]


def month_end(d: dt.date) -> dt.date:
    return (d.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
