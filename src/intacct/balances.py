"""Typed rows of the GL balance functions, with ``Decimal`` amounts.

``get_trialbalance`` answers ``<trialbalance>`` records and ``get_accountbalancesbydimensions``
``<accountbalance>`` records, all fields as text. These readers turn them into rows whose
amounts are ``Decimal``; a field Intacct sends that a row does not model is kept in ``extra``
(budget columns, for instance), so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from intacct._shapes import Record
from intacct.errors import ParseError
from intacct.response import Result
from intacct.values import to_decimal

__all__ = [
    "DIMENSION_ELEMENTS",
    "AccountBalanceRow",
    "TrialBalanceRow",
    "account_balance_rows",
    "trial_balance_rows",
]

# The dimension elements balance rows carry, as Intacct names them in the balance functions.
DIMENSION_ELEMENTS = (
    "departmentid",
    "locationid",
    "projectid",
    "taskid",
    "customerid",
    "vendorid",
    "employeeid",
    "itemid",
    "classid",
    "contractid",
    "warehouseid",
    "costtypeid",
)


@dataclass(frozen=True)
class TrialBalanceRow:
    gl_account_no: str
    start_balance: Decimal
    debits: Decimal
    credits: Decimal
    end_balance: Decimal
    department_id: str | None = None
    location_id: str | None = None
    reporting_book: str | None = None
    currency: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountBalanceRow:
    """``dimensions`` holds the dimension values of the row (``{"departmentid": "OPS", …}``),
    empty values left out."""

    gl_account_no: str
    start_balance: Decimal
    debits: Decimal
    credits: Decimal
    adj_debits: Decimal
    adj_credits: Decimal
    end_balance: Decimal
    currency: str | None = None
    reporting_book: str | None = None
    dimensions: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, str] = field(default_factory=dict)


def _texts(record: Record, element: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for name, value in record.items():
        if not isinstance(value, str):
            raise ParseError(f"<{element}> field <{name}> is not a plain value: {value!r}")
        texts[name] = value.strip()
    return texts


def _amount(texts: dict[str, str], name: str, element: str) -> Decimal:
    if name not in texts:
        raise ParseError(f"<{element}> record for account {texts.get('glaccountno')!r} has no <{name}>")
    try:
        amount = to_decimal(texts[name])
    except ValueError as exc:
        raise ParseError(f"<{element}> <{name}> is not an amount: {exc}") from None
    return Decimal(0) if amount is None else amount


def _records(result: Result, element: str) -> Iterable[dict[str, str]]:
    for record in result.raise_for_status().data:
        if set(record) == {"#text"}:
            raise ParseError(f"expected <{element}> records, got text {record['#text']!r}")
        texts = _texts(record, element)
        if not texts.get("glaccountno"):
            raise ParseError(f"<{element}> record without a <glaccountno>: {record!r}")
        yield texts


def _rest(texts: dict[str, str], modelled: Iterable[str]) -> dict[str, str]:
    known = set(modelled)
    return {name: value for name, value in texts.items() if name not in known}


_TRIAL_FIELDS = (
    "glaccountno",
    "startbalance",
    "debits",
    "credits",
    "endbalance",
    "departmentid",
    "locationid",
    "reportingbook",
    "currency",
)


def trial_balance_rows(result: Result) -> list[TrialBalanceRow]:
    """The rows of a ``get_trialbalance`` result; a failed result raises its error."""
    element = "trialbalance"
    return [
        TrialBalanceRow(
            gl_account_no=texts["glaccountno"],
            start_balance=_amount(texts, "startbalance", element),
            debits=_amount(texts, "debits", element),
            credits=_amount(texts, "credits", element),
            end_balance=_amount(texts, "endbalance", element),
            department_id=texts.get("departmentid") or None,
            location_id=texts.get("locationid") or None,
            reporting_book=texts.get("reportingbook") or None,
            currency=texts.get("currency") or None,
            extra=_rest(texts, _TRIAL_FIELDS),
        )
        for texts in _records(result, element)
    ]


_ACCOUNT_FIELDS = (
    "glaccountno",
    "startbalance",
    "debits",
    "credits",
    "adjdebits",
    "adjcredits",
    "endbalance",
    "currency",
    "reportingbook",
    *DIMENSION_ELEMENTS,
)


def account_balance_rows(result: Result) -> list[AccountBalanceRow]:
    """The rows of a ``get_accountbalancesbydimensions`` (or ``get_accountbalances``) result."""
    element = "accountbalance"
    return [
        AccountBalanceRow(
            gl_account_no=texts["glaccountno"],
            start_balance=_amount(texts, "startbalance", element),
            debits=_amount(texts, "debits", element),
            credits=_amount(texts, "credits", element),
            adj_debits=_amount(texts, "adjdebits", element),
            adj_credits=_amount(texts, "adjcredits", element),
            end_balance=_amount(texts, "endbalance", element),
            currency=texts.get("currency") or None,
            reporting_book=texts.get("reportingbook") or None,
            dimensions={name: texts[name] for name in DIMENSION_ELEMENTS if texts.get(name)},
            extra=_rest(texts, _ACCOUNT_FIELDS),
        )
        for texts in _records(result, element)
    ]
