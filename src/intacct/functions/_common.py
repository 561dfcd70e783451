"""Argument checks shared by the typed functions: amounts, dates and multi-currency terms.

Everything is checked when a function is built, so a bad amount, an impossible date or a
contradictory exchange rate fails before anything is sent, naming the argument at fault.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from intacct._xml import FieldValue, XmlWriter, format_decimal
from intacct.errors import InvalidArgumentError

__all__ = [
    "Amount",
    "ExchangeTerms",
    "check_amount",
    "check_date",
    "currency_fields",
    "exchange_terms",
    "write_custom_fields",
]

Amount = Decimal | int | str

_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")


def check_amount(value: Amount | None, what: str) -> Decimal | None:
    """Amounts are checked at construction, so a NaN never reaches the request builder."""
    if value is None:
        return None
    if isinstance(value, bool | float):
        raise InvalidArgumentError(f"{what} must be a Decimal, int or numeric string, not {value!r}")
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise InvalidArgumentError(f"{what} is not a number: {value!r}") from None
    format_decimal(number)
    return number


def check_date(value: date | str | None, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise InvalidArgumentError(f"{what} is not a valid date: {value!r}")


def write_custom_fields(writer: XmlWriter, custom_fields: Mapping[str, FieldValue] | None) -> None:
    """Legacy functions' ``<customfields>`` block (generic objects take custom fields inline)."""
    if not custom_fields:
        return
    writer.start("customfields")
    for name, value in custom_fields.items():
        writer.start("customfield")
        writer.text_element("customfieldname", name)
        writer.element("customfieldvalue", value)
        writer.end("customfield")
    writer.end("customfields")


@dataclass(frozen=True)
class ExchangeTerms:
    """A transaction currency and how Intacct converts it into the base currency.

    Intacct takes either a rate type (it looks the rate up for ``rate_date``, or for the
    document date) or a fixed ``rate``, never both. With a currency and neither, the official
    SDKs send an empty rate type, which selects the company's default rate type; so does this.
    """

    currency: str | None = None
    rate_date: date | None = None
    rate_type: str | None = None
    rate: Decimal | None = None

    @property
    def default_rate_type(self) -> bool:
        return self.currency is not None and self.rate_type is None and self.rate is None


def exchange_terms(
    currency: str | None,
    rate_date: date | str | None,
    rate_type: str | None,
    rate: Amount | None,
) -> ExchangeTerms:
    if currency is not None and not (isinstance(currency, str) and _CURRENCY_CODE.match(currency)):
        raise InvalidArgumentError(
            f"currency must be a three-letter ISO 4217 code in capitals such as 'EUR', got {currency!r}"
        )
    if rate is not None and rate_type is not None:
        raise InvalidArgumentError("give exchange_rate or exchange_rate_type, not both")
    if rate_type is not None and not (isinstance(rate_type, str) and rate_type.strip()):
        raise InvalidArgumentError("exchange_rate_type must be a rate type id such as 'Intacct Daily Rate'")
    checked_rate = check_amount(rate, "exchange_rate")
    if checked_rate is not None and checked_rate <= 0:
        raise InvalidArgumentError(f"exchange_rate must be greater than zero, got {rate!r}")
    return ExchangeTerms(currency, check_date(rate_date, "exchange_rate_date"), rate_type, checked_rate)


def currency_fields(
    currency: str,
    *,
    rate_date: date | str | None = None,
    rate_type: str | None = None,
    rate: Amount | None = None,
) -> dict[str, FieldValue]:
    """The multi-currency fields of a generic (3.0) record, e.g. a GLENTRY, APBILL or APPYMT.

    Merge them into the record: ``{**bill, **currency_fields("EUR", rate_type="Intacct Daily Rate")}``.
    """
    return generic_currency_fields(exchange_terms(currency, rate_date, rate_type, rate))


def generic_currency_fields(terms: ExchangeTerms) -> dict[str, FieldValue]:
    fields: dict[str, FieldValue] = {}
    if terms.currency is not None:
        fields["CURRENCY"] = terms.currency
    if terms.rate_date is not None:
        fields["EXCH_RATE_DATE"] = terms.rate_date
    if terms.rate_type is not None or terms.default_rate_type:
        fields["EXCH_RATE_TYPE_ID"] = terms.rate_type or ""
    elif terms.rate is not None:
        fields["EXCHANGE_RATE"] = terms.rate
    return fields
