"""Issue 12, item 6: a company-entered endpoint must be on the server's allow-list (no SSRF)."""

from __future__ import annotations

import socket

import pytest

from intacct.errors import EndpointError
from trueerp.sage_intacct.connection.clients import client_for_company, endpoint_refusal
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.connection.services import recheck

pytestmark = pytest.mark.django_db

API_KEYS_URL = "/settings/preferences/api-keys/"


def _form(endpoint):
    return {
        "intacct_company_id": "TRUE-DEMO",
        "user_id": "api_sync",
        "user_password": "demo-user-pass",
        "entity_id": "",
        "endpoint_url": endpoint,
        "save_anyway": "on",
    }


@pytest.fixture
def listener():
    """A loopback socket that records whether anybody connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def _connected(server: socket.socket) -> bool:
    try:
        conn, _ = server.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


def test_default_allow_list_is_loopback_only(settings):
    assert settings.INTACCT_ENDPOINT_ALLOWED_HOSTS == ["127.0.0.1", "localhost", "::1"]
    assert endpoint_refusal("http://127.0.0.1:8300/ia/xml/xmlgw.phtml") == ""
    assert endpoint_refusal("http://localhost:8300/ia/xml/xmlgw.phtml") == ""
    assert endpoint_refusal("http://[::1]:8300/ia/xml/xmlgw.phtml") == ""
    assert endpoint_refusal("https://api.intacct.com/ia/xml/xmlgw.phtml") == ""
    assert endpoint_refusal("http://169.254.169.254/latest/meta-data/").startswith(
        "The host '169.254.169.254' is not allowed as an Intacct endpoint on this server"
    )
    assert endpoint_refusal("http://api.intacct.com/ia/xml/xmlgw.phtml") != ""  # Intacct, but not https
    assert endpoint_refusal("https://api.intacct.com.evil.example/") != ""
    assert endpoint_refusal("http://localhost.evil.example/") != ""
    assert endpoint_refusal("ftp://127.0.0.1/") != ""


def test_a_dotted_entry_allows_that_domains_hosts(settings):
    settings.INTACCT_ENDPOINT_ALLOWED_HOSTS = [".emulators.corp.example"]
    assert endpoint_refusal("http://ia.emulators.corp.example:8300/x") == ""
    assert endpoint_refusal("http://emulators.corp.example.evil.example/x") != ""
    assert endpoint_refusal("http://127.0.0.1:8300/x") != ""


def test_a_refused_host_is_a_form_error_and_nothing_is_sent_or_saved(
    settings, admin_user, client_for, listener
):
    settings.INTACCT_ENDPOINT_ALLOWED_HOSTS = ["localhost"]
    port = listener.getsockname()[1]
    response = client_for(admin_user).post(API_KEYS_URL, _form(f"http://127.0.0.1:{port}/ia/xml/xmlgw.phtml"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The host &#x27;127.0.0.1&#x27; is not allowed as an Intacct endpoint on this server" in body
    assert "ask the server&#x27;s administrator to add the host to INTACCT_ENDPOINT_ALLOWED_HOSTS" in body
    assert "Nothing was saved: please correct the highlighted fields." in body
    assert IntacctConnection.objects.count() == 0
    assert _connected(listener) is False


def test_an_endpoint_saved_before_it_was_refused_is_not_used(settings, company, listener):
    port = listener.getsockname()[1]
    connection = IntacctConnection(
        company=company,
        intacct_company_id="TRUE-DEMO",
        user_id="api_sync",
        endpoint_url=f"http://127.0.0.1:{port}/ia/xml/xmlgw.phtml",
    )
    connection.set_password("demo-user-pass")
    connection.save()
    settings.INTACCT_ENDPOINT_ALLOWED_HOSTS = []
    with pytest.raises(EndpointError, match=r"The host '127\.0\.0\.1' is not allowed as an Intacct endpoint"):
        client_for_company(company)
    check = recheck(connection)
    assert check.status == "failing"
    assert check.message.startswith(
        "The connection settings are not valid: The host '127.0.0.1' is not allowed"
    )
    assert _connected(listener) is False
