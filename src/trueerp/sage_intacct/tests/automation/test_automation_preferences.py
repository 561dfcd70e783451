"""Company Preferences > Integrations > Sage Intacct sync: stored on the engine's SyncSettings and
the automation model, validated (nothing half-saved), audited; personas."""

from __future__ import annotations

import html

import pytest

from trueerp.core.models import AuditEntry
from trueerp.sage_intacct.automation.models import SyncAutomation
from trueerp.sage_intacct.mapping.models import SyncSettings
from trueerp.sage_intacct.mapping.services.context import settings_for

pytestmark = pytest.mark.django_db

URL = "/settings/preferences/sage-intacct-sync/"


def text(response):
    return html.unescape(response.content.decode())


def form(**overrides):
    data = {
        "frequency": "every_n_minutes",
        "interval_minutes": "30",
        "daily_at": "",
        "post_types": ["journal_entry", "ap_bill"],
        "update_types": ["journal_entry"],
        "reverse_on_void": "on",
        "notify_users": [],
    }
    data.update(overrides)
    return data


def test_section_is_listed_under_integrations(admin_user, client_for):
    response = client_for(admin_user).get(URL)
    assert response.status_code == 200
    body = text(response)
    assert "Sage Intacct sync" in body
    assert 'data-section="sage-intacct-sync"' in body
    assert "As soon as a transaction is posted" in body


def test_save_schedule_types_and_people(company, admin_user, client_for):
    admin_user.email = "alex@northwind.example"
    admin_user.save()
    response = client_for(admin_user).post(URL, form(notify_users=[admin_user.pk]), follow=True)
    assert "Sage Intacct sync automation saved." in text(response)
    automation = SyncAutomation.objects.get(company=company)
    assert (automation.frequency, automation.interval_minutes, automation.update_types) == (
        "every_n_minutes",
        30,
        ["journal_entry"],
    )
    assert automation.sync_since is not None
    assert list(automation.notify_users.all()) == [admin_user]
    settings = SyncSettings.objects.get(company=company)
    assert (settings.auto_sync, settings.auto_sync_types, settings.reverse_on_void) == (
        False,
        ["journal_entry", "ap_bill"],
        True,
    )
    audit = AuditEntry.objects.get(action="sage_intacct.automation")
    assert audit.before["frequency"] == "As soon as a transaction is posted"
    assert audit.after == {
        "frequency": "Every N minutes",
        "interval_minutes": 30,
        "daily_at": "",
        "post_types": ["ap_bill", "journal_entry"],
        "update_types": ["journal_entry"],
        "reverse_on_void": True,
        "notify": ["admin"],
    }


def test_on_posting_turns_the_engine_receiver_on(company, admin_user, client_for):
    client_for(admin_user).post(URL, form(frequency="on_posting", post_types=["journal_entry"]))
    settings = SyncSettings.objects.get(company=company)
    assert (settings.auto_sync, settings.auto_sync_types) == (True, ["journal_entry"])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"frequency": "daily", "daily_at": ""}, "Choose the time of the daily run."),
        ({"interval_minutes": "2"}, "Ensure this value is greater than or equal to 5."),
        ({"post_types": [], "update_types": []}, "Choose at least one transaction type to sync"),
        ({"frequency": "sometimes"}, "Select a valid choice."),
    ],
)
def test_invalid_input_saves_nothing(company, admin_user, client_for, overrides, message):
    before = settings_for(company).auto_sync_types
    response = client_for(admin_user).post(URL, form(**overrides))
    assert message in text(response)
    assert "Nothing was saved" in text(response)
    assert SyncSettings.objects.get(company=company).auto_sync_types == before
    assert not SyncAutomation.objects.filter(company=company).exclude(frequency="on_posting").exists()
    assert not AuditEntry.objects.filter(action="sage_intacct.automation").exists()


def test_people_without_email_or_from_another_company_are_refused(
    company, admin_user, outsider_user, client_for
):
    client = client_for(admin_user)
    response = client.post(URL, form(notify_users=[admin_user.pk]))
    assert "Alex Morgan has no e-mail address" in text(response)
    response = client.post(URL, form(notify_users=[outsider_user.pk]))
    assert "Select a valid choice." in text(response)
    assert not AuditEntry.objects.filter(action="sage_intacct.automation").exists()


def test_send_a_test_email_to_the_saved_people(company, admin_user, client_for):
    from django.core import mail

    client = client_for(admin_user)
    response = client.post(URL, {"send_test": "1"}, follow=True)
    assert "Nobody to send to: choose people with an e-mail address and save first." in text(response)
    assert mail.outbox == []
    admin_user.email = "alex@northwind.example"
    admin_user.save()
    client.post(URL, form(notify_users=[admin_user.pk]))
    response = client.post(URL, {"send_test": "1"}, follow=True)
    assert "Test e-mail sent to alex@northwind.example." in text(response)
    assert mail.outbox[0].subject == "Sage Intacct: test notice (Northwind Engineering Group)"


def test_clerk_and_outsider_do_not_reach_our_section(company, clerk_user, outsider_user, client_for):
    assert client_for(clerk_user).get(URL).status_code == 403
    client_for(outsider_user).post(URL, form(frequency="manual"))
    assert not SyncAutomation.objects.filter(company=company).exists()
    assert not SyncSettings.objects.filter(company=company).exists()
