"""The numbered permission catalog.

Permission numbers are stable integers shown in the UI (as in TRUE ERP: "#1598"), so support can
say "ask your administrator for #1598" and everybody finds the same switch. Apps register their
own permissions at start-up; the catalog only refuses a number registered twice differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trueerp.core.models import User


@dataclass(frozen=True)
class PermissionDef:
    number: int
    name: str
    description: str
    area: str

    @property
    def label(self) -> str:
        return f"#{self.number} {self.name}"


_CATALOG: dict[int, PermissionDef] = {}


def register_permissions(*definitions: PermissionDef) -> None:
    for definition in definitions:
        existing = _CATALOG.get(definition.number)
        if existing is not None and existing != definition:
            raise ValueError(f"Permission #{definition.number} is already registered as {existing.name!r}.")
        _CATALOG[definition.number] = definition


def catalog() -> list[PermissionDef]:
    return sorted(_CATALOG.values(), key=lambda d: (d.area, d.number))


def get_permission(number: int) -> PermissionDef:
    try:
        return _CATALOG[number]
    except KeyError:
        raise KeyError(f"Permission #{number} is not in the catalog.") from None


# Host permissions. Integration apps register theirs from their AppConfig.ready().
USERS_ACCESS_ADMIN = 1010
COMPANY_PREFERENCES = 1200
FINANCIAL_MODULE = 1300
FINANCIAL_POST = 1310
AUDIT_LOG_VIEW = 1020

register_permissions(
    PermissionDef(
        USERS_ACCESS_ADMIN,
        "Users / Access (Manage)",
        "User can open Settings > Users / Access and grant or revoke permissions",
        "Settings",
    ),
    PermissionDef(AUDIT_LOG_VIEW, "Audit Log (View)", "User can read the company's audit log", "Settings"),
    PermissionDef(
        COMPANY_PREFERENCES,
        "Company Preferences",
        "User can view and change Company Preferences, including integrations and API keys",
        "Settings",
    ),
    PermissionDef(
        FINANCIAL_MODULE,
        "Module Access (Financial)",
        "User can open the Financial module and view transactions",
        "Financial",
    ),
    PermissionDef(
        FINANCIAL_POST,
        "Financial Transactions (Create / Post / Void)",
        "User can create, post and void financial transactions",
        "Financial",
    ),
)

_CACHE_ATTR = "_trueerp_permission_numbers"


def permission_numbers(user: User | Any) -> frozenset[int]:
    """The user's granted numbers, loaded once per user object (i.e. once per request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached: frozenset[int] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(_CATALOG)
        else:
            cached = frozenset(user.permission_grants.values_list("number", flat=True))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_cached_permissions(user: User | Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def user_has_permission(user: User | Any, number: int) -> bool:
    return number in permission_numbers(user)
