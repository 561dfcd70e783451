from __future__ import annotations

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
