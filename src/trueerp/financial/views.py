"""The Financial module's pages: transaction list, detail (with the Gear menu), form, actions.

Views are thin: they parse input, call one service, render. Every query is company-scoped.

The list uses keyset ("seek") pagination on (date DESC, id DESC), which the (company, -date, -id)
indexes serve directly: a page costs the same at row 50 and at row 99,950, and there is no
COUNT over the whole table — the matching-row count is capped (``COUNT_CAP``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from trueerp.core.access import current_company, current_user, get_scoped_or_404, require_permission
from trueerp.core.audit import record_audit
from trueerp.core.permissions import FINANCIAL_MODULE, FINANCIAL_POST, user_has_permission
from trueerp.core.registry import PreferenceSection
from trueerp.core.views import render_preference_section
from trueerp.financial import currencies, list_extensions
from trueerp.financial.actions import gear_menu
from trueerp.financial.forms import (
    FinancialPreferencesForm,
    ListFilterForm,
    TransactionForm,
    build_line_formset,
    header_initial,
    lines_initial,
    transaction_input,
)
from trueerp.financial.models import ZERO, Transaction
from trueerp.financial.services.transactions import (
    FinancialError,
    audit_history,
    create_transaction,
    duplicate_transaction,
    next_document_number,
    post_transaction,
    preferences_for,
    update_transaction,
    void_transaction,
)

PAGE_SIZE = 50
COUNT_CAP = 1000


# --- list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """A position in the (date DESC, id DESC) order, carried in the URL as ``2026-05-31.1234``."""

    date: date
    id: int

    def encode(self) -> str:
        return f"{self.date.isoformat()}.{self.id}"

    @classmethod
    def decode(cls, raw: str | None) -> Cursor | None:
        if not raw:
            return None
        try:
            day, _, pk = raw.partition(".")
            return cls(date.fromisoformat(day), int(pk))
        except ValueError:
            return None


def _search(queryset: QuerySet[Transaction], term: str) -> QuerySet[Transaction]:
    return queryset.filter(
        Q(number__icontains=term)
        | Q(description__icontains=term)
        | Q(reference__icontains=term)
        | Q(customer__name__icontains=term)
        | Q(vendor__name__icontains=term)
    )


def _filtered(
    request: HttpRequest, form: ListFilterForm, extension_choices: dict[str, list[tuple[str, str]]]
) -> tuple[QuerySet[Transaction], dict[str, str]]:
    """The company's transactions narrowed by the valid filters; also the active filter params."""
    company = current_company(request)
    queryset = Transaction.objects.filter(company=company)
    active: dict[str, str] = {}
    if form.is_valid():
        data = form.cleaned_data
        if data["q"].strip():
            queryset = _search(queryset, data["q"].strip())
            active["q"] = data["q"].strip()
        if data["type"]:
            queryset = queryset.filter(type=data["type"])
            active["type"] = data["type"]
        if data["state"]:
            queryset = queryset.filter(state=data["state"])
            active["state"] = data["state"]
        if data["date_from"]:
            queryset = queryset.filter(date__gte=data["date_from"])
            active["date_from"] = data["date_from"].isoformat()
        if data["date_to"]:
            queryset = queryset.filter(date__lte=data["date_to"])
            active["date_to"] = data["date_to"].isoformat()
    for extension in list_extensions.filters(request.user):
        value = request.GET.get(extension.param, "")
        if value and value in {choice for choice, _label in extension_choices[extension.key]}:
            queryset = extension.apply(queryset, value)
            active[extension.param] = value
    return queryset, active


