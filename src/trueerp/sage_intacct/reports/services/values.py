"""Account values of one column, and each ledger's balances summed the ways columns need them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from trueerp.sage_intacct.reports.services.columns import Column
from trueerp.sage_intacct.reports.services.snapshot import EntityLedger

ZERO = Decimal(0)


@dataclass
class ColumnValues:
    accounts: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    opening: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    extras: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))  # cta, unmatched


class LedgerIndex:
    """Per ledger: activity and opening summed over dimension values, and per value when needed."""

    def __init__(self, ledger: EntityLedger) -> None:
        self.ledger = ledger
        self.activity = [self._by_account(m) for m in ledger.activity]
        self.budget = [self._by_account(m) for m in ledger.budget]
        self.prior = [self._by_account(m) for m in ledger.prior]
        self.opening = self._by_account(ledger.opening)
        self.debits = self._by_account(ledger.debits)
        self.credits = self._by_account(ledger.credits)

    @staticmethod
    def _by_account(values: dict[tuple[str, str], Decimal]) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(Decimal)
        for (account, _dim), v in values.items():
            out[account] += v
        return out


def raw_value(index: LedgerIndex, account: str, col: Column, layout: str) -> tuple[Decimal, Decimal]:
    """(value, opening part) of one account in one ledger, in the ledger's currency."""
    ledger, member = index.ledger, col.member

    def pick(by_account: dict[str, Decimal], by_key: dict[tuple[str, str], Decimal]) -> Decimal:
        return by_account.get(account, ZERO) if member is None else by_key.get((account, member), ZERO)

    def months(
        maps: list[dict[str, Decimal]], raw_maps: list[dict[tuple[str, str], Decimal]], upto: bool
    ) -> Decimal:
        chosen = range(col.months[-1] + 1) if upto else col.months
        return sum((pick(maps[m], raw_maps[m]) for m in chosen if m < len(maps)), ZERO)

    measure = col.measure
    if measure == "budget":
        return months(index.budget, ledger.budget, False), ZERO
    if measure == "prior":
        return months(index.prior, ledger.prior, False), ZERO
    opening = pick(index.opening, ledger.opening)
    if measure == "start":
        return opening, opening
    if measure == "debits":
        return pick(index.debits, ledger.debits), ZERO
    if measure == "credits":
        return pick(index.credits, ledger.credits), ZERO
    if measure == "end" or layout == "balance":
        return opening + months(index.activity, ledger.activity, True), opening
    return months(index.activity, ledger.activity, False), ZERO
