"""Currencies, exchange-rate types and rates, and the conversion every posted line goes through.

Each entity keeps its books in its base currency (LOCATIONENTITY.CURRENCY; the top level uses
the company's BASECURRENCY). A line may be entered in another transaction currency: it keeps
``TRX_AMOUNT`` in that currency and gets ``AMOUNT`` in the entity's base currency, converted
with the rate the client gave (``EXCHANGE_RATE``) or the company's rate table for the rate type
and date. Rates are effective-dated: the entry with the latest start date on or before the
transaction date applies, and a pair with no entry that early has no rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from . import errors
from .context import Ctx, parse_date
from .store import Record

CENT = Decimal("0.01")
ONE = Decimal(1)
DAILY_RATE = "Intacct Daily Rate"

# ISO 4217 codes the emulator knows; a code outside this list is an unknown currency.
CURRENCIES: dict[str, str] = {
    "USD": "US Dollar",
    "CAD": "Canadian Dollar",
    "GBP": "Pound Sterling",
    "EUR": "Euro",
    "AUD": "Australian Dollar",
    "NZD": "New Zealand Dollar",
    "JPY": "Yen",
    "CHF": "Swiss Franc",
    "SEK": "Swedish Krona",
    "NOK": "Norwegian Krone",
    "DKK": "Danish Krone",
    "MXN": "Mexican Peso",
    "BRL": "Brazilian Real",
    "INR": "Indian Rupee",
    "CNY": "Yuan Renminbi",
    "HKD": "Hong Kong Dollar",
    "SGD": "Singapore Dollar",
    "ZAR": "Rand",
    "PLN": "Zloty",
    "AED": "UAE Dirham",
}


def round_money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Conversion:
    """How one amount goes from its transaction currency to its entity's base currency."""

    currency: str
    base: str
    rate: Decimal
    rate_date: str = ""
    rate_type: str = ""

    @property
    def identity(self) -> bool:
        return self.currency == self.base

    def to_base(self, amount: Decimal) -> Decimal:
        return amount if self.identity else round_money(amount * self.rate)

    def stamp(self, line: Record) -> None:
        """The currency fields a stored line carries (read back through read/query)."""
        line["CURRENCY"] = self.currency
        line["BASECURR"] = self.base
        line["EXCHANGE_RATE"] = str(self.rate)
        if self.rate_date:
            line["EXCH_RATE_DATE"] = self.rate_date
        if self.rate_type:
            line["EXCH_RATE_TYPE_ID"] = self.rate_type


def entity_base(ctx: Ctx, entity: str) -> str:
    memo: dict[str, str] = ctx.cache.setdefault("entity_base", {})
    found = memo.get(entity)
    if found is None:
        ent = ctx.store.get_by_id(ctx.company, "LOCATIONENTITY", entity) if entity else None
        found = memo[entity] = (
            str(ent["CURRENCY"]) if ent else str(ctx.company_rec.get("BASECURRENCY", "USD"))
        )
    return found


def multi_base(ctx: Ctx) -> bool:
    """True when the company's entities keep their books in more than one base currency."""
    found = ctx.cache.get("multi_base")
    if found is None:
        bases = {str(e.get("CURRENCY") or "") for e in ctx.store.records(ctx.company, "LOCATIONENTITY")}
        found = ctx.cache["multi_base"] = len(bases - {""}) > 1
    return bool(found)


def check_top_level(ctx: Ctx, entity: str, currency: str) -> None:
    """Refuse an amount that would land at the top level of a multi-base-currency company.

    The top level of such a company keeps no books of its own, so an amount in a foreign
    transaction currency has no base currency to be converted into. Amounts in the company's base
    currency (or without a currency) keep the emulator's long-standing behaviour, booked at the
    top level, unless the company sets REQUIRE_ENTITY_AT_TOP_LEVEL: Intacct's strict rule.
    """
    if entity or not multi_base(ctx):
        return
    strict = str(ctx.company_rec.get("REQUIRE_ENTITY_AT_TOP_LEVEL", "false")).lower() == "true"
    foreign = bool(currency) and currency.upper() != str(ctx.company_rec.get("BASECURRENCY", "USD"))
    if foreign or strict:
        bases = sorted({str(e.get("CURRENCY")) for e in ctx.store.records(ctx.company, "LOCATIONENTITY")})
        raise errors.top_level_multi_base(bases)


def check_currency(ctx: Ctx, code: str) -> str:
    code = code.strip().upper()
    if code not in CURRENCIES:
        raise errors.unknown_currency(code)
    allowed = ctx.company_rec.get("CURRENCIES") or [ctx.company_rec.get("BASECURRENCY", "USD")]
    if code not in allowed:
        raise errors.currency_not_allowed(code, list(allowed))
    return code


