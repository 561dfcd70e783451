"""Consolidation: translation into the reporting currency and inter-entity eliminations.

Translation (IAS 21 / ASC 830 current-rate method): balance-sheet accounts at the closing rate of
the column's end date; income-statement activity month by month at that month's average rate;
equity at historical rates (opening at the rate before the range, movements at the month's
average). What is left makes the translated trial balance balance again; that difference is the
cumulative translation adjustment (CTA), shown in equity on a row marked ``special: cta``.

Eliminations: each rule names a due-from and a due-to account (Intacct's inter-entity lines).
The eliminations column reverses both accounts' totals across entities; if they do not cancel
(an unmatched inter-entity balance, or different translation of the two sides) the remainder goes
to CTA (balance layout) or to an ``unmatched`` row (activity layout), so the column nets to zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from trueerp.sage_intacct.reports.services.columns import Column
from trueerp.sage_intacct.reports.services.rates import RateTable, cents
from trueerp.sage_intacct.reports.services.snapshot import Snapshot
from trueerp.sage_intacct.reports.services.values import ColumnValues, LedgerIndex
from trueerp.sage_intacct.reports.spec import Spec

ZERO = Decimal(0)


def _pick(
    by_account: dict[str, Decimal], by_key: dict[tuple[str, str], Decimal], account: str, member: str | None
) -> Decimal:
    return by_account.get(account, ZERO) if member is None else by_key.get((account, member), ZERO)


def translated_value(
    index: LedgerIndex,
    account: str,
    col: Column,
    spec: Spec,
    snapshot: Snapshot,
    rates: RateTable,
    currency: str,
) -> tuple[Decimal, Decimal]:
    """(value, opening part) of one account in one ledger, in the reporting currency."""
    ledger, source = index.ledger, index.ledger.currency
    info = snapshot.accounts.get(account)
    equity = any(account in r for r in spec.consolidation.equity)
    balance_sheet = info is not None and info.kind == "balancesheet" and not equity

    def activity(
        months: range | tuple[int, ...],
        maps: list[dict[str, Decimal]],
        raw: list[dict[tuple[str, str], Decimal]],
    ) -> Decimal:
        total = ZERO
        for m in months:
            if m >= len(maps):
                continue
            base = _pick(maps[m], raw[m], account, col.member)
            if base:
                start, end = snapshot.months[m]
                total += cents(base * rates.average(source, currency, start, end))
        return total

    if col.measure == "budget":
        return activity(col.months, index.budget, ledger.budget), ZERO
    if col.measure == "prior":
        return activity(col.months, index.prior, ledger.prior), ZERO
    opening_base = _pick(index.opening, ledger.opening, account, col.member)
    if spec.layout == "balance" or col.measure == "end":
        upto = range(col.months[-1] + 1)
        if balance_sheet:
            base = opening_base + sum(
                (_pick(index.activity[m], ledger.activity[m], account, col.member) for m in upto), ZERO
            )
            return cents(base * rates.closing(source, currency, col.end)), ZERO
        before = snapshot.start - dt.timedelta(days=1)
        opening = cents(opening_base * rates.closing(source, currency, before)) if opening_base else ZERO
        return opening + activity(upto, index.activity, ledger.activity), opening
    return activity(col.months, index.activity, ledger.activity), ZERO


def eliminate(spec: Spec, columns: list[Column], per_column: list[ColumnValues | None]) -> None:
    """Fill the eliminations and consolidated columns from the entity columns."""
    entity_values = [
        cv for col, cv in zip(columns, per_column, strict=True) if col.role == "value" and cv is not None
    ]
    elim = ColumnValues()
    residual_key = "cta" if spec.layout == "balance" else "unmatched"
    for due_from, due_to in spec.consolidation.eliminations:
        pair_total = ZERO
        for account in (due_from, due_to):
            reversed_total = -sum((cv.accounts.get(account, ZERO) for cv in entity_values), ZERO)
            elim.accounts[account] += reversed_total
            pair_total += reversed_total
        elim.extras[residual_key] -= pair_total  # the column nets to zero
    consolidated = ColumnValues()
    for cv in [*entity_values, elim]:
        for account, value in cv.accounts.items():
            consolidated.accounts[account] += value
        for account, value in cv.opening.items():
            consolidated.opening[account] += value
        for key, value in cv.extras.items():
            consolidated.extras[key] += value
    for i, col in enumerate(columns):
        if col.role == "elimination":
            per_column[i] = elim
        elif col.role == "consolidated":
            per_column[i] = consolidated


def column_totals(cv: ColumnValues) -> Decimal:
    """Sum of every account and extra in a column: zero for an eliminations column."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for account, value in cv.accounts.items():
        totals[account] += value
    return sum(totals.values(), ZERO) + sum(cv.extras.values(), ZERO)
