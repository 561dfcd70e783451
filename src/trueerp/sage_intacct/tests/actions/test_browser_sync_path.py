"""Issue 7's whole path in a real browser: post → synced automatically → view in the emulator's
console → edit → desynchronized → update → synced; a failure shows guidance in the history and the
sync log, and a retry after the fix succeeds; a clerk without #1598 sees no Sage Actions."""

from __future__ import annotations

from typing import Any

import pytest

from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.services import context as mapping
from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.sync.models import SyncStatus, TransactionSyncState
from trueerp.sage_intacct.tests.sync_support import build_master, connect, journal, line
from trueerp.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-pass-2"


@pytest.fixture
def eager_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The doorbell runs the company's queue in the web request that rang it, after its commit:
    "automatically" without a worker process (the worker path is covered by the engine's worker
    tests)."""
    from trueerp.sage_intacct.sync import tasks
    from trueerp.sage_intacct.sync.services import outbox

    monkeypatch.setattr(
        outbox, "dispatch_company", lambda company_id: tasks.process_company.apply(args=(company_id,))
    )


@pytest.fixture
def setup(company: Any, admin_user: Any, clerk_user: Any, emulator: Any, eager_tasks: None) -> dict[str, Any]:
    for user in (admin_user, clerk_user):
        user.set_password(PASSWORD)
        user.save()
    mapping.forget_contexts()
    connect(company, emulator)
    refresh_reference_data(company, full=True)
    return {"master": build_master(company), "emulator": emulator}


def open_gear(page: Any) -> list[str]:
    page.click("[data-testid=gear-menu]")
    return [
        t.split("\n")[0].strip() for t in page.locator(".dropdown .menu [role=menuitem]").all_inner_texts()
    ]


def test_post_sync_view_edit_update(live_server: Any, page: Any, setup: dict[str, Any], company: Any) -> None:
    m = setup["master"]
    draft = journal(
        company,
        [line(m.accounts["6200"], debit="420.00"), line(m.accounts["1000"], credit="420.00")],
        post=False,
        description="Site visit travel",
    )
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/financial/transactions/{draft.pk}/")
    items = open_gear(page)
    assert "Post" in items
    page.click("[data-gear-item='financial.post']")
    page.wait_for_load_state()
    state = TransactionSyncState.objects.get(transaction=draft)
    assert state.status == SyncStatus.SYNCED
    items = open_gear(page)
    assert "View in Sage Intacct" in items
    assert "Sync now" not in items
    screenshot(page, "detail-synced-gear")

    with page.expect_popup() as popup_info:
        page.click("[data-gear-item='sage_intacct.sage.view']")
    console = popup_info.value
    console.wait_for_load_state()
    assert draft.number in console.inner_text("body")
    screenshot(console, "emulator-console-record")
    console.close()

    page.goto(f"{live_server.url}/financial/transactions/{draft.pk}/edit/")
    page.fill("#id_description", "Site visit travel (corrected)")
    page.click("main button[name=save]")
    page.wait_for_load_state()
    assert TransactionSyncState.objects.get(transaction=draft).status == SyncStatus.DESYNCHRONIZED
    page.goto(f"{live_server.url}/financial/transactions/{draft.pk}/")
    assert "Update in Sage Intacct" in open_gear(page)
    page.click("[data-gear-item='sage_intacct.sage.update']")
    page.wait_for_load_state()
    state = TransactionSyncState.objects.get(transaction=draft)
    draft.refresh_from_db()
    assert (state.status, state.synced_version) == (SyncStatus.SYNCED, draft.version)
    records = setup["emulator"].records("GLBATCH")
    assert [r["REFERENCENO"] for r in records] == [draft.number]
    assert records[0]["BATCH_TITLE"] == "Site visit travel (corrected)"

    page.goto(f"{live_server.url}/financial/")
    assert page.locator(f"tr:has-text('{draft.number}') [data-sync-status=synced]").count() == 1
    screenshot(page, "list-with-sync-badges")


def test_failure_guidance_retry_after_fix_and_clerk(
    live_server: Any, page: Any, setup: dict[str, Any], company: Any
) -> None:
    m = setup["master"]
    # 7000 is inactive in Intacct's demo seed: pre-validation blocks it with guidance, no API call.
    failing = journal(
        company, [line(m.accounts["7000"], debit="75.00"), line(m.accounts["1000"], credit="75.00")]
    )
    assert TransactionSyncState.objects.get(transaction=failing).status in (
        SyncStatus.FAILED,
        SyncStatus.BLOCKED,
    )
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/financial/transactions/{failing.pk}/")
    open_gear(page)
    page.click("[data-gear-item='sage_intacct.sage.history']")
    guidance = page.inner_text("[data-testid=sync-guidance]")
    assert "How to fix:" in guidance
    screenshot(page, "history-with-guidance")

    page.goto(f"{live_server.url}/settings/sage-intacct/sync-log/")
    assert failing.number in page.inner_text("[data-testid=attempts]")
    assert page.locator("[data-testid=errors] tbody tr[data-error-code]").count() >= 1
    screenshot(page, "sync-log")

    # The fix, in the mapping: TRUE's retired account 7000 now posts to Intacct's 6200 Travel.
    page.goto(f"{live_server.url}/settings/sage-intacct/mapping/accounts/?q=7000")
    page.fill("[aria-label='Intacct value for 7000']", "6200")
    page.click("tr[data-code='7000'] button:has-text('Save')")
    page.wait_for_load_state()
    screenshot(page, "account-mapping-fixed")
    page.goto(f"{live_server.url}/financial/transactions/{failing.pk}/")
    items = open_gear(page)
    if "Retry sync" in items:
        page.click("[data-gear-item='sage_intacct.sage.sync']")
        page.wait_for_load_state()
    assert TransactionSyncState.objects.get(transaction=failing).status == SyncStatus.SYNCED
    (batch,) = [r for r in setup["emulator"].records("GLBATCH") if r["REFERENCENO"] == failing.number]
    assert sorted(str(e["ACCOUNTNO"]) for e in batch["ENTRIES"]["GLENTRY"]) == ["1000", "6200"]

    page.click("text=Sign out")
    sign_in(page, live_server.url, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/financial/transactions/{failing.pk}/")
    items = open_gear(page)
    assert not [item for item in items if "Sage" in item or item in {"Sync history", "Sync now"}]
    assert Transaction.objects.filter(pk=failing.pk).exists()
