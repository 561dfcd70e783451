"""The company's exchange-rate table: rate types, rates by currency pair, effective-dated entries.

API clients read it (EXCHANGERATETYPES, EXCHANGERATE, EXCHANGERATEENTRY: read-only, as the
emulator's rates are set by the seed and the control plane). Like Intacct, the built-in
"Intacct Daily Rate" type is not listed by EXCHANGERATETYPES; its rates are readable.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..context import Ctx, fmt_date, parse_date
from ..currency import CURRENCIES, DAILY_RATE, ONE, rate_entries
from ..registry import hooks
from ..store import Record

RATE_PLACES = Decimal("0.000001")
# US dollars per unit in the demo period, before the small monthly drift
DEMO_USD_VALUE = {
    "USD": Decimal(1),
    "CAD": Decimal("0.7300"),
    "GBP": Decimal("1.2700"),
    "EUR": Decimal("1.0850"),
}
DEMO_BASES = ("USD", "CAD", "GBP")
CUSTOM_RATE_TYPE = "Corporate Rate"


def _entry_rows(ctx: Ctx) -> list[Record]:
    out = []
    for rec in ctx.store.records(ctx.company, "EXCHANGERATE"):
        for e in rate_entries(rec):
            out.append(
                {
                    **e,
                    "EXCHANGERATEID": rec["RECORDNO"],
                    "TYPENAME": rec.get("TYPENAME", ""),
                    "FROM_CURRENCY": rec.get("FROM_CURRENCY", ""),
                    "TO_CURRENCY": rec.get("TO_CURRENCY", ""),
                }
            )
    return out


def _listed_types(ctx: Ctx) -> list[Record]:
    return [t for t in ctx.store.records(ctx.company, "EXCHANGERATETYPES") if t.get("NAME") != DAILY_RATE]


hooks("EXCHANGERATEENTRY").virtual_rows = _entry_rows
hooks("EXCHANGERATETYPES").virtual_rows = _listed_types


def _number(ctx: Ctx) -> int:
    """Rate records number apart from the company's sequence, so seeding them shifts no other key."""
    return ctx.store.next_number(f"recordno:{ctx.company}:EXCHANGERATE", start=1)


def add_rate_type(ctx: Ctx, name: str, default: bool = False) -> Record:
    existing = next(
        (t for t in ctx.store.records(ctx.company, "EXCHANGERATETYPES") if t.get("NAME") == name), None
    )
    if existing is not None:
        return existing
    n = _number(ctx)
    rec: Record = {"RECORDNO": str(n), "ID": "-1" if name == DAILY_RATE else str(n), "NAME": name}
    rec["ISDEFAULT"] = "true" if default else "false"
    ctx.stamp(rec, created=True)
    ctx.own(rec, "")
    ctx.store.put(ctx.company, "EXCHANGERATETYPES", n, rec, rec["ID"])
    return rec


def put_rates(
    ctx: Ctx, type_name: str, source: str, target: str, rates: list[tuple[dt.date, Decimal]]
) -> Record:
    """Add or replace effective-dated rates of one pair (an entry with the same start date is replaced)."""
    rec = next(
        (
            r
            for r in ctx.store.records(ctx.company, "EXCHANGERATE")
            if (r.get("TYPENAME"), r.get("FROM_CURRENCY"), r.get("TO_CURRENCY"))
            == (type_name, source, target)
        ),
        None,
    )
    if rec is None:
        n = _number(ctx)
        rec = {"RECORDNO": str(n), "TYPENAME": type_name, "FROM_CURRENCY": source, "TO_CURRENCY": target}
        ctx.stamp(rec, created=True)
        ctx.own(rec, "")
    else:
        rec = {**rec}
        ctx.stamp(rec, created=False)
    by_date = {parse_date(str(e["EFFECTIVE_START_DATE"])): e for e in rate_entries(rec)}
    for on, rate in rates:
        old = by_date.get(on)
        entry: Record = {
            "RECORDNO": old["RECORDNO"] if old else str(_number(ctx)),
            "EFFECTIVE_START_DATE": fmt_date(on),
            "EXCHANGE_RATE": str(rate.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)),
            "RECIPROCAL_RATE": str((ONE / rate).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)),
        }
        by_date[on] = entry
    ordered = [by_date[d] for d in sorted(k for k in by_date if k is not None)]
    rec["EXCHANGERATEENTRIES"] = {"EXCHANGERATEENTRY": ordered}
    ctx.store.put(ctx.company, "EXCHANGERATE", int(rec["RECORDNO"]), rec, None)
    ctx.cache.pop("rates", None)
    return rec


def _drift(month_index: int, currency: str) -> Decimal:
    """A small, deterministic month-to-month movement so rates differ by date like real ones."""
    phase = {"USD": 0.0, "CAD": 0.4, "GBP": 1.3, "EUR": 2.1}[currency]
    return Decimal(str(round(1 + 0.015 * math.sin(0.7 * month_index + phase), 6)))


def seed_demo_rates(ctx: Ctx, first_year: int, last_year: int) -> None:
    """Monthly daily rates for USD/CAD/GBP/EUR into each base currency, and a quarterly custom type."""
    add_rate_type(ctx, DAILY_RATE, default=True)
    add_rate_type(ctx, CUSTOM_RATE_TYPE)
    months = [(y, m) for y in range(first_year, last_year + 1) for m in range(1, 13)]
    usd: dict[str, list[tuple[dt.date, Decimal]]] = {c: [] for c in DEMO_USD_VALUE}
    for i, (y, m) in enumerate(months):
        for code, value in DEMO_USD_VALUE.items():
            usd[code].append((dt.date(y, m, 1), value * _drift(i, code)))
    for target in DEMO_BASES:
        for source in DEMO_USD_VALUE:
            if source == target:
                continue
            pairs = [(d, v / t) for (d, v), (_, t) in zip(usd[source], usd[target], strict=True)]
            put_rates(ctx, DAILY_RATE, source, target, pairs)
    for source in ("CAD", "GBP", "EUR"):
        quarterly = [(d, v) for d, v in usd[source] if d.month in (1, 4, 7, 10)]
        put_rates(
            ctx, CUSTOM_RATE_TYPE, source, "USD", [(d, v.quantize(Decimal("0.0001"))) for d, v in quarterly]
        )


def rate_changes(ctx: Ctx, data: dict[str, Any]) -> Record:
    """Control plane: ``{"type", "from", "to", "rates": [{"date": "2026-06-01", "rate": "1.08"}]}``."""
    type_name = str(data.get("type") or DAILY_RATE)
    if type_name not in {str(t.get("NAME")) for t in ctx.store.records(ctx.company, "EXCHANGERATETYPES")}:
        add_rate_type(ctx, type_name)
    source, target = str(data["from"]).upper(), str(data["to"]).upper()
    unknown = [c for c in (source, target) if c not in CURRENCIES]
    if unknown or source == target:
        raise ValueError(f"from and to must be two different known currency codes, not {source}/{target}")
    rates: list[tuple[dt.date, Decimal]] = []
    for item in data.get("rates") or []:
        on = parse_date(str(item["date"]))
        rate = Decimal(str(item["rate"]))
        if on is None or not rate.is_finite() or rate <= 0:
            raise ValueError(f"each rate needs a date (YYYY-MM-DD or MM/DD/YYYY) and a positive rate: {item}")
        rates.append((on, rate))
    if not rates:
        raise ValueError("give at least one rate: {'date': '2026-06-01', 'rate': '1.0842'}")
    return put_rates(ctx, type_name, source, target, rates)
