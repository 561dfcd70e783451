"""The Gear icon on a transaction page: a menu that apps fill through this registry.

The Financial module contributes its own actions (post, void); integrations contribute groups such
as "Sage Actions". A provider returns the items valid for this transaction and this user, so a
menu never offers an action that would be refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trueerp.core.models import User
    from trueerp.financial.models import Transaction


@dataclass(frozen=True)
class GearItem:
    """One menu entry: a link (GET) or, with `method="post"`, a button that submits a CSRF form."""

    key: str
    label: str
    url: str
    method: str = "get"
    hint: str = ""
    confirm: str = ""
    danger: bool = False
    new_tab: bool = False


@dataclass(frozen=True)
class GearGroup:
    key: str
    title: str
    items: list[GearItem] = field(default_factory=list)


GearProvider = Callable[["Transaction", "User"], GearGroup | None]

_providers: dict[str, tuple[int, GearProvider]] = {}


def register_gear_provider(key: str, provider: GearProvider, order: int = 100) -> None:
    _providers[key] = (order, provider)


def gear_menu(transaction: Transaction, user: User) -> list[GearGroup]:
    groups: list[GearGroup] = []
    for _order, provider in sorted(_providers.values(), key=lambda item: item[0]):
        group = provider(transaction, user)
        if group is not None and group.items:
            groups.append(group)
    return groups
