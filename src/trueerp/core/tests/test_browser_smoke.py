"""A real headless Chromium session: sign in, open Settings, open a transaction and its Gear menu.

Browser fixtures come from ``trueerp.testing.browser`` (system Chromium through Playwright; skipped
with the reason where Chromium is missing, except under CI). Set ``TRUEERP_SCREENSHOT_DIR`` to keep
screenshots of the pages it visits.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from trueerp.financial.models import Transaction
from trueerp.testing.browser import screenshot

pytestmark = pytest.mark.browser


def test_login_settings_transaction_and_gear_menu(live_server: Any, page: Any) -> None:
    call_command("seed_demo", verbosity=0)
    posted = (
        Transaction.objects.filter(company__code="NORTHWIND", type="ar_invoice", state="posted")
        .order_by("-date", "-id")
        .first()
    )
    assert posted is not None

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "demo-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "Welcome, Alex" in page.inner_text("h1")

    page.click("nav.sidebar >> text=Settings")
    page.wait_for_url(f"{live_server.url}/settings/")
    assert page.inner_text("h1") == "Settings"
    assert page.locator("[data-settings-entry=preferences]").first.is_visible()
    screenshot(page, "settings")

    page.click("nav.sidebar >> text=Financial")
    page.wait_for_url(f"{live_server.url}/financial/")
    assert page.locator("[data-testid=transaction-table] tbody tr").count() == 50
    screenshot(page, "transaction-list")

    page.select_option("#id_type", "ar_invoice")
    page.select_option("#id_state", "posted")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/financial/?*type=ar_invoice*")
    page.click(f"text={posted.number}")
    page.wait_for_url(f"{live_server.url}/financial/transactions/{posted.pk}/")
    assert posted.number in page.inner_text("h1")

    menu = page.locator(".dropdown .menu")
    assert not menu.is_visible()
    page.click("[data-testid=gear-menu]")
    assert menu.is_visible()
    items = [text.split("\n")[0].strip() for text in menu.locator("[role=menuitem]").all_inner_texts()]
    assert items[:3] == ["Edit", "Duplicate as draft", "Void"]
    screenshot(page, "transaction-detail-gear")
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    page.click("[data-testid=gear-menu]")

    page.once("dialog", lambda dialog: dialog.dismiss())  # "Void …?" confirmation: cancel it
    page.click("[data-gear-item='financial.void']")
    posted.refresh_from_db()
    assert posted.state == Transaction.State.POSTED
