"""The console in a real browser: companies → company → a journal entry at its stable URL.

Without /usr/bin/chromium the test is skipped with the reason, except under CI (env ``CI`` set),
where a missing browser is a failure rather than a silent skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from intacct_emulator.testing import EmulatorHandle, run_emulator

from .helpers import envelope, fn, glbatch, post, results

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}; install it (apt-get install -y chromium) to run browser tests."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def console_emulator() -> Iterator[EmulatorHandle]:
    with run_emulator(seed="demo") as handle:
        yield handle


def test_console_shows_company_and_journal_entry_with_lines(
    browser: Any, console_emulator: EmulatorHandle
) -> None:
    emu = console_emulator
    je = glbatch(
        "BROWSER-JE-7",
        [
            (
                "6000",
                "1",
                "4200.00",
                {"LOCATION": "CA-ON", "DEPARTMENT": "ADM", "DESCRIPTION": "Toronto rent"},
            ),
            ("1000", "-1", "4200.00", {"LOCATION": "US-NY", "DESCRIPTION": "Paid by US"}),
        ],
    )
    _, root = post(emu.url, envelope(fn("je", je)))
    recordno = results(root)[0].findtext("data/glbatch/RECORDNO")
    assert recordno

    page = browser.new_page()
    try:
        page.goto(emu.base_url + "/__emulator__/")
        assert page.locator("h1").inner_text() == "Companies"
        page.get_by_role("link", name="TRUE Engineering & Construction (Demo)").click()
        page.wait_for_url("**/__emulator__/companies/TRUE-DEMO")
        assert "TRUE Engineering Canada Ltd." in page.inner_text("main")
        assert page.get_by_role("link", name=recordno, exact=True).count() == 1  # recent journal entries

        response = page.goto(f"{emu.base_url}/__emulator__/companies/TRUE-DEMO/GLBATCH/{recordno}")
        assert response is not None
        assert response.status == 200
        main = page.inner_text("main")
        assert f"Journal entry {recordno}" in page.locator("h1").inner_text()
        assert "BROWSER-JE-7" in main  # the reference number
        lines = page.locator("#lines + .card tbody tr")
        assert lines.count() == 2
        first = lines.nth(0).inner_text()
        assert "6000" in first
        assert "CA-ON" in first
        assert "4,200.00" in first
        assert "Toronto rent" in first
        # the CA line is paid by US: the emulator adds the due-to/due-from pair
        iet = page.locator("#iet-lines + .card tbody tr")
        assert iet.count() == 2
        assert "1900" in iet.nth(0).inner_text()
        assert "2900" in iet.nth(1).inner_text()

        missing = page.goto(f"{emu.base_url}/__emulator__/companies/TRUE-DEMO/GLBATCH/999999")
        assert missing is not None
        assert missing.status == 404
    finally:
        page.close()
