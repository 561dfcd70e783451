"""A real headless Chromium session: sign in, open Settings, open a transaction and its Gear menu.

Runs on the system Chromium (``/usr/bin/chromium``) through Playwright. Without it the test is
skipped with the reason — except under CI (env ``CI`` set), where a missing browser fails.
Set ``TRUEERP_SCREENSHOT_DIR`` to keep screenshots of the pages it visits.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from trueerp.financial.models import Transaction

CHROMIUM = Path(os.environ.get("TRUEERP_CHROMIUM", "/usr/bin/chromium"))

pytestmark = pytest.mark.browser

# Playwright's sync API runs an asyncio loop in this thread; Django's ORM refuses to run inside a
# running loop unless told that this is deliberate (the ORM calls here are synchronous test setup).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}; install it (apt-get install -y chromium) to run browser tests."
        if os.environ.get("CI"):
            pytest.fail(message + " CI is set, so browser tests must run.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


def _shot(page: Any, name: str) -> None:
    directory = os.environ.get("TRUEERP_SCREENSHOT_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


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
    _shot(page, "settings")

    page.click("nav.sidebar >> text=Financial")
    page.wait_for_url(f"{live_server.url}/financial/")
    assert page.locator("[data-testid=transaction-table] tbody tr").count() == 50
    _shot(page, "transaction-list")

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
    _shot(page, "transaction-detail-gear")
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    page.click("[data-testid=gear-menu]")

    page.once("dialog", lambda dialog: dialog.dismiss())  # "Void …?" confirmation: cancel it
    page.click("[data-gear-item='financial.void']")
    posted.refresh_from_db()
    assert posted.state == Transaction.State.POSTED
