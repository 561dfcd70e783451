"""Mapping set-up in a real browser: add an entity rule and test it on a transaction, bulk-accept
suggested dimension matches, and refresh reference data watching the progress reach "Done"
without a page reload. Screenshots of every page when TRUEERP_SCREENSHOT_DIR is set."""

from __future__ import annotations

import re
import threading
import time
from typing import Any

import pytest
from django.db import connection

from trueerp.financial.models import Department
from trueerp.sage_intacct.mapping.models import DimensionValueOverride, EntityRule
from trueerp.sage_intacct.mapping.services import context as mapping
from trueerp.sage_intacct.progress.models import OperationProgress
from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.tests.sync_support import build_master, connect, journal, line
from trueerp.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-pass-3"


def shot(page: Any, name: str) -> None:
    """Full-page screenshot from the top (the sticky top bar stays where it belongs)."""
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, name)


@pytest.fixture
def background_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """The task runs in a background thread (a stand-in for the worker), so the page really has to
    poll for it; the worker path itself is the task function the test calls."""
    from trueerp.sage_intacct.reference import tasks as tasks_schedule
    from trueerp.sage_intacct.reference.tracked import run_tracked_refresh

    def later(progress_id: int) -> None:
        def work() -> None:
            time.sleep(1.0)  # long enough for the page to show "Queued"
            try:
                run_tracked_refresh(progress_id)
            finally:
                connection.close()

        threading.Thread(target=work, daemon=True).start()

    monkeypatch.setattr(tasks_schedule.refresh_reference_tracked, "delay", later)


@pytest.fixture
def setup(company: Any, admin_user: Any, emulator: Any, background_refresh: None) -> dict[str, Any]:
    admin_user.set_password(PASSWORD)
    admin_user.save()
    mapping.forget_contexts()
    connect(company, emulator)
    refresh_reference_data(company, full=True)
    master = build_master(company)
    # Two TRUE departments whose codes differ from Intacct's: matched by name, so suggested.
    Department.objects.create(company=company, code="ENGR", name="Engineering")
    Department.objects.create(company=company, code="FINANCE", name="Finance")
    Department.objects.create(company=company, code="MKT", name="Marketing")
    txn = journal(
        company,
        [
            line(master.accounts["6200"], debit="75.00", branch=master.branches["CA-ON"]),
            line(master.accounts["1000"], credit="75.00", branch=master.branches["CA-ON"]),
        ],
        branch=master.branches["CA-ON"],
        job=master.jobs["P-200"],
        description="Toronto site visit",
    )
    return {"master": master, "txn": txn, "emulator": emulator}


def test_set_up_mapping_and_refresh_reference_data(
    live_server: Any, page: Any, setup: dict[str, Any], company: Any
) -> None:
    base = live_server.url
    sign_in(page, base, "admin", PASSWORD)

    # Entity rules: empty state, add a rule, test it on a transaction.
    page.goto(f"{base}/settings/sage-intacct/mapping/entities/")
    assert "No rules yet" in page.inner_text("[data-testid=rules]")
    shot(page, "mapping-entities-empty")
    page.click("[data-testid=add-rule]")
    page.fill("#id_name", "Canadian branches")
    page.select_option("#id_branch_country", "CA")
    page.select_option("#id_entity_id", "CA")
    shot(page, "mapping-entity-rule-form")
    page.click("[data-testid=save-rule]")
    assert "Rule “Canadian branches” saved: branch country is CA → entity CA." in page.inner_text(
        ".alert.success"
    )
    assert EntityRule.objects.get(company=company).entity_id == "CA"
    page.fill("input[name=q]", setup["txn"].number)
    page.click("[data-testid=test-search]")
    page.click("[data-testid=test-pick]")
    assert page.inner_text("[data-testid=test-rule]") == "Canadian branches"
    assert page.inner_text("[data-testid=test-entity]") == "Entity CA"
    assert "Location: CA-ON" in page.inner_text("[data-testid=test-lines]")
    shot(page, "mapping-entities-test-a-rule")

    # Dimensions: two suggestions by name, accept them all at once.
    page.click("nav.pills >> text=Dimensions")
    assert page.inner_text("[data-count=suggested]") == "2"
    assert page.inner_text("[data-count=unmapped]") == "1"
    first_rows = page.locator("[data-testid=mapping-table] tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.status)"
    )
    assert first_rows[:3] == ["unmapped", "suggested", "suggested"]
    shot(page, "mapping-dimensions-department")
    page.click("[data-testid=accept-all]")
    assert "Accepted 2 suggested department matches." in page.inner_text(".alert.success")
    assert page.inner_text("[data-count=suggested]") == "0"
    assert sorted(DimensionValueOverride.objects.values_list("source_code", "value_id")) == [
        ("ENGR", "ENG"),
        ("FINANCE", "FIN"),
    ]
    shot(page, "mapping-dimensions-accepted")
    page.click("nav.pills[aria-label='Intacct dimensions'] >> text=Fund")
    shot(page, "mapping-dimensions-udd")

    page.click("nav.pills >> text=Accounts")
    assert "6200 Travel\nSame number" in page.inner_text("[data-testid=mapping-table]")
    shot(page, "mapping-accounts")

    # Reference data: refresh without a reload, progress queued → n of m → done.
    setup["emulator"].set_latency(250)
    page.click("nav.subnav >> text=Reference data")
    shot(page, "reference-data")
    page.evaluate(
        """() => {
        window.__noReload = true;
        window.__seen = [];
        const box = document.getElementById('refresh-progress');
        const note = () => window.__seen.push(
            box.querySelector('[data-testid=progress-state]').textContent.trim() + '|' +
            box.querySelector('[data-testid=progress-count]').textContent.trim());
        new MutationObserver(note).observe(box, {subtree: true, childList: true, characterData: true});
    }"""
    )
    page.click("[data-testid=refresh-now]")
    page.wait_for_function(
        "document.querySelector('[data-testid=progress-state]').textContent.trim() === 'Queued'"
    )
    shot(page, "reference-data-queued")
    page.wait_for_function(
        "document.querySelector('[data-testid=progress-state]').textContent.trim() === 'Running'"
        " && /^[1-9]\\d* of \\d+$/.test(document.querySelector('[data-testid=progress-count]').textContent.trim())",
        timeout=30_000,
    )
    shot(page, "reference-data-running")
    page.wait_for_function(
        "document.querySelector('[data-testid=progress-state]').textContent.trim() === 'Done'", timeout=60_000
    )
    seen = page.evaluate("window.__seen")
    assert any(re.fullmatch(r"Running\|(\d+) of (\d+)", s) for s in seen), seen
    assert page.evaluate("window.__noReload") is True
    count = page.inner_text("[data-testid=progress-count]")
    assert re.fullmatch(r"(\d+) of \1", count), count
    assert page.inner_text("[data-testid=progress-message]").startswith("Read ")
    assert OperationProgress.objects.get(company=company).state == "done"
    shot(page, "reference-data-done")
    setup["emulator"].set_latency(0)

    page.click("nav.subnav >> text=Sync preferences")
    shot(page, "sync-preferences")
    page.goto(f"{base}/settings/preferences/sage-intacct-sync/")
    shot(page, "automation-preferences")
    page.check("input[name=frequency][value=every_n_minutes]")
    page.fill("#id_interval_minutes", "30")
    page.check("input[name=update_types][value=journal_entry]")
    page.click("[data-testid=save-automation]")
    assert "Sage Intacct sync automation saved." in page.inner_text(".alert.success")
    assert "Next scheduled run:" in page.inner_text("[data-testid=automation-form]")
    shot(page, "automation-preferences-scheduled")
