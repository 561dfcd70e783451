"""Reports pages: the list, a definition, a run (progress, report, refusal), downloads and drill-down.

Every view checks sign-in, company scope and #1598 (designing needs #1620, see ``designer``);
objects of another company answer 404.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from intacct.errors import IntacctError
from trueerp.core.access import current_company, current_user, get_scoped_or_404, require_permission
from trueerp.core.permissions import user_has_permission
from trueerp.sage_intacct.connection.clients import NotConfigured, client_for_company
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_REPORT_DESIGN
from trueerp.sage_intacct.reports.forms import ScheduleForm
from trueerp.sage_intacct.reports.models import ReportDefinition, ReportRun
from trueerp.sage_intacct.reports.schedule_views import recipient_choices
from trueerp.sage_intacct.reports.services import outputs
from trueerp.sage_intacct.reports.services.definitions import ensure_templates
from trueerp.sage_intacct.reports.services.drilldown import NotDrillable, drill
from trueerp.sage_intacct.reports.services.runs import (
    default_period,
    intacct_message,
    progress_payload,
    start_run,
)
from trueerp.sage_intacct.reports.spec import SpecError


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    start, end = default_period(timezone.localdate())
    try:
        if request.POST.get("start"):
            start = dt.date.fromisoformat(request.POST["start"])
        if request.POST.get("end"):
            end = dt.date.fromisoformat(request.POST["end"])
    except ValueError:
        raise SpecError("Dates must be written YYYY-MM-DD.") from None
    return start, end


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def reports_home(request: HttpRequest) -> HttpResponse:
    company = current_company(request)
    ensure_templates(company)
    start, end = default_period(timezone.localdate())
    definitions = ReportDefinition.objects.filter(company=company, archived=False).prefetch_related(
        "versions"
    )
    runs = ReportRun.objects.filter(company=company).select_related("version__definition")[:15]
    return render(
        request,
        "sage_intacct/reports/home.html",
        {
            "title": "Financial reports",
            "module_tab": "reports",
            "definitions": definitions,
            "runs": runs,
            "start": start,
            "end": end,
            "can_design": user_has_permission(request.user, SAGE_INTACCT_REPORT_DESIGN),
        },
    )


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def definition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    definition = get_scoped_or_404(request, ReportDefinition.objects.all(), pk=pk)
    start, end = default_period(timezone.localdate())
    return render(
        request,
        "sage_intacct/reports/definition.html",
        {
            "title": definition.name,
            "module_tab": "reports",
            "definition": definition,
            "versions": definition.versions.all(),
            "runs": ReportRun.objects.filter(version__definition=definition).select_related("version")[:20],
            "schedules": definition.schedules.all(),
            "start": start,
            "end": end,
            "can_design": user_has_permission(request.user, SAGE_INTACCT_REPORT_DESIGN),
            "schedule_form": ScheduleForm(recipients=recipient_choices(request)),
        },
    )


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_POST
def run_definition(request: HttpRequest, pk: int) -> HttpResponse:
    definition = get_scoped_or_404(request, ReportDefinition.objects.all(), pk=pk)
    version = definition.current
    if version is None:
        raise Http404("This definition has no version.")
    try:
        start, end = _period(request)
        run = start_run(current_company(request), version, current_user(request), start, end)
    except SpecError as exc:
        messages.error(request, str(exc))
        return redirect("sage_intacct:report_definition", pk=definition.pk)
    return redirect("sage_intacct:report_run", pk=run.pk)


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_scoped_or_404(request, ReportRun.objects.select_related("version__definition"), pk=pk)
    context = {
        "title": run.version.definition.name,
        "module_tab": "reports",
        "run": run,
        "payload": progress_payload(run),
        "formats": list(outputs.FORMATS),
    }
    if run.state == ReportRun.State.PUBLISHED:
        context.update(outputs.page_context(run))
    return render(request, "sage_intacct/reports/run.html", context)


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def run_progress(request: HttpRequest, pk: int) -> JsonResponse:
    run = get_scoped_or_404(request, ReportRun.objects.all(), pk=pk)
    return JsonResponse(progress_payload(run))


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def run_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = get_scoped_or_404(
        request, ReportRun.objects.select_related("version__definition", "company"), pk=pk
    )
    if fmt not in outputs.FORMATS:
        raise Http404("Unknown format.")
    try:
        out = outputs.output(run, fmt)
    except outputs.NotPublished as exc:
        messages.error(request, str(exc))
        return redirect("sage_intacct:report_run", pk=run.pk)
    response = HttpResponse(bytes(out.content), content_type=outputs.FORMATS[fmt][0])
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{outputs.filename(run, fmt)}"'
    response["X-Content-SHA256"] = out.sha256
    return response


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def run_drill(request: HttpRequest, pk: int, line: int, column: int) -> HttpResponse:
    run = get_scoped_or_404(
        request, ReportRun.objects.select_related("version__definition", "company"), pk=pk
    )
    if run.state != ReportRun.State.PUBLISHED:
        raise Http404("Only published runs can be drilled into.")
    context: dict[str, object] = {"title": "GL lines", "module_tab": "reports", "run": run}
    try:
        context["drill"] = drill(run, line, column, client_for_company(run.company, ""))
    except NotDrillable as exc:
        context["problem"] = str(exc)
    except NotConfigured as exc:
        context["problem"] = str(exc)
    except IntacctError as exc:
        context["problem"] = f"Intacct refused the look-up: {intacct_message(exc)}"
    return render(request, "sage_intacct/reports/drill.html", context)
