"""The host ERP's financial records: chart of accounts, parties, jobs, contracts, transactions.

Amounts are Decimals with two places; a transaction line is either a debit or a credit (never
both), which keeps journal balancing a simple sum and maps directly to Intacct's TR_TYPE 1 / -1.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q

from trueerp.core.models import Company, User

ZERO = Decimal("0.00")


class CompanyOwned(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class Account(CompanyOwned):
    class Type(models.TextChoices):
        ASSET = "asset", "Asset"
        LIABILITY = "liability", "Liability"
        EQUITY = "equity", "Equity"
        REVENUE = "revenue", "Revenue"
        EXPENSE = "expense", "Expense"

    number = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=Type.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["company", "number"], name="unique_account_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class NamedMaster(CompanyOwned):
    """A code + name master record (department, branch, class, parties)."""

    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Department(NamedMaster):
    class Meta(NamedMaster.Meta):
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="unique_department_code")]


class Branch(NamedMaster):
    """A branch / location of the company (country and currency decide where it books)."""

    country = models.CharField(max_length=2, default="US")
    currency = models.CharField(max_length=3, default="USD")

    class Meta(NamedMaster.Meta):
        verbose_name_plural = "branches"
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="unique_branch_code")]


class AccountingClass(NamedMaster):
    class Meta(NamedMaster.Meta):
        verbose_name = "class"
        verbose_name_plural = "classes"
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="unique_class_code")]


class Customer(NamedMaster):
    email = models.EmailField(blank=True)

    class Meta(NamedMaster.Meta):
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="unique_customer_code")]


class Vendor(NamedMaster):
    email = models.EmailField(blank=True)

    class Meta(NamedMaster.Meta):
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="unique_vendor_code")]


class Employee(NamedMaster):
    email = models.EmailField(blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta(NamedMaster.Meta):
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="unique_employee_code")]


class CustomAttribute(CompanyOwned):
    """A company-defined attribute (e.g. "Work type") whose values tag transaction lines."""

    code = models.CharField(max_length=40)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="unique_custom_attribute_code")
        ]

    def __str__(self) -> str:
        return self.name


class CustomAttributeValue(models.Model):
    attribute = models.ForeignKey(CustomAttribute, on_delete=models.CASCADE, related_name="values")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=120)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["attribute", "code"]
        constraints = [models.UniqueConstraint(fields=["attribute", "code"], name="unique_custom_value_code")]

    def __str__(self) -> str:
        return f"{self.attribute.name}: {self.name}"


class Contract(CompanyOwned):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    number = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="contracts")
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.SET_NULL)
    value = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["company", "number"], name="unique_contract_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Job(CompanyOwned):
    """A job (project) under a contract; it carries the budget that Intacct actuals are compared to."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        COMPLETE = "complete", "Complete"

    number = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="jobs")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="jobs")
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.SET_NULL)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL)
    budget_revenue = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    budget_cost = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["company", "number"], name="unique_job_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Transaction(CompanyOwned):
    class Type(models.TextChoices):
        JOURNAL_ENTRY = "journal_entry", "Journal entry"
        AR_INVOICE = "ar_invoice", "AR invoice"
        AP_BILL = "ap_bill", "AP bill"
        AR_PAYMENT = "ar_payment", "AR payment"
        AP_PAYMENT = "ap_payment", "AP payment"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        POSTED = "posted", "Posted"
        VOID = "void", "Void"

    type = models.CharField(max_length=20, choices=Type.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    number = models.CharField(max_length=40, help_text="Document number, unique per type")
    date = models.DateField()
    due_date = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    currency = models.CharField(
        max_length=3,
        default="USD",
        help_text="ISO 4217 code of the lines' amounts (the transaction currency)",
    )
    exchange_rate = models.DecimalField(
        max_digits=20,
        decimal_places=10,
        null=True,
        blank=True,
        help_text="Entered rate: 1 unit of the transaction currency in the base currency",
    )
    exchange_rate_type = models.CharField(
        max_length=40, blank=True, help_text="Rate type whose table gives the rate (blank = the default type)"
    )
    exchange_rate_date = models.DateField(
        null=True, blank=True, help_text="Date the rate is taken on (blank = the transaction date)"
    )
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.PROTECT)
    vendor = models.ForeignKey(Vendor, null=True, blank=True, on_delete=models.PROTECT)
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.PROTECT)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.PROTECT)
    contract = models.ForeignKey(Contract, null=True, blank=True, on_delete=models.PROTECT)
    applies_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        help_text="For payments: the invoice or bill being paid",
    )
    total = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every content change")

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "type", "number"], name="unique_document_number"),
            models.CheckConstraint(condition=Q(total__gte=0), name="transaction_total_not_negative"),
            models.CheckConstraint(
                condition=Q(exchange_rate__isnull=True) | Q(exchange_rate__gt=0),
                name="transaction_exchange_rate_positive",
            ),
            models.CheckConstraint(
                condition=Q(exchange_rate__isnull=True) | Q(exchange_rate_type=""),
                name="transaction_rate_or_rate_type",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "-date", "-id"], name="txn_company_date"),
            models.Index(fields=["company", "type", "-date", "-id"], name="txn_company_type_date"),
            models.Index(fields=["company", "state", "-date", "-id"], name="txn_company_state_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.number}"

    @property
    def party(self) -> Customer | Vendor | None:
        return self.customer or self.vendor

    @property
    def rate_date(self) -> Any:
        """The date the exchange rate is taken on: the one entered, else the transaction date."""
        return self.exchange_rate_date or self.date

    def snapshot(self) -> dict[str, Any]:
        out = {
            "state": self.state,
            "number": self.number,
            "date": str(self.date),
            "total": str(self.total),
            "currency": self.currency,
        }
        if self.exchange_rate is not None:
            out["exchange_rate"] = str(self.exchange_rate)
        if self.exchange_rate_type:
            out["exchange_rate_type"] = self.exchange_rate_type
        if self.exchange_rate_date is not None:
            out["exchange_rate_date"] = str(self.exchange_rate_date)
        return out


class TransactionLine(models.Model):
    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveSmallIntegerField()
    account = models.ForeignKey(Account, on_delete=models.PROTECT)
    description = models.CharField(max_length=300, blank=True)
    debit = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    credit = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT)
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.PROTECT)
    accounting_class = models.ForeignKey(AccountingClass, null=True, blank=True, on_delete=models.PROTECT)
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.PROTECT)
    vendor = models.ForeignKey(Vendor, null=True, blank=True, on_delete=models.PROTECT)
    employee = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT)
    custom_values = models.ManyToManyField(CustomAttributeValue, blank=True)

    class Meta:
        ordering = ["transaction", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["transaction", "line_no"], name="unique_line_no"),
            models.CheckConstraint(
                condition=(Q(debit__gte=0) & Q(credit__gte=0) & (Q(debit=0) | Q(credit=0))),
                name="line_is_debit_or_credit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transaction} line {self.line_no}"

    @property
    def amount(self) -> Decimal:
        return self.debit or self.credit

    @property
    def is_debit(self) -> bool:
        return self.debit > 0


class FinancialPreferences(models.Model):
    """Per-company Financial defaults (Company Preferences > Financial > Financial defaults).

    The prefixes number new documents (`JE-000001`); the control accounts tell integrations which
    line of an invoice, bill or payment is the receivables / payables / cash side.
    """

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="financial_preferences")
    journal_entry_prefix = models.CharField(max_length=12, default="JE-")
    ar_invoice_prefix = models.CharField(max_length=12, default="INV-")
    ap_bill_prefix = models.CharField(max_length=12, default="BILL-")
    ar_payment_prefix = models.CharField(max_length=12, default="RCPT-")
    ap_payment_prefix = models.CharField(max_length=12, default="PAY-")
    number_digits = models.PositiveSmallIntegerField(default=6)
    receivables_account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payables_account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cash_account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "financial preferences"
        verbose_name_plural = "financial preferences"

    def __str__(self) -> str:
        return f"Financial preferences of {self.company}"

    def prefix_for(self, transaction_type: str) -> str:
        prefix: str = getattr(self, f"{transaction_type}_prefix")
        return prefix
