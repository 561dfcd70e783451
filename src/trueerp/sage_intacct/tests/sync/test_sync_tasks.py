"""The Celery tasks are thin and safe to deliver twice (called in-process here)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from trueerp.celery import app
from trueerp.sage_intacct.sync.models import JobState, SyncJob
from trueerp.sage_intacct.sync.tasks import process_company, sweep
from trueerp.sage_intacct.tests.sync_support import connected, glbatches, master, simple_je
from trueerp.testing.worker import purge_broker

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]
__all__ = ["connected", "master"]


def test_process_company_delivered_twice_posts_once(company, connected, master, emulator):
    txns = [simple_je(company, master, amount=f"{i + 1}.00") for i in range(3)]
    first = process_company(company.pk)
    second = process_company(company.pk)
    assert (first["synced"], second["synced"]) == (3, 0)
    assert sorted(b["REFERENCENO"] for b in glbatches(emulator)) == sorted(t.number for t in txns)


def test_sweep_turns_expired_claims_into_unconfirmed_and_is_scheduled(company, connected, master):
    sent, claimed = simple_je(company, master), simple_je(company, master, amount="5.00")
    expired = timezone.now() - dt.timedelta(seconds=5)
    SyncJob.objects.filter(transaction=sent).update(
        state=JobState.SENT, claimed_by="dead:1", claimed_until=expired
    )
    SyncJob.objects.filter(transaction=claimed).update(
        state=JobState.IN_PROGRESS, claimed_by="dead:1", claimed_until=expired
    )
    try:
        assert sweep() == 1  # one company re-dispatched
    finally:
        purge_broker()
    # A job whose request may have gone out is looked up first; one never sent simply runs again.
    assert SyncJob.objects.get(transaction=sent).state == JobState.UNCONFIRMED
    assert SyncJob.objects.get(transaction=claimed).state == JobState.QUEUED
    assert app.conf.beat_schedule["sage-intacct-sweep"]["task"] == "sage_intacct.sweep"
