"""Settings > Sage Intacct, the module's home (#1598): connection, entities, sync activity, preferences; and its JSON status."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trueerp.core.access import current_company, current_user, require_permission
from trueerp.core.permissions import COMPANY_PREFERENCES, user_has_permission
from trueerp.sage_intacct.connection import services as connection_service
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN
from trueerp.sage_intacct.status.services import preferences_summary, sync_activity
from trueerp.sage_intacct.sync.services.initial_sync import never_synced


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
def settings_home(request: HttpRequest) -> HttpResponse:
    company = current_company(request)
    connection = IntacctConnection.objects.filter(company=company).first()
    if connection is not None and connection.has_password and connection.last_checked_at is None:
        connection_service.recheck(connection)
    status = connection_service.status_of(company)
    return render(
        request,
        "sage_intacct/status/settings_home.html",
        {
            "title": "Sage Intacct",
            "status": status,
            "activity": sync_activity(company),
            "connection": connection,
            "sender_id": settings.INTACCT_SENDER_ID,
            "preferences": preferences_summary(company) if status["status"] != "not_configured" else None,
            "never_synced": never_synced(company).count() if status["status"] == "connected" else 0,
            "can_admin_sync": user_has_permission(current_user(request), SAGE_INTACCT_SYNC_ADMIN),
            # API keys and Disconnect need #1200 as well (Company Preferences > Integrations > API Keys).
            "can_edit_keys": user_has_permission(current_user(request), COMPANY_PREFERENCES),
        },
    )


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def status_json(request: HttpRequest) -> JsonResponse:
    company = current_company(request)
    return JsonResponse({**connection_service.status_of(company), "last_sync": sync_activity(company)})
