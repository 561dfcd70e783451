"""Client-wide and per-call configuration.

Secrets live only in fields excluded from ``repr`` so that a config object can be logged, put in
an exception or shown in a debugger without leaking credentials.
"""

from __future__ import annotations

import configparser
import os
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from intacct._xml import has_invalid_xml_chars
from intacct.errors import EndpointError, InvalidArgumentError

__all__ = [
    "DEFAULT_ENDPOINT_URL",
    "ClientConfig",
    "RequestConfig",
    "check_control_id",
    "check_endpoint",
]

DEFAULT_ENDPOINT_URL = "https://api.intacct.com/ia/xml/xmlgw.phtml"
PROFILE_FILE = Path("~/.intacct/credentials.ini")

_ENV_NAMES = {
    "sender_id": "INTACCT_SENDER_ID",
    "sender_password": "INTACCT_SENDER_PASSWORD",
    "company_id": "INTACCT_COMPANY_ID",
    "entity_id": "INTACCT_ENTITY_ID",
    "user_id": "INTACCT_USER_ID",
    "user_password": "INTACCT_USER_PASSWORD",
    "endpoint_url": "INTACCT_ENDPOINT_URL",
}
_SECRET_FIELDS = frozenset({"sender_password", "user_password", "session_id"})
_CONTROL_CHARS = re.compile("[\x00-\x1f]")


def check_control_id(control_id: str, what: str = "control id") -> str:
    """Intacct echoes control ids and the SDKs cap them at 256 characters; enforce it here."""
    if not isinstance(control_id, str) or not control_id:
        raise InvalidArgumentError(f"{what} must be a non-empty string")
    if len(control_id) > 256:
        raise InvalidArgumentError(f"{what} must be at most 256 characters, got {len(control_id)}")
    if _CONTROL_CHARS.search(control_id) or has_invalid_xml_chars(control_id):
        raise InvalidArgumentError(f"{what} must not contain control characters or lone surrogates")
    return control_id


def check_endpoint(url: str, *, allow_custom_endpoint: bool) -> str:
    """Refuse to send credentials anywhere but Intacct unless the caller explicitly opted in."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"endpoint {url!r} is not an http(s) URL")
    if allow_custom_endpoint:
        return url
    host = parts.hostname.lower()
    if not (host.endswith(".intacct.com") or host.endswith(".intacct.com.")):
        raise EndpointError(
            f"endpoint host {host!r} is not an intacct.com host; pass allow_custom_endpoint=True "
            "to talk to an emulator"
        )
    if parts.scheme != "https":
        raise EndpointError(f"endpoint {url!r} must use https")
    return url


@dataclass(frozen=True)
class ClientConfig:
    sender_id: str = ""
    sender_password: str = field(default="", repr=False)
    company_id: str = ""
    user_id: str = ""
    user_password: str = field(default="", repr=False)
    session_id: str = field(default="", repr=False)
    entity_id: str | None = None
    client_id: str | None = None
    endpoint_url: str = DEFAULT_ENDPOINT_URL
    allow_custom_endpoint: bool = False
    connect_timeout: float = 10.0
    read_timeout: float = 300.0
    write_timeout: float = 60.0
    pool_timeout: float = 30.0
    total_timeout: float = 900.0
    max_in_flight: int = 4
    max_retries: int = 5
    backoff_initial: float = 0.5
    backoff_max: float = 30.0
    max_retry_after: float = 120.0
    max_response_bytes: int = 64 * 1024 * 1024
    use_sessions: bool = True
    session_renew_margin: float = 300.0
    fallback_session_ttl: float = 1800.0
    user_agent: str = "trueerp-intacct-python/0.1"

    def __post_init__(self) -> None:
        check_endpoint(self.endpoint_url, allow_custom_endpoint=self.allow_custom_endpoint)
        if self.max_in_flight < 1:
            raise InvalidArgumentError("max_in_flight must be at least 1")
        if self.max_retries < 0:
            raise InvalidArgumentError("max_retries must not be negative")
        if self.max_response_bytes < 1024:
            raise InvalidArgumentError("max_response_bytes is unreasonably small")
        for name in ("connect_timeout", "read_timeout", "write_timeout", "pool_timeout", "total_timeout"):
            if getattr(self, name) <= 0:
                raise InvalidArgumentError(f"{name} must be positive")

    def __repr__(self) -> str:
        shown = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _SECRET_FIELDS:
                shown.append(f"{f.name}={'***' if value else ''!r}")
            else:
                shown.append(f"{f.name}={value!r}")
        return f"ClientConfig({', '.join(shown)})"

    __str__ = __repr__

    @property
    def has_login_credentials(self) -> bool:
        return bool(self.user_id and self.company_id and self.user_password)

    def secrets(self) -> list[str]:
        """Values that must never appear in logs, whatever element they end up in."""
        return [value for value in (self.sender_password, self.user_password, self.session_id) if value]

    def with_options(self, **changes: Any) -> ClientConfig:
        return replace(self, **changes)

    @classmethod
    def load(
        cls,
        *,
        environ: Mapping[str, str] | None = None,
        profile: str | None = None,
        profile_file: str | os.PathLike[str] | None = None,
        use_profile_file: bool = True,
        **overrides: Any,
    ) -> ClientConfig:
        """Explicit arguments win, then ``INTACCT_*`` variables, then the profile file."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        chosen = profile or env.get("INTACCT_PROFILE")
        profile_name = chosen or "default"
        path = Path(profile_file) if profile_file is not None else PROFILE_FILE.expanduser()
        if use_profile_file:
            if path.is_file():
                # A profile you named must exist; the implicit "default" section may be absent.
                values.update(_read_profile(path, profile_name, required=chosen is not None))
            elif profile is not None or profile_file is not None:
                raise InvalidArgumentError(f"profile file {path} does not exist")
        for attr, env_name in _ENV_NAMES.items():
            if env.get(env_name):
                values[attr] = env[env_name]
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ClientConfig:
        return cls.load(environ=environ, use_profile_file=False, **overrides)


def _read_profile(path: Path, profile: str, *, required: bool = True) -> dict[str, str]:
    # Interpolation off: passwords routinely contain '%'.
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path, encoding="utf-8")
    if not parser.has_section(profile):
        if not required:
            return {}
        raise InvalidArgumentError(f"profile {profile!r} not found in {path}")
    section = parser[profile]
    return {attr: section[attr] for attr in _ENV_NAMES if section.get(attr)}


@dataclass(frozen=True)
class RequestConfig:
    """Per-call options; the control id defaults to a fresh UUID so responses can be correlated."""

    control_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    uniqueid: bool = False
    transaction: bool = False
    policy_id: str | None = None
    max_retries: int | None = None
    read_timeout: float | None = None

    def __post_init__(self) -> None:
        check_control_id(self.control_id, "request control id")
        if self.policy_id is not None and not (0 < len(self.policy_id) <= 40):
            raise InvalidArgumentError("policy id must be 1-40 characters")
        if self.max_retries is not None and self.max_retries < 0:
            raise InvalidArgumentError("max_retries must not be negative")
