"""Legacy (2.1-style) functions that Intacct still only offers in this form.

Legacy schemas validate element order, so each function writes its elements in DTD order from a
declared list; dates are written as ``<year>/<month>/<day>`` children.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from intacct._function import Function
from intacct._xml import FieldValue, XmlWriter, format_decimal
from intacct.errors import InvalidArgumentError

__all__ = [
    "ArPaymentItem",
    "BillLine",
    "CreateArPayment",
    "CreateBill",
    "CreateInvoice",
    "InvoiceLine",
]

Amount = Decimal | int | str


def _amount(value: Amount | None, what: str) -> Decimal | None:
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


def _date(value: date | str | None, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise InvalidArgumentError(f"{what} is not a valid date: {value!r}")


def _custom_fields(writer: XmlWriter, custom_fields: Mapping[str, FieldValue] | None) -> None:
    if not custom_fields:
        return
    writer.start("customfields")
    for name, value in custom_fields.items():
        writer.start("customfield")
        writer.text_element("customfieldname", name)
        writer.element("customfieldvalue", value)
        writer.end("customfield")
    writer.end("customfields")


_INVOICE_LINE_ELEMENTS = (
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
    ("revrec_template", "revrectemplate"),
    ("defrev_account", "defrevaccount"),
    ("revrec_start_date", "revrecstartdate"),
    ("revrec_end_date", "revrecenddate"),
    ("project_id", "projectid"),
    ("customer_id", "customerid"),
    ("vendor_id", "vendorid"),
    ("employee_id", "employeeid"),
    ("item_id", "itemid"),
    ("class_id", "classid"),
    ("contract_id", "contractid"),
    ("warehouse_id", "warehouseid"),
)
_BILL_LINE_ELEMENTS = (
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
    ("project_id", "projectid"),
    ("customer_id", "customerid"),
    ("vendor_id", "vendorid"),
    ("employee_id", "employeeid"),
    ("item_id", "itemid"),
    ("class_id", "classid"),
    ("contract_id", "contractid"),
    ("warehouse_id", "warehouseid"),
    ("billable", "billable"),
)


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


class CreateInvoice(_LegacyDocument):
    """AR invoice: Intacct offers create only as the legacy ``create_invoice``."""

    element = "create_invoice"

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
        if not customer_id:
            raise InvalidArgumentError("customer_id is required")
        if not lines:
            raise InvalidArgumentError("an invoice needs at least one line")
        if date_due is None and term_name is None:
            raise InvalidArgumentError("give date_due or term_name")
        if exchange_rate is not None and exchange_rate_type is not None:
            raise InvalidArgumentError("give exchange_rate or exchange_rate_type, not both")
        if action is not None and action not in ("Draft", "Submit"):
            raise InvalidArgumentError("action must be Draft or Submit")
        self.customer_id = customer_id
        self.lines = list(lines)
        self.header: list[tuple[str, FieldValue]] = [
            ("customerid", customer_id),
            ("datecreated", _date(date_created, "date_created")),
            ("dateposted", _date(date_posted, "date_posted")),
            ("datedue", _date(date_due, "date_due")),
            ("termname", term_name),
            ("action", action),
            ("batchkey", batch_key),
            ("invoiceno", invoice_no),
            ("ponumber", po_number),
            ("onhold", on_hold),
            ("description", description),
            ("externalid", external_id),
            ("billto", None if bill_to_contact is None else {"contactname": bill_to_contact}),
            ("shipto", None if ship_to_contact is None else {"contactname": ship_to_contact}),
            ("basecurr", base_currency),
            ("currency", currency),
            ("exchratedate", _date(exchange_rate_date, "exchange_rate_date")),
            ("exchratetype", exchange_rate_type),
            ("exchrate", _amount(exchange_rate, "exchange_rate")),
            ("nogl", no_gl),
            ("supdocid", supdoc_id),
            ("taxsolutionid", tax_solution_id),
        ]
        self.custom_fields = custom_fields

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        self._header(writer, self.header)
        _custom_fields(writer, self.custom_fields)
        writer.start("invoiceitems")
        for line in self.lines:
            line.write(writer)
        writer.end("invoiceitems")
        writer.end(self.element)


class CreateBill(_LegacyDocument):
    """AP bill as the official SDKs' BillCreate sends it (legacy ``create_bill``)."""

    element = "create_bill"

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
        if not vendor_id:
            raise InvalidArgumentError("vendor_id is required")
        if not lines:
            raise InvalidArgumentError("a bill needs at least one line")
        if date_due is None and term_name is None:
            raise InvalidArgumentError("give date_due or term_name")
        if exchange_rate is not None and exchange_rate_type is not None:
            raise InvalidArgumentError("give exchange_rate or exchange_rate_type, not both")
        self.lines = list(lines)
        self.header: list[tuple[str, FieldValue]] = [
            ("vendorid", vendor_id),
            ("datecreated", _date(date_created, "date_created")),
            ("dateposted", _date(date_posted, "date_posted")),
            ("datedue", _date(date_due, "date_due")),
            ("termname", term_name),
            ("action", action),
            ("batchkey", batch_key),
            ("billno", bill_no),
            ("ponumber", po_number),
            ("onhold", on_hold),
            ("description", description),
            ("externalid", external_id),
            ("payto", None if pay_to_contact is None else {"contactname": pay_to_contact}),
            ("returnto", None if return_to_contact is None else {"contactname": return_to_contact}),
            ("basecurr", base_currency),
            ("currency", currency),
            ("exchratedate", _date(exchange_rate_date, "exchange_rate_date")),
            ("exchratetype", exchange_rate_type),
            ("exchrate", _amount(exchange_rate, "exchange_rate")),
            ("nogl", no_gl),
            ("supdocid", supdoc_id),
        ]
        self.custom_fields = custom_fields

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        self._header(writer, self.header)
        _custom_fields(writer, self.custom_fields)
        writer.start("billitems")
        for line in self.lines:
            line.write(writer)
        writer.end("billitems")
        writer.end(self.element)


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
        if exchange_rate is not None and exchange_rate_type is not None:
            raise InvalidArgumentError("give exchange_rate or exchange_rate_type, not both")
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
            ("basecurr", base_currency),
            ("currency", currency),
            ("exchratedate", _date(exchange_rate_date, "exchange_rate_date")),
            ("exchratetype", exchange_rate_type),
            ("exchrate", _amount(exchange_rate, "exchange_rate")),
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
