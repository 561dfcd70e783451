"""Issue 5: API keys, connection statuses, bad input, encryption at rest, one accounting system."""

from __future__ import annotations

import json
import socket

import pytest
from django.db import connection as db_connection
from django.urls import reverse

from trueerp.core.models import AuditEntry
from trueerp.integrations.models import AccountingIntegration
from trueerp.integrations.services.accounting import activate, active_provider
from trueerp.sage_intacct.connection.models import ConnectionStatus, IntacctConnection

pytestmark = pytest.mark.django_db

API_KEYS_URL = "/settings/preferences/api-keys/"


def form_data(emulator, **overrides):
    data = {
        "intacct_company_id": "TRUE-DEMO",
        "user_id": "api_sync",
        "user_password": "demo-user-pass",
        "entity_id": "",
        "endpoint_url": emulator.url,
    }
    data.update(overrides)
    return data


def test_valid_credentials_connect_list_entities_and_enable_intacct(
    emulator, admin_user, company, client_for
):
    response = client_for(admin_user).post(API_KEYS_URL, form_data(emulator), follow=True)
    body = response.content.decode()
    assert "API keys saved. Connected to Intacct company TRUE-DEMO at the top level as api_sync." in body
    saved = IntacctConnection.objects.get(company=company)
    assert saved.status == ConnectionStatus.CONNECTED
    assert [e["id"] for e in saved.entities] == ["CA", "UK", "US"]
    assert {e["id"]: e["currency"] for e in saved.entities} == {"CA": "CAD", "UK": "GBP", "US": "USD"}
    assert active_provider(company) == "sage_intacct"
    audit = AuditEntry.objects.get(action="sage_intacct.api_keys")
    assert audit.after["user_password"] == "••••••"
    assert "demo-user-pass" not in json.dumps(audit.after) + json.dumps(audit.before)


def test_password_is_not_readable_in_the_database_nor_sent_back(emulator, admin_user, company, client_for):
    client = client_for(admin_user)
    client.post(API_KEYS_URL, form_data(emulator))
    with db_connection.cursor() as cursor:
        cursor.execute(
            "SELECT provider, name, ciphertext FROM integrations_encryptedsecret WHERE company_id = %s",
            [company.pk],
        )
        rows = cursor.fetchall()
    assert [(provider, name) for provider, name, _ in rows] == [("sage_intacct", "user_password")]
    assert "demo-user-pass" not in rows[0][2]
    columns = [
        c.name
        for c in db_connection.introspection.get_table_description(
            db_connection.cursor(), "sage_intacct_intacctconnection"
        )
    ]
    assert not [c for c in columns if "password" in c]
    assert IntacctConnection.objects.get(company=company).get_password() == "demo-user-pass"
    page = client.get(API_KEYS_URL).content.decode()
    assert "demo-user-pass" not in page
    assert "A password is stored (encrypted)" in page


def test_blank_password_keeps_the_stored_one(emulator, admin_user, company, client_for):
    client = client_for(admin_user)
    client.post(API_KEYS_URL, form_data(emulator))
    response = client.post(API_KEYS_URL, form_data(emulator, user_password="", entity_id="US"), follow=True)
    assert "Connected to Intacct company TRUE-DEMO at entity US as api_sync." in response.content.decode()
    saved = IntacctConnection.objects.get(company=company)
    assert (saved.entity_id, saved.get_password()) == ("US", "demo-user-pass")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"user_password": "wrong"}, "Sage Intacct rejected the sign-in: Sign-in information is incorrect"),
        ({"user_id": "nobody"}, "Sage Intacct rejected the sign-in: Sign-in information is incorrect"),
        (
            {"intacct_company_id": "NO-SUCH-CO"},
            "Sage Intacct rejected the sign-in: Sign-in information is incorrect",
        ),
    ],
)
def test_rejected_credentials_save_nothing(emulator, admin_user, company, client_for, overrides, expected):
    response = client_for(admin_user).post(API_KEYS_URL, form_data(emulator, **overrides))
    body = response.content.decode()
    assert response.status_code == 200
    assert expected in body
    assert "Nothing was saved: the connection test failed." in body
    assert not IntacctConnection.objects.exists()
    assert not AccountingIntegration.objects.exists()
    assert not AuditEntry.objects.filter(action="sage_intacct.api_keys").exists()


