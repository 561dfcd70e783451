"""Which accounting system a company uses, and the encrypted credentials integrations keep."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from trueerp.core.models import Company, User


class AccountingProvider(models.TextChoices):
    QUICKBOOKS = "quickbooks", "QuickBooks Online"
    SAGE_INTACCT = "sage_intacct", "Sage Intacct"


class AccountingIntegration(models.Model):
    """One connection period of a company to an accounting system.

    Rows are never deleted: switching systems deactivates the current row (history kept) and a
    partial unique index guarantees at most one active row per company, whatever the UI does.
    """

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="accounting_integrations")
    provider = models.CharField(max_length=20, choices=AccountingProvider.choices)
    is_active = models.BooleanField(default=True)
    activated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    activated_at = models.DateTimeField(auto_now_add=True)
    deactivated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-activated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(is_active=True),
                name="one_active_accounting_integration_per_company",
            )
        ]

    def __str__(self) -> str:
        state = "active" if self.is_active else "inactive"
        return f"{self.company} · {self.get_provider_display()} ({state})"


class EncryptedSecret(models.Model):
    """An integration secret, Fernet-encrypted at rest with the keys in TRUEERP_ENCRYPTION_KEYS."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    provider = models.CharField(max_length=20, choices=AccountingProvider.choices)
    name = models.CharField(max_length=60)
    ciphertext = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "provider", "name"], name="one_secret_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.company} · {self.provider} · {self.name} (encrypted)"
