"""Exchange rates from Intacct (EXCHANGERATEENTRY) and the three rates translation needs.

* closing rate — the rate in force on a date (balance-sheet accounts at the column's end date);
* average rate — the mean of the daily rates in force over a month (income-statement activity);
* historical rate — equity at the rate of when it was booked: the opening balance at the rate in
  force the day before the run's range, each month's movements at that month's average rate.

A rate is looked up for the pair asked or, failing that, as the reciprocal of the reverse pair.
Missing rates are a clear error naming the pair and the date, never a silent 1.0.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from intacct import IntacctClient
from intacct.errors import ResultError
from trueerp.sage_intacct.reports.services.intacct_calls import query_all

CENT = Decimal("0.01")
DAILY_RATE = "Intacct Daily Rate"
PRECISE = Decimal("0.0000000001")


class MissingRate(Exception):
    """No rate for a currency pair on a date; the message says which and where to add it."""


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class RateTable:
    """Rates by (from, to): dates ascending with the rate effective from each date."""

    pairs: dict[tuple[str, str], tuple[list[dt.date], list[Decimal]]] = field(default_factory=dict)
    rate_type: str = ""
    used: dict[str, str] = field(default_factory=dict)  # description → rate, printed with the report
    _memo: dict[tuple[str, str, dt.date, dt.date], Decimal] = field(default_factory=dict)

    def add(self, source: str, target: str, when: dt.date, rate: Decimal) -> None:
        dates, rates = self.pairs.setdefault((source, target), ([], []))
        i = bisect.bisect_left(dates, when)
        if i < len(dates) and dates[i] == when:
            rates[i] = rate
        else:
            dates.insert(i, when)
            rates.insert(i, rate)

    def on(self, source: str, target: str, when: dt.date) -> Decimal:
        if source == target:
            return Decimal(1)
        for (a, b), invert in (((source, target), False), ((target, source), True)):
            found = self.pairs.get((a, b))
            if not found:
                continue
            dates, rates = found
            i = bisect.bisect_right(dates, when) - 1
            if i >= 0:
                return (Decimal(1) / rates[i]).quantize(PRECISE) if invert else rates[i]
        raise MissingRate(
            f"Intacct has no exchange rate from {source} to {target} on {when:%Y-%m-%d}. Add one in "
            "Company > Exchange rates in Intacct (or change the report's reporting currency), then run again."
        )

    def closing(self, source: str, target: str, when: dt.date) -> Decimal:
        rate = self.on(source, target, when)
        self.used[f"{source}→{target} closing {when:%Y-%m-%d}"] = str(rate)
        return rate

    def average(self, source: str, target: str, start: dt.date, end: dt.date) -> Decimal:
        if source == target:
            return Decimal(1)
        key = (source, target, start, end)
        if key in self._memo:
            return self._memo[key]
        days = (end - start).days + 1
        total = sum((self.on(source, target, start + dt.timedelta(days=n)) for n in range(days)), Decimal(0))
        rate = (total / days).quantize(PRECISE)
        self.used[f"{source}→{target} average {start:%Y-%m}"] = str(rate)
        self._memo[key] = rate
        return rate


def load_rates(client: IntacctClient, currencies: set[str], target: str, rate_type: str = "") -> RateTable:
    """The rate entries of one rate type between the entities' currencies and the reporting one.

    The type is the one asked for, else the company's default type, else Intacct's daily rate;
    mixing types would translate one month at a bank rate and the next at a budget rate.
    """
    table = RateTable()
    if currencies <= {target}:
        return table
    try:
        types = list(query_all(client, "EXCHANGERATETYPES", ["NAME", "ISDEFAULT"], None))
        rows = list(
            query_all(
                client,
                "EXCHANGERATEENTRY",
                ["FROM_CURRENCY", "TO_CURRENCY", "TYPENAME", "EFFECTIVE_START_DATE", "EXCHANGE_RATE"],
                None,
            )
        )
    except ResultError as exc:
        raise MissingRate(
            f"Intacct did not return exchange rates ({exc}); a consolidated report in {target} needs them."
        ) from exc
    present = {str(r.get("TYPENAME") or "") for r in rows}
    default = next((str(t["NAME"]) for t in types if str(t.get("ISDEFAULT")).lower() == "true"), "")
    chosen = rate_type or (default if default in present else DAILY_RATE if DAILY_RATE in present else "")
    if not chosen and present:
        chosen = sorted(present)[0]
    if rate_type and rate_type not in present:
        raise MissingRate(
            f"Intacct has no exchange rates of type '{rate_type}'; its rate types are {', '.join(sorted(present)) or 'none'}."
        )
    table.rate_type = chosen
    wanted = currencies | {target}
    for r in rows:
        source, dest = str(r.get("FROM_CURRENCY") or ""), str(r.get("TO_CURRENCY") or "")
        if source not in wanted or dest not in wanted or str(r.get("TYPENAME") or "") != chosen:
            continue
        when = _date(str(r.get("EFFECTIVE_START_DATE") or ""))
        if when is None:
            continue
        table.add(source, dest, when, Decimal(str(r["EXCHANGE_RATE"])))
    return table


def _date(text: str) -> dt.date | None:
    for pattern in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None
