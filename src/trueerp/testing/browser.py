"""Real headless Chromium for browser tests (Playwright for Python on the system Chromium).

Without /usr/bin/chromium a browser test is skipped with the reason, except under CI (env `CI`
set), where a missing browser fails. Set TRUEERP_SCREENSHOT_DIR to keep screenshots.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("TRUEERP_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}; install it (apt-get install -y chromium) to run browser tests."
        if os.environ.get("CI"):
            pytest.fail(message + " CI is set, so browser tests must run.")
        pytest.skip(message)
    # Playwright's sync API runs an asyncio loop in this thread; the ORM calls made by the tests are
    # ordinary synchronous setup, so tell Django this is deliberate.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(30_000)
    new_page = context.new_page()
    yield new_page
    context.close()


def screenshot(page: Any, name: str) -> None:
    directory = os.environ.get("TRUEERP_SCREENSHOT_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")
