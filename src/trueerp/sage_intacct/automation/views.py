"""Company Preferences > Integrations > Sage Intacct sync: what syncs automatically, how often, and
who is told about failures. `register_ui()` plugs the section (and the scheduler's tasks) in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from trueerp.core.access import current_company, current_user
from trueerp.core.registry import PreferenceSection, register_preference_section
from trueerp.core.views import render_preference_section
from trueerp.sage_intacct.automation import services as schedule
from trueerp.sage_intacct.automation.forms import AutomationForm
from trueerp.sage_intacct.automation.models import SyncFrequency
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN

SECTION_SLUG = "sage-intacct-sync"


def automation_section(request: HttpRequest, section: PreferenceSection) -> HttpResponse:
    company = current_company(request)
    automation = schedule.automation_for(company)
    sync_settings = settings_for(company)
    initial = {
        "frequency": automation.frequency,
        "interval_minutes": automation.interval_minutes,
        "daily_at": automation.daily_at,
        "post_types": list(sync_settings.auto_sync_types or []),
        "update_types": list(automation.update_types or []),
        "reverse_on_void": sync_settings.reverse_on_void,
        "notify_users": list(automation.notify_users.all()),
    }
    if request.method == "POST" and "send_test" in request.POST:
        try:
            recipients = schedule.send_test_email(automation)
        except Exception as error:  # the mail server refused: say so
            messages.error(request, f"The test e-mail could not be sent: {error}")
        else:
            if recipients:
                messages.success(request, f"Test e-mail sent to {', '.join(recipients)}.")
            else:
                messages.error(
                    request, "Nobody to send to: choose people with an e-mail address and save first."
                )
        return redirect("preferences_section", slug=section.slug)
    form = AutomationForm(request.POST or None, initial=initial, company=company)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            schedule.save_automation(
                company,
                current_user(request),
                frequency=data["frequency"],
                interval_minutes=data.get("interval_minutes") or automation.interval_minutes,
                daily_at=data.get("daily_at"),
                post_types=list(data["post_types"]),
                update_types=list(data["update_types"]),
                reverse_on_void=data["reverse_on_void"],
                notify=list(data["notify_users"]),
            )
            messages.success(request, "Sage Intacct sync automation saved.")
            return redirect("preferences_section", slug=section.slug)
        messages.error(request, "Nothing was saved: please correct the highlighted fields.")
    return render_preference_section(
        request,
        section,
        "sage_intacct/automation/section.html",
        {
            "form": form,
            "automation": automation,
            "next_run": schedule.next_run(automation),
            "waiting": schedule.waiting_count(company, automation),
            "connected": IntacctConnection.objects.filter(company=company).exists(),
            "tz": timezone.get_current_timezone_name(),
            "Frequency": SyncFrequency,
        },
    )


def register_ui() -> None:
    """Called from SageIntacctConfig.ready(): the Company Preferences section."""
    register_preference_section(
        PreferenceSection(
            SECTION_SLUG,
            "Sage Intacct sync",
            "Integrations",
            automation_section,
            "Which transactions sync to Sage Intacct automatically, how often, and who is told when a sync fails.",
            order=30,
            extra_permission=MODULE_ACCESS_SAGE_INTACCT,
            change_permission=SAGE_INTACCT_SYNC_ADMIN,
        )
    )
