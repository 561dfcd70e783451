from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from trueerp.core.permissions import FINANCIAL_MODULE, user_has_permission
from trueerp.core.registry import settings_entries_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    entries = settings_entries_for(user)
    # The entry whose URL is the longest prefix of this page is the active one, so a module's
    # sub-pages (e.g. /settings/sage-intacct/sync-preferences/) highlight only that module.
    urls = {entry.key: reverse(entry.url_name) for entry in entries}
    matches = [key for key, url in urls.items() if request.path.startswith(url)]
    active = max(matches, key=lambda key: len(urls[key]), default=None)
    return {
        "nav_company": getattr(user, "company", None),
        "nav_settings_entries": entries,
        "nav_settings_links": [(entry, urls[entry.key], entry.key == active) for entry in entries],
        "nav_can_financial": user_has_permission(user, FINANCIAL_MODULE),
    }
