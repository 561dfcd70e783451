"""Extension points that integration apps plug into; the host never imports the integrations.

* Settings menu entries (Settings page cards and the sidebar), each guarded by a permission.
* Company Preferences sections, grouped (General, Integrations, …), each rendered by its own view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trueerp.core.permissions import user_has_permission

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from trueerp.core.models import User


@dataclass(frozen=True)
class SettingsEntry:
    key: str
    label: str
    url_name: str
    description: str
    permission: int | None
    order: int = 100
    icon: str = "⚙"


@dataclass(frozen=True)
class PreferenceSection:
    slug: str
    title: str
    group: str
    view: Callable[[HttpRequest, PreferenceSection], HttpResponse]
    description: str = ""
    order: int = 100
    # Needed (with #1200) to see the section at all, and additionally to change anything in it.
    extra_permission: int | None = None
    change_permission: int | None = None


@dataclass
class _Registry:
    settings_entries: dict[str, SettingsEntry] = field(default_factory=dict)
    preference_sections: dict[str, PreferenceSection] = field(default_factory=dict)


_registry = _Registry()
PREFERENCE_GROUP_ORDER = ["General", "Financial", "Integrations"]


def register_settings_entry(entry: SettingsEntry) -> None:
    _registry.settings_entries[entry.key] = entry


def register_preference_section(section: PreferenceSection) -> None:
    if (
        section.slug in _registry.preference_sections
        and _registry.preference_sections[section.slug] != section
    ):
        raise ValueError(f"Preference section {section.slug!r} is registered twice.")
    _registry.preference_sections[section.slug] = section


def settings_entries_for(user: User) -> list[SettingsEntry]:
    visible = [
        entry
        for entry in _registry.settings_entries.values()
        if entry.permission is None or user_has_permission(user, entry.permission)
    ]
    return sorted(visible, key=lambda e: (e.order, e.label))


def preference_sections_for(user: User) -> list[PreferenceSection]:
    visible = [
        section
        for section in _registry.preference_sections.values()
        if section.extra_permission is None or user_has_permission(user, section.extra_permission)
    ]

    def sort_key(section: PreferenceSection) -> tuple[int, int, str]:
        group_index = (
            PREFERENCE_GROUP_ORDER.index(section.group) if section.group in PREFERENCE_GROUP_ORDER else 99
        )
        return (group_index, section.order, section.title)

    return sorted(visible, key=sort_key)


def get_preference_section(slug: str) -> PreferenceSection | None:
    return _registry.preference_sections.get(slug)
