"""The scheduler: due-ness on a fixed clock, one run per slot, what a run queues, failure e-mails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from trueerp.sage_intacct.automation import services as schedule
from trueerp.sage_intacct.automation.models import SyncAutomation, SyncFrequency
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.sync.models import (
    Posting,
    SyncAction,
    SyncAttempt,
    SyncError,
    SyncJob,
    SyncStatus,
    TransactionSyncState,
)
from trueerp.sage_intacct.tests.sync_support import simple_je

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 25, 14, 30, 0, 200_000, tzinfo=UTC)


def at(hour: int, minute: int, second: int = 0, day: int = 25) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(
    ("frequency", "last", "now", "extra", "due"),
    [
        (SyncFrequency.MANUAL, None, NOW, {}, False),
        (SyncFrequency.ON_POSTING, at(14, 29), NOW, {}, True),
        (SyncFrequency.EVERY_N_MINUTES, None, NOW, {"interval_minutes": 15}, True),
        (SyncFrequency.EVERY_N_MINUTES, at(14, 15, 30), NOW, {"interval_minutes": 15}, True),
        # the tick arrives 0.3 s "early": whole minutes are compared, so it still runs
        (
            SyncFrequency.EVERY_N_MINUTES,
            at(14, 15, 0) + dt.timedelta(seconds=0.5),
            NOW,
            {"interval_minutes": 15},
            True,
        ),
        (SyncFrequency.EVERY_N_MINUTES, at(14, 16), NOW, {"interval_minutes": 15}, False),
        (SyncFrequency.HOURLY, at(13, 59), NOW, {}, True),
        (SyncFrequency.HOURLY, at(14, 0), NOW, {}, False),
        (SyncFrequency.DAILY, None, NOW, {"daily_at": dt.time(18, 0)}, False),
        (SyncFrequency.DAILY, None, NOW, {"daily_at": dt.time(14, 0)}, True),
        (SyncFrequency.DAILY, at(14, 0), NOW, {"daily_at": dt.time(14, 0)}, False),
        (SyncFrequency.DAILY, at(14, 0, day=24), NOW, {"daily_at": dt.time(14, 0)}, True),
        (SyncFrequency.DAILY, at(14, 0, day=24), at(13, 59), {"daily_at": dt.time(14, 0)}, False),
    ],
)
def test_is_due_on_a_fixed_clock(frequency, last, now, extra, due):
    assert schedule.is_due(frequency, last, now, tz=UTC, **extra) is due


def test_daily_time_is_in_the_given_time_zone():
    toronto = dt.timezone(dt.timedelta(hours=-5))
    # 18:00 in Toronto is 23:00 UTC
    assert (
        schedule.is_due(
            SyncFrequency.DAILY, at(23, 0, day=24), at(22, 59), daily_at=dt.time(18, 0), tz=toronto
        )
        is False
    )
    assert (
        schedule.is_due(
            SyncFrequency.DAILY, at(23, 0, day=24), at(23, 0), daily_at=dt.time(18, 0), tz=toronto
        )
        is True
    )


@pytest.fixture
def scheduled(company, master):
    IntacctConnection.objects.create(company=company, intacct_company_id="TRUE-DEMO", user_id="api_sync")
    automation = schedule.automation_for(company)
    automation.frequency = SyncFrequency.EVERY_N_MINUTES
    automation.interval_minutes = 15
    automation.sync_since = timezone.now() - dt.timedelta(minutes=1)
    automation.save()
    sync_settings = settings_for(company)
    sync_settings.auto_sync = False
    sync_settings.auto_sync_types = ["journal_entry"]
    sync_settings.save()
    return automation


@pytest.mark.django_db
def test_scheduled_run_queues_posted_transactions_once_per_slot(company, master, scheduled):
    first = simple_je(company, master)
    assert not SyncJob.objects.exists()  # auto_sync is off: posting queued nothing
    assert schedule.waiting_count(company, scheduled) == 1
    now = timezone.now()
    assert schedule.tick(now) == {company.code: "1 queued to create, 0 queued to update"}
    job = SyncJob.objects.get()
    assert (job.transaction, job.action, job.state) == (first, SyncAction.CREATE, "queued")
    assert TransactionSyncState.objects.get(transaction=first).status == SyncStatus.QUEUED
    second = simple_je(company, master)
    assert schedule.tick(now + dt.timedelta(minutes=5)) == {}  # not due yet
    assert SyncJob.objects.count() == 1
    assert schedule.tick(now + dt.timedelta(minutes=16)) == {
        company.code: "1 queued to create, 0 queued to update"
    }
    assert SyncJob.objects.filter(transaction=second).count() == 1
    assert SyncJob.objects.count() == 2


@pytest.mark.django_db
def test_two_ticks_for_the_same_slot_run_once(company, master, scheduled):
    simple_je(company, master)
    stale = SyncAutomation.objects.get(pk=scheduled.pk)
    now = timezone.now()
    assert schedule.claim_run(stale, now) is True
    assert schedule.claim_run(stale, now) is False  # the same snapshot loses the compare-and-set


@pytest.mark.django_db
def test_older_postings_other_types_and_manual_mode_are_left_alone(company, master, scheduled):
    old = simple_je(company, master)
    from trueerp.financial.models import Transaction

    Transaction.objects.filter(pk=old.pk).update(posted_at=scheduled.sync_since - dt.timedelta(days=1))
    settings_for(company).__class__.objects.filter(company=company).update(auto_sync_types=["ap_bill"])
    simple_je(company, master)
    schedule.tick(timezone.now())
    assert not SyncJob.objects.exists()
    SyncAutomation.objects.filter(pk=scheduled.pk).update(frequency=SyncFrequency.MANUAL, last_run_at=None)
    settings_for(company).__class__.objects.filter(company=company).update(auto_sync_types=["journal_entry"])
    assert schedule.tick(timezone.now()) == {}
    assert not SyncJob.objects.exists()


@pytest.mark.django_db
def test_edits_after_sync_are_sent_as_updates(company, master, scheduled):
    txn = simple_je(company, master)
    posting = Posting.objects.create(
        company=company, transaction=txn, action="create", version=1, state="confirmed", intacct_key="42"
    )
    TransactionSyncState.objects.create(
        transaction=txn,
        company=company,
        status=SyncStatus.DESYNCHRONIZED,
        intacct_key="42",
        synced_version=1,
        posting=posting,
    )
    SyncAutomation.objects.filter(pk=scheduled.pk).update(
        frequency=SyncFrequency.ON_POSTING, update_types=["journal_entry"]
    )
    result = schedule.tick(timezone.now())
    assert result == {company.code: "0 queued to create, 1 queued to update"}
    assert list(SyncJob.objects.values_list("transaction", "action")) == [(txn.pk, SyncAction.UPDATE)]


@pytest.mark.django_db
def test_failures_are_emailed_once_to_the_chosen_people(company, master, scheduled, admin_user, clerk_user):
    admin_user.email = "alex@northwind.example"
    admin_user.save()
    scheduled.notify_users.set([admin_user])
    txn = simple_je(company, master)
    job = SyncJob.objects.create(
        company=company, transaction=txn, control_id="c-1", due_at=timezone.now(), state="failed"
    )
    error = SyncError.objects.create(
        company=company,
        fingerprint="f",
        title="Period is closed in Intacct",
        fix="Reopen the period or change the closed-period policy.",
    )
    SyncAttempt.objects.create(
        company=company, job=job, transaction=txn, outcome=SyncAttempt.Outcome.FAILED, error=error
    )
    SyncAutomation.objects.filter(pk=scheduled.pk).update(frequency=SyncFrequency.MANUAL)
    schedule.tick(timezone.now())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alex@northwind.example"]
    assert message.subject == "Sage Intacct: 1 transaction did not sync (Northwind Engineering Group)"
    assert f"- {txn}: Period is closed in Intacct" in message.body
    assert "What to do: Reopen the period or change the closed-period policy." in message.body
    assert "/settings/sage-intacct/sync-log/" in message.body
    schedule.tick(timezone.now())
    assert len(mail.outbox) == 1  # nothing new, nothing sent


@pytest.mark.django_db
def test_a_failed_send_is_retried_on_the_next_tick(company, master, scheduled, admin_user, monkeypatch):
    admin_user.email = "alex@northwind.example"
    admin_user.save()
    scheduled.notify_users.set([admin_user])
    txn = simple_je(company, master)
    job = SyncJob.objects.create(company=company, transaction=txn, control_id="c-2", due_at=timezone.now())
    SyncAttempt.objects.create(
        company=company, job=job, transaction=txn, outcome=SyncAttempt.Outcome.BLOCKED, message="No project"
    )

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(schedule, "send_mail", refuse)
    assert schedule.notify_failures(SyncAutomation.objects.get(pk=scheduled.pk)) == 0
    assert SyncAutomation.objects.get(pk=scheduled.pk).notified_attempt_id == 0
    monkeypatch.undo()
    assert schedule.notify_failures(SyncAutomation.objects.get(pk=scheduled.pk)) == 1
    assert f"- {txn}: No project" in mail.outbox[0].body


def test_beat_runs_the_tick_every_minute():
    from trueerp.celery import app

    entry = app.conf.beat_schedule["sage-intacct-automation"]
    assert (entry["task"], entry["schedule"]) == ("sage_intacct.automation_tick", 60.0)
    assert {"sage_intacct.automation_tick", "sage_intacct.refresh_reference_tracked"} <= set(app.tasks)
