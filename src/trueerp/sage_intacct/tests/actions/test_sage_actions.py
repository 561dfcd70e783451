"""Issue 7: Sage Actions in the Gear menu, sync history, sync log, retries, bulk sync, list badge, help."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.urls import reverse

from trueerp.core.models import AuditEntry
from trueerp.financial.actions import gear_menu
from trueerp.financial.services.transactions import transaction_input_from, update_transaction
from trueerp.sage_intacct.sync.models import SyncJob, SyncStatus, TransactionSyncState
from trueerp.sage_intacct.tests.sync_support import glbatches, journal, line, run, simple_je

pytestmark = pytest.mark.django_db


def sage_items(txn, user) -> list[str]:
    groups = {group.key: group for group in gear_menu(txn, user)}
    group = groups.get("sage_intacct")
    return [] if group is None else [item.label for item in group.items]


def status_of(txn) -> str:
    return TransactionSyncState.objects.get(transaction=txn).status


def test_gear_offers_only_valid_actions_per_state(
    connected, master, company, admin_user, clerk_user, emulator
):
    txn = simple_je(company, master)
    assert status_of(txn) == SyncStatus.QUEUED
    assert sage_items(txn, clerk_user) == []
    assert sage_items(txn, admin_user) == ["Sync history", "Mark as synced", "Mark as not synced"]
    run(company)
    assert status_of(txn) == SyncStatus.SYNCED
    assert sage_items(txn, admin_user) == [
        "Reverse in Sage Intacct",
        "View in Sage Intacct",
        "Sync history",
        "Mark as not synced",
    ]
    data = transaction_input_from(txn)
    edited = dataclasses.replace(data, description="Corrected travel")
    update_transaction(txn, actor=admin_user, data=edited)
    txn.refresh_from_db()
    assert status_of(txn) == SyncStatus.DESYNCHRONIZED
    assert sage_items(txn, admin_user)[0] == "Update in Sage Intacct"


def test_sync_now_then_view_and_history(connected, master, company, admin_user, client_for, emulator):
    TransactionSyncState.objects.all().delete()
    SyncJob.objects.all().delete()
    txn = simple_je(company, master)
    SyncJob.objects.filter(transaction=txn).delete()
    TransactionSyncState.objects.filter(transaction=txn).delete()
    client = client_for(admin_user)
    response = client.post(reverse("sage_intacct:action_sync", args=[txn.pk]), follow=True)
    assert f"{txn}: it is queued for Sage Intacct" in response.content.decode()
    assert SyncJob.objects.filter(transaction=txn, state="queued").count() == 1
    run(company)
    state = TransactionSyncState.objects.get(transaction=txn)
    assert state.status == SyncStatus.SYNCED
    assert [b["REFERENCENO"] for b in glbatches(emulator)] == [txn.number]
    detail = client.get(reverse("financial:transaction_detail", args=[txn.pk])).content.decode()
    assert "View in Sage Intacct" in detail
    assert 'data-extension-badge="Sage Intacct"' in detail
    assert 'data-sync-status="synced"' in detail
    assert state.record_url in detail
    history = client.get(reverse("sage_intacct:transaction_history", args=[txn.pk])).content.decode()
    assert "Synced" in history
    assert state.record_url in history
    status_page = client.get(reverse("sage_intacct:settings")).content.decode()
    assert "1 synced · 0 failed" in status_page
    assert "Last attempt 0\xa0minutes ago" in status_page
    assert client.get(reverse("sage_intacct:status_json")).json()["last_sync"]["synced"] == 1


def test_failure_shows_guidance_in_history_and_log_and_retry_after_fix(
    connected, master, company, admin_user, client_for, emulator
):
    # Account 7000 is inactive in the emulator's demo seed: Intacct refuses it (caught by pre-validation).
    txn = journal(
        company, [line(master.accounts["7000"], debit="50"), line(master.accounts["1000"], credit="50")]
    )
    run(company)
    assert status_of(txn) in (SyncStatus.FAILED, SyncStatus.BLOCKED)
    client = client_for(admin_user)
    history = client.get(reverse("sage_intacct:transaction_history", args=[txn.pk])).content.decode()
    assert 'data-testid="sync-guidance"' in history
    assert "How to fix:" in history
    log = client.get(reverse("sage_intacct:sync_log")).content.decode()
    assert txn.number in log
    job = SyncJob.objects.get(transaction=txn)
    assert job.error is not None
    filtered = client.get(reverse("sage_intacct:sync_log") + f"?code={job.error.code}").content.decode()
    assert txn.number in filtered
    other = client.get(reverse("sage_intacct:sync_log") + "?code=no_such_code").content.decode()
    assert "No attempts match these filters." in other
    csv_body = b"".join(client.get(reverse("sage_intacct:sync_log_csv")).streaming_content).decode()
    assert csv_body.splitlines()[0].startswith("time,transaction,type,outcome,entity,error_code")
    assert txn.number in csv_body
    # Fix the data in TRUE: post to an active account instead, then retry from the log.
    data = transaction_input_from(txn)
    fixed = dataclasses.replace(
        data, lines=[line(master.accounts["6200"], debit="50"), line(master.accounts["1000"], credit="50")]
    )
    update_transaction(txn, actor=admin_user, data=fixed)
    client.post(reverse("sage_intacct:action_sync", args=[txn.pk]))
    run(company)
    assert status_of(txn) == SyncStatus.SYNCED
    assert [b["REFERENCENO"] for b in glbatches(emulator)] == [txn.number]


def test_mark_synced_needs_1599_and_is_audited(
    connected, master, company, admin_user, clerk_user, client_for
):
    txn = simple_je(company, master)
    from trueerp.core.services.access import grant

    grant(clerk_user, 1598)
    denied = client_for(clerk_user).post(reverse("sage_intacct:action_mark_synced", args=[txn.pk]))
    assert denied.status_code == 403
    assert "#1599" in denied.content.decode()
    assert status_of(txn) == SyncStatus.QUEUED
    client_for(admin_user).post(reverse("sage_intacct:action_mark_synced", args=[txn.pk]))
    assert status_of(txn) == SyncStatus.SYNCED
    assert (
        AuditEntry.objects.filter(action="sage_intacct.sync.marked_synced", object_id=str(txn.pk)).count()
        == 1
    )
    client_for(admin_user).post(reverse("sage_intacct:action_mark_not_synced", args=[txn.pk]))
    assert status_of(txn) == SyncStatus.NOT_SYNCED


def test_actions_refuse_other_company_and_clerk(
    connected, master, company, outsider_user, clerk_user, client_for
):
    txn = simple_je(company, master)
    jobs_before = SyncJob.objects.count()
    assert (
        client_for(outsider_user).post(reverse("sage_intacct:action_sync", args=[txn.pk])).status_code == 404
    )
    assert client_for(clerk_user).post(reverse("sage_intacct:action_sync", args=[txn.pk])).status_code == 403
    assert client_for(clerk_user).get(reverse("sage_intacct:sync_log")).status_code == 403
    assert SyncJob.objects.count() == jobs_before


def test_bulk_sync_and_progress(connected, master, company, admin_user, clerk_user, client_for, emulator):
    txns = [simple_je(company, master, amount=f"{10 + i}.00") for i in range(3)]
    draft = simple_je(company, master, post=False)
    client = client_for(admin_user)
    listing = client.get(reverse("financial:transaction_list")).content.decode()
    assert 'data-bulk-action="sage_sync"' in listing
    assert f'name="transaction_ids" value="{txns[0].pk}"' in listing
    clerk_listing = client_for(clerk_user).get(reverse("financial:transaction_list")).content.decode()
    assert 'data-bulk-action="sage_sync"' not in clerk_listing
    response = client.post(
        reverse("sage_intacct:bulk_sync"), {"transaction_ids": [t.pk for t in txns] + [draft.pk]}
    )
    assert response.status_code == 302
    progress_url = response["Location"] + "progress.json"
    before = client.get(progress_url).json()
    assert (before["total"], before["done"], before["finished"]) == (3, 0, False)
    run(company)
    after = client.get(progress_url).json()
    assert (after["total"], after["done"], after["synced"], after["finished"]) == (3, 3, 3, True)
    assert sorted(b["REFERENCENO"] for b in glbatches(emulator)) == sorted(t.number for t in txns)


def test_list_shows_badge_and_filters_by_sync_status(connected, master, company, admin_user, client_for):
    synced = simple_je(company, master)
    run(company)
    waiting = simple_je(company, master, amount="7.00")
    client = client_for(admin_user)
    page = client.get(reverse("financial:transaction_list")).content.decode()
    assert 'data-sync-status="synced"' in page
    assert 'data-sync-status="queued"' in page
    only_synced = client.get(reverse("financial:transaction_list") + "?x_sage_sync=synced").content.decode()
    assert synced.number in only_synced
    assert waiting.number not in only_synced


def test_help_page_links_resolve(admin_user, clerk_user, client_for):
    from trueerp.sage_intacct.help.topics import TOPICS

    body = client_for(admin_user).get(reverse("sage_intacct:help")).content.decode()
    for title in ("Setup", "Data sync", "Configuration", "Troubleshooting"):
        assert f"<h2>{title}</h2>" in body
    troubleshooting = next(t for t in TOPICS if t.slug == "troubleshooting")
    for answer in troubleshooting.answers:
        assert answer.links, answer.slug
        assert answer.links[0].href() is not None, answer.slug
    assert "/settings/sage-intacct/sync-log/?code=missing_dimension" in body
    assert client_for(clerk_user).get(reverse("sage_intacct:help")).status_code == 403


def test_amounts_are_exact_in_intacct(connected, master, company, emulator):
    txn = simple_je(company, master, amount="1234.56")
    run(company)
    (batch,) = glbatches(emulator)
    amounts = sorted(Decimal(str(e["TRX_AMOUNT"])) for e in batch["ENTRIES"]["GLENTRY"])
    assert amounts == [Decimal("1234.56"), Decimal("1234.56")]
    assert txn.total == Decimal("1234.56")


def test_first_full_sync_sends_every_never_synced_posted_transaction(
    connected, master, company, admin_user, clerk_user, client_for, emulator
):
    from trueerp.core.services.access import grant
    from trueerp.sage_intacct.sync.services.initial_sync import never_synced

    old = [simple_je(company, master, amount=f"{20 + i}.00") for i in range(3)]
    SyncJob.objects.all().delete()
    TransactionSyncState.objects.all().delete()
    draft = simple_je(company, master, post=False)
    client = client_for(admin_user)
    page = client.get(reverse("sage_intacct:settings")).content.decode()
    assert "3 posted transactions never sent to Sage Intacct" in page
    grant(clerk_user, 1598)
    assert client_for(clerk_user).post(reverse("sage_intacct:initial_sync")).status_code == 403
    assert SyncJob.objects.count() == 0
    bad = client.post(reverse("sage_intacct:initial_sync"), {"since": "31/12/2026"}, follow=True)
    assert "is not a date; use YYYY-MM-DD" in bad.content.decode()
    assert SyncJob.objects.count() == 0
    response = client.post(reverse("sage_intacct:initial_sync"), {"since": ""})
    assert response.status_code == 302
    assert SyncJob.objects.filter(transaction__in=old).count() == 3
    assert not SyncJob.objects.filter(transaction=draft).exists()
    run(company)
    progress = client.get(response["Location"] + "progress.json").json()
    assert (progress["total"], progress["synced"], progress["finished"]) == (3, 3, True)
    assert sorted(b["REFERENCENO"] for b in glbatches(emulator)) == sorted(t.number for t in old)
    assert never_synced(company).count() == 0
    again = client.post(reverse("sage_intacct:initial_sync"), follow=True)
    assert "Every posted transaction has already been sent" in again.content.decode()
    assert AuditEntry.objects.filter(action="sage_intacct.sync.initial").count() == 1


def test_first_sync_loads_reference_data_itself(master, company, emulator):
    """A fresh connection with no reference cache: the engine loads it instead of blocking everything."""
    from trueerp.sage_intacct.mapping.services import context as mapping
    from trueerp.sage_intacct.reference.models import IntacctAccount
    from trueerp.sage_intacct.tests.sync_support import connect

    mapping.forget_contexts()
    connect(company, emulator)
    assert not IntacctAccount.objects.filter(company=company).exists()
    txn = simple_je(company, master)
    run(company)
    assert IntacctAccount.objects.filter(company=company).count() == 25
    assert status_of(txn) == SyncStatus.SYNCED
    assert [b["REFERENCENO"] for b in glbatches(emulator)] == [txn.number]
