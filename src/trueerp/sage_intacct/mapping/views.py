"""Settings > Sage Intacct > Mapping and Sync preferences: #1598 to look, #1599 to change (company-scoped).

Views parse input, call one service function and render; every change is validated first (nothing
half-saved) and audited by the service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction as db_transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trueerp.core.access import current_company, current_user, get_scoped_or_404, require_permission
from trueerp.core.audit import record_audit
from trueerp.core.permissions import user_has_permission
from trueerp.core.redirects import redirect_with_query
from trueerp.financial.models import CustomAttribute, Transaction
from trueerp.sage_intacct.mapping.forms import DefaultEntityForm, EntityRuleForm, SyncPreferencesForm
from trueerp.sage_intacct.mapping.models import DimensionMapping, DimensionSource, EntityRule
from trueerp.sage_intacct.mapping.services import accounts as account_admin
from trueerp.sage_intacct.mapping.services import dimensions as mapping_admin
from trueerp.sage_intacct.mapping.services import entity_rules as rules_admin
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN
from trueerp.sage_intacct.reference.labels import dimension_label
from trueerp.sage_intacct.reference.signals import sync_inputs_changed

PER_PAGE = 50


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """#1598 may look at every mapping page; only #1599 gets the controls that change them."""
    can_configure = user_has_permission(current_user(request), SAGE_INTACCT_SYNC_ADMIN)
    return render(request, f"sage_intacct/mapping/{template}", {**context, "can_configure": can_configure})


def _int(value: str | None, default: int = 1) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


# --- entity rules -----------------------------------------------------------------------------


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def entities(request: HttpRequest) -> HttpResponse:
    company = current_company(request)
    settings = settings_for(company)
    rules = rules_admin.rules_of(company)
    names = dict(rules_admin.entity_choices(company))
    rows = [
        {
            "rule": rule,
            "conditions": rules_admin.conditions_of(rule),
            "problem": rules_admin.entity_problem(company, rule.entity_id),
            "entity_label": names.get(rule.entity_id, rule.entity_id),
        }
        for rule in rules
    ]
    query = request.GET.get("q", "").strip()
    found = rules_admin.search_transactions(company, query) if query else []
    result = None
    txn_id = request.GET.get("txn")
    if txn_id:
        txn = get_scoped_or_404(request, Transaction.objects.all(), pk=_int(txn_id, 0))
        result = rules_admin.test_transaction(company, txn)
    return _page(
        request,
        "entities.html",
        {
            "title": "Entity mapping",
            "module_tab": "mapping",
            "mapping_tab": "entities",
            "rows": rows,
            "default_form": DefaultEntityForm(
                company=company,
                current=settings.default_entity_id,
                initial={"entity_id": settings.default_entity_id},
            ),
            "default_where": rules_admin.where(settings.default_entity_id),
            "default_problem": rules_admin.entity_problem(company, settings.default_entity_id),
            "query": query,
            "found": found,
            "result": result,
            "entities_cached": len(rules_admin.entity_choices(company)) > 1,
        },
    )


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN)  # an edit form is for editing
@require_http_methods(["GET", "POST"])
def entity_rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    company = current_company(request)
    rule = (
        get_scoped_or_404(request, EntityRule.objects.all(), pk=pk)
        if pk is not None
        else EntityRule(company=company)
    )
    form = EntityRuleForm(request.POST or None, instance=rule, company=company)
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = rules_admin.save_rule(
                    company, current_user(request), form.save(commit=False), created=pk is None
                )
            except mapping_admin.MappingInputError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Rule “{saved.name}” saved: {' and '.join(rules_admin.conditions_of(saved))} → "
                    f"{rules_admin.where(saved.entity_id)}.",
                )
                return redirect("sage_intacct:mapping_entities")
        messages.error(request, "Nothing was saved: please correct the highlighted fields.")
    return _page(
        request,
        "entity_rule_form.html",
        {
            "title": "Edit entity rule" if pk else "New entity rule",
            "module_tab": "mapping",
            "mapping_tab": "entities",
            "form": form,
            "rule": rule if pk else None,
        },
    )


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN)
@require_POST
def entity_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_scoped_or_404(request, EntityRule.objects.all(), pk=pk)
    rules_admin.delete_rule(current_company(request), current_user(request), rule)
    messages.success(request, f"Rule “{rule.name or rule.pk}” deleted.")
    return redirect("sage_intacct:mapping_entities")


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN)
@require_POST
def entity_rule_move(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_scoped_or_404(request, EntityRule.objects.all(), pk=pk)
    try:
        moved = rules_admin.move_rule(
            current_company(request), current_user(request), rule, request.POST.get("direction", "")
        )
    except mapping_admin.MappingInputError as error:
        messages.error(request, str(error))
    else:
        if not moved:
            messages.info(
                request,
                f"Rule “{rule.name}” is already {'first' if request.POST.get('direction') == 'up' else 'last'}.",
            )
    return redirect("sage_intacct:mapping_entities")


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN)
@require_POST
def entity_default(request: HttpRequest) -> HttpResponse:
    company = current_company(request)
    form = DefaultEntityForm(request.POST, company=company, current=settings_for(company).default_entity_id)
    if not form.is_valid():
        messages.error(request, "Nothing was saved: choose the top level or one of the entities in the list.")
        return redirect("sage_intacct:mapping_entities")
    try:
        messages.success(
            request,
            rules_admin.set_default_entity(company, current_user(request), form.cleaned_data["entity_id"]),
        )
    except mapping_admin.MappingInputError as error:
        messages.error(request, str(error))
    return redirect("sage_intacct:mapping_entities")


