"""Company Preferences > Integrations > Accounting integration (None / QuickBooks / Sage Intacct)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from trueerp.core.access import current_company, current_user
from trueerp.core.registry import PreferenceSection
from trueerp.core.views import render_preference_section
from trueerp.integrations.models import AccountingIntegration, AccountingProvider
from trueerp.integrations.services.accounting import (
    IntegrationConflict,
    activate,
    active_provider,
    deactivate,
)

NONE = "none"


class AccountingChoiceForm(forms.Form):
    provider = forms.ChoiceField(
        label="Accounting system",
        choices=[(NONE, "None"), *AccountingProvider.choices],
        widget=forms.RadioSelect,
    )


def accounting_integration_section(request: HttpRequest, section: PreferenceSection) -> HttpResponse:
    company = current_company(request)
    current = active_provider(company) or NONE
    form = AccountingChoiceForm(request.POST or None, initial={"provider": current})
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["provider"]
        actor = current_user(request)
        if wanted == current:
            messages.info(request, "No change: that is already the company's accounting system.")
        elif wanted == NONE:
            deactivate(company, actor)
            messages.success(
                request, "Accounting integration disconnected. Sync history and record links are kept."
            )
        else:
            try:
                activate(company, wanted, actor)
            except IntegrationConflict as conflict:
                messages.error(request, str(conflict))
            else:
                messages.success(
                    request, f"{AccountingProvider(wanted).label} is now the accounting integration."
                )
        return redirect("preferences_section", slug=section.slug)
    history = AccountingIntegration.objects.filter(company=company).select_related(
        "activated_by", "deactivated_by"
    )
    return render_preference_section(
        request,
        section,
        "integrations/accounting_section.html",
        {"form": form, "current": current, "history": history[:20]},
    )
