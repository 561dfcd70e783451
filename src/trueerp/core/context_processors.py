from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from trueerp.core.permissions import FINANCIAL_MODULE, user_has_permission
from trueerp.core.registry import settings_entries_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_company": getattr(user, "company", None),
        "nav_settings_entries": settings_entries_for(user),
        "nav_can_financial": user_has_permission(user, FINANCIAL_MODULE),
    }
