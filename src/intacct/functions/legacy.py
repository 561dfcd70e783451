"""Legacy (2.1-style) functions that Intacct still only offers in this form.

Legacy schemas validate element order, so each function writes its elements in DTD order from a
declared list; dates are written as ``<year>/<month>/<day>`` children.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from intacct._function import Function
from intacct._xml import FieldValue, XmlWriter
from intacct.errors import InvalidArgumentError
from intacct.functions._common import (
    Amount,
    check_amount,
    check_date,
    exchange_terms,
    write_custom_fields,
)

__all__ = [
    "ArPaymentItem",
    "BillLine",
    "CreateArPayment",
    "CreateBill",
    "CreateInvoice",
    "InvoiceLine",
]

# Kept under their old names: ledger.py and callers import them from here.
_amount = check_amount
_date = check_date
_custom_fields = write_custom_fields


# (dataclass attribute, element) pairs in DTD order, except that amount is moved by _write_line.
_LINE_HEAD = (
    ("amount", "amount"),
    ("gl_account_no", "glaccountno"),
    ("account_label", "accountlabel"),
    ("offset_gl_account_no", "offsetglaccountno"),
    ("allocation_id", "allocationid"),
    ("memo", "memo"),
    ("location_id", "locationid"),
    ("department_id", "departmentid"),
    ("key", "key"),
    ("total_paid", "totalpaid"),
    ("total_due", "totaldue"),
    ("custom_fields", "customfields"),
)
_LINE_DIMENSIONS = (
    ("project_id", "projectid"),
    ("customer_id", "customerid"),
    ("vendor_id", "vendorid"),
    ("employee_id", "employeeid"),
    ("item_id", "itemid"),
    ("class_id", "classid"),
    ("contract_id", "contractid"),
    ("warehouse_id", "warehouseid"),
)
_INVOICE_LINE_ELEMENTS = (
    *_LINE_HEAD,
    ("revrec_template", "revrectemplate"),
    ("defrev_account", "defrevaccount"),
    ("revrec_start_date", "revrecstartdate"),
    ("revrec_end_date", "revrecenddate"),
    *_LINE_DIMENSIONS,
)
_BILL_LINE_ELEMENTS = (*_LINE_HEAD, *_LINE_DIMENSIONS, ("billable", "billable"))


@dataclass(frozen=True)
class InvoiceLine:
    amount: Amount | None = None
    gl_account_no: str | None = None
    account_label: str | None = None
    offset_gl_account_no: str | None = None
    allocation_id: str | None = None
    memo: str | None = None
    location_id: str | None = None
    department_id: str | None = None
    key: str | None = None
    total_paid: Amount | None = None
    total_due: Amount | None = None
    custom_fields: Mapping[str, FieldValue] | None = None
    revrec_template: str | None = None
    defrev_account: str | None = None
    revrec_start_date: date | None = None
    revrec_end_date: date | None = None
    project_id: str | None = None
    customer_id: str | None = None
    vendor_id: str | None = None
    employee_id: str | None = None
    item_id: str | None = None
    class_id: str | None = None
    contract_id: str | None = None
    warehouse_id: str | None = None

    def __post_init__(self) -> None:
        _line_checks(self)

    def write(self, writer: XmlWriter) -> None:
        _write_line(writer, self)


@dataclass(frozen=True)
class BillLine:
    amount: Amount | None = None
    gl_account_no: str | None = None
    account_label: str | None = None
    offset_gl_account_no: str | None = None
    allocation_id: str | None = None
    memo: str | None = None
    location_id: str | None = None
    department_id: str | None = None
    key: str | None = None
    total_paid: Amount | None = None
    total_due: Amount | None = None
    custom_fields: Mapping[str, FieldValue] | None = None
    project_id: str | None = None
    customer_id: str | None = None
    vendor_id: str | None = None
    employee_id: str | None = None
    item_id: str | None = None
    class_id: str | None = None
    contract_id: str | None = None
    warehouse_id: str | None = None
    billable: bool | None = None

    def __post_init__(self) -> None:
        _line_checks(self)

    def write(self, writer: XmlWriter) -> None:
        _write_line(writer, self)


def _write_line(writer: XmlWriter, line: InvoiceLine | BillLine) -> None:
    writer.start("lineitem")
    # The DTD puts the account first and the amount after the offset account, while the
    # dataclass puts amount first because it is the one required argument.
    elements = _INVOICE_LINE_ELEMENTS if isinstance(line, InvoiceLine) else _BILL_LINE_ELEMENTS
    writer.element("glaccountno", line.gl_account_no)
    writer.element("accountlabel", line.account_label)
    for attribute, element in elements[3:]:
        value = getattr(line, attribute)
        if attribute == "custom_fields":
            _custom_fields(writer, value)
        else:
            writer.element(element, value)
        if attribute == "offset_gl_account_no":
            writer.element("amount", line.amount)
    writer.end("lineitem")


def _line_checks(line: InvoiceLine | BillLine) -> None:
    object.__setattr__(line, "amount", _amount(line.amount, "line amount"))
    if line.amount is None:
        raise InvalidArgumentError("line amount is required")
    for name in ("total_paid", "total_due"):
        object.__setattr__(line, name, _amount(getattr(line, name), name))
    if bool(line.gl_account_no) == bool(line.account_label):
        raise InvalidArgumentError("give exactly one of gl_account_no and account_label")


class _LegacyDocument(Function):
    writes = True
    idempotent = False
    legacy_dates = True

    def _header(self, writer: XmlWriter, items: Sequence[tuple[str, FieldValue]]) -> None:
        for name, value in items:
            writer.element(name, value)


def _currency(
    base_currency: str | None,
    currency: str | None,
    exchange_rate_date: date | str | None,
    exchange_rate_type: str | None,
    exchange_rate: Amount | None,
) -> list[tuple[str, FieldValue]]:
    """The multi-currency elements every legacy AR/AP document shares, in DTD order.

    As in the official SDKs, a currency without a rate type or rate sends an empty
    ``<exchratetype>``, which selects the company's default rate type.
    """
    terms = exchange_terms(currency, exchange_rate_date, exchange_rate_type, exchange_rate)
    base = exchange_terms(base_currency, None, None, None).currency
    default_type = (base is not None or terms.currency is not None) and not (terms.rate_type or terms.rate)
    return [
        ("basecurr", base),
        ("currency", terms.currency),
        ("exchratedate", terms.rate_date),
        ("exchratetype", "" if default_type else terms.rate_type),
        ("exchrate", terms.rate),
    ]


def _contact(name: str | None) -> FieldValue:
    return None if name is None else {"contactname": name}


class _LineDocument(_LegacyDocument):
    """An invoice or bill: header elements, custom fields, then the line items."""

    items_element: ClassVar[str]
    noun: ClassVar[str]
    header: list[tuple[str, FieldValue]]
    lines: list[InvoiceLine | BillLine]
    custom_fields: Mapping[str, FieldValue] | None

    def _document(
        self,
        party: tuple[str, str],
        lines: Sequence[InvoiceLine] | Sequence[BillLine],
        date_created: date | str,
        date_posted: date | str | None,
        date_due: date | str | None,
        term_name: str | None,
        custom_fields: Mapping[str, FieldValue] | None,
    ) -> list[tuple[str, FieldValue]]:
        """Shared checks; returns the header's leading elements (party and dates)."""
        element, party_id = party
        if not party_id:
            raise InvalidArgumentError(f"{element.removesuffix('id')}_id is required")
        if not lines:
            raise InvalidArgumentError(f"{self.noun} needs at least one line")
        if date_due is None and term_name is None:
            raise InvalidArgumentError("give date_due or term_name")
        self.lines = [*lines]
        self.custom_fields = custom_fields
        return [
            party,
            ("datecreated", _date(date_created, "date_created")),
            ("dateposted", _date(date_posted, "date_posted")),
            ("datedue", _date(date_due, "date_due")),
            ("termname", term_name),
        ]

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        self._header(writer, self.header)
        _custom_fields(writer, self.custom_fields)
        writer.start(self.items_element)
        for line in self.lines:
            line.write(writer)
        writer.end(self.items_element)
        writer.end(self.element)