# --- dimensions -------------------------------------------------------------------------------


def _tab(company: Any, kind: str) -> mapping_admin.DimensionTab:
    tabs = mapping_admin.dimension_tabs(company)
    for tab in tabs:
        if tab.kind == kind.upper():
            return tab
    raise Http404("No such Intacct dimension.")


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
@require_GET
def dimensions(request: HttpRequest, kind: str = "DEPARTMENT") -> HttpResponse:
    company = current_company(request)
    tabs = mapping_admin.dimension_tabs(company)
    tab = next((t for t in tabs if t.kind == kind.upper()), None)
    if tab is None:
        raise Http404("No such Intacct dimension.")
    for other in tabs:
        other.to_review = sum(mapping_admin.review_count(company, m) for m in other.mappings if m.active)
    status = request.GET.get("status", "")
    query = request.GET.get("q", "")
    sections = []
    for mapping in tab.mappings:
        table = mapping_admin.dimension_table(company, mapping)
        rows = mapping_admin.filter_rows(table.rows, status, query)
        page_rows, page, pages = mapping_admin.paginate(rows, _int(request.GET.get("page")), PER_PAGE)
        sections.append(
            {
                "mapping": mapping,
                "source_label": mapping_admin.source_label(mapping),
                "table": table,
                "counts": table.counts,
                "rows": page_rows,
                "filtered": len(rows),
                "page": page,
                "pages": pages,
            }
        )
    used = {(m.source, m.attribute_code) for t in tabs for m in t.mappings}
    attributes = list(CustomAttribute.objects.filter(company=company).order_by("name"))
    return _page(
        request,
        "dimensions.html",
        {
            "title": "Dimension mapping",
            "module_tab": "mapping",
            "mapping_tab": "dimensions",
            "tabs": tabs,
            "tab": tab,
            "sections": sections,
            "status": status,
            "query": query,
            "sources": [
                (value, label)
                for value, label in DimensionSource.choices
                if value != DimensionSource.CUSTOM
                and ((value, "") not in used or any(m.source == value for m in tab.mappings))
            ],
            "attributes": attributes,
            "suggested_attribute": next((a.code for a in attributes if a.code.upper() == tab.kind), ""),
            "match_choices": DimensionMapping.MatchBy.choices,
        },
    )


def _dimension_redirect(request: HttpRequest, kind: str) -> HttpResponse:
    return redirect_with_query(request, reverse("sage_intacct:mapping_dimension", args=[kind.upper()]))


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN)
@require_POST
def dimension_override(request: HttpRequest, kind: str) -> HttpResponse:
    company = current_company(request)
    mapping = get_scoped_or_404(
        request, DimensionMapping.objects.all(), pk=_int(request.POST.get("mapping"), 0)
    )
    try:
        message = mapping_admin.set_value_override(
            company,
            current_user(request),
            mapping,
            request.POST.get("source_code", ""),
            request.POST.get("value_id", ""),
        )
    except mapping_admin.MappingInputError as error:
        messages.error(request, f"Nothing was saved: {error}")
    else:
        messages.success(request, message)
    return _dimension_redirect(request, kind)


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN)
@require_POST
def dimension_accept(request: HttpRequest, kind: str) -> HttpResponse:
    company = current_company(request)
    mapping = get_scoped_or_404(
        request, DimensionMapping.objects.all(), pk=_int(request.POST.get("mapping"), 0)
    )
    codes = request.POST.getlist("codes") if request.POST.get("scope") == "selected" else None
    if codes is not None and not codes:
        messages.error(request, "Nothing was accepted: tick the suggestions to accept first.")
        return _dimension_redirect(request, kind)
    count = mapping_admin.accept_dimension_suggestions(company, current_user(request), mapping, codes)
    label = dimension_label(mapping.dimension).lower()
    if count:
        messages.success(request, f"Accepted {count} suggested {label} match{'es' if count != 1 else ''}.")
    else:
        messages.info(request, "There were no suggested matches to accept.")
    return _dimension_redirect(request, kind)


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_SYNC_ADMIN)
@require_POST
def dimension_configure(request: HttpRequest, kind: str) -> HttpResponse:
    company = current_company(request)
    _tab(company, kind)
    mapping = None
    if request.POST.get("mapping"):
        mapping = get_scoped_or_404(
            request, DimensionMapping.objects.all(), pk=_int(request.POST.get("mapping"), 0)
        )
    source = request.POST.get("source", "")
    try:
        saved = mapping_admin.configure_dimension(
            company,
            current_user(request),
            kind=kind,
            mapping=mapping,
            source=source,
            attribute_code=request.POST.get("attribute_code", ""),
            match_by=request.POST.get("match_by", DimensionMapping.MatchBy.ID),
            active=request.POST.get("active") == "on",
        )
    except mapping_admin.MappingInputError as error:
        messages.error(request, f"Nothing was saved: {error}")
    else:
        messages.success(
            request,
            f"{dimension_label(kind)} is fed by {mapping_admin.source_label(saved)}, matched "
            f"{mapping_admin.match_phrase(saved.match_by)}.",
        )
    return _dimension_redirect(request, kind)


