"""Settings > Sage Intacct > Reference data: what is cached from Intacct, and refreshing it with progress."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from trueerp.core.access import current_company, current_user, get_scoped_or_404, require_permission
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT
from trueerp.sage_intacct.progress.models import OperationProgress
from trueerp.sage_intacct.reference import refresh as reference_admin


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def reference_data(request: HttpRequest) -> HttpResponse:
    company = current_company(request)
    running = reference_admin.current_refresh(company)
    last = OperationProgress.objects.filter(
        company=company, kind=OperationProgress.Kind.REFERENCE_REFRESH
    ).first()
    return render(
        request,
        "sage_intacct/reference/reference.html",
        {
            "title": "Reference data",
            "module_tab": "reference",
            "objects": reference_admin.summary(company),
            "running": running,
            "last": last,
            "running_payload": reference_admin.progress_payload(running) if running else None,
        },
    )


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_POST
def reference_refresh(request: HttpRequest) -> HttpResponse:
    company = current_company(request)
    progress, started = reference_admin.start_refresh(
        company, current_user(request), full=request.POST.get("full") == "on"
    )
    url = reverse("sage_intacct:reference_progress", args=[progress.pk])
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(
            {"started": started, "progress_url": url, **reference_admin.progress_payload(progress)}
        )
    if not started:
        messages.info(request, "A refresh is already under way; its progress is shown below.")
    return redirect("sage_intacct:reference_data")


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def reference_progress(request: HttpRequest, pk: int) -> JsonResponse:
    progress = get_scoped_or_404(request, OperationProgress.objects.all(), pk=pk)
    return JsonResponse(reference_admin.progress_payload(progress))
