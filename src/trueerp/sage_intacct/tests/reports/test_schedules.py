"""Scheduled reports: one run per due period (claimed once), e-mailed with the chosen formats;
a run that does not publish sends what went wrong, never numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from trueerp.core.models import Company, User
from trueerp.sage_intacct.reference.models import IntacctPeriod
from trueerp.sage_intacct.reports.models import ReportDefinition, ReportRun, ReportSchedule
from trueerp.sage_intacct.reports.services.definitions import ensure_templates
from trueerp.sage_intacct.reports.services.schedules import due_period, tick
from trueerp.sage_intacct.reports.tasks import run_report

pytestmark = pytest.mark.emulator


def _schedule(company: Company, user: User, **fields: object) -> ReportSchedule:
    ensure_templates(company)
    definition = ReportDefinition.objects.get(company=company, template_key="cash_flow")
    schedule = ReportSchedule.objects.create(
        company=company, definition=definition, formats=["pdf", "xlsx"], **fields
    )
    schedule.recipients.set([user])
    return schedule


def test_monthly_schedule_runs_once_per_period_and_mails_the_outputs(
    ledger_company: Company, admin_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin_user.email = "controller@example.com"
    admin_user.save()
    schedule = _schedule(ledger_company, admin_user, cadence="monthly", day_of_month=3)
    assert due_period(schedule, dt.date(2026, 11, 2)) is None  # before the 3rd
    queued: list[int] = []
    monkeypatch.setattr("trueerp.sage_intacct.reports.services.runs.queue_run", queued.append)
    with pytest.MonkeyPatch.context() as m:
        m.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        started = tick(dt.date(2026, 11, 3))
        assert tick(dt.date(2026, 11, 20)) == []  # October is sent: nothing due until December
    assert started == queued
    (run_id,) = started
    run = ReportRun.objects.get(pk=run_id)
    assert (run.parameters, run.schedule_id) == ({"start": "2026-01-01", "end": "2026-10-31"}, schedule.pk)
    assert run_report(run_id) == ReportRun.State.PUBLISHED
    (message,) = mail.outbox
    assert message.to == ["controller@example.com"]
    assert message.subject == "Cash flow (indirect): 2026-01-01 to 2026-10-31"
    assert sorted(name.rsplit(".", 1)[1] for name, _content, _type in message.attachments) == ["pdf", "xlsx"]
    schedule.refresh_from_db()
    assert schedule.last_period == "2026-10"


def test_after_close_follows_intacct_closed_periods(ledger_company: Company, admin_user: User) -> None:
    schedule = _schedule(ledger_company, admin_user, cadence="after_close")
    closed = IntacctPeriod.objects.filter(company=ledger_company, closed=True).order_by("-end_date").first()
    assert closed is not None
    assert due_period(schedule, dt.date(2026, 11, 3)) == closed.end_date
    IntacctPeriod.objects.filter(company=ledger_company, name="Month Ended March 2026").update(closed=True)
    assert due_period(schedule, dt.date(2026, 11, 3)) == dt.date(2026, 3, 31)
    schedule.last_period = "2026-03"
    schedule.save()
    assert due_period(schedule, dt.date(2026, 11, 3)) is None
