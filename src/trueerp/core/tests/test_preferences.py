"""Company Preferences: registry-driven sections, the accounting-integration choice, audit masking."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from trueerp.core.audit import MASK, mask_secrets
from trueerp.core.models import AuditEntry
from trueerp.integrations.models import AccountingIntegration
from trueerp.integrations.services.accounting import (
    IntegrationConflict,
    activate,
    active_provider,
    deactivate,
)

pytestmark = pytest.mark.django_db


def test_preferences_lists_contributed_sections(admin_user, client_for) -> None:
    response = client_for(admin_user).get(reverse("preferences"), follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-section="general"' in body
    assert 'data-section="accounting-integration"' in body


def test_preferences_need_permission_1200(clerk_user, client_for) -> None:
    response = client_for(clerk_user).get(reverse("preferences_section", args=["general"]))
    assert response.status_code == 403
    assert "#1200" in response.content.decode()


def test_general_section_validates_and_audits(admin_user, company, client_for) -> None:
    url = reverse("preferences_section", args=["general"])
    bad = client_for(admin_user).post(
        url, {"name": "  ", "base_currency": "USD", "fiscal_year_start_month": 1}
    )
    assert bad.status_code == 200
    assert "Enter the company" in bad.content.decode() or "This field is required." in bad.content.decode()
    company.refresh_from_db()
    assert company.name == "Northwind Engineering Group"
    ok = client_for(admin_user).post(
        url, {"name": "Northwind Group", "base_currency": "CAD", "fiscal_year_start_month": 4}
    )
    assert ok.status_code == 302
    company.refresh_from_db()
    assert (company.name, company.base_currency, company.fiscal_year_start_month) == (
        "Northwind Group",
        "CAD",
        4,
    )
    entry = AuditEntry.objects.get(action="preferences.general")
    assert entry.after == {
        "name": "Northwind Group",
        "base_currency": "CAD",
        "fiscal_year_start_month": 4,
        "time_zone": "",
    }


def test_general_section_sets_the_company_time_zone(admin_user, company, client_for) -> None:
    url = reverse("preferences_section", args=["general"])
    data = {"name": company.name, "base_currency": "USD", "fiscal_year_start_month": 1}
    bad = client_for(admin_user).post(url, {**data, "time_zone": "Mars/Olympus_Mons"})
    assert bad.status_code == 200
    company.refresh_from_db()
    assert company.time_zone == ""
    ok = client_for(admin_user).post(url, {**data, "time_zone": "America/Toronto"})
    assert ok.status_code == 302
    company.refresh_from_db()
    assert company.time_zone == "America/Toronto"
    entry = AuditEntry.objects.get(action="preferences.general")
    assert (entry.before["time_zone"], entry.after["time_zone"]) == ("", "America/Toronto")


def test_one_accounting_system_enforced_by_service(company, admin_user) -> None:
    activate(company, "quickbooks", admin_user)
    with pytest.raises(
        IntegrationConflict, match="QuickBooks Online is this company's accounting integration"
    ):
        activate(company, "sage_intacct", admin_user)
    assert active_provider(company) == "quickbooks"
    deactivate(company, admin_user)
    activate(company, "sage_intacct", admin_user)
    assert active_provider(company) == "sage_intacct"
    assert list(AccountingIntegration.objects.order_by("id").values_list("provider", "is_active")) == [
        ("quickbooks", False),
        ("sage_intacct", True),
    ]


def test_one_accounting_system_enforced_by_database(company) -> None:
    AccountingIntegration.objects.create(company=company, provider="quickbooks")
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountingIntegration.objects.create(company=company, provider="sage_intacct")
    assert AccountingIntegration.objects.filter(company=company).count() == 1


def test_switching_in_the_ui_is_refused_with_the_way_out(admin_user, company, client_for) -> None:
    url = reverse("preferences_section", args=["accounting-integration"])
    client = client_for(admin_user)
    client.post(url, {"provider": "quickbooks"})
    response = client.post(url, {"provider": "sage_intacct"}, follow=True)
    body = response.content.decode()
    assert "first disconnect QuickBooks Online" in body
    assert active_provider(company) == "quickbooks"
    client.post(url, {"provider": "none"})
    assert active_provider(company) is None
    client.post(url, {"provider": "sage_intacct"})
    assert active_provider(company) == "sage_intacct"


def test_audit_masks_secrets() -> None:
    masked = mask_secrets(
        {"user_password": "s3cret", "company_id": "ACME", "nested": {"session_id": "x"}, "api_key": ""}
    )
    assert masked == {
        "user_password": MASK,
        "company_id": "ACME",
        "nested": {"session_id": MASK},
        "api_key": "",
    }
