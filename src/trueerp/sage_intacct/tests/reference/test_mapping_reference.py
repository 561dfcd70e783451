"""Reference data page: counts and refresh times; "Refresh now" queues a tracked refresh whose
progress (queued → n of m → done) is read from a JSON endpoint. Sync preferences: validated, audited."""

from __future__ import annotations

import html
from unittest import mock

import pytest

from trueerp.core.models import AuditEntry
from trueerp.sage_intacct.mapping.models import SyncSettings
from trueerp.sage_intacct.progress.models import OperationProgress
from trueerp.sage_intacct.reference import refresh as reference_admin
from trueerp.sage_intacct.reference.models import IntacctDimensionValue
from trueerp.sage_intacct.reference.tracked import run_tracked_refresh
from trueerp.sage_intacct.tests.sync_support import connect

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]

PAGE = "/settings/sage-intacct/reference/"
PREFS = "/settings/sage-intacct/sync-preferences/"


def text(response):
    return html.unescape(response.content.decode())


def test_page_lists_objects_with_counts_after_a_refresh(company, connected, admin_user, client_for):
    IntacctDimensionValue.objects.filter(company=company, kind="DEPARTMENT", value_id="FIN").update(
        active=False
    )
    response = client_for(admin_user).get(PAGE)
    objects = {o.object_name: o for o in response.context["objects"]}
    assert (objects["LOCATIONENTITY"].active, objects["LOCATIONENTITY"].inactive) == (3, 0)
    assert objects["DEPARTMENT"].inactive == 1
    assert objects["GLACCOUNT"].last_refresh_at is not None
    assert objects["FUND"].label == "Fund (user-defined dimension)"
    assert "Up to date" in text(response)


def test_refresh_now_queues_once_and_runs_to_done(
    company, emulator, admin_user, client_for, django_capture_on_commit_callbacks
):
    connect(company, emulator)
    client = client_for(admin_user)
    with mock.patch("trueerp.sage_intacct.reference.tasks.refresh_reference_tracked.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(PAGE + "refresh/", HTTP_ACCEPT="application/json")
        payload = response.json()
        assert (payload["state"], payload["started"], payload["done"], payload["total"]) == (
            "queued",
            True,
            0,
            0,
        )
        progress = OperationProgress.objects.get(company=company)
        delay.assert_called_once_with(progress.pk)
        again = client.post(PAGE + "refresh/", HTTP_ACCEPT="application/json").json()
        assert (again["id"], again["started"]) == (progress.pk, False)
    assert OperationProgress.objects.count() == 1
    run_tracked_refresh(progress.pk)
    assert run_tracked_refresh(progress.pk) == "already taken"
    payload = client.get(payload["progress_url"]).json()
    assert payload["state"] == "done"
    assert payload["done"] == payload["total"] > 10
    assert payload["percent"] == 100
    assert payload["message"].startswith("Read ")
    assert {o["object"] for o in payload["objects"]} >= {"GLACCOUNT", "DEPARTMENT", "FUND"}
    assert AuditEntry.objects.filter(action="sage_intacct.reference.refresh").count() == 1


def test_refresh_without_connection_fails_with_a_message(company, admin_user):
    progress, started = reference_admin.start_refresh(company, admin_user)
    assert started
    assert run_tracked_refresh(progress.pk) == "failed"
    progress.refresh_from_db()
    assert progress.state == "failed"
    assert progress.message.startswith("The refresh stopped:")


def test_progress_of_another_company_is_404(company, other_company, admin_user, outsider_user, client_for):
    progress, _ = reference_admin.start_refresh(company, admin_user)
    assert client_for(outsider_user).get(f"{PAGE}progress/{progress.pk}.json").status_code == 404
    assert client_for(admin_user).get(f"{PAGE}progress/{progress.pk}.json").status_code == 200


def test_sync_preferences_save_and_audit(company, connected, admin_user, client_for):
    data = {
        "closed_period_policy": "next_open_period",
        "auto_create_vendors": "on",
        "journal_symbol": "ADJ",
        "batch_size": "50",
        "concurrency": "2",
    }
    response = client_for(admin_user).post(PREFS, data, follow=True)
    assert "Sync preferences saved." in text(response)
    settings = SyncSettings.objects.get(company=company)
    assert (settings.closed_period_policy, settings.auto_create_vendors, settings.auto_create_customers) == (
        "next_open_period",
        True,
        False,
    )
    assert (settings.journal_symbol, settings.batch_size) == ("ADJ", 50)
    audit = AuditEntry.objects.get(action="sage_intacct.sync_preferences")
    assert audit.before["closed_period_policy"] == "fail"
    assert audit.after["batch_size"] == 50


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("batch_size", "500", "Ensure this value is less than or equal to 100."),
        ("concurrency", "0", "Ensure this value is greater than or equal to 1."),
        ("journal_symbol", "NOPE", "Select a valid choice."),
        ("closed_period_policy", "ignore", "Select a valid choice."),
    ],
)
def test_invalid_sync_preferences_save_nothing(
    company, connected, admin_user, client_for, field, value, message
):
    data = {"closed_period_policy": "fail", "journal_symbol": "GJ", "batch_size": "100", "concurrency": "2"}
    data[field] = value
    before = SyncSettings.objects.filter(company=company).values().get()
    response = client_for(admin_user).post(PREFS, data)
    assert message in text(response)
    assert "Nothing was saved" in text(response)
    assert SyncSettings.objects.filter(company=company).values().get() == before
    assert not AuditEntry.objects.filter(action="sage_intacct.sync_preferences").exists()


def test_an_abandoned_refresh_does_not_block_a_new_one(company, admin_user):
    import datetime as dt

    from django.utils import timezone

    first, _ = reference_admin.start_refresh(company, admin_user)
    OperationProgress.objects.filter(pk=first.pk).update(
        state="running", started_at=timezone.now() - dt.timedelta(minutes=31)
    )
    second, started = reference_admin.start_refresh(company, admin_user)
    assert started
    assert second.pk != first.pk
    assert reference_admin.current_refresh(company) == second
