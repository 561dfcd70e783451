"""Schedules of a definition (#1620): who gets which formats, monthly or after period close."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from trueerp.core.access import current_company, current_user, get_scoped_or_404, require_permission
from trueerp.core.audit import record_audit
from trueerp.core.models import User
from trueerp.core.permissions import user_has_permission
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_REPORT_DESIGN
from trueerp.sage_intacct.reports.forms import ScheduleForm
from trueerp.sage_intacct.reports.models import ReportDefinition, ReportSchedule


def recipient_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """People of the company who may read reports (#1598) and have an e-mail address."""
    users = (
        User.objects.filter(company=current_company(request), is_active=True)
        .exclude(email="")
        .order_by("username")
    )
    return [
        (str(u.pk), f"{u.get_full_name() or u.username} <{u.email}>")
        for u in users
        if user_has_permission(u, MODULE_ACCESS_SAGE_INTACCT)
    ]


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_REPORT_DESIGN)
@require_POST
def schedule_create(request: HttpRequest, pk: int) -> HttpResponse:
    definition = get_scoped_or_404(request, ReportDefinition.objects.all(), pk=pk)
    form = ScheduleForm(request.POST, recipients=recipient_choices(request))
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[k].label or k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()
        )
        messages.error(request, f"The schedule was not saved — {problems}")
        return redirect("sage_intacct:report_definition", pk=definition.pk)
    schedule = ReportSchedule.objects.create(
        company=definition.company,
        definition=definition,
        cadence=form.cleaned_data["cadence"],
        day_of_month=form.cleaned_data["day_of_month"],
        formats=form.cleaned_data["formats"],
        created_by=current_user(request),
    )
    schedule.recipients.set(
        User.objects.filter(pk__in=form.cleaned_data["recipients"], company=definition.company)
    )
    record_audit(
        company=definition.company,
        actor=current_user(request),
        action="sage_intacct.report.schedule",
        object_type="sage_intacct.reportschedule",
        object_id=schedule.pk,
        summary=f"Report '{definition.name}' scheduled: {schedule.get_cadence_display()}",
    )
    messages.success(
        request,
        f"Scheduled: {schedule.get_cadence_display().lower()}, to {schedule.recipients.count()} people.",
    )
    return redirect("sage_intacct:report_definition", pk=definition.pk)


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_REPORT_DESIGN)
@require_POST
def schedule_delete(request: HttpRequest, pk: int, schedule_pk: int) -> HttpResponse:
    schedule = get_scoped_or_404(request, ReportSchedule.objects.filter(definition_id=pk), pk=schedule_pk)
    schedule.delete()
    messages.success(request, "Schedule removed.")
    return redirect("sage_intacct:report_definition", pk=pk)
