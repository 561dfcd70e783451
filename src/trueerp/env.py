"""Typed environment parsing that fails loudly.

A misspelt boolean or a non-numeric port must stop the process at start-up with a message naming
the variable, not surface later as odd behaviour.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


class ImproperEnvironment(Exception):
    """An environment variable is set to a value that cannot be used."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    source = os.environ if environ is None else environ
    return source.get(name, default)


def env_bool(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperEnvironment(f"{name}={raw!r} is not a boolean; use one of true/false, 1/0, yes/no, on/off.")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperEnvironment(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperEnvironment(f"{name}={value} is below the minimum of {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperEnvironment(f"{name}={value} is above the maximum of {maximum}.")
    return value


def env_float(name: str, default: float, environ: Mapping[str, str] | None = None) -> float:
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw.strip())
    except ValueError:
        raise ImproperEnvironment(f"{name}={raw!r} is not a number.") from None


def env_list(
    name: str, default: list[str] | None = None, environ: Mapping[str, str] | None = None
) -> list[str]:
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(
    name: str, choices: tuple[str, ...], default: str, environ: Mapping[str, str] | None = None
) -> str:
    source = os.environ if environ is None else environ
    raw = source.get(name, default).strip().lower()
    if raw not in choices:
        raise ImproperEnvironment(f"{name}={raw!r} must be one of: {', '.join(choices)}.")
    return raw
