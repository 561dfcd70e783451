"""Forms of the Financial module: transaction header + lines formset, list filters, preferences.

Every choice field is limited to the requester's company, so a forged id of another company's
account or job is an ordinary "Select a valid choice" error.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from trueerp.core.models import Company
from trueerp.financial import currencies
from trueerp.financial.models import (
    ZERO,
    Account,
    AccountingClass,
    Branch,
    Contract,
    CustomAttribute,
    CustomAttributeValue,
    Customer,
    Department,
    Employee,
    FinancialPreferences,
    Job,
    Transaction,
    Vendor,
)
from trueerp.financial.services.transactions import LineInput, TransactionInput

MIN_LINES = 2
EXTRA_BLANK_LINES = 2
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CodeNameChoiceField(forms.ModelChoiceField[Model]):
    def label_from_instance(self, obj: Model) -> str:
        label = str(obj)
        return label if getattr(obj, "is_active", True) else f"{label} (inactive)"


class AttributeValueChoiceField(forms.ModelChoiceField[CustomAttributeValue]):
    def label_from_instance(self, obj: CustomAttributeValue) -> str:
        return obj.name if obj.is_active else f"{obj.name} (inactive)"


def _scoped(model: type[Model], company: Company) -> QuerySet[Any]:
    return model._default_manager.filter(company=company)


class CurrencyCodeInput(forms.TextInput):
    """A three-letter code box that suggests ISO 4217 currencies as one types (an HTML datalist)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"maxlength": "3", "autocomplete": "off", "style": "text-transform:uppercase", **(attrs or {})}
        )

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        list_id = f"{(attrs or {}).get('id') or name}-codes"
        box = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join(
            "", '<option value="{}">{}</option>', ((c.code, c.name) for c in currencies.currency_choices())
        )
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


