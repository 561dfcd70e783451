"""Granting and revoking numbered permissions, audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from trueerp.core.audit import record_audit
from trueerp.core.models import PermissionGrant, User
from trueerp.core.permissions import catalog, forget_cached_permissions, get_permission


class AccessError(Exception):
    """A grant change that is not allowed; the message is meant for the administrator."""


def set_user_permissions(*, actor: User, user: User, numbers: Iterable[int]) -> tuple[set[int], set[int]]:
    """Make `user`'s grants exactly `numbers`; return (granted, revoked)."""
    if actor.company_id is None or actor.company_id != user.company_id:
        raise AccessError("You can only change access for users of your own company.")
    wanted = set(numbers)
    known = {definition.number for definition in catalog()}
    unknown = wanted - known
    if unknown:
        raise AccessError(f"Unknown permission number(s): {', '.join(f'#{n}' for n in sorted(unknown))}.")
    with transaction.atomic():
        current = set(PermissionGrant.objects.filter(user=user).values_list("number", flat=True))
        granted = wanted - current
        revoked = current - wanted
        PermissionGrant.objects.bulk_create(
            [PermissionGrant(user=user, number=number, granted_by=actor) for number in sorted(granted)]
        )
        PermissionGrant.objects.filter(user=user, number__in=revoked).delete()
        if granted or revoked:
            parts = [f"granted {get_permission(n).label}" for n in sorted(granted)]
            parts += [f"revoked {get_permission(n).label}" for n in sorted(revoked)]
            record_audit(
                company=user.company,  # type: ignore[arg-type]
                actor=actor,
                action="access.changed",
                object_type="user",
                object_id=user.pk,
                summary=f"{user.username}: " + "; ".join(parts),
                before={"permissions": sorted(current)},
                after={"permissions": sorted(wanted)},
            )
    forget_cached_permissions(user)
    return granted, revoked


def grant(user: User, *numbers: int, actor: User | None = None) -> None:
    """Grant without auditing an actor: used by seeding and tests."""
    for number in numbers:
        get_permission(number)
        PermissionGrant.objects.get_or_create(user=user, number=number, defaults={"granted_by": actor})
    forget_cached_permissions(user)
