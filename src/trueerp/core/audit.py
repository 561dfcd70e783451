"""Writing the audit trail, with secrets masked before anything is stored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trueerp.core.models import AuditEntry, Company, User

MASK = "••••••"
_SECRET_MARKERS = ("password", "secret", "token", "api_key", "private_key", "session")


def is_secret_field(name: str) -> bool:
    lowered = name.lower()
    return any(marker in lowered for marker in _SECRET_MARKERS)


def mask_secrets(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Replace every secret-looking value with a mask; an empty secret stays visibly empty."""
    if values is None:
        return None
    masked: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, Mapping):
            masked[key] = mask_secrets(value)
        elif is_secret_field(key):
            masked[key] = MASK if value not in (None, "") else ""
        else:
            masked[key] = value
    return masked


def record_audit(
    *,
    company: Company,
    actor: User | None,
    action: str,
    summary: str = "",
    object_type: str = "",
    object_id: str | int = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        company=company,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=summary[:300],
        object_type=object_type,
        object_id=str(object_id),
        before=mask_secrets(before),
        after=mask_secrets(after),
    )
