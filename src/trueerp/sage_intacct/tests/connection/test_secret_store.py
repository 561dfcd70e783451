"""Issue 12, item 3: every secret in one encrypted store, so that key rotation re-encrypts all of it.

The Intacct user password used to be a column of IntacctConnection, which `rotate_encryption_keys`
never walked: following the README's rotation steps made every stored password unreadable.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection as db_connection
from django.db.migrations.executor import MigrationExecutor

from trueerp.core.models import Company
from trueerp.integrations.crypto import SecretUnreadable, _fernet_for, encrypt
from trueerp.integrations.models import EncryptedSecret
from trueerp.sage_intacct.connection.clients import credentials_of
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.testing.worker import worker_environment

ROOT = Path(__file__).resolve().parents[5]
SRC = ROOT / "src"


@pytest.fixture(autouse=True)
def _fresh_keys():
    _fernet_for.cache_clear()
    yield
    _fernet_for.cache_clear()


def _connection(company: Company, password: str) -> IntacctConnection:
    connection = IntacctConnection(
        company=company, intacct_company_id="TRUE-DEMO", user_id="api_sync", status="connected"
    )
    connection.set_password(password)
    connection.save()
    return connection


@pytest.mark.django_db
def test_the_password_is_a_row_of_the_secret_store_written_on_save(company):
    connection = IntacctConnection(company=company, intacct_company_id="TRUE-DEMO", user_id="api_sync")
    connection.set_password("pa55-word")
    assert EncryptedSecret.objects.count() == 0  # nothing is written before the connection is saved
    connection.save()
    secret = EncryptedSecret.objects.get()
    assert (secret.company_id, secret.provider, secret.name) == (company.pk, "sage_intacct", "user_password")
    assert "pa55-word" not in secret.ciphertext
    fresh = IntacctConnection.objects.get(pk=connection.pk)
    assert (fresh.has_password, fresh.get_password()) == (True, "pa55-word")
    fresh.clear_password()
    fresh.save()
    assert EncryptedSecret.objects.count() == 0
    assert IntacctConnection.objects.get(pk=connection.pk).has_password is False


@pytest.mark.django_db
def test_rotate_command_re_encrypts_the_intacct_password_and_says_how_many(settings, company, other_company):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TRUEERP_ENCRYPTION_KEYS = [old]
    _connection(company, "first-password")
    _connection(other_company, "second-password")
    before = dict(EncryptedSecret.objects.values_list("company_id", "ciphertext"))

    settings.TRUEERP_ENCRYPTION_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert out.getvalue().strip() == "Re-encrypted 2 secret(s) with the newest key."
    after = dict(EncryptedSecret.objects.values_list("company_id", "ciphertext"))
    assert set(after) == set(before)
    assert all(after[c] != before[c] for c in before)

    settings.TRUEERP_ENCRYPTION_KEYS = [new]  # the old key is gone
    assert credentials_of(IntacctConnection.objects.get(company=company)).user_password == "first-password"
    assert IntacctConnection.objects.get(company=other_company).get_password() == "second-password"
    settings.TRUEERP_ENCRYPTION_KEYS = [old]
    with pytest.raises(SecretUnreadable):
        IntacctConnection.objects.get(company=company).get_password()


@pytest.mark.django_db
def test_rotation_changes_nothing_when_one_secret_is_unreadable_and_names_it(
    settings, company, other_company
):
    lost, current, new = (Fernet.generate_key().decode() for _ in range(3))
    settings.TRUEERP_ENCRYPTION_KEYS = [current]
    _connection(company, "readable")
    EncryptedSecret.objects.create(
        company=other_company, provider="sage_intacct", name="user_password", ciphertext=_token(lost, "x")
    )
    before = list(EncryptedSecret.objects.order_by("pk").values_list("ciphertext", flat=True))
    settings.TRUEERP_ENCRYPTION_KEYS = [new, current]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="secret 'user_password' of company 'contoso' cannot be decrypted"):
        call_command("rotate_encryption_keys", stdout=StringIO())
    assert list(EncryptedSecret.objects.order_by("pk").values_list("ciphertext", flat=True)) == before


def _token(key: str, plaintext: str) -> str:
    return Fernet(key.encode()).encrypt(plaintext.encode()).decode()


def _readme_rotation_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Secrets: from files, and rotating the encryption key", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert match is not None, "README lost its rotation steps"
    return match.group(1)


@pytest.mark.django_db(transaction=True)
def test_the_readme_rotation_steps_followed_as_written_keep_every_password_readable(settings, company):
    old = Fernet.generate_key().decode()
    settings.TRUEERP_ENCRYPTION_KEYS = [old]
    _connection(company, "demo-user-pass")
    steps = _readme_rotation_block()
    assert steps.count(".venv/bin/python") == 2
    # The only change: this checkout's interpreter instead of `.venv/bin/python`.
    script = (
        steps.replace(".venv/bin/python", sys.executable) + 'echo "KEYS_AFTER=$TRUEERP_ENCRYPTION_KEYS"\n'
    )
    env = worker_environment({"TRUEERP_ENCRYPTION_KEYS": old})
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert "Re-encrypted 1 secret(s) with the newest key." in lines
    keys_after = lines[-1].removeprefix("KEYS_AFTER=").split(",")
    assert len(keys_after) == 1
    assert keys_after != [old]

    settings.TRUEERP_ENCRYPTION_KEYS = keys_after
    _fernet_for.cache_clear()
    assert IntacctConnection.objects.get(company=company).get_password() == "demo-user-pass"


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_ciphertext_unchanged_into_the_store(company):
    executor = MigrationExecutor(db_connection)
    before_move = [("sage_intacct", "0003_mapping_ui"), ("integrations", "0001_initial")]
    move = [("sage_intacct", "0004_intacct_password_in_secret_store")]
    executor.migrate(before_move)
    try:
        old_apps = executor.loader.project_state(before_move).apps
        ciphertext = encrypt("kept-as-it-was")
        old_apps.get_model("sage_intacct", "IntacctConnection").objects.create(
            company_id=company.pk,
            intacct_company_id="TRUE-DEMO",
            user_id="api_sync",
            user_password_encrypted=ciphertext,
        )
        executor = MigrationExecutor(db_connection)
        executor.migrate(move)
        new_apps = executor.loader.project_state(move).apps
        secret = new_apps.get_model("integrations", "EncryptedSecret").objects.get()
        assert (secret.company_id, secret.provider, secret.name) == (
            company.pk,
            "sage_intacct",
            "user_password",
        )
        assert secret.ciphertext == ciphertext  # moved, not re-encrypted
    finally:
        executor = MigrationExecutor(db_connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert IntacctConnection.objects.get(company=company).get_password() == "kept-as-it-was"


def test_only_the_secret_store_touches_the_encryption_primitives():
    """One API: nothing else in the product encrypts or decrypts (so nothing escapes rotation)."""
    users = set()
    for path in (SRC / "trueerp").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "trueerp.integrations.crypto":
                users.add(path.relative_to(SRC).as_posix())
    assert users == {"trueerp/integrations/services/secrets.py"}
