"""Typed journal entries (GLBATCH with GLENTRY lines) and AP payments (APPYMT), multi-currency.

Both are generic (3.0) objects, so these classes build the same ``create``/``update`` XML as
:class:`~intacct.functions.Create` with a dict would, in the element order of the official SDKs,
after checking every argument. Amounts are ``Decimal`` in the line's (or payment's) currency;
Intacct converts them with the exchange terms given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar

from intacct._xml import Fields, FieldValue
from intacct.errors import InvalidArgumentError
from intacct.functions._common import (
    Amount,
    ExchangeTerms,
    check_amount,
    check_date,
    exchange_terms,
    generic_currency_fields,
)
from intacct.functions.generic import Create, Update

__all__ = [
    "ApPaymentDetail",
    "CreateApPayment",
    "CreateJournalEntry",
    "JournalEntryLine",
    "UpdateJournalEntry",
]

# (attribute, GLENTRY field) in the order the official SDKs write them; GL lines say LOCATION
# and DEPARTMENT where documents say LOCATIONID and DEPARTMENTID.
_LINE_DIMENSIONS = (
    ("location_id", "LOCATION"),
    ("department_id", "DEPARTMENT"),
    ("project_id", "PROJECTID"),
    ("task_id", "TASKID"),
    ("cost_type_id", "COSTTYPEID"),
    ("customer_id", "CUSTOMERID"),
    ("vendor_id", "VENDORID"),
    ("employee_id", "EMPLOYEEID"),
    ("item_id", "ITEMID"),
    ("class_id", "CLASSID"),
    ("contract_id", "CONTRACTID"),
    ("warehouse_id", "WAREHOUSEID"),
)
_STATES = ("Draft", "Posted")


def _required_text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(f"{what} is required")
    return value


@dataclass(frozen=True)
class JournalEntryLine:
    """One GLENTRY. ``amount`` is signed: positive debits, negative credits the account.

    ``custom_fields`` are written inline after the memo: custom line fields and user-defined
    dimensions (``GLDIM<NAME>``, e.g. ``{"GLDIMFUND": "F1"}``).
    """

    account_no: str
    amount: Amount
    memo: str | None = None
    currency: str | None = None
    exchange_rate_date: date | str | None = None
    exchange_rate_type: str | None = None
    exchange_rate: Amount | None = None
    document: str | None = None
    allocation: str | None = None
    location_id: str | None = None
    department_id: str | None = None
    project_id: str | None = None
    task_id: str | None = None
    cost_type_id: str | None = None
    customer_id: str | None = None
    vendor_id: str | None = None
    employee_id: str | None = None
    item_id: str | None = None
    class_id: str | None = None
    contract_id: str | None = None
    warehouse_id: str | None = None
    custom_fields: Mapping[str, FieldValue] | None = None
    terms: ExchangeTerms = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _required_text(self.account_no, "account_no")
        object.__setattr__(self, "amount", check_amount(self.amount, "line amount"))
        if self.amount is None:
            raise InvalidArgumentError("line amount is required")
        terms = exchange_terms(
            self.currency, self.exchange_rate_date, self.exchange_rate_type, self.exchange_rate
        )
        object.__setattr__(self, "terms", terms)
        if self.allocation is not None and any(getattr(self, name) for name, _ in _LINE_DIMENSIONS):
            raise InvalidArgumentError(
                "an allocation sets the line's dimensions: give allocation or dimensions, not both"
            )

    @property
    def debit(self) -> bool:
        return Decimal(self.amount) >= 0

    def fields(self) -> Fields:
        amount = Decimal(self.amount)
        pairs: list[tuple[str, FieldValue]] = [
            ("DOCUMENT", self.document),
            ("ACCOUNTNO", self.account_no),
            ("TR_TYPE", 1 if amount >= 0 else -1),
            ("TRX_AMOUNT", abs(amount)),
            *generic_currency_fields(self.terms).items(),
            ("ALLOCATION", self.allocation),
            *((element, getattr(self, name)) for name, element in _LINE_DIMENSIONS),
            ("DESCRIPTION", self.memo),
            *(self.custom_fields or {}).items(),
        ]
        return Fields(pairs)


def _journal_record(
    journal: str,
    posting_date: date | str,
    description: str,
    lines: Sequence[JournalEntryLine],
    *,
    reverse_date: date | str | None,
    history_comment: str | None,
    reference_no: str | None,
    source_entity_id: str | None,
    supdoc_id: str | None,
    state: str | None,
    custom_fields: Mapping[str, FieldValue] | None,
) -> list[tuple[str, FieldValue]]:
    _required_text(journal, "journal")
    _required_text(description, "description")
    if not lines:
        raise InvalidArgumentError("a journal entry needs at least one line")
    for line in lines:
        if not isinstance(line, JournalEntryLine):
            raise InvalidArgumentError(
                f"journal entry lines must be JournalEntryLine, not {type(line).__name__}"
            )
    if state is not None and state not in _STATES:
        raise InvalidArgumentError(f"state must be one of {', '.join(_STATES)}, not {state!r}")
    if len({line.terms.currency for line in lines}) == 1:
        # One currency throughout: debits must equal credits in it. Mixed currencies balance
        # only after conversion, which Intacct does.
        total = sum((Decimal(line.amount) for line in lines), Decimal(0))
        if total != 0:
            raise InvalidArgumentError(
                f"journal entry lines do not balance: debits exceed credits by {total}"
            )
    posted = check_date(posting_date, "posting_date")
    reverse = check_date(reverse_date, "reverse_date")
    if posted is None:
        raise InvalidArgumentError("posting_date is required")
    if reverse is not None and reverse <= posted:
        raise InvalidArgumentError("reverse_date must be after posting_date")
    return [
        ("JOURNAL", journal),
        ("BATCH_DATE", posted),
        ("REVERSEDATE", reverse),
        ("BATCH_TITLE", description),
        ("HISTORY_COMMENT", history_comment),
        ("REFERENCENO", reference_no),
        ("BASELOCATION_NO", source_entity_id),
        ("SUPDOCID", supdoc_id),
        ("STATE", state),
        *(custom_fields or {}).items(),
        ("ENTRIES", {"GLENTRY": [line.fields() for line in lines]}),
    ]


class CreateJournalEntry(Create):
    """Create a GLBATCH; ``source_entity_id`` is ``BASELOCATION_NO`` (the originating entity)."""

    def __init__(
        self,
        journal: str,
        posting_date: date | str,
        description: str,
        lines: Sequence[JournalEntryLine],
        *,
        reference_no: str | None = None,
        reverse_date: date | str | None = None,
        history_comment: str | None = None,
        source_entity_id: str | None = None,
        supdoc_id: str | None = None,
        state: str | None = None,
        custom_fields: Mapping[str, FieldValue] | None = None,
        control_id: str | None = None,
    ) -> None:
        self.lines = list(lines)
        record = _journal_record(
            journal,
            posting_date,
            description,
            self.lines,
            reverse_date=reverse_date,
            history_comment=history_comment,
            reference_no=reference_no,
            source_entity_id=source_entity_id,
            supdoc_id=supdoc_id,
            state=state,
            custom_fields=custom_fields,
        )
        super().__init__("GLBATCH", Fields(record), control_id=control_id)


class UpdateJournalEntry(Update):
    """Replace a GLBATCH: Intacct replaces its lines with the ones given."""

    def __init__(
        self,
        record_no: int | str,
        journal: str,
        posting_date: date | str,
        description: str,
        lines: Sequence[JournalEntryLine],
        *,
        reference_no: str | None = None,
        reverse_date: date | str | None = None,
        history_comment: str | None = None,
        source_entity_id: str | None = None,
        supdoc_id: str | None = None,
        state: str | None = None,
        custom_fields: Mapping[str, FieldValue] | None = None,
        control_id: str | None = None,
    ) -> None:
        if not str(record_no).strip():
            raise InvalidArgumentError("record_no is required")
        self.lines = list(lines)
        record = _journal_record(
            journal,
            posting_date,
            description,
            self.lines,
            reverse_date=reverse_date,
            history_comment=history_comment,
            reference_no=reference_no,
            source_entity_id=source_entity_id,
            supdoc_id=supdoc_id,
            state=state,
            custom_fields=custom_fields,
        )
        super().__init__("GLBATCH", Fields([("RECORDNO", str(record_no)), *record]), control_id=control_id)


@dataclass(frozen=True)
class ApPaymentDetail:
    """Pay ``amount`` of bill ``bill_record_no`` (optionally one line of it, ``line_record_no``)."""

    bill_record_no: int | str
    amount: Amount
    line_record_no: int | str | None = None
    discount_date: date | str | None = None

    def __post_init__(self) -> None:
        if not str(self.bill_record_no).strip():
            raise InvalidArgumentError("bill_record_no is required")
        object.__setattr__(self, "amount", check_amount(self.amount, "payment amount"))
        if self.amount is None or Decimal(self.amount) <= 0:
            raise InvalidArgumentError(f"payment amount must be greater than zero, got {self.amount!r}")
        object.__setattr__(self, "discount_date", check_date(self.discount_date, "discount_date"))

    def fields(self) -> Fields:
        return Fields(
            [
                ("RECORDKEY", str(self.bill_record_no)),
                ("ENTRYKEY", None if self.line_record_no is None else str(self.line_record_no)),
                ("DISCOUNTDATE", self.discount_date),
                ("TRX_PAYMENTAMOUNT", self.amount),
            ]
        )


class CreateApPayment(Create):
    """Create an APPYMT paying one or more bills, from ``bank_account_id`` (``FINANCIALENTITY``).

    ``currency`` is the transaction currency; ``amount_to_pay`` (``AMOUNTTOPAY``) is only for a
    bank account in another currency than the bills.
    """

    ACTIONS: ClassVar[tuple[str, ...]] = ("Draft", "Submit")

    def __init__(
        self,
        vendor_id: str,
        payment_method: str,
        bank_account_id: str,
        payment_date: date | str,
        details: Sequence[ApPaymentDetail],
        *,
        document_no: str | None = None,
        memo: str | None = None,
        currency: str | None = None,
        base_currency: str | None = None,
        exchange_rate_date: date | str | None = None,
        exchange_rate_type: str | None = None,
        exchange_rate: Amount | None = None,
        amount_to_pay: Amount | None = None,
        action: str | None = None,
        control_id: str | None = None,
    ) -> None:
        _required_text(vendor_id, "vendor_id")
        _required_text(payment_method, "payment_method")
        _required_text(bank_account_id, "bank_account_id")
        if not details:
            raise InvalidArgumentError("an AP payment needs at least one bill to pay")
        if action is not None and action not in self.ACTIONS:
            raise InvalidArgumentError(f"action must be one of {', '.join(self.ACTIONS)}, not {action!r}")
        paid = check_date(payment_date, "payment_date")
        terms = exchange_terms(currency, exchange_rate_date, exchange_rate_type, exchange_rate)
        base = exchange_terms(base_currency, None, None, None).currency
        self.details = list(details)
        rates = generic_currency_fields(terms)
        record = Fields(
            [
                ("PAYMENTMETHOD", payment_method),
                ("FINANCIALENTITY", bank_account_id),
                ("VENDORID", vendor_id),
                ("EXCH_RATE_DATE", rates.pop("EXCH_RATE_DATE", None)),
                ("EXCH_RATE_TYPE_ID", rates.pop("EXCH_RATE_TYPE_ID", None)),
                ("EXCHANGE_RATE", rates.pop("EXCHANGE_RATE", None)),
                ("DOCNUMBER", document_no),
                ("DESCRIPTION", memo),
                ("PAYMENTDATE", paid),
                ("CURRENCY", terms.currency),
                ("BASECURR", base),
                ("AMOUNTTOPAY", check_amount(amount_to_pay, "amount_to_pay")),
                ("ACTION", action),
                ("APPYMTDETAILS", {"APPYMTDETAIL": [detail.fields() for detail in self.details]}),
            ]
        )
        super().__init__("APPYMT", record, control_id=control_id)