class TransactionForm(forms.Form):
    """The header of a transaction. The type is chosen when it is created and fixed afterwards.

    Currency and rate: the lines are in the transaction's currency (blank = the branch's). Where it
    is not the currency of the books, an exchange rate may be entered, or a rate type named whose
    table gives the rate on the rate date; with neither, the accounting system's default rate type
    applies."""

    type = forms.ChoiceField(choices=Transaction.Type.choices, initial=Transaction.Type.JOURNAL_ENTRY)
    number = forms.CharField(
        max_length=40, required=False, help_text="Leave empty to number it from Financial defaults."
    )
    date = forms.DateField(widget=DATE_WIDGET)
    due_date = forms.DateField(widget=DATE_WIDGET, required=False)
    description = forms.CharField(max_length=300, required=False)
    reference = forms.CharField(max_length=100, required=False)
    currency = forms.CharField(
        max_length=3,
        required=False,
        widget=CurrencyCodeInput(),
        help_text="ISO 4217 code of the amounts below. Leave empty to use the branch's currency.",
    )
    exchange_rate = forms.DecimalField(
        required=False,
        label="Exchange rate",
        help_text="Optional: 1 unit of this currency in the base currency, e.g. 1.08.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "From the rate type"}),
    )
    exchange_rate_type = forms.CharField(
        max_length=currencies.RATE_TYPE_MAX_LENGTH,
        required=False,
        label="Rate type",
        help_text="Or the rate type that gives the rate (empty: the default, e.g. Intacct Daily Rate).",
    )
    exchange_rate_date = forms.DateField(
        widget=DATE_WIDGET, required=False, label="Rate date", help_text="Empty: the transaction date."
    )
    customer = CodeNameChoiceField(queryset=Customer.objects.none(), required=False)
    vendor = CodeNameChoiceField(queryset=Vendor.objects.none(), required=False)
    branch = CodeNameChoiceField(queryset=Branch.objects.none(), required=False)
    job = CodeNameChoiceField(queryset=Job.objects.none(), required=False)
    contract = CodeNameChoiceField(queryset=Contract.objects.none(), required=False)

    def __init__(self, *args: Any, company: Company, fixed_type: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.company = company
        for name, model in (
            ("customer", Customer),
            ("vendor", Vendor),
            ("branch", Branch),
            ("job", Job),
            ("contract", Contract),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = _scoped(model, company)
        if fixed_type is not None:
            self.fields["type"].disabled = True
            self.fields["type"].initial = fixed_type
        decimal_field = self.fields["exchange_rate"]
        decimal_field.error_messages["invalid"] = "Enter the exchange rate as a number, e.g. 1.08."

    def clean_currency(self) -> str:
        code = currencies.normalize_code(self.cleaned_data.get("currency"))
        if code and (problem := currencies.currency_problem(code)):
            raise forms.ValidationError(problem)
        return code

    def clean_exchange_rate(self) -> Decimal | None:
        rate: Decimal | None = self.cleaned_data.get("exchange_rate")
        problems = currencies.rate_problems(rate, "")
        if problems:
            raise forms.ValidationError(problems)
        return rate

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("exchange_rate") is not None and (cleaned.get("exchange_rate_type") or "").strip():
            self.add_error("exchange_rate_type", currencies.RATE_AND_TYPE)
        transaction_type = cleaned.get("type")
        if transaction_type in (Transaction.Type.AR_INVOICE, Transaction.Type.AR_PAYMENT) and cleaned.get(
            "vendor"
        ):
            self.add_error("vendor", "Customer documents take a customer, not a vendor.")
        if transaction_type in (Transaction.Type.AP_BILL, Transaction.Type.AP_PAYMENT) and cleaned.get(
            "customer"
        ):
            self.add_error("customer", "Vendor documents take a vendor, not a customer.")
        due: date | None = cleaned.get("due_date")
        on: date | None = cleaned.get("date")
        if due and on and due < on:
            self.add_error("due_date", "The due date cannot be before the document date.")
        return cleaned


class LineForm(forms.Form):
    """One line; besides the main columns it carries the party / employee dimensions and one select
    per company custom attribute (``attr_<id>``), so editing never drops a line's tags."""

    account = CodeNameChoiceField(queryset=Account.objects.none(), required=False)
    description = forms.CharField(max_length=300, required=False)
    debit = forms.DecimalField(max_digits=14, decimal_places=2, required=False, min_value=Decimal("0"))
    credit = forms.DecimalField(max_digits=14, decimal_places=2, required=False, min_value=Decimal("0"))
    job = CodeNameChoiceField(queryset=Job.objects.none(), required=False)
    department = CodeNameChoiceField(queryset=Department.objects.none(), required=False)
    branch = CodeNameChoiceField(queryset=Branch.objects.none(), required=False)
    accounting_class = CodeNameChoiceField(
        queryset=AccountingClass.objects.none(), required=False, label="Class"
    )
    customer = CodeNameChoiceField(queryset=Customer.objects.none(), required=False)
    vendor = CodeNameChoiceField(queryset=Vendor.objects.none(), required=False)
    employee = CodeNameChoiceField(queryset=Employee.objects.none(), required=False)

    def __init__(
        self, *args: Any, company: Company, attributes: Sequence[CustomAttribute] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, model in (
            ("account", Account),
            ("job", Job),
            ("department", Department),
            ("branch", Branch),
            ("accounting_class", AccountingClass),
            ("customer", Customer),
            ("vendor", Vendor),
            ("employee", Employee),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = _scoped(model, company)
        self.attribute_names: list[str] = []
        for attribute in attributes:
            name = f"attr_{attribute.pk}"
            self.fields[name] = AttributeValueChoiceField(
                queryset=CustomAttributeValue.objects.filter(attribute=attribute),
                required=False,
                label=attribute.name,
            )
            self.attribute_names.append(name)
        for name in ("debit", "credit"):
            self.fields[name].widget.attrs.update(
                {"step": "0.01", "inputmode": "decimal", "placeholder": "0.00"}
            )

    @property
    def dimension_fields(self) -> list[forms.BoundField]:
        """The fields shown on the line's second row."""
        return [self[name] for name in ("customer", "vendor", "employee", *self.attribute_names)]

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not any(data.get(name) for name in self.fields)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(name) for name in self.fields) and not self.errors:
            return cleaned
        debit: Decimal = cleaned.get("debit") or ZERO
        credit: Decimal = cleaned.get("credit") or ZERO
        if "debit" in self.errors or "credit" in self.errors:
            return cleaned
        if not cleaned.get("account"):
            self.add_error("account", "Choose an account for this line.")
        if debit > 0 and credit > 0:
            raise forms.ValidationError("Enter either a debit or a credit on a line, not both.")
        if debit == 0 and credit == 0:
            raise forms.ValidationError("Enter a debit or a credit amount.")
        return cleaned

    def to_input(self) -> LineInput:
        data = self.cleaned_data
        return LineInput(
            account=data["account"],
            description=data.get("description") or "",
            debit=data.get("debit") or ZERO,
            credit=data.get("credit") or ZERO,
            job=data.get("job"),
            department=data.get("department"),
            branch=data.get("branch"),
            accounting_class=data.get("accounting_class"),
            customer=data.get("customer"),
            vendor=data.get("vendor"),
            employee=data.get("employee"),
            custom_values=[data[name] for name in self.attribute_names if data.get(name)],
        )


class BaseLineFormSet(forms.BaseFormSet[LineForm]):
    """Every row may be left blank (blank rows are ignored); at least two must be filled in."""

    def initial_form_count(self) -> int:
        return 0

    def clean(self) -> None:
        if any(form.errors for form in self.forms):
            return
        filled = [form for form in self.forms if not form.is_blank]
        if len(filled) < MIN_LINES:
            raise forms.ValidationError(
                f"Enter at least {MIN_LINES} lines, each with an account and a debit or a credit "
                f"({len(filled)} filled in)."
            )

    def line_inputs(self) -> list[LineInput]:
        return [form.to_input() for form in self.forms if not form.is_blank]


LineFormSet = forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=4, max_num=200, absolute_max=200)


def build_line_formset(
    company: Company, data: Any = None, initial: list[dict[str, Any]] | None = None
) -> Any:
    attributes = list(CustomAttribute.objects.filter(company=company).order_by("code"))
    formset = LineFormSet(
        data, initial=initial, prefix="lines", form_kwargs={"company": company, "attributes": attributes}
    )
    if data is None:
        formset.extra = max(len(initial or []) + EXTRA_BLANK_LINES, 4)
    return formset


def transaction_input(
    form: TransactionForm, formset: BaseLineFormSet, fixed_type: str | None
) -> TransactionInput:
    data = form.cleaned_data
    return TransactionInput(
        type=fixed_type or data["type"],
        date=data["date"],
        number=data.get("number") or "",
        due_date=data.get("due_date"),
        description=data.get("description") or "",
        reference=data.get("reference") or "",
        currency=data.get("currency") or "",
        exchange_rate=data.get("exchange_rate"),
        exchange_rate_type=(data.get("exchange_rate_type") or "").strip(),
        exchange_rate_date=data.get("exchange_rate_date"),
        customer=data.get("customer"),
        vendor=data.get("vendor"),
        branch=data.get("branch"),
        job=data.get("job"),
        contract=data.get("contract"),
        lines=formset.line_inputs(),
    )


def header_initial(txn: Transaction) -> dict[str, Any]:
    return {
        "type": txn.type,
        "number": txn.number,
        "date": txn.date,
        "due_date": txn.due_date,
        "description": txn.description,
        "reference": txn.reference,
        "currency": txn.currency,
        "exchange_rate": currencies.format_rate(txn.exchange_rate) if txn.exchange_rate is not None else None,
        "exchange_rate_type": txn.exchange_rate_type,
        "exchange_rate_date": txn.exchange_rate_date,
        "customer": txn.customer_id,
        "vendor": txn.vendor_id,
        "branch": txn.branch_id,
        "job": txn.job_id,
        "contract": txn.contract_id,
    }


def lines_initial(txn: Transaction) -> list[dict[str, Any]]:
    return [
        {
            "account": line.account_id,
            "description": line.description,
            "debit": line.debit or None,
            "credit": line.credit or None,
            "job": line.job_id,
            "department": line.department_id,
            "branch": line.branch_id,
            "accounting_class": line.accounting_class_id,
            "customer": line.customer_id,
            "vendor": line.vendor_id,
            "employee": line.employee_id,
            **{f"attr_{value.attribute_id}": value.pk for value in line.custom_values.all()},
        }
        for line in txn.lines.prefetch_related("custom_values").order_by("line_no")
    ]


class ListFilterForm(forms.Form):
    """The built-in filters of the transaction list (extensions add their own, see list_extensions)."""

    q = forms.CharField(required=False, max_length=100, label="Search")
    type = forms.ChoiceField(choices=[("", "All types"), *Transaction.Type.choices], required=False)
    state = forms.ChoiceField(choices=[("", "All states"), *Transaction.State.choices], required=False)
    date_from = forms.DateField(required=False, widget=DATE_WIDGET, label="From")
    date_to = forms.DateField(required=False, widget=DATE_WIDGET, label="To")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"placeholder": "Number, description, reference, party", "type": "search"}
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


class FinancialPreferencesForm(forms.ModelForm[FinancialPreferences]):
    class Meta:
        model = FinancialPreferences
        fields = [
            "journal_entry_prefix",
            "ar_invoice_prefix",
            "ap_bill_prefix",
            "ar_payment_prefix",
            "ap_payment_prefix",
            "number_digits",
            "receivables_account",
            "payables_account",
            "cash_account",
        ]
        labels = {
            "journal_entry_prefix": "Journal entry prefix",
            "ar_invoice_prefix": "AR invoice prefix",
            "ap_bill_prefix": "AP bill prefix",
            "ar_payment_prefix": "AR payment prefix",
            "ap_payment_prefix": "AP payment prefix",
            "number_digits": "Digits in document numbers",
        }
        help_texts = {
            "number_digits": "JE- with 6 digits numbers journal entries JE-000001, JE-000002, …",
            "receivables_account": "The AR control account debited by invoices and credited by AR payments.",
            "payables_account": "The AP control account credited by bills and debited by AP payments.",
            "cash_account": "The bank account that payments move money through.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        company = self.instance.company
        for name in ("receivables_account", "payables_account", "cash_account"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Account.objects.filter(company=company, is_active=True)

    def clean_number_digits(self) -> int:
        digits: int = self.cleaned_data["number_digits"]
        if not 3 <= digits <= 10:
            raise forms.ValidationError("Use between 3 and 10 digits.")
        return digits

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        prefixes = [cleaned.get(name) for name in self.Meta.fields if name.endswith("_prefix")]
        for name in self.Meta.fields:
            if name.endswith("_prefix"):
                value = (cleaned.get(name) or "").strip()
                if not value:
                    self.add_error(name, "Enter a prefix, e.g. JE-.")
                elif any(char.isspace() for char in value):
                    self.add_error(name, "A prefix cannot contain spaces.")
        filled = [p for p in prefixes if p]
        if len(filled) != len(set(filled)):
            raise forms.ValidationError("Each document type needs its own prefix.")
        return cleaned