def rate_types(ctx: Ctx) -> list[Record]:
    return sorted(
        ctx.store.records(ctx.company, "EXCHANGERATETYPES"), key=lambda r: int(r.get("RECORDNO") or 0)
    )


def resolve_type(ctx: Ctx, value: str) -> str:
    """A rate type given by name or ID → its name; empty means the company's default type."""
    wanted = value.strip()
    if not wanted:
        return str(ctx.company_rec.get("DEFAULT_RATE_TYPE") or DAILY_RATE)
    for t in rate_types(ctx):
        if wanted in (str(t.get("NAME")), str(t.get("ID"))):
            return str(t["NAME"])
    raise errors.invalid_reference("Exchange rate type", wanted)


def _table(ctx: Ctx) -> dict[tuple[str, str, str], list[tuple[dt.date, Decimal, Decimal]]]:
    """(type, from, to) → [(start date, rate, reciprocal)] sorted by date; memoised per request."""
    found: dict[tuple[str, str, str], list[tuple[dt.date, Decimal, Decimal]]] | None = ctx.cache.get("rates")
    if found is not None:
        return found
    table: dict[tuple[str, str, str], list[tuple[dt.date, Decimal, Decimal]]] = {}
    for rec in ctx.store.records(ctx.company, "EXCHANGERATE"):
        key = (str(rec.get("TYPENAME")), str(rec.get("FROM_CURRENCY")), str(rec.get("TO_CURRENCY")))
        rows = table.setdefault(key, [])
        for e in rate_entries(rec):
            start = parse_date(str(e.get("EFFECTIVE_START_DATE") or ""))
            if start is not None:
                rate = Decimal(str(e["EXCHANGE_RATE"]))
                recip = Decimal(str(e.get("RECIPROCAL_RATE") or 0)) or (ONE / rate)
                rows.append((start, rate, recip))
        rows.sort()
    ctx.cache["rates"] = table
    return table


def rate_entries(rec: Record) -> list[Record]:
    holder = rec.get("EXCHANGERATEENTRIES")
    entries = holder.get("EXCHANGERATEENTRY", []) if isinstance(holder, dict) else []
    return [e for e in entries if isinstance(e, dict)]


def lookup_rate(ctx: Ctx, rate_type: str, source: str, target: str, on: dt.date) -> Decimal | None:
    """The rate that turns one unit of ``source`` into ``target`` on a date, or None."""
    if source == target:
        return ONE
    table = _table(ctx)
    direct = table.get((rate_type, source, target))
    if direct:
        picked = [r for d, r, _ in direct if d <= on]
        return picked[-1] if picked else None
    inverse = table.get((rate_type, target, source))
    if inverse:
        picked = [recip for d, _, recip in inverse if d <= on]
        return picked[-1] if picked else None
    return None


def _decimal(value: Any, label: str) -> Decimal:
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise errors.bad_request(f"{label} must be a number, not {value!r}") from None
    if not d.is_finite() or d <= 0:
        raise errors.bad_request(f"{label} must be a positive number, not {value!r}")
    return d


def conversion(
    ctx: Ctx,
    entity: str,
    currency: Any,
    posting_date: str,
    rate_date: Any = "",
    rate_type: Any = "",
    rate: Any = "",
) -> Conversion:
    """Resolve a line's currency fields against its entity's base currency.

    Absent currency means the entity's base currency (rate 1, amounts unchanged). A given
    ``rate`` wins over the rate table; otherwise the table is read for the type and the rate date
    (the posting date when no rate date is given).
    """
    code = str(currency or "").strip()
    check_top_level(ctx, entity, code)
    base = entity_base(ctx, entity)
    if not code or code.upper() == base:
        return Conversion(base, base, ONE)
    code = check_currency(ctx, code)
    on_text = str(rate_date or "").strip() or posting_date
    on = parse_date(on_text)
    if on is None:
        raise errors.data_error(f"Invalid exchange rate date '{on_text}': dates must be MM/DD/YYYY")
    given = str(rate or "").strip()
    if given:
        return Conversion(
            code, base, _decimal(given, "EXCHANGE_RATE"), on.strftime("%m/%d/%Y"), str(rate_type or "")
        )
    type_name = resolve_type(ctx, str(rate_type or ""))
    found = lookup_rate(ctx, type_name, code, base, on)
    if found is None:
        raise errors.no_exchange_rate(code, base, type_name, on.strftime("%m/%d/%Y"))
    return Conversion(code, base, found, on.strftime("%m/%d/%Y"), type_name)
