"""Settings > Sage Intacct > Sync log: every attempt with Intacct's error fields and our guidance, retry, CSV."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from trueerp.core.access import current_company, current_user, get_scoped_or_404, require_permission
from trueerp.core.exports import streaming_csv_response
from trueerp.core.permissions import user_has_permission
from trueerp.core.redirects import redirect_to_next
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN
from trueerp.sage_intacct.sync.models import (
    SyncAttempt,
    SyncError,
    SyncJob,
)
from trueerp.sage_intacct.sync.services import summary as engine_summary
from trueerp.sage_intacct.sync.services.state import bulk, machine, requests


def _filtered_attempts(request: HttpRequest) -> tuple[QuerySet[SyncAttempt], dict[str, str]]:
    company = current_company(request)
    params = {
        key: request.GET.get(key, "").strip()
        for key in ("status", "type", "entity", "start", "end", "code", "q")
    }
    attempts = SyncAttempt.objects.filter(company=company).select_related("transaction", "error", "job")
    if params["status"] in SyncAttempt.Outcome.values:
        attempts = attempts.filter(outcome=params["status"])
    if params["type"] in Transaction.Type.values:
        attempts = attempts.filter(transaction__type=params["type"])
    if params["entity"]:
        attempts = attempts.filter(entity_id=params["entity"])
    if params["code"]:
        attempts = attempts.filter(error__code=params["code"])
    for key, lookup in (("start", "created_at__date__gte"), ("end", "created_at__date__lte")):
        if params[key]:
            try:
                attempts = attempts.filter(**{lookup: date.fromisoformat(params[key])})
            except ValueError:
                messages.warning(request, f"Ignored the {key} date {params[key]!r}: use YYYY-MM-DD.")
                params[key] = ""
    if params["q"]:
        attempts = attempts.filter(
            Q(transaction__number__icontains=params["q"]) | Q(message__icontains=params["q"])
        )
    return attempts.order_by("-created_at", "-id"), params


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def sync_log(request: HttpRequest) -> HttpResponse:
    company = current_company(request)
    attempts, params = _filtered_attempts(request)
    page = Paginator(attempts, 50).get_page(request.GET.get("page"))
    errors = SyncError.objects.filter(company=company).select_related("last_transaction")
    if params["code"]:
        errors = errors.filter(code=params["code"])
    show_resolved = request.GET.get("resolved") == "1"
    if not show_resolved:
        errors = errors.filter(resolved=False)
    entities = (
        SyncAttempt.objects.filter(company=company)
        .exclude(entity_id="")
        .values_list("entity_id", flat=True)
        .distinct()
    )
    codes = SyncError.objects.filter(company=company).exclude(code="").values_list("code", "title").distinct()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "sage_intacct/log/sync_log.html",
        {
            "title": "Sync log",
            "page": page,
            "errors": errors[:100],
            "params": params,
            "outcomes": SyncAttempt.Outcome.choices,
            "types": Transaction.Type.choices,
            "entities": sorted(set(entities)),
            "codes": sorted(set(codes)),
            "querystring": query.urlencode(),
            "show_resolved": show_resolved,
            "summary": engine_summary.last_activity(company),
            "can_admin": user_has_permission(current_user(request), SAGE_INTACCT_SYNC_ADMIN),
        },
    )


CSV_HEADER = (
    "time",
    "transaction",
    "type",
    "outcome",
    "entity",
    "error_code",
    "errorno",
    "message",
    "control_id",
    "duration_ms",
)


def _csv_rows(attempts: QuerySet[SyncAttempt]) -> Iterator[list[object]]:
    for attempt in attempts.iterator(chunk_size=500):
        errorno = "; ".join(str(e.get("errorno", "")) for e in attempt.errors or [] if isinstance(e, dict))
        yield [
            attempt.created_at.isoformat(),
            attempt.transaction.number,
            attempt.transaction.get_type_display(),
            attempt.get_outcome_display(),
            attempt.entity_id,
            attempt.error.code if attempt.error else "",
            errorno,
            attempt.message,
            attempt.function_control_id,
            attempt.duration_ms,
        ]


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def sync_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Cells are neutralised by core.exports: Intacct's messages and our descriptions are user text."""
    attempts, _params = _filtered_attempts(request)
    return streaming_csv_response(
        f"sage-intacct-sync-log-{date.today():%Y-%m-%d}.csv", CSV_HEADER, _csv_rows(attempts)
    )


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_POST
def retry_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_scoped_or_404(request, SyncJob.objects.select_related("transaction"), pk=job_id)
    answer = requests.request(
        job.transaction, machine.RETRY, actor=current_user(request), priority=requests.MANUAL_PRIORITY
    )
    (messages.success if answer.accepted else messages.error)(request, answer.message)
    return redirect_to_next(request, reverse("sage_intacct:sync_log"))


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN)
@require_POST
def retry_all(request: HttpRequest) -> HttpResponse:
    count = bulk.retry_all_failed(current_company(request), actor=current_user(request))
    if count:
        messages.success(request, f"{count} failed or blocked transaction(s) queued again.")
    else:
        messages.info(request, "There are no failed or blocked transactions to retry.")
    return redirect("sage_intacct:sync_log")