def test_save_anyway_marks_untested(emulator, admin_user, company, client_for):
    response = client_for(admin_user).post(
        API_KEYS_URL, form_data(emulator, user_password="wrong", save_anyway="on"), follow=True
    )
    assert "API keys saved, but the connection test failed; the connection is marked untested." in (
        response.content.decode()
    )
    saved = IntacctConnection.objects.get(company=company)
    assert saved.status == ConnectionStatus.UNTESTED
    assert saved.status_message.startswith(
        "Saved without a successful test. Last test: Sage Intacct rejected"
    )


def test_sender_not_authorised_gives_the_authorisation_hint(emulator, admin_user, company, client_for):
    store = emulator.app.emu.store
    sender = store.get_by_id("", "SENDER", "trueerp_demo")
    store.put("", "SENDER", 1, {**sender, "COMPANIES": []}, "trueerp_demo")
    store.commit()
    response = client_for(admin_user).post(API_KEYS_URL, form_data(emulator))
    body = response.content.decode()
    assert "is not authorized to make Web Services requests to company ID" in body
    assert "Web Services authorizations" in body
    assert "trueerp_demo" in body
    assert not IntacctConnection.objects.exists()


def test_unreachable_endpoint_fails_fast_with_clear_message(admin_user, company, client_for, emulator):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{closed_port}/ia/xml/xmlgw.phtml"
    response = client_for(admin_user).post(API_KEYS_URL, form_data(emulator, endpoint_url=url))
    assert "Could not reach Sage Intacct at 127.0.0.1" in response.content.decode()
    assert not IntacctConnection.objects.exists()


def test_timeout_is_reported_within_the_request_timeout(emulator, admin_user, company, client_for, settings):
    settings.INTACCT_TIMEOUT_S = 0.5
    emulator.set_latency(2000)
    response = client_for(admin_user).post(API_KEYS_URL, form_data(emulator))
    body = response.content.decode()
    assert "Could not reach Sage Intacct at 127.0.0.1" in body
    assert "requests time out after 0.5 s" in body
    assert not IntacctConnection.objects.exists()


def test_garbage_answer_is_explained(emulator, admin_user, company, client_for):
    emulator.inject_fault("malformed_body", count=5)
    response = client_for(admin_user).post(API_KEYS_URL, form_data(emulator))
    assert "answered, but not like Sage Intacct (the reply is not Intacct XML)." in response.content.decode()
    assert not IntacctConnection.objects.exists()


def test_rate_limit_is_explained(emulator, admin_user, company, client_for):
    emulator.inject_fault("rate_limit", count=10)
    response = client_for(admin_user).post(API_KEYS_URL, form_data(emulator))
    assert "Sage Intacct is limiting this company" in response.content.decode()
    assert not IntacctConnection.objects.exists()


def test_quickbooks_active_refuses_and_saves_nothing(emulator, admin_user, company, client_for):
    activate(company, "quickbooks", admin_user)
    response = client_for(admin_user).post(API_KEYS_URL, form_data(emulator))
    body = response.content.decode()
    assert "QuickBooks Online is this company&#x27;s accounting integration" in body
    assert "choose “None” in Company Preferences &gt; Integrations &gt; Accounting integration" in body
    assert not IntacctConnection.objects.exists()
    assert active_provider(company) == "quickbooks"


def test_form_errors_save_nothing(admin_user, company, client_for):
    response = client_for(admin_user).post(API_KEYS_URL, {"intacct_company_id": "", "user_id": "x"})
    body = response.content.decode()
    assert "Nothing was saved: please correct the highlighted fields." in body
    assert "Enter the Web Services user&#x27;s password." in body
    assert not IntacctConnection.objects.exists()


def test_custom_endpoint_field_absent_when_server_forbids_it(admin_user, company, client_for, settings):
    settings.INTACCT_ALLOW_CUSTOM_ENDPOINT = False
    page = client_for(admin_user).get(API_KEYS_URL).content.decode()
    assert 'name="endpoint_url"' not in page


def test_status_page_statuses(emulator, admin_user, company, client_for):
    client = client_for(admin_user)
    assert "Not configured" in client.get(reverse("sage_intacct:settings")).content.decode()
    client.post(API_KEYS_URL, form_data(emulator))
    page = client.get(reverse("sage_intacct:settings")).content.decode()
    assert 'data-testid="connection-status">Connected<' in page
    assert "TRUE-DEMO" in page
    saved = IntacctConnection.objects.get(company=company)
    saved.set_password("rotated-in-intacct-meanwhile")
    saved.save()
    client.post(reverse("sage_intacct:test_connection"))
    page = client.get(reverse("sage_intacct:settings")).content.decode()
    assert 'data-testid="connection-status">Credentials rejected<' in page
    emulator.inject_fault("http_503", count=20)
    client.post(reverse("sage_intacct:test_connection"))
    page = client.get(reverse("sage_intacct:settings")).content.decode()
    assert 'data-testid="connection-status">Connection failing<' in page


