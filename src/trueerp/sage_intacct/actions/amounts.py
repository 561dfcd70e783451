"""Transaction and base amounts as pages show them: the amount in the transaction's currency and
what it is in the books of the Intacct entity it landed in.

Intacct converts; TRUE shows the conversion it can see (an entered rate, or the cached rate table's
rate for the record's rate type and date) and says so when only Intacct knows the rate. One query
for a whole page of records: the mapping context (rates included) is cached per process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString

from trueerp.core.models import Company
from trueerp.financial.currencies import format_rate
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.services.context import load_context
from trueerp.sage_intacct.mapping.services.currency import Conversion, booked_conversion
from trueerp.sage_intacct.sync.models import TransactionSyncState


@dataclass(frozen=True)
class BookedAmount:
    """One record's total in its currency and in its entity's base currency."""

    entity_id: str
    total: Decimal
    conversion: Conversion

    @property
    def is_foreign(self) -> bool:
        return self.conversion.is_foreign

    @property
    def base_total(self) -> Decimal | None:
        return self.conversion.base_amount(self.total)

    @property
    def rate_text(self) -> str:
        c = self.conversion
        if not c.is_foreign:
            return f"{c.currency} is the base currency of {self.where}: no conversion"
        day = f"{c.rate_date:%m/%d/%Y}" if c.rate_date else ""
        if c.rate is not None:
            return f"1 {c.currency} = {format_rate(c.rate)} {c.base_currency} (rate entered on the transaction, {day})"
        if c.known_rate is not None:
            return f"1 {c.currency} = {format_rate(c.known_rate)} {c.base_currency} ({c.rate_type}, {day})"
        return f"{c.rate_type} on {day}: converted by Intacct (the rate is not in TRUE's cached rate table)"

    @property
    def where(self) -> str:
        return f"entity {self.entity_id}" if self.entity_id else "the top level"


def booked_amounts(company: Company, transactions: Sequence[Transaction]) -> dict[int, BookedAmount]:
    """The booked amounts of the records that are in Intacct (others are converted when they sync)."""
    entities = dict(
        TransactionSyncState.objects.filter(transaction__in=[t.pk for t in transactions])
        .exclude(intacct_key="")
        .values_list("transaction_id", "entity_id")
    )
    return booked_from_states(company, transactions, entities)


def booked_from_states(
    company: Company, transactions: Sequence[Transaction], entities: Mapping[int, str]
) -> dict[int, BookedAmount]:
    """The same from already-read sync states (``entities``: record → the entity it is booked in).

    The mapping context is loaded only when a record could be foreign, so a page of records in the
    company's own currency costs nothing more."""
    candidates = [t for t in transactions if t.pk in entities]
    if not candidates:
        return {}
    if all(t.currency == company.base_currency and not entities[t.pk] for t in candidates):
        return {t.pk: BookedAmount("", t.total, Conversion(t.currency, t.currency)) for t in candidates}
    context = load_context(company)
    return {
        t.pk: BookedAmount(entities[t.pk], t.total, booked_conversion(context, t, entities[t.pk]))
        for t in candidates
    }


def base_amount_html(booked: BookedAmount) -> SafeString:
    """A foreign record's base amount, with the rate in its tooltip."""
    base = booked.base_total
    return format_html(
        ' <span class="muted" style="white-space:nowrap" title="{}" data-base-amount="{}">{} {}</span>',
        booked.rate_text,
        base if base is not None else "",
        f"{base:,.2f}" if base is not None else "—",
        booked.conversion.base_currency,
    )
