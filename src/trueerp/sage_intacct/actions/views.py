"""Sage Actions on a transaction, its sync history, the sync log, retries and bulk sync.

Thin views: each parses input, asks the sync state machine (`sync/services/state/requests.py`),
and redirects with its answer: what happens now, or why the request was refused.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trueerp.core.access import current_company, current_user, get_scoped_or_404, require_permission
from trueerp.core.permissions import FINANCIAL_POST, user_has_permission
from trueerp.core.redirects import redirect_to_next
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.actions.amounts import booked_amounts
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN
from trueerp.sage_intacct.sync.models import SyncJob, SyncStatus, TransactionSyncState
from trueerp.sage_intacct.sync.presentation import status_badge
from trueerp.sage_intacct.sync.services import initial_sync as initial_sync_service
from trueerp.sage_intacct.sync.services import outbox
from trueerp.sage_intacct.sync.services.state import bulk, machine, requests
from trueerp.sage_intacct.sync.services.state.timing import company_today

MAX_BULK = 5000


def _transaction(request: HttpRequest, txn_id: int) -> Transaction:
    return get_scoped_or_404(request, Transaction.objects.all(), pk=txn_id)


def _back(request: HttpRequest, txn: Transaction) -> HttpResponse:
    return redirect("financial:transaction_detail", txn.pk)


def _require_connection(request: HttpRequest) -> bool:
    if IntacctConnection.objects.filter(company=current_company(request)).exists():
        return True
    messages.error(
        request, "Sage Intacct is not connected: enter the API keys in Company Preferences > Integrations."
    )
    return False


def _answer(request: HttpRequest, txn: Transaction, answer: requests.Answer) -> HttpResponse:
    """The state machine's answer, as it gave it: done, or refused and why."""
    (messages.success if answer.accepted else messages.error)(request, answer.message)
    return _back(request, txn)


def _ask(request: HttpRequest, txn_id: int, what: str, **options: object) -> HttpResponse:
    txn = _transaction(request, txn_id)
    if not _require_connection(request):
        return _back(request, txn)
    answer = requests.request(
        txn,
        what,
        actor=current_user(request),
        priority=outbox.MANUAL_PRIORITY,
        **options,  # type: ignore[arg-type]
    )
    return _answer(request, txn, answer)


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_POST
def action_sync(request: HttpRequest, txn_id: int) -> HttpResponse:
    return _ask(request, txn_id, machine.SYNC)


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_POST
def action_update(request: HttpRequest, txn_id: int) -> HttpResponse:
    return _ask(request, txn_id, machine.UPDATE_REQUEST)


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_http_methods(["GET", "POST"])
def action_reverse(request: HttpRequest, txn_id: int) -> HttpResponse:
    """GET: confirm with a reversal date (default: the company's today). POST: ask for the reversal;
    the TRUE record is voided only once Intacct confirms it."""
    txn = _transaction(request, txn_id)
    if not _require_connection(request):
        return _back(request, txn)
    user = current_user(request)
    if txn.state != Transaction.State.VOID and not user_has_permission(user, FINANCIAL_POST):
        messages.error(request, "Reversing also voids the transaction here, which needs permission #1310.")
        if request.method != "GET":  # the page still shows what a reversal would do, and why not
            return _back(request, txn)
    today = company_today(current_company(request))
    if request.method == "GET":
        return render(
            request,
            "sage_intacct/actions/reverse.html",
            {"title": f"Reverse {txn} in Sage Intacct", "txn": txn, "today": today},
        )
    text = request.POST.get("reversal_date", "").strip()
    try:
        reversal_date = date.fromisoformat(text) if text else today
    except ValueError:
        messages.error(request, f"{text!r} is not a date; use YYYY-MM-DD. Nothing was reversed.")
        return redirect("sage_intacct:action_reverse", txn.pk)
    answer = requests.request(
        txn, machine.REVERSE_REQUEST, actor=user, priority=outbox.MANUAL_PRIORITY, reversal_date=reversal_date
    )
    return _answer(request, txn, answer)


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN)
@require_POST
def action_mark_synced(request: HttpRequest, txn_id: int) -> HttpResponse:
    return _ask(
        request, txn_id, machine.MARK_SYNCED, intacct_key=request.POST.get("intacct_key", "").strip()[:100]
    )


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN)
@require_POST
def action_mark_not_synced(request: HttpRequest, txn_id: int) -> HttpResponse:
    return _ask(request, txn_id, machine.MARK_NOT_SYNCED)


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def transaction_history(request: HttpRequest, txn_id: int) -> HttpResponse:
    txn = _transaction(request, txn_id)
    state = outbox.state_for(txn)
    return render(
        request,
        "sage_intacct/actions/transaction_history.html",
        {
            "title": f"Sync history · {txn}",
            "txn": txn,
            "state": state,
            "badge": status_badge(state.status),
            "booked": booked_amounts(txn.company, [txn]).get(txn.pk),
            "attempts": outbox.history(txn),
            "jobs": SyncJob.objects.filter(transaction=txn).select_related("error").order_by("-id"),
        },
    )


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_POST
def bulk_sync(request: HttpRequest) -> HttpResponse:
    """Sync the transactions selected on the Financial list; returns to a progress page."""
    company = current_company(request)
    if not _require_connection(request):
        return redirect("financial:transaction_list")
    try:
        ids = [int(value) for value in request.POST.getlist("transaction_ids")][:MAX_BULK]
    except ValueError:
        messages.error(request, "The selection was not understood; reload the list and select again.")
        return redirect("financial:transaction_list")
    selected = Transaction.objects.filter(company=company, pk__in=ids)
    posted = list(selected.filter(state=Transaction.State.POSTED))
    not_posted = selected.count() - len(posted)
    if not posted:
        messages.error(request, "Select at least one posted transaction to sync.")
        return redirect_to_next(request, reverse("financial:transaction_list"))
    result = bulk.sync_many(posted, actor=current_user(request))
    skipped = [f"{n} {reason}" for reason, n in sorted(result.refused.items())]
    if not_posted:
        skipped.append(f"{not_posted} not posted")
    note = f" Skipped: {'; '.join(skipped)}." if skipped else ""
    (messages.success if result.accepted else messages.info)(
        request, f"{result.accepted} transaction(s) queued for Sage Intacct.{note}"
    )
    return _follow(request, [txn.pk for txn in posted])


