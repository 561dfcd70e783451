from __future__ import annotations

import os
import subprocess
import sys

import pytest

from trueerp.env import ImproperEnvironment, env_bool, env_choice, env_int, env_list
from trueerp.settings import _database_from_url


def test_env_bool_accepts_known_spellings_and_rejects_others() -> None:
    assert env_bool("X", environ={"X": "Yes"}) is True
    assert env_bool("X", environ={"X": "0"}) is False
    assert env_bool("X", default=True, environ={}) is True
    with pytest.raises(ImproperEnvironment, match=r"X='maybe' is not a boolean"):
        env_bool("X", environ={"X": "maybe"})


def test_env_int_checks_type_and_bounds() -> None:
    assert env_int("N", 5, environ={"N": " 7 "}) == 7
    assert env_int("N", 5, environ={}) == 5
    with pytest.raises(ImproperEnvironment, match=r"N='seven' is not a whole number"):
        env_int("N", 5, environ={"N": "seven"})
    with pytest.raises(ImproperEnvironment, match="below the minimum of 1"):
        env_int("N", 5, minimum=1, environ={"N": "0"})


def test_env_list_and_choice() -> None:
    assert env_list("L", environ={"L": "a, b,,c"}) == ["a", "b", "c"]
    assert env_choice("M", ("a", "b"), "a", environ={"M": "B"}) == "b"
    with pytest.raises(ImproperEnvironment, match="must be one of: a, b"):
        env_choice("M", ("a", "b"), "a", environ={"M": "c"})


def test_database_url_parsing() -> None:
    pg = _database_from_url("postgres://u%40x:p%2Fw@db.example:5433/erp")
    assert (pg["ENGINE"], pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "django.db.backends.postgresql",
        "erp",
        "u@x",
        "p/w",
        "db.example",
        "5433",
    )
    assert _database_from_url("sqlite:////tmp/x.sqlite3")["NAME"] == "/tmp/x.sqlite3"
    with pytest.raises(ImproperEnvironment, match="scheme 'mysql' is not supported"):
        _database_from_url("mysql://x/y")
    with pytest.raises(ImproperEnvironment, match="names no database"):
        _database_from_url("postgres://host/")


# --- secrets from files (NAME_FILE) ---------------------------------------------------------------


def test_env_secret_reads_the_variable_or_the_file_without_its_trailing_newline(tmp_path) -> None:
    from trueerp.env import env_secret

    secret_file = tmp_path / "sender"
    secret_file.write_text("s3nder-pass\n", encoding="utf-8")
    assert env_secret("P", environ={"P": "direct"}) == "direct"
    assert env_secret("P", environ={"P_FILE": str(secret_file)}) == "s3nder-pass"
    assert env_secret("P", "fallback", environ={}) == "fallback"


def test_env_secret_refuses_both_a_missing_and_an_empty_file(tmp_path) -> None:
    from trueerp.env import env_secret

    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(ImproperEnvironment, match=r"Both P and P_FILE are set; set only one of them"):
        env_secret("P", environ={"P": "x", "P_FILE": str(empty)})
    with pytest.raises(ImproperEnvironment, match=r"P_FILE='/nonexistent/p': the file does not exist\."):
        env_secret("P", environ={"P_FILE": "/nonexistent/p"})
    with pytest.raises(
        ImproperEnvironment, match=r"P_FILE='.*empty': the file is empty; put the secret in it\."
    ):
        env_secret("P", environ={"P_FILE": str(empty)})
    with pytest.raises(ImproperEnvironment, match=r"P_FILE='.*': the file cannot be read"):
        env_secret("P", environ={"P_FILE": str(tmp_path)})  # a directory


def _settings_in_a_fresh_process(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "TRUEERP_", "INTACCT_"))}
    base.update({"DJANGO_SETTINGS_MODULE": "trueerp.settings", "TRUEERP_VAR_DIR": env.pop("VAR_DIR")})
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings\n{code}"],
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_take_the_three_secrets_from_files(tmp_path) -> None:
    key = "tY5cJ0kV9mJ6Ho0xQ3Y2Rk1z2oP4w8Xq3nC7bL5dE0g="
    files = {
        "SECRET_KEY": "k" * 50,
        "TRUEERP_ENCRYPTION_KEYS": f"{key}, {key}\n",
        "INTACCT_SENDER_PASSWORD": "pw",
    }
    env = {"TRUEERP_MODE": "production", "VAR_DIR": str(tmp_path / "var")}
    for name, value in files.items():
        (tmp_path / name).write_text(value, encoding="utf-8")
        env[f"{name}_FILE"] = str(tmp_path / name)
    done = _settings_in_a_fresh_process(
        env,
        "print(settings.SECRET_KEY == 'k' * 50, settings.TRUEERP_ENCRYPTION_KEYS, settings.INTACCT_SENDER_PASSWORD)",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"True ['{key}', '{key}'] pw"


def test_settings_stop_with_the_variables_name_when_both_are_set(tmp_path) -> None:
    (tmp_path / "key").write_text("from-file", encoding="utf-8")
    env = {
        "TRUEERP_MODE": "demo",
        "VAR_DIR": str(tmp_path / "var"),
        "INTACCT_SENDER_PASSWORD": "inline",
        "INTACCT_SENDER_PASSWORD_FILE": str(tmp_path / "key"),
    }
    done = _settings_in_a_fresh_process(env, "print(settings.INTACCT_SENDER_PASSWORD)")
    assert done.returncode != 0
    assert (
        "ImproperEnvironment: Both INTACCT_SENDER_PASSWORD and INTACCT_SENDER_PASSWORD_FILE are set; set only one"
        in done.stderr
    )
    assert "inline" not in done.stderr.replace("INTACCT_SENDER_PASSWORD", "")
