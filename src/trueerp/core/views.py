"""Host pages: home, Settings, Users / Access, Company Preferences, audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from trueerp.core.access import (
    SAFE_METHODS,
    company_required,
    current_company,
    current_user,
    get_scoped_or_404,
    permission_denied,
    require_permission,
)
from trueerp.core.audit import record_audit
from trueerp.core.forms import GeneralPreferencesForm
from trueerp.core.models import AuditEntry, User
from trueerp.core.permissions import (
    AUDIT_LOG_VIEW,
    COMPANY_PREFERENCES,
    USERS_ACCESS_ADMIN,
    catalog,
    permission_numbers,
    user_has_permission,
)
from trueerp.core.registry import (
    PreferenceSection,
    get_preference_section,
    preference_sections_for,
    settings_entries_for,
)
from trueerp.core.services.access import AccessError, set_user_permissions


@company_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"title": "Home"})


@company_required
def settings_index(request: HttpRequest) -> HttpResponse:
    entries = settings_entries_for(current_user(request))
    return render(request, "core/settings_index.html", {"title": "Settings", "entries": entries})


@require_permission(USERS_ACCESS_ADMIN)
def users_list(request: HttpRequest) -> HttpResponse:
    users = User.objects.filter(company=current_company(request)).order_by(
        "last_name", "first_name", "username"
    )
    return render(request, "core/users_list.html", {"title": "Users / Access", "users": users})


@require_permission(USERS_ACCESS_ADMIN)
@require_http_methods(["GET", "POST"])
def user_access(request: HttpRequest, user_id: int) -> HttpResponse:
    subject = get_scoped_or_404(request, User.objects.all(), pk=user_id)
    if request.method == "POST":
        try:
            numbers = [int(value) for value in request.POST.getlist("permissions")]
        except ValueError:
            messages.error(request, "The permission list was not understood; reload the page and try again.")
            return redirect("user_access", user_id=subject.pk)
        try:
            granted, revoked = set_user_permissions(
                actor=current_user(request), user=subject, numbers=numbers
            )
        except AccessError as error:
            messages.error(request, str(error))
        else:
            if granted or revoked:
                messages.success(
                    request, f"Access for {subject} saved: {len(granted)} granted, {len(revoked)} revoked."
                )
            else:
                messages.info(request, "No changes to save.")
        return redirect("user_access", user_id=subject.pk)
    held = permission_numbers(subject)
    areas: dict[str, list[dict[str, Any]]] = {}
    for definition in catalog():
        areas.setdefault(definition.area, []).append({"def": definition, "held": definition.number in held})
    return render(
        request,
        "core/user_access.html",
        {"title": f"Access · {subject}", "subject": subject, "areas": areas},
    )


@require_permission(COMPANY_PREFERENCES)
def preferences_index(request: HttpRequest) -> HttpResponse:
    sections = preference_sections_for(current_user(request))
    if not sections:
        raise Http404("No preference sections are installed.")
    return redirect("preferences_section", slug=sections[0].slug)


@require_permission(COMPANY_PREFERENCES)
def preferences_section(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_preference_section(slug)
    if section is None:
        raise Http404("No such preferences section.")
    user = current_user(request)
    if section.extra_permission is not None and not user_has_permission(user, section.extra_permission):
        return permission_denied(request, section.extra_permission)
    changing = request.method not in SAFE_METHODS
    if (
        changing
        and section.change_permission is not None
        and not user_has_permission(user, section.change_permission)
    ):
        return permission_denied(request, section.change_permission)
    return section.view(request, section)


def render_preference_section(
    request: HttpRequest, section: PreferenceSection, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Render a section inside the Company Preferences layout (left navigation of all sections)."""
    user = current_user(request)
    sections = preference_sections_for(user)
    groups: dict[str, list[PreferenceSection]] = {}
    for item in sections:
        groups.setdefault(item.group, []).append(item)
    return render(
        request,
        template,
        {
            "title": f"Company Preferences · {section.title}",
            "section": section,
            "section_groups": groups,
            "can_change": section.change_permission is None
            or user_has_permission(user, section.change_permission),
            **context,
        },
    )


def general_preferences(request: HttpRequest, section: PreferenceSection) -> HttpResponse:
    company = current_company(request)
    before = {
        "name": company.name,
        "base_currency": company.base_currency,
        "fiscal_year_start_month": company.fiscal_year_start_month,
        "time_zone": company.time_zone,
    }
    form = GeneralPreferencesForm(request.POST or None, instance=company)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            after = {field: form.cleaned_data[field] for field in before}
            if after != before:
                record_audit(
                    company=company,
                    actor=current_user(request),
                    action="preferences.general",
                    object_type="company",
                    object_id=company.pk,
                    summary="General preferences changed",
                    before=before,
                    after=after,
                )
            messages.success(request, "General preferences saved.")
            return redirect("preferences_section", slug=section.slug)
        messages.error(request, "Please correct the highlighted fields.")
    return render_preference_section(request, section, "core/preferences_general.html", {"form": form})


@require_permission(AUDIT_LOG_VIEW)
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.filter(company=current_company(request)).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"title": "Audit log", "page": page})


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": "Not found",
            "code": 404,
            "message": "This page or record does not exist, or it belongs to another company.",
        },
        status=404,
    )


def error_500(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": "Something went wrong",
            "code": 500,
            "message": "An unexpected error happened. Nothing was half-saved; please try again. "
            "If it keeps happening, tell your administrator the time it happened.",
        },
        status=500,
    )


def error_403_csrf(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": "Form expired",
            "code": 403,
            "message": "This form has expired or was sent from another site. Reload the page and try again.",
        },
        status=403,
    )