def test_json_status_endpoint(emulator, admin_user, company, client_for):
    client = client_for(admin_user)
    client.post(API_KEYS_URL, form_data(emulator))
    data = client.get(reverse("sage_intacct:status_json")).json()
    assert data["status"] == "connected"
    assert data["company_id"] == "TRUE-DEMO"
    assert [e["id"] for e in data["entities"]] == ["CA", "UK", "US"]
    assert "demo-user-pass" not in json.dumps(data)


def test_clerk_without_1598_gets_403_and_no_menu_entry(clerk_user, client_for):
    client = client_for(clerk_user)
    for url in (reverse("sage_intacct:settings"), reverse("sage_intacct:status_json")):
        response = client.get(url)
        assert response.status_code == 403
        assert "#1598" in response.content.decode()
    assert client.post(reverse("sage_intacct:test_connection")).status_code == 403
    assert 'data-settings-entry="sage_intacct"' not in client.get(reverse("settings")).content.decode()


def test_admin_sees_menu_entry(admin_user, client_for):
    assert (
        'data-settings-entry="sage_intacct"'
        in client_for(admin_user).get(reverse("settings")).content.decode()
    )


def test_outsider_sees_only_own_company(emulator, admin_user, outsider_user, client_for):
    client_for(admin_user).post(API_KEYS_URL, form_data(emulator))
    data = client_for(outsider_user).get(reverse("sage_intacct:status_json")).json()
    assert data["status"] == "not_configured"
    assert data["company_id"] == ""


def test_disconnect_keeps_history_and_forgets_password(emulator, admin_user, company, client_for):
    client = client_for(admin_user)
    client.post(API_KEYS_URL, form_data(emulator))
    response = client.post(reverse("sage_intacct:disconnect"), follow=True)
    assert "Sage Intacct disconnected. Sync history and the records&#x27; Intacct links are kept." in (
        response.content.decode()
    )
    saved = IntacctConnection.objects.get(company=company)
    assert (saved.status, saved.has_password, saved.intacct_company_id) == (
        "not_configured",
        False,
        "TRUE-DEMO",
    )
    assert active_provider(company) is None
    assert AccountingIntegration.objects.filter(
        company=company, provider="sage_intacct", is_active=False
    ).exists()


def test_expired_company_is_explained() -> None:
    """The emulator does not model expired companies; the mapping of Intacct's real answer is tested here."""
    from intacct.errors import ControlError, ErrorDetail
    from trueerp.sage_intacct.connection.services import explain_failure

    error = ControlError(
        "Response control status failure -",
        errors=[ErrorDetail("PL04000055", "This company is a demo company and has expired.")],
    )
    check = explain_failure(error, "https://api.intacct.com/ia/xml/xmlgw.phtml")
    assert check.status == ConnectionStatus.FAILING
    assert check.message == "Sage Intacct says: This company is a demo company and has expired."
    assert check.hint.startswith("The Intacct company has expired. Renew the subscription")
    assert check.errors[0]["errorno"] == "PL04000055"


def test_periodic_check_updates_status(emulator, admin_user, company, client_for):
    from trueerp.sage_intacct.connection.tasks import check_connections

    client_for(admin_user).post(API_KEYS_URL, form_data(emulator))
    assert check_connections.apply().get() == {"connected": 1}
    saved = IntacctConnection.objects.get(company=company)
    saved.set_password("changed-in-intacct")
    saved.save()
    assert check_connections.apply().get() == {"rejected": 1}
    assert IntacctConnection.objects.get(company=company).status == ConnectionStatus.REJECTED


def test_status_page_summarises_sync_preferences(emulator, admin_user, company, client_for):
    client = client_for(admin_user)
    client.post(API_KEYS_URL, form_data(emulator))
    page = client.get(reverse("sage_intacct:settings")).content.decode()
    assert 'data-testid="sync-preferences-summary"' in page
    assert "Journal entry, AR invoice, AP bill, AR payment, AP payment" in page
    assert "Nothing (missing values block the record)" in page
