"""Reading and writing an integration's encrypted secrets. Plaintext never leaves this module
except to the caller that needs it to open a connection."""

from __future__ import annotations

from django.db import transaction

from trueerp.core.models import Company
from trueerp.integrations.crypto import decrypt, encrypt, rotate
from trueerp.integrations.models import EncryptedSecret


def store_secret(company: Company, provider: str, name: str, plaintext: str) -> None:
    EncryptedSecret.objects.update_or_create(
        company=company, provider=provider, name=name, defaults={"ciphertext": encrypt(plaintext)}
    )


def read_secret(company: Company, provider: str, name: str) -> str | None:
    row = EncryptedSecret.objects.filter(company=company, provider=provider, name=name).first()
    return None if row is None else decrypt(row.ciphertext)


def has_secret(company: Company, provider: str, name: str) -> bool:
    return EncryptedSecret.objects.filter(company=company, provider=provider, name=name).exists()


def rotate_all_secrets() -> int:
    """Re-encrypt every stored secret with the newest key; returns how many were rewritten."""
    count = 0
    with transaction.atomic():
        for row in EncryptedSecret.objects.select_for_update().all():
            row.ciphertext = rotate(row.ciphertext)
            row.save(update_fields=["ciphertext", "updated_at"])
            count += 1
    return count