class CreateInvoice(_LineDocument):
    """AR invoice: Intacct offers create only as the legacy ``create_invoice``."""

    element = "create_invoice"
    items_element = "invoiceitems"
    noun = "an invoice"

    def __init__(
        self,
        customer_id: str,
        date_created: date | str,
        lines: Sequence[InvoiceLine],
        *,
        date_posted: date | str | None = None,
        date_due: date | str | None = None,
        term_name: str | None = None,
        action: str | None = None,
        batch_key: int | str | None = None,
        invoice_no: str | None = None,
        po_number: str | None = None,
        on_hold: bool | None = None,
        description: str | None = None,
        external_id: str | None = None,
        bill_to_contact: str | None = None,
        ship_to_contact: str | None = None,
        base_currency: str | None = None,
        currency: str | None = None,
        exchange_rate_date: date | str | None = None,
        exchange_rate_type: str | None = None,
        exchange_rate: Amount | None = None,
        no_gl: bool | None = None,
        supdoc_id: str | None = None,
        tax_solution_id: str | None = None,
        custom_fields: Mapping[str, FieldValue] | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(control_id=control_id)
        if action is not None and action not in ("Draft", "Submit"):
            raise InvalidArgumentError("action must be Draft or Submit")
        self.customer_id = customer_id
        leading = self._document(
            ("customerid", customer_id), lines, date_created, date_posted, date_due, term_name, custom_fields
        )
        self.header = [
            *leading,
            ("action", action),
            ("batchkey", batch_key),
            ("invoiceno", invoice_no),
            ("ponumber", po_number),
            ("onhold", on_hold),
            ("description", description),
            ("externalid", external_id),
            ("billto", _contact(bill_to_contact)),
            ("shipto", _contact(ship_to_contact)),
            *_currency(base_currency, currency, exchange_rate_date, exchange_rate_type, exchange_rate),
            ("nogl", no_gl),
            ("supdocid", supdoc_id),
            ("taxsolutionid", tax_solution_id),
        ]


class CreateBill(_LineDocument):
    """AP bill as the official SDKs' BillCreate sends it (legacy ``create_bill``)."""

    element = "create_bill"
    items_element = "billitems"
    noun = "a bill"

    def __init__(
        self,
        vendor_id: str,
        date_created: date | str,
        lines: Sequence[BillLine],
        *,
        date_posted: date | str | None = None,
        date_due: date | str | None = None,
        term_name: str | None = None,
        action: str | None = None,
        batch_key: int | str | None = None,
        bill_no: str | None = None,
        po_number: str | None = None,
        on_hold: bool | None = None,
        description: str | None = None,
        external_id: str | None = None,
        pay_to_contact: str | None = None,
        return_to_contact: str | None = None,
        base_currency: str | None = None,
        currency: str | None = None,
        exchange_rate_date: date | str | None = None,
        exchange_rate_type: str | None = None,
        exchange_rate: Amount | None = None,
        no_gl: bool | None = None,
        supdoc_id: str | None = None,
        custom_fields: Mapping[str, FieldValue] | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(control_id=control_id)
        leading = self._document(
            ("vendorid", vendor_id), lines, date_created, date_posted, date_due, term_name, custom_fields
        )
        self.header = [
            *leading,
            ("action", action),
            ("batchkey", batch_key),
            ("billno", bill_no),
            ("ponumber", po_number),
            ("onhold", on_hold),
            ("description", description),
            ("externalid", external_id),
            ("payto", _contact(pay_to_contact)),
            ("returnto", _contact(return_to_contact)),
            *_currency(base_currency, currency, exchange_rate_date, exchange_rate_type, exchange_rate),
            ("nogl", no_gl),
            ("supdocid", supdoc_id),
        ]


@dataclass(frozen=True)
class ArPaymentItem:
    invoice_key: int | str
    amount: Amount

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _amount(self.amount, "applied amount"))


class CreateArPayment(_LegacyDocument):
    """AR payment: create exists only as the legacy ``create_arpayment``."""

    element = "create_arpayment"

    def __init__(
        self,
        customer_id: str,
        payment_amount: Amount,
        received_date: date | str,
        payment_method: str,
        *,
        bank_account_id: str | None = None,
        undeposited_funds_account: str | None = None,
        batch_key: int | str | None = None,
        translated_amount: Amount | None = None,
        reference_id: str | None = None,
        overpayment_location_id: str | None = None,
        overpayment_department_id: str | None = None,
        base_currency: str | None = None,
        currency: str | None = None,
        exchange_rate_date: date | str | None = None,
        exchange_rate_type: str | None = None,
        exchange_rate: Amount | None = None,
        credit_card_type: str | None = None,
        auth_code: str | None = None,
        apply_to: Sequence[ArPaymentItem] = (),
        control_id: str | None = None,
    ) -> None:
        super().__init__(control_id=control_id)
        if not customer_id:
            raise InvalidArgumentError("customer_id is required")
        if not payment_method:
            raise InvalidArgumentError("payment_method is required")
        deposit_targets = [
            v for v in (bank_account_id, undeposited_funds_account, batch_key) if v is not None
        ]
        if len(deposit_targets) != 1:
            raise InvalidArgumentError(
                "give exactly one of bank_account_id, undeposited_funds_account, batch_key"
            )
        self.apply_to = list(apply_to)
        self.header: list[tuple[str, FieldValue]] = [
            ("customerid", customer_id),
            ("paymentamount", _amount(payment_amount, "payment_amount")),
            ("translatedamount", _amount(translated_amount, "translated_amount")),
            ("batchkey", batch_key),
            ("bankaccountid", bank_account_id),
            ("undepfundsacct", undeposited_funds_account),
            ("refid", reference_id),
            ("overpaylocid", overpayment_location_id),
            ("overpaydeptid", overpayment_department_id),
            ("datereceived", _date(received_date, "received_date")),
            ("paymentmethod", payment_method),
            *_currency(base_currency, currency, exchange_rate_date, exchange_rate_type, exchange_rate),
            ("cctype", credit_card_type),
            ("authcode", auth_code),
        ]

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        self._header(writer, self.header)
        for item in self.apply_to:
            writer.start("arpaymentitem")
            writer.element("invoicekey", item.invoice_key)
            writer.element("amount", item.amount)
            writer.end("arpaymentitem")
        writer.end(self.element)
