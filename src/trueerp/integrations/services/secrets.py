"""The one store of secrets at rest: every credential TRUE keeps in its database is a row of
`EncryptedSecret`, written and read only through this module.

One store is what makes key rotation complete: `rotate_all_secrets` walks this one table, so a
secret kept anywhere else would become unreadable once the old key is removed. Plaintext never
leaves this module except to the caller that needs it to open a connection; it is never logged.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import QuerySet

from trueerp.core.models import Company
from trueerp.integrations.crypto import SecretUnreadable, decrypt, encrypt, rotate
from trueerp.integrations.models import EncryptedSecret

__all__ = [
    "SecretUnreadable",
    "companies_with_secret",
    "delete_secret",
    "has_secret",
    "read_secret",
    "rotate_all_secrets",
    "secret_fingerprint",
    "store_secret",
]


def _rows(company: Company | int, provider: str, name: str) -> QuerySet[EncryptedSecret]:
    company_id = company if isinstance(company, int) else company.pk
    return EncryptedSecret.objects.filter(company_id=company_id, provider=provider, name=name)


def store_secret(company: Company | int, provider: str, name: str, plaintext: str) -> None:
    company_id = company if isinstance(company, int) else company.pk
    EncryptedSecret.objects.update_or_create(
        company_id=company_id, provider=provider, name=name, defaults={"ciphertext": encrypt(plaintext)}
    )


def read_secret(company: Company | int, provider: str, name: str) -> str | None:
    row = _rows(company, provider, name).first()
    return None if row is None else decrypt(row.ciphertext)


def has_secret(company: Company | int, provider: str, name: str) -> bool:
    return _rows(company, provider, name).exists()


def delete_secret(company: Company | int, provider: str, name: str) -> bool:
    deleted, _ = _rows(company, provider, name).delete()
    return deleted > 0


def secret_fingerprint(company: Company | int, provider: str, name: str) -> str:
    """Changes whenever the stored secret (or its encryption) changes; "" when there is none.

    A digest of the ciphertext, so callers can key caches on it without holding the ciphertext.
    """
    ciphertext = _rows(company, provider, name).values_list("ciphertext", flat=True).first()
    return "" if ciphertext is None else hashlib.sha256(ciphertext.encode()).hexdigest()


def companies_with_secret(provider: str, name: str) -> QuerySet[EncryptedSecret, int]:
    """Ids of the companies holding this secret (a subquery for `company_id__in=`)."""
    return EncryptedSecret.objects.filter(provider=provider, name=name).values_list("company_id", flat=True)


def rotate_all_secrets() -> int:
    """Re-encrypt every stored secret with the newest key; returns how many were rewritten.

    All or nothing: one secret that no configured key can read stops the rotation before anything
    is written, and the error names it (never its value), so the old key can be put back first.
    """
    count = 0
    with transaction.atomic():
        for row in EncryptedSecret.objects.select_for_update().select_related("company").order_by("pk"):
            try:
                row.ciphertext = rotate(row.ciphertext)
            except SecretUnreadable:
                raise SecretUnreadable(
                    f"The {row.provider} secret {row.name!r} of company {row.company.code!r} cannot be "
                    "decrypted with any key in TRUEERP_ENCRYPTION_KEYS, so nothing was re-encrypted. Put the "
                    "key it was written with back into the list (after the new one) and run the command again."
                ) from None
            row.save(update_fields=["ciphertext", "updated_at"])
            count += 1
    return count
