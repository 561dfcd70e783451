"""Issue 5 in a real browser: an administrator enters the API keys and sees Connected; a clerk
without #1598 has no Sage Intacct entry and gets 403."""

from __future__ import annotations

from typing import Any

import pytest

from trueerp.core.services.access import grant
from trueerp.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(company: Any, admin_user: Any, clerk_user: Any) -> dict[str, Any]:
    for user in (admin_user, clerk_user):
        user.set_password("browser-pass-1")
        user.save()
    grant(admin_user)
    return {"admin": admin_user, "clerk": clerk_user}


def test_admin_enters_credentials_and_sees_connected(
    live_server: Any, page: Any, emulator: Any, people: Any
) -> None:
    sign_in(page, live_server.url, "admin", "browser-pass-1")
    page.click("nav.sidebar >> text=Sage Intacct")
    assert page.inner_text("[data-testid=connection-status]") == "Not configured"
    screenshot(page, "sage-intacct-not-configured")

    page.click("text=Connect Sage Intacct")
    page.wait_for_url("**/settings/preferences/api-keys/")
    page.fill("#id_intacct_company_id", "TRUE-DEMO")
    page.fill("#id_user_id", "api_sync")
    page.fill("#id_user_password", "wrong-password")
    page.fill("#id_endpoint_url", emulator.url)
    page.click("[data-testid=save-api-keys]")
    assert "Sign-in information is incorrect" in page.inner_text("[data-testid=check-failure]")
    screenshot(page, "api-keys-rejected")

    page.fill("#id_user_password", "demo-user-pass")
    page.click("[data-testid=save-api-keys]")
    assert "API keys saved." in page.inner_text(".alert.success")
    assert page.input_value("#id_user_password") == ""
    screenshot(page, "api-keys-saved")

    page.click("text=Sage Intacct status")
    assert page.inner_text("[data-testid=connection-status]") == "Connected"
    assert "UK" in page.inner_text("table.data")
    screenshot(page, "sage-intacct-connected")


def test_clerk_has_no_entry_and_gets_403(live_server: Any, page: Any, people: Any) -> None:
    sign_in(page, live_server.url, "clerk", "browser-pass-1")
    page.goto(f"{live_server.url}/settings/")
    assert page.locator("[data-settings-entry=sage_intacct]").count() == 0
    response = page.goto(f"{live_server.url}/settings/sage-intacct/")
    assert response.status == 403
    assert "#1598" in page.inner_text("main")
    screenshot(page, "sage-intacct-403")