def _seek(
    queryset: QuerySet[Transaction], after: Cursor | None, before: Cursor | None
) -> tuple[list[Transaction], bool, bool]:
    """One page in (date DESC, id DESC) order: (rows, has_previous, has_next)."""
    queryset = queryset.select_related("customer", "vendor")
    if before is not None:
        rows = list(
            queryset.filter(date__gte=before.date)
            .filter(Q(date__gt=before.date) | Q(id__gt=before.id))
            .order_by("date", "id")[: PAGE_SIZE + 1]
        )
        has_previous = len(rows) > PAGE_SIZE
        rows = list(reversed(rows[:PAGE_SIZE]))
        return rows, has_previous, True
    if after is not None:
        # `date <= d` first lets the database seek into the (company, -date, -id) index.
        queryset = queryset.filter(date__lte=after.date).filter(Q(date__lt=after.date) | Q(id__lt=after.id))
    rows = list(queryset.order_by("-date", "-id")[: PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], after is not None, len(rows) > PAGE_SIZE


@require_permission(FINANCIAL_MODULE)
def transaction_list(request: HttpRequest) -> HttpResponse:
    company = current_company(request)
    form = ListFilterForm(request.GET or None)
    extension_choices = {
        extension.key: extension.choices_for(company) for extension in list_extensions.filters(request.user)
    }
    queryset, active = _filtered(request, form, extension_choices)
    rows, has_previous, has_next = _seek(
        queryset, Cursor.decode(request.GET.get("after")), Cursor.decode(request.GET.get("before"))
    )
    matching = queryset.order_by()[: COUNT_CAP + 1].count()
    rendered = list_extensions.render_columns(rows, company, request.user)
    table = [(txn, [column.cell(txn.pk) for column in rendered]) for txn in rows]
    base = urlencode(active)
    previous_url = (
        "?" + urlencode({**active, "before": Cursor(rows[0].date, rows[0].pk).encode()})
        if has_previous and rows
        else ""
    )
    next_url = (
        "?" + urlencode({**active, "after": Cursor(rows[-1].date, rows[-1].pk).encode()})
        if has_next and rows
        else ""
    )
    company_filters = [
        {"filter": extension, "choices": choices, "value": request.GET.get(extension.param, "")}
        for extension in list_extensions.filters(request.user)
        if (choices := extension_choices[extension.key])
    ]
    return render(
        request,
        "financial/transaction_list.html",
        {
            "title": "Transactions",
            "form": form,
            "table": table,
            "extension_columns": [column.column for column in rendered],
            "bulk_actions": list_extensions.bulk_actions_for(current_user(request)),
            "extension_filters": company_filters,
            "matching": matching,
            "matching_capped": matching > COUNT_CAP,
            "count_cap": COUNT_CAP,
            "page_size": PAGE_SIZE,
            "previous_url": previous_url,
            "next_url": next_url,
            "first_url": "?" + base if base else "?",
            "is_first_page": not request.GET.get("after") and not request.GET.get("before"),
            "filtered": bool(active),
            "can_create": user_has_permission(request.user, FINANCIAL_POST),
        },
    )


# --- detail -----------------------------------------------------------------------------------


def _transaction_or_404(request: HttpRequest, pk: int) -> Transaction:
    return get_scoped_or_404(
        request,
        Transaction.objects.select_related(
            "company", "customer", "vendor", "branch", "job", "contract", "applies_to", "created_by"
        ),
        pk=pk,
    )


@require_permission(FINANCIAL_MODULE)
def transaction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    txn = _transaction_or_404(request, pk)
    lines = list(
        txn.lines.select_related(
            "account", "job", "department", "branch", "accounting_class", "customer", "vendor", "employee"
        )
        .prefetch_related("custom_values__attribute")
        .order_by("line_no")
    )
    total_debit = sum((line.debit for line in lines), ZERO)
    total_credit = sum((line.credit for line in lines), ZERO)
    return render(
        request,
        "financial/transaction_detail.html",
        {
            "title": str(txn),
            "txn": txn,
            "lines": lines,
            "total_debit": total_debit,
            "total_credit": total_credit,
            "balanced": total_debit == total_credit,
            "money": currencies.summary_for(txn),
            "gear_groups": gear_menu(txn, current_user(request)),
            "history": list(audit_history(txn)[:50]),
            "extension_badges": [
                (rendered.column.header, badge)
                for rendered in list_extensions.render_columns([txn], txn.company, request.user)
                if (badge := rendered.cell(txn.pk))
            ],
        },
    )


# --- create / edit ----------------------------------------------------------------------------


def _form_page(
    request: HttpRequest, txn: Transaction | None, form: TransactionForm, formset: Any, problems: list[str]
) -> HttpResponse:
    return render(
        request,
        "financial/transaction_form.html",
        {
            "title": f"Edit {txn}" if txn else "New transaction",
            "txn": txn,
            "form": form,
            "formset": formset,
            "problems": problems,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_permission(FINANCIAL_MODULE, FINANCIAL_POST)
@require_http_methods(["GET", "POST"])
def transaction_create(request: HttpRequest) -> HttpResponse:
    company = current_company(request)
    if request.method == "POST":
        form = TransactionForm(request.POST, company=company)
        formset = build_line_formset(company, request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                txn = create_transaction(
                    company=company,
                    actor=current_user(request),
                    data=transaction_input(form, formset, None),
                    post="post" in request.POST,
                )
            except FinancialError as error:
                return _form_page(request, None, form, formset, [error.summary, *error.problems])
            messages.success(request, f"{txn} saved as {txn.get_state_display().lower()}.")
            return redirect("financial:transaction_detail", pk=txn.pk)
        return _form_page(
            request, None, form, formset, ["Nothing was saved. Please correct the errors below."]
        )
    requested_type = request.GET.get("type", Transaction.Type.JOURNAL_ENTRY)
    if requested_type not in Transaction.Type.values:
        requested_type = Transaction.Type.JOURNAL_ENTRY
    form = TransactionForm(company=company, initial={"type": requested_type, "date": date.today()})
    return _form_page(request, None, form, build_line_formset(company), [])


@require_permission(FINANCIAL_MODULE, FINANCIAL_POST)
@require_http_methods(["GET", "POST"])
def transaction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    company = current_company(request)
    txn = _transaction_or_404(request, pk)
    if txn.state == Transaction.State.VOID:
        messages.error(request, f"{txn} is void and can no longer be edited.")
        return redirect("financial:transaction_detail", pk=txn.pk)
    if request.method == "POST":
        form = TransactionForm(request.POST, company=company, fixed_type=txn.type, initial={"type": txn.type})
        formset = build_line_formset(company, request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                txn = update_transaction(
                    txn,
                    actor=current_user(request),
                    data=transaction_input(form, formset, txn.type),
                    post="post" in request.POST,
                )
            except FinancialError as error:
                return _form_page(request, txn, form, formset, [error.summary, *error.problems])
            messages.success(request, f"{txn} saved (version {txn.version}).")
            return redirect("financial:transaction_detail", pk=txn.pk)
        return _form_page(
            request, txn, form, formset, ["Nothing was saved. Please correct the errors below."]
        )
    form = TransactionForm(company=company, fixed_type=txn.type, initial=header_initial(txn))
    return _form_page(request, txn, form, build_line_formset(company, initial=lines_initial(txn)), [])


# --- Gear actions -----------------------------------------------------------------------------


def _report(request: HttpRequest, error: FinancialError) -> None:
    messages.error(request, " ".join([error.summary, *error.problems]))


@require_permission(FINANCIAL_MODULE, FINANCIAL_POST)
@require_POST
def transaction_post(request: HttpRequest, pk: int) -> HttpResponse:
    txn = _transaction_or_404(request, pk)
    try:
        txn = post_transaction(txn, actor=current_user(request))
    except FinancialError as error:
        _report(request, error)
    else:
        messages.success(request, f"{txn} posted.")
    return redirect("financial:transaction_detail", pk=txn.pk)


@require_permission(FINANCIAL_MODULE, FINANCIAL_POST)
@require_POST
def transaction_void(request: HttpRequest, pk: int) -> HttpResponse:
    txn = _transaction_or_404(request, pk)
    try:
        txn = void_transaction(txn, actor=current_user(request), reason=request.POST.get("reason", "")[:200])
    except FinancialError as error:
        _report(request, error)
    else:
        messages.success(request, f"{txn} voided.")
    return redirect("financial:transaction_detail", pk=txn.pk)


@require_permission(FINANCIAL_MODULE, FINANCIAL_POST)
@require_POST
def transaction_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    txn = _transaction_or_404(request, pk)
    try:
        copy = duplicate_transaction(txn, actor=current_user(request))
    except FinancialError as error:
        _report(request, error)
        return redirect("financial:transaction_detail", pk=txn.pk)
    messages.success(request, f"{txn} duplicated as draft {copy.number}.")
    return redirect("financial:transaction_detail", pk=copy.pk)


# --- Company Preferences > Financial defaults -------------------------------------------------


def financial_preferences(request: HttpRequest, section: PreferenceSection) -> HttpResponse:
    """Rendered by core's preferences view, which has already checked #1200 Company Preferences."""
    company = current_company(request)
    preferences = preferences_for(company)
    fields = FinancialPreferencesForm.Meta.fields
    before = {name: str(getattr(preferences, name)) for name in fields}
    form = FinancialPreferencesForm(request.POST or None, instance=preferences)
    if request.method == "POST":
        if form.is_valid():
            saved = form.save()
            after = {name: str(getattr(saved, name)) for name in fields}
            if after != before:
                changed = [name for name in fields if after[name] != before[name]]
                record_audit(
                    company=company,
                    actor=current_user(request),
                    action="preferences.financial",
                    object_type="financial.preferences",
                    object_id=saved.pk,
                    summary="Financial defaults changed: " + ", ".join(changed),
                    before={name: before[name] for name in changed},
                    after={name: after[name] for name in changed},
                )
                messages.success(request, "Financial defaults saved.")
            else:
                messages.info(request, "No changes to save.")
            return redirect("preferences_section", slug=section.slug)
        messages.error(request, "Nothing was saved. Please correct the highlighted fields.")
    examples = [(label, next_document_number(company, value)) for value, label in Transaction.Type.choices]
    return render_preference_section(
        request, section, "financial/preferences.html", {"form": form, "examples": examples}
    )
