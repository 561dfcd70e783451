from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from trueerp.integrations.crypto import SecretUnreadable, _fernet_for, decrypt, encrypt
from trueerp.integrations.models import EncryptedSecret
from trueerp.integrations.services.secrets import read_secret, store_secret


@pytest.fixture(autouse=True)
def _fresh_keys():
    _fernet_for.cache_clear()
    yield
    _fernet_for.cache_clear()


def test_round_trip_and_ciphertext_differs_from_plaintext(settings) -> None:
    settings.TRUEERP_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    token = encrypt("hunter2")
    assert "hunter2" not in token
    assert decrypt(token) == "hunter2"


@pytest.mark.django_db
def test_rotation_rewrites_with_new_key_and_old_key_can_then_go(settings, company) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TRUEERP_ENCRYPTION_KEYS = [old]
    store_secret(company, "sage_intacct", "user_password", "pa55")
    settings.TRUEERP_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_encryption_keys")
    settings.TRUEERP_ENCRYPTION_KEYS = [new]
    assert read_secret(company, "sage_intacct", "user_password") == "pa55"
    assert b"pa55" not in EncryptedSecret.objects.get().ciphertext.encode()


def test_wrong_key_gives_actionable_error(settings) -> None:
    settings.TRUEERP_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    token = encrypt("x")
    settings.TRUEERP_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(SecretUnreadable, match="restore the old key"):
        decrypt(token)
