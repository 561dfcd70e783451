"""Settings > Sage Intacct (#1598), its JSON status, and Company Preferences > Integrations > API Keys."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from trueerp.core.access import current_company, current_user, require_permission
from trueerp.core.permissions import COMPANY_PREFERENCES
from trueerp.core.registry import PreferenceSection
from trueerp.core.views import render_preference_section
from trueerp.sage_intacct.connection import services as connection_service
from trueerp.sage_intacct.connection.forms import ApiKeysForm
from trueerp.sage_intacct.connection.models import ConnectionStatus, IntacctConnection
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_POST
def test_connection(request: HttpRequest) -> HttpResponse:
    connection = IntacctConnection.objects.filter(company=current_company(request)).first()
    if connection is None:
        messages.error(request, "Sage Intacct is not configured yet: enter the API keys first.")
        return redirect("sage_intacct:settings")
    check = connection_service.recheck(connection)
    if check.ok:
        messages.success(request, check.message)
    else:
        messages.error(request, check.message)
    return redirect("sage_intacct:settings")


@require_permission(MODULE_ACCESS_SAGE_INTACCT, COMPANY_PREFERENCES)
@require_POST
def disconnect(request: HttpRequest) -> HttpResponse:
    if connection_service.disconnect(current_company(request), current_user(request)):
        messages.success(
            request, "Sage Intacct disconnected. Sync history and the records' Intacct links are kept."
        )
    else:
        messages.info(request, "Sage Intacct was not connected.")
    return redirect("sage_intacct:settings")


def api_keys_section(request: HttpRequest, section: PreferenceSection) -> HttpResponse:
    company = current_company(request)
    connection = IntacctConnection.objects.filter(company=company).first()
    initial = {}
    if connection is not None:
        initial = {
            "intacct_company_id": connection.intacct_company_id,
            "user_id": connection.user_id,
            "entity_id": connection.entity_id,
            "endpoint_url": connection.endpoint_url,
        }
    form = ApiKeysForm(request.POST or None, initial=initial, connection=connection)
    failed_check = None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            outcome = connection_service.save_credentials(
                company=company,
                actor=current_user(request),
                intacct_company_id=data["intacct_company_id"],
                user_id=data["user_id"],
                user_password=data["user_password"],
                entity_id=data["entity_id"],
                endpoint_url=data.get("endpoint_url") or "",
                save_anyway=data["save_anyway"],
            )
            if outcome.saved and outcome.check.ok:
                messages.success(request, f"API keys saved. {outcome.check.message}")
                return redirect("preferences_section", slug=section.slug)
            if outcome.saved:
                messages.warning(
                    request,
                    "API keys saved, but the connection test failed; the connection is "
                    "marked untested. " + outcome.check.message,
                )
                return redirect("preferences_section", slug=section.slug)
            failed_check = outcome.check
            if outcome.refused_reason:
                messages.error(request, outcome.refused_reason)
            else:
                messages.error(
                    request,
                    "Nothing was saved: the connection test failed. Re-enter the password "
                    "and correct the settings, or tick \u201cSave even if the connection test "
                    "fails\u201d.",
                )
        else:
            messages.error(request, "Nothing was saved: please correct the highlighted fields.")
    status = connection_service.status_of(company)
    return render_preference_section(
        request,
        section,
        "sage_intacct/connection/api_keys_section.html",
        {
            "form": form,
            "status": status,
            "failed_check": failed_check,
            "connection": connection,
            "ConnectionStatus": ConnectionStatus,
        },
    )
