"""Typed environment parsing that fails loudly.

A misspelt boolean or a non-numeric port must stop the process at start-up with a message naming
the variable, not surface later as odd behaviour.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


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


def env_secret(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    """A secret from `NAME`, or from the file named by `NAME_FILE` (Docker and Kubernetes secrets).

    Exactly one of the two may be set. The file's content is used without its surrounding
    whitespace (a trailing newline is what editors and `echo` leave); a missing, unreadable or empty
    file stops the process, because running on a default instead would hide the mistake.
    """
    source = os.environ if environ is None else environ
    file_name = f"{name}_FILE"
    if file_name not in source:
        return source.get(name, default)
    if name in source:
        raise ImproperEnvironment(
            f"Both {name} and {file_name} are set; set only one of them (remove {name} to read the secret "
            f"from the file {source[file_name]!r})."
        )
    path = Path(source[file_name])
    try:
        value = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ImproperEnvironment(f"{file_name}={str(path)!r}: the file does not exist.") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ImproperEnvironment(f"{file_name}={str(path)!r}: the file cannot be read ({reason}).") from None
    if not value:
        raise ImproperEnvironment(f"{file_name}={str(path)!r}: the file is empty; put the secret in it.")
    return value
