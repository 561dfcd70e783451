"""Cached Intacct reference data, per TRUE company.

Pre-validation checks every record against these tables before any API call, so a mapping gap
costs a database read instead of a refused request. Values that disappear or turn inactive in
Intacct are marked inactive here, never deleted: old sync jobs and history keep their meaning.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from trueerp.core.models import Company


class IntacctEntity(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    entity_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    active = models.BooleanField(default=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["entity_id"]
        constraints = [models.UniqueConstraint(fields=["company", "entity_id"], name="unique_intacct_entity")]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.name}".strip()


class IntacctAccount(models.Model):
    """A GL account; ``required_dimensions`` lists dimension kinds (``DEPARTMENT``, ``LOCATION`` …)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    account_no = models.CharField(max_length=40)
    title = models.CharField(max_length=200, blank=True)
    account_type = models.CharField(max_length=40, blank=True)
    required_dimensions: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    owner_entity = models.CharField(max_length=100, blank=True, help_text="Blank = shared (top level)")
    active = models.BooleanField(default=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["account_no"]
        constraints = [
            models.UniqueConstraint(fields=["company", "account_no"], name="unique_intacct_account")
        ]

    def __str__(self) -> str:
        return f"{self.account_no} {self.title}".strip()


class IntacctDimensionValue(models.Model):
    """One value of a dimension (standard, e.g. ``DEPARTMENT``, or a user-defined one, e.g. ``FUND``)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)
    value_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200, blank=True)
    owner_entity = models.CharField(max_length=100, blank=True, help_text="MEGAENTITYID; blank = shared")
    parent_id = models.CharField(max_length=100, blank=True)
    active = models.BooleanField(default=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "value_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "kind", "value_id"], name="unique_intacct_dimension_value"
            )
        ]
        indexes = [models.Index(fields=["company", "kind", "name"], name="intacct_dimval_name")]

    def __str__(self) -> str:
        return f"{self.kind} {self.value_id} {self.name}".strip()


class IntacctJournal(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    symbol = models.CharField(max_length=40)
    title = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["symbol"]
        constraints = [models.UniqueConstraint(fields=["company", "symbol"], name="unique_intacct_journal")]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}".strip()


class IntacctPeriod(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField()
    closed = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date"]
        constraints = [models.UniqueConstraint(fields=["company", "name"], name="unique_intacct_period")]

    def __str__(self) -> str:
        return f"{self.name} ({'closed' if self.closed else 'open'})"


class ReferenceWatermark(models.Model):
    """Where the last pull of one Intacct object stopped: the next pull asks only for newer changes."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    object_name = models.CharField(max_length=60)
    last_modified = models.CharField(max_length=40, blank=True, help_text="Newest WHENMODIFIED seen")
    last_full_at = models.DateTimeField(null=True, blank=True)
    last_refresh_at = models.DateTimeField(null=True, blank=True)
    records_seen = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["object_name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "object_name"], name="unique_reference_watermark")
        ]

    def __str__(self) -> str:
        return f"{self.object_name} @ {self.last_modified or 'never'}"


class IntacctExchangeRateType(models.Model):
    """A rate type of the company's exchange-rate table (EXCHANGERATETYPES). Intacct does not list
    its built-in "Intacct Daily Rate"; its rates are cached all the same (`IntacctExchangeRate`)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    type_id = models.CharField(max_length=40, blank=True)
    is_default = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["company", "name"], name="unique_intacct_rate_type")]

    def __str__(self) -> str:
        return self.name


class IntacctExchangeRate(models.Model):
    """One effective-dated rate: from ``effective_date`` on (until the next entry), 1 unit of
    ``from_currency`` is ``rate`` units of ``to_currency`` under ``rate_type``. Replaced wholesale
    on every refresh: a rate table is small, and a rate Intacct no longer has must not linger."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    rate_type = models.CharField(max_length=100)
    from_currency = models.CharField(max_length=3)
    to_currency = models.CharField(max_length=3)
    effective_date = models.DateField()
    rate = models.DecimalField(max_digits=20, decimal_places=10)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rate_type", "from_currency", "to_currency", "effective_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "rate_type", "from_currency", "to_currency", "effective_date"],
                name="unique_intacct_exchange_rate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rate_type} {self.from_currency}→{self.to_currency} {self.effective_date}: {self.rate}"
