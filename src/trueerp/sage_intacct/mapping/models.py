"""How TRUE records map onto Intacct, stored per company as data (issue 6 item 2).

Entity rules are evaluated in order and the first match wins; when none matches, the company's
default entity applies (blank = top level). Dimension mappings say which Intacct dimension a TRUE
attribute feeds and how values are matched (by ID or by name), with per-value overrides.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from trueerp.core.models import Company
from trueerp.financial.models import Account, Branch, Contract, Customer, Department, Job, Vendor


class EntityRule(models.Model):
    """ "Transactions matching every filled condition post to ``entity_id``" (blank entity = top level)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=120, blank=True)
    transaction_type = models.CharField(max_length=20, blank=True)
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    contract = models.ForeignKey(Contract, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    vendor = models.ForeignKey(Vendor, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    branch_country = models.CharField(max_length=2, blank=True)
    entity_id = models.CharField(max_length=100, blank=True, help_text="Blank = top level")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["company", "position", "id"]

    def __str__(self) -> str:
        return self.name or f"Rule {self.position} → {self.entity_id or 'top level'}"


class DimensionSource(models.TextChoices):
    JOB = "job", "Job"
    CONTRACT = "contract", "Contract"
    DEPARTMENT = "department", "Department"
    BRANCH = "branch", "Branch"
    CLASS = "class", "Class"
    CUSTOMER = "customer", "Customer"
    VENDOR = "vendor", "Vendor"
    EMPLOYEE = "employee", "Employee"
    CUSTOM = "custom", "Custom attribute"


class DimensionMapping(models.Model):
    """One TRUE source (job, department, custom attribute "Funding" …) → one Intacct dimension."""

    class MatchBy(models.TextChoices):
        ID = "id", "Code = Intacct ID"
        NAME = "name", "Name = Intacct name"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, choices=DimensionSource.choices)
    attribute_code = models.CharField(max_length=40, blank=True, help_text="For custom attributes")
    dimension = models.CharField(max_length=60, help_text="PROJECT, DEPARTMENT, … or a UDD name, e.g. FUND")
    match_by = models.CharField(max_length=10, choices=MatchBy.choices, default=MatchBy.ID)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["company", "source", "attribute_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "source", "attribute_code"], name="one_dimension_mapping_per_source"
            )
        ]

    def __str__(self) -> str:
        source = f"{self.source}:{self.attribute_code}" if self.attribute_code else self.source
        return f"{source} → {self.dimension}"


class DimensionValueOverride(models.Model):
    """A TRUE value (by code) that does not match automatically, pinned to an Intacct value."""

    mapping = models.ForeignKey(DimensionMapping, on_delete=models.CASCADE, related_name="overrides")
    source_code = models.CharField(max_length=40)
    value_id = models.CharField(max_length=100)

    class Meta:
        ordering = ["mapping", "source_code"]
        constraints = [
            models.UniqueConstraint(fields=["mapping", "source_code"], name="one_override_per_source_value")
        ]

    def __str__(self) -> str:
        return f"{self.source_code} → {self.value_id}"


class AccountMapping(models.Model):
    """A TRUE account whose Intacct number differs (identity by number is the default)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    intacct_account_no = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "account"], name="one_mapping_per_account")]

    def __str__(self) -> str:
        return f"{self.account} → {self.intacct_account_no}"


class ClosedPeriodPolicy(models.TextChoices):
    FAIL = "fail", "Fail the record"
    NEXT_OPEN = "next_open_period", "Post to the first open period (with an audit note)"


def _default_auto_types() -> list[str]:
    return ["journal_entry", "ar_invoice", "ap_bill", "ar_payment", "ap_payment"]


class SyncSettings(models.Model):
    """Per-company sync behaviour. ``revision`` bumps on every mapping/reference change (cache key)."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="intacct_sync_settings")
    default_entity_id = models.CharField(max_length=100, blank=True, help_text="Blank = top level")
    journal_symbol = models.CharField(max_length=40, default="GJ")
    closed_period_policy = models.CharField(
        max_length=20, choices=ClosedPeriodPolicy.choices, default=ClosedPeriodPolicy.FAIL
    )
    auto_create_customers = models.BooleanField(default=False)
    auto_create_vendors = models.BooleanField(default=False)
    auto_create_projects = models.BooleanField(default=False)
    batch_size = models.PositiveIntegerField(default=100)
    concurrency = models.PositiveIntegerField(default=2)
    auto_sync = models.BooleanField(default=True, help_text="Sync on posting (issue 7 adds schedules)")
    auto_sync_types: models.JSONField[Any] = models.JSONField(default=_default_auto_types, blank=True)
    reverse_on_void = models.BooleanField(default=True)
    ar_bank_account_id = models.CharField(max_length=100, blank=True, default="BOA")
    ap_bank_account_id = models.CharField(max_length=100, blank=True, default="BOA")
    payment_method = models.CharField(max_length=40, default="EFT")
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Sage Intacct sync settings"
        verbose_name_plural = "Sage Intacct sync settings"

    def __str__(self) -> str:
        return f"Sync settings of {self.company}"
