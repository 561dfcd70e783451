"""Fernet encryption of secrets at rest, with key rotation (MultiFernet: first key encrypts)."""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SecretUnreadable(Exception):
    """A stored secret cannot be decrypted with any configured key."""


@cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise SecretUnreadable("No encryption keys configured (TRUEERP_ENCRYPTION_KEYS).")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise SecretUnreadable(
            "TRUEERP_ENCRYPTION_KEYS holds a value that is not a Fernet key (32 url-safe base64 bytes)."
        ) from error


def fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.TRUEERP_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    try:
        return fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable(
            "A stored secret cannot be decrypted with the configured keys; "
            "restore the old key in TRUEERP_ENCRYPTION_KEYS or re-enter the secret."
        ) from None


def rotate(ciphertext: str) -> str:
    """Re-encrypt with the newest key (the first in TRUEERP_ENCRYPTION_KEYS)."""
    try:
        return fernet().rotate(ciphertext.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable("A stored secret cannot be decrypted with the configured keys.") from None
