"""Currency of a posting: the transaction's currency against the base currency of the Intacct entity
it lands in, and how Intacct is to convert it.

Intacct converts every line from the transaction currency (``TRX_AMOUNT``) to the entity's base
currency (``AMOUNT``) itself, at an exchange rate sent with the record (``EXCHANGE_RATE``) or at the
rate its rate table gives for a rate type on a date (``EXCH_RATE_TYPE_ID`` + ``EXCH_RATE_DATE``).
When the currencies are equal nothing about currency is sent, so single-currency companies send
exactly what they always sent. The checks refuse, before any API call, what Intacct would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from trueerp.financial import currencies
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.services.context import MappingContext

# Every Intacct company has it; it is hidden from the API's list of rate types.
INTACCT_DAILY_RATE = "Intacct Daily Rate"
SETTINGS_HINT = "Settings > Sage Intacct"


@dataclass(frozen=True)
class Conversion:
    """How a record's amounts reach the entity's books. ``rate`` is an entered rate; otherwise
    ``rate_type`` names the table Intacct takes the rate from on ``rate_date``. ``known_rate`` is the
    rate TRUE can see (entered, or from the cached rate table) to show base amounts; None when only
    Intacct knows it."""

    currency: str
    base_currency: str
    rate_type: str = ""
    rate: Decimal | None = None
    rate_date: dt.date | None = None
    known_rate: Decimal | None = None

    @property
    def is_foreign(self) -> bool:
        return bool(self.base_currency) and self.currency != self.base_currency

    def base_amount(self, amount: Decimal) -> Decimal | None:
        if not self.is_foreign:
            return amount
        return currencies.convert(amount, self.known_rate) if self.known_rate is not None else None


def _where(entity: str) -> str:
    return f"entity {entity}" if entity else "the top level"


def _listing(context: MappingContext, entities: set[str]) -> str:
    return ", ".join(f"{e}: {context.entity_currencies[e]}" for e in sorted(entities))


def base_currency_of(
    context: MappingContext, entity_id: str, currency: str, line_entities: Sequence[str] = ()
) -> tuple[str, str | None]:
    """The base currency the record is booked in and, if Intacct would refuse it because of currency,
    why. In an entity it is the entity's. At the top level it is the company's, and when the entities
    keep their books in different base currencies Intacct takes there only amounts in the company's
    base currency, on lines that each belong to an entity (it converts each line to its entity's)."""
    if entity_id:
        return context.entity_currencies.get(entity_id, ""), None
    active = {e for e, c in context.entity_currencies.items() if c and context.entities.get(e, False)}
    bases = {context.entity_currencies[e] for e in active}
    top = context.company_base_currency
    if len(bases) <= 1:
        return (next(iter(bases)) if bases else top), None
    several = (
        f"the top level of an Intacct company whose entities have different base currencies "
        f"({', '.join(f'{e}: {context.entity_currencies[e]}' for e in sorted(active))})"
    )
    where_to = (
        f"post it to an entity: add an entity-mapping rule or set a default entity in {SETTINGS_HINT} > "
        "Entity mapping"
    )
    if currency != top:
        return "", (
            f"This transaction is in {currency} and posts to {several}; there Intacct books amounts only in "
            f"the company's base currency, {top}. Enter it in {top}, or {where_to}."
        )
    unplaced = [n for n, e in enumerate(line_entities, 1) if e not in active]
    if unplaced or not line_entities:
        which = f"line {unplaced[0]} is in no entity" if unplaced else "it has no line in an entity"
        return "", (
            f"This transaction posts to {several}, and {which}, so Intacct cannot tell whose books it goes "
            f"to. Give every line a branch that maps to a location of an entity, or {where_to}."
        )
    return top, None


def conversion_for(
    context: MappingContext,
    txn: Transaction,
    entity_id: str,
    line_entities: Sequence[str],
    problems: list[str],
) -> Conversion:
    """Decide how the record is converted; append every problem Intacct would refuse it for."""
    code = txn.currency
    unknown = currencies.currency_problem(code)
    if unknown is not None:
        problems.append(
            f"The transaction's currency: {unknown} Change the currency on the transaction in Financial."
        )
        return Conversion(code, "")
    base, refusal = base_currency_of(context, entity_id, code, line_entities)
    if refusal is not None:
        problems.append(refusal)
        return Conversion(code, "")
    if not base or base == code:
        return Conversion(code, base)
    if context.currencies and code not in context.currencies:
        problems.append(
            f"Currency {code} is not set up in Intacct: its exchange-rate table has no {code} rate at all. "
            f"Enable {code} as a transaction currency in Intacct (Company > Setup > Configure multi-currency) "
            f"with its rates and refresh reference data in {SETTINGS_HINT}, or enter the transaction in another "
            "currency."
        )
        return Conversion(code, base)
    allowed = context.entity_allowed_currencies.get(entity_id, ())
    if allowed and code not in allowed:
        problems.append(
            f"{_where(entity_id)[0].upper()}{_where(entity_id)[1:]} (base currency {base}) does not allow transactions in {code} "
            f"(it allows {', '.join(sorted(allowed))}). Enter the transaction in an allowed currency, post it "
            f"to another entity through the entity-mapping rules in {SETTINGS_HINT}, or allow {code} for the "
            "entity in Intacct and refresh reference data."
        )
    rate_date = txn.rate_date
    if txn.exchange_rate is not None:
        return Conversion(
            code, base, rate=txn.exchange_rate, rate_date=rate_date, known_rate=txn.exchange_rate
        )
    rate_type = txn.exchange_rate_type or context.default_rate_type or INTACCT_DAILY_RATE
    if context.rate_types and rate_type != INTACCT_DAILY_RATE and rate_type not in context.rate_types:
        found = ", ".join(sorted(context.rate_types)) or "none"
        problems.append(
            f"Rate type '{rate_type}' does not exist in Intacct (rate types found: {found}). Correct the rate "
            "type on the transaction, or create it in Intacct (Company > Setup > Multi-currency > Exchange rate "
            f"types) and refresh reference data in {SETTINGS_HINT}."
        )
        return Conversion(code, base, rate_type=rate_type, rate_date=rate_date)
    known = context.rate_on(rate_type, code, base, rate_date)
    if known is None and context.has_rate_table(rate_type):
        problems.append(
            f"Intacct has no {rate_type} rate from {code} to {base} on or before {rate_date:%m/%d/%Y}, so it "
            f"cannot convert this transaction to {_where(entity_id)}'s base currency. Add the rate in Intacct "
            "(Company > Setup > Multi-currency > Exchange rates) and refresh reference data, enter an exchange "
            "rate on the transaction, or choose another rate type."
        )
    return Conversion(code, base, rate_type=rate_type, rate_date=rate_date, known_rate=known)


def payment_currency_problem(txn: Transaction) -> str | None:
    """Intacct applies a payment only in the currency of the document it pays."""
    applied = txn.applies_to
    if applied is None or applied.currency == txn.currency:
        return None
    return (
        f"{txn} is in {txn.currency} but pays {applied}, which is in {applied.currency}; Intacct applies a "
        f"payment only in its document's currency. Enter the payment in {applied.currency}."
    )


def booked_conversion(context: MappingContext, txn: Transaction, entity_id: str) -> Conversion:
    """How a record already in Intacct (in ``entity_id``) was converted, as far as TRUE can see:
    its entered rate, or the cached table's rate for its rate type and date (None if not cached)."""
    if entity_id:
        base = context.entity_currencies.get(entity_id, "")
    else:
        bases = {c for e, c in context.entity_currencies.items() if c and context.entities.get(e, False)}
        base = next(iter(bases)) if len(bases) == 1 else context.company_base_currency
    if not base or base == txn.currency:
        return Conversion(txn.currency, base)
    if txn.exchange_rate is not None:
        rate = txn.exchange_rate
        return Conversion(txn.currency, base, rate=rate, rate_date=txn.rate_date, known_rate=rate)
    rate_type = txn.exchange_rate_type or context.default_rate_type or INTACCT_DAILY_RATE
    known = context.rate_on(rate_type, txn.currency, base, txn.rate_date)
    return Conversion(txn.currency, base, rate_type=rate_type, rate_date=txn.rate_date, known_rate=known)
