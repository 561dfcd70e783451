"""A company's connection to its Sage Intacct company: who we sign in as, and how that went last."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from trueerp.core.models import Company, User
from trueerp.integrations.models import AccountingProvider
from trueerp.integrations.services import secrets

# Where the Web Services user's password lives in the secret store (one store for every secret, so
# `rotate_encryption_keys` re-encrypts it with the rest).
PASSWORD_PROVIDER = AccountingProvider.SAGE_INTACCT.value
PASSWORD_SECRET = "user_password"  # noqa: S105 — the secret's name, not a password


class ConnectionStatus(models.TextChoices):
    NOT_CONFIGURED = "not_configured", "Not configured"
    CONNECTED = "connected", "Connected"
    FAILING = "failing", "Connection failing"
    REJECTED = "rejected", "Credentials rejected"
    UNTESTED = "untested", "Saved without a successful test"


class IntacctConnection(models.Model):
    """The Web Services *user* of one TRUE company. The *sender* is TRUE's, from server settings.

    The user password is not a column of this model: it lives in the integrations' encrypted secret
    store (`integrations.services.secrets`). `set_password` holds the new value until `save()`, which
    writes row and secret in one transaction, so a connection is never half-saved. It is never
    rendered, logged or audited in clear.
    """

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="intacct_connection")
    intacct_company_id = models.CharField("Company ID", max_length=100)
    user_id = models.CharField("User ID", max_length=100)
    entity_id = models.CharField("Entity ID", max_length=100, blank=True, help_text="Blank = top level")
    endpoint_url = models.URLField("Endpoint URL", max_length=300, blank=True)

    status = models.CharField(
        max_length=20, choices=ConnectionStatus.choices, default=ConnectionStatus.UNTESTED
    )
    status_message = models.TextField(blank=True)
    status_hint = models.TextField(blank=True)
    status_errors: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_connected_at = models.DateTimeField(null=True, blank=True)
    entities: models.JSONField[Any] = models.JSONField(
        default=list, blank=True, help_text="Entities found in Intacct: [{id, name, currency}]"
    )

    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.company} → Intacct {self.intacct_company_id}"

    # A password set but not saved yet: None = unchanged, "" = to be deleted on save.
    _pending_password: str | None = None

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic():
            super().save(*args, **kwargs)
            pending, self._pending_password = self._pending_password, None
            if pending:
                secrets.store_secret(self.company_id, PASSWORD_PROVIDER, PASSWORD_SECRET, pending)
            elif pending == "":
                secrets.delete_secret(self.company_id, PASSWORD_PROVIDER, PASSWORD_SECRET)

    @property
    def has_password(self) -> bool:
        if self._pending_password is not None:
            return bool(self._pending_password)
        return secrets.has_secret(self.company_id, PASSWORD_PROVIDER, PASSWORD_SECRET)

    def set_password(self, plaintext: str) -> None:
        """Stored (encrypted) by the next `save()`."""
        self._pending_password = plaintext

    def clear_password(self) -> None:
        """Deleted from the secret store by the next `save()`."""
        self._pending_password = ""

    def get_password(self) -> str:
        if self._pending_password is not None:
            return self._pending_password
        return secrets.read_secret(self.company_id, PASSWORD_PROVIDER, PASSWORD_SECRET) or ""

    def credentials_fingerprint(self) -> tuple[str, str, str, str, str]:
        """Changes whenever anything that identifies the session changes (cache key for clients)."""
        return (
            self.intacct_company_id,
            self.user_id,
            secrets.secret_fingerprint(self.company_id, PASSWORD_PROVIDER, PASSWORD_SECRET),
            self.entity_id,
            self.endpoint_url,
        )


def companies_with_password() -> models.QuerySet[Any, int]:
    """Ids of companies whose Sage Intacct password is stored (for `company_id__in=`)."""
    return secrets.companies_with_secret(PASSWORD_PROVIDER, PASSWORD_SECRET)
