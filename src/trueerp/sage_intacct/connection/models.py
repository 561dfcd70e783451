"""A company's connection to its Sage Intacct company: who we sign in as, and how that went last."""

from __future__ import annotations

from typing import Any

from django.db import models

from trueerp.core.models import Company, User
from trueerp.integrations.crypto import decrypt, encrypt


class ConnectionStatus(models.TextChoices):
    NOT_CONFIGURED = "not_configured", "Not configured"
    CONNECTED = "connected", "Connected"
    FAILING = "failing", "Connection failing"
    REJECTED = "rejected", "Credentials rejected"
    UNTESTED = "untested", "Saved without a successful test"


class IntacctConnection(models.Model):
    """The Web Services *user* of one TRUE company. The *sender* is TRUE's, from server settings.

    The user password is stored Fernet-encrypted in `user_password_encrypted`; it is never rendered,
    logged or audited in clear.
    """

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="intacct_connection")
    intacct_company_id = models.CharField("Company ID", max_length=100)
    user_id = models.CharField("User ID", max_length=100)
    user_password_encrypted = models.TextField(blank=True)
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

    @property
    def has_password(self) -> bool:
        return bool(self.user_password_encrypted)

    def set_password(self, plaintext: str) -> None:
        self.user_password_encrypted = encrypt(plaintext)

    def get_password(self) -> str:
        return decrypt(self.user_password_encrypted) if self.user_password_encrypted else ""

    def credentials_fingerprint(self) -> tuple[str, str, str, str, str]:
        """Changes whenever anything that identifies the session changes (cache key for clients)."""
        return (
            self.intacct_company_id,
            self.user_id,
            self.user_password_encrypted,
            self.entity_id,
            self.endpoint_url,
        )
