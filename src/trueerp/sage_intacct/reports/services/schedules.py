"""Scheduled reports: "monthly on the 3rd" or "after period close", e-mailed to the chosen people.

The tick (every few minutes) decides per schedule which period is due — the previous month on or
after the chosen day, or the newest month Intacct has closed (from the cached reporting periods) —
and claims it by compare-and-set on ``last_period``, so several workers start one run per period.
The run is the ordinary one (snapshot, tie-out, compute); when it finishes, ``deliver`` e-mails the
published outputs as attachments, or, for a refused or failed run, what went wrong, never numbers
that do not tie out.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from trueerp.sage_intacct.reference.models import IntacctPeriod
from trueerp.sage_intacct.reports.models import ReportRun, ReportSchedule
from trueerp.sage_intacct.reports.services import outputs
from trueerp.sage_intacct.reports.services.runs import start_run

logger = logging.getLogger(__name__)


def _month_end(d: dt.date) -> dt.date:
    return (d.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def due_period(schedule: ReportSchedule, today: dt.date) -> dt.date | None:
    """The month end to report on now, or None when nothing is due."""
    if schedule.cadence == ReportSchedule.Cadence.MONTHLY:
        if today.day < schedule.day_of_month:
            return None
        month_end = today.replace(day=1) - dt.timedelta(days=1)
    else:
        closed = (
            IntacctPeriod.objects.filter(company=schedule.company, closed=True, end_date__lte=today)
            .order_by("-end_date")
            .first()
        )
        if closed is None:
            return None
        month_end = _month_end(closed.end_date)
    if schedule.last_period and schedule.last_period >= f"{month_end:%Y-%m}":
        return None
    return month_end


def tick(today: dt.date | None = None) -> list[int]:
    """Start every due scheduled run; returns the run ids started."""
    today = today or timezone.localdate()
    started = []
    for schedule in ReportSchedule.objects.filter(active=True).select_related("company", "definition"):
        month_end = due_period(schedule, today)
        version = schedule.definition.current
        if month_end is None or version is None:
            continue
        claimed = ReportSchedule.objects.filter(pk=schedule.pk, last_period=schedule.last_period).update(
            last_period=f"{month_end:%Y-%m}", last_run_at=timezone.now()
        )
        if not claimed:
            continue  # another worker took this period
        run = start_run(
            schedule.company, version, None, dt.date(month_end.year, 1, 1), month_end, schedule=schedule
        )
        started.append(run.pk)
    return started


def deliver(run: ReportRun) -> int:
    """E-mail a finished scheduled run to its schedule's recipients; returns messages sent."""
    schedule = run.schedule
    if schedule is None:
        return 0
    recipients = [u.email for u in schedule.recipients.all() if u.email]
    if not recipients:
        return 0
    link = f"{settings.TRUEERP_BASE_URL}{reverse('sage_intacct:report_run', args=[run.pk])}"
    name = run.version.definition.name
    period = f"{run.parameters.get('start')} to {run.parameters.get('end')}"
    if run.state == ReportRun.State.PUBLISHED:
        message = EmailMessage(
            subject=f"{name}: {period}",
            body=(
                f"{name} (v{run.version.number}) for {period} is attached. It ties to Intacct's trial balance "
                f"per entity (hash {run.tieout_hash[:16]}).\n\nOpen it with drill-down: {link}\n"
            ),
            to=recipients,
        )
        for fmt in schedule.formats or ["pdf"]:
            out = outputs.output(run, fmt)
            message.attach(outputs.filename(run, fmt), bytes(out.content), outputs.FORMATS[fmt][0])
    else:
        message = EmailMessage(
            subject=f"{name}: not published for {period}",
            body=f"The scheduled run of {name} for {period} was not published.\n\n{run.message}\n\n{link}\n",
            to=recipients,
        )
    return message.send(fail_silently=False)