def _follow(request: HttpRequest, transaction_ids: list[int]) -> HttpResponse:
    """Remember the selection in the session and open its progress page."""
    operation = uuid.uuid4().hex[:12]
    request.session[f"sage_bulk_{operation}"] = transaction_ids
    return redirect("sage_intacct:bulk_progress", operation=operation)


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN)
@require_POST
def initial_sync(request: HttpRequest) -> HttpResponse:
    """The first full sync of every posted transaction never sent (optionally from a date)."""
    if not _require_connection(request):
        return redirect("sage_intacct:settings")
    since_text = request.POST.get("since", "").strip()
    try:
        since = date.fromisoformat(since_text) if since_text else None
    except ValueError:
        messages.error(
            request, f"{since_text!r} is not a date; use YYYY-MM-DD or leave it empty. Nothing was queued."
        )
        return redirect("sage_intacct:settings")
    ids = initial_sync_service.start_initial_sync(current_company(request), current_user(request), since)
    if not ids:
        messages.info(
            request, "Every posted transaction has already been sent to Sage Intacct (or is queued)."
        )
        return redirect("sage_intacct:settings")
    messages.success(request, f"First full sync started: {len(ids)} posted transaction(s) queued.")
    return _follow(request, ids)


DONE_STATUSES = (
    SyncStatus.SYNCED,
    SyncStatus.DESYNCHRONIZED,
    SyncStatus.FAILED,
    SyncStatus.BLOCKED,
    SyncStatus.REVERSED,
    SyncStatus.REVERSAL_REFUSED,
)


def _bulk_progress(request: HttpRequest, operation: str) -> dict[str, object]:
    ids = request.session.get(f"sage_bulk_{operation}")
    if not isinstance(ids, list):
        raise Http404("This bulk sync is not known (it belongs to another session or has expired).")
    statuses = Counter(
        TransactionSyncState.objects.filter(
            company=current_company(request), transaction_id__in=ids
        ).values_list("status", flat=True)
    )
    done = sum(statuses.get(status, 0) for status in DONE_STATUSES)
    total = len(ids)
    return {
        "total": total,
        "done": done,
        "synced": statuses.get(SyncStatus.SYNCED, 0),
        "failed": statuses.get(SyncStatus.FAILED, 0) + statuses.get(SyncStatus.BLOCKED, 0),
        "waiting": total - done,
        "finished": done >= total,
    }


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def bulk_progress(request: HttpRequest, operation: str) -> HttpResponse:
    return render(
        request,
        "sage_intacct/actions/bulk_progress.html",
        {
            "title": "Syncing to Sage Intacct",
            "operation": operation,
            "progress": _bulk_progress(request, operation),
        },
    )


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def bulk_progress_json(request: HttpRequest, operation: str) -> JsonResponse:
    return JsonResponse(_bulk_progress(request, operation))
