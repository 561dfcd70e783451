"""In a real browser: design a report (a bad range is refused with the reason), preview it on live
Intacct data, save it, run it watching the progress, drill into a number down to the GL lines and
their TRUE document, download every format, and open the consolidated balance sheet. Screenshots
of every page when TRUERP_SCREENSHOT_DIR is set."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from intacct_emulator.testing import EmulatorHandle
from trueerp.core.models import Company, User
from trueerp.sage_intacct.connection.clients import forget_clients
from trueerp.sage_intacct.mapping.services import context as mapping
from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.reports.services import runs
from trueerp.sage_intacct.tests.sync_support import connect
from trueerp.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.emulator, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-pass-14"
ROWS = (
    "revenue | Revenue | 4000-4899 | credit\nlabor | Labor | 5000-5099\nmargin | Margin | = revenue - labor"
)


def shot(page: Any, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, name)


@pytest.fixture
def background_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run executes in a background thread (a stand-in for the Celery worker), so the page
    really polls for it; the worker path itself is ``execute_run``, which the task calls."""

    def later(run_id: int) -> None:
        def work() -> None:
            time.sleep(0.8)  # long enough for the page to show the run queued
            try:
                runs.execute_run(run_id)
            finally:
                connection.close()

        threading.Thread(target=work, daemon=True).start()

    monkeypatch.setattr(runs, "queue_run", later)


@pytest.fixture
def setup(
    company: Company, admin_user: User, demo_ledger: EmulatorHandle, background_runs: None
) -> Iterator[Company]:
    admin_user.set_password(PASSWORD)
    admin_user.save()
    mapping.forget_contexts()
    forget_clients()
    connect(company, demo_ledger)
    refresh_reference_data(company, full=True)
    yield company
    forget_clients()


def test_design_run_drill_download(page: Any, live_server: Any, setup: Company) -> None:
    base = live_server.url
    sign_in(page, base, "admin", PASSWORD)
    page.goto(f"{base}/settings/sage-intacct/reports/")
    page.wait_for_selector("[data-testid=definitions]")
    assert page.locator("[data-testid=definitions] tbody tr").count() == 7
    shot(page, "reports-01-home")

    page.click("[data-testid=new-report]")
    page.fill("#id_name", "Revenue and labor by project")
    page.fill("#id_title", "Revenue and labor by project")
    page.select_option("#id_layout", "activity")
    page.fill("#id_rows", ROWS.replace("5000-5099", "5900-5950"))
    page.fill("#id_by", "PROJECT")
    page.fill("#id_entities", "US")
    page.fill("#id_start", "2026-01-01")
    page.fill("#id_end", "2026-06-30")
    page.click("[data-testid=preview]")
    errors = page.locator("[data-testid=designer-errors]").inner_text()
    assert "the account range 5900–5950 matches no account in Intacct" in errors
    shot(page, "reports-02-designer-error")

    page.fill("#id_rows", ROWS)
    page.fill("#id_by", "PLANET")
    page.click("[data-testid=preview]")
    assert (
        "The company has no dimension 'PLANET'" in page.locator("[data-testid=designer-errors]").inner_text()
    )
    page.fill("#id_by", "PROJECT")
    page.click("[data-testid=preview]")
    page.wait_for_selector("[data-testid=preview-result]")
    assert "Ties to Intacct's trial balance" in page.locator("[data-testid=preview-result]").inner_text()
    assert page.locator("[data-testid=preview-result] tr.kind-formula").count() == 1
    shot(page, "reports-03-designer-preview")

    page.click("[data-testid=save-new]")
    page.wait_for_selector("[data-testid=versions]")
    assert "v1" in page.locator("[data-testid=versions]").inner_text()
    shot(page, "reports-04-definition")

    page.locator("input[name=start]").first.fill("2026-01-01")
    page.locator("input[name=end]").first.fill("2026-06-30")
    page.click("[data-testid=run-definition]")
    page.wait_for_selector("[data-testid=run-progress]")
    shot(page, "reports-05-run-progress")
    page.wait_for_selector("[data-testid=report-table]", timeout=60_000)
    assert "Ties to Intacct's trial balance" in page.locator("[data-testid=tieout]").inner_text()
    assert page.locator("[data-testid=chart] svg").count() == 1
    shot(page, "reports-06-run-published")

    run_url = page.url
    for fmt, kind in (("csv", "text/csv"), ("xlsx", "spreadsheetml"), ("pdf", "application/pdf")):
        with page.expect_download() as download:
            page.click(f"[data-testid=download-{fmt}]")
        assert download.value.suggested_filename.endswith(f".{fmt}")
        response = page.request.get(
            base + (page.locator(f"[data-testid=download-{fmt}]").get_attribute("href") or "")
        )
        assert kind in response.headers["content-type"]
    html = page.request.get(base + (page.locator("[data-testid=download-html]").get_attribute("href") or ""))
    assert html.status == 200 and "Revenue and labor by project" in html.text()  # noqa: PT018

    page.locator("tr.kind-accounts td[data-col='0'] a").first.click()
    page.wait_for_selector("[data-testid=drill-lines]")
    assert page.locator("[data-testid=drill-ties]").count() == 1
    shot(page, "reports-07-drill")

    page.goto(f"{base}/settings/sage-intacct/reports/")
    page.click("[data-testid=run-balance_sheet]")
    page.wait_for_selector("[data-testid=report-table]", timeout=90_000)
    text = page.locator("[data-testid=report-table]").inner_text()
    assert "Cumulative translation adjustment" in text
    assert "eliminations" in text.lower()  # column headers are upper-cased by CSS
    shot(page, "reports-08-balance-sheet")
    page.goto(run_url)
    page.wait_for_selector("[data-testid=report-table]")