# --- accounts ---------------------------------------------------------------------------------


@require_permission(MODULE_ACCESS_SAGE_INTACCT, to_change=(SAGE_INTACCT_SYNC_ADMIN,))
@require_http_methods(["GET", "POST"])
def accounts(request: HttpRequest) -> HttpResponse:
    company = current_company(request)
    user = current_user(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "override":
            try:
                messages.success(
                    request,
                    account_admin.set_account_override(
                        company,
                        user,
                        request.POST.get("account", ""),
                        request.POST.get("intacct_account_no", ""),
                    ),
                )
            except mapping_admin.MappingInputError as error:
                messages.error(request, f"Nothing was saved: {error}")
        elif action == "accept":
            numbers = request.POST.getlist("codes") if request.POST.get("scope") == "selected" else None
            if numbers is not None and not numbers:
                messages.error(request, "Nothing was accepted: tick the suggestions to accept first.")
            else:
                count = account_admin.accept_account_suggestions(company, user, numbers)
                if count:
                    messages.success(
                        request, f"Accepted {count} suggested account match{'es' if count != 1 else ''}."
                    )
                else:
                    messages.info(request, "There were no suggested matches to accept.")
        else:
            messages.error(request, "The request was not understood; reload the page and try again.")
        return redirect_with_query(request, reverse("sage_intacct:mapping_accounts"))
    table = account_admin.account_table(company)
    status = request.GET.get("status", "")
    query = request.GET.get("q", "")
    rows = mapping_admin.filter_rows(table.rows, status, query)
    page_rows, page, pages = mapping_admin.paginate(rows, _int(request.GET.get("page")), PER_PAGE)
    return _page(
        request,
        "accounts.html",
        {
            "title": "Account mapping",
            "module_tab": "mapping",
            "mapping_tab": "accounts",
            "table": table,
            "counts": table.counts,
            "rows": page_rows,
            "filtered": len(rows),
            "page": page,
            "pages": pages,
            "status": status,
            "query": query,
        },
    )


# --- reference data ---------------------------------------------------------------------------


# --- sync preferences -------------------------------------------------------------------------


@require_permission(MODULE_ACCESS_SAGE_INTACCT, to_change=(SAGE_INTACCT_SYNC_ADMIN,))
@require_http_methods(["GET", "POST"])
def sync_preferences(request: HttpRequest) -> HttpResponse:
    company = current_company(request)
    settings = settings_for(company)
    fields = SyncPreferencesForm.Meta.fields
    before = {name: getattr(settings, name) for name in fields}
    form = SyncPreferencesForm(request.POST or None, instance=settings, company=company)
    if request.method == "POST":
        if form.is_valid():
            after = {name: form.cleaned_data[name] for name in fields}
            if after == before:
                messages.info(request, "No changes to save.")
            else:
                with db_transaction.atomic():
                    form.save(commit=False)
                    settings.save(update_fields=[*fields, "updated_at"])
                    record_audit(
                        company=company,
                        actor=current_user(request),
                        action="sage_intacct.sync_preferences",
                        object_type="sage_intacct.syncsettings",
                        object_id=settings.pk,
                        summary="Sage Intacct sync preferences changed: "
                        + ", ".join(name.replace("_", " ") for name in fields if after[name] != before[name]),
                        before=before,
                        after=after,
                    )
                    sync_inputs_changed.send(
                        sender=__name__, company_id=company.pk
                    )  # blocked records are checked again
                messages.success(request, "Sync preferences saved.")
            return redirect("sage_intacct:sync_preferences")
        messages.error(request, "Nothing was saved: please correct the highlighted fields.")
    return _page(
        request,
        "sync_preferences.html",
        {"title": "Sync preferences", "module_tab": "preferences", "form": form, "settings": settings},
    )
