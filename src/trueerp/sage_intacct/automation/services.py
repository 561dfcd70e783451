"""Sync automation: is a company's schedule due, run it, and tell people about failures.

Celery beat rings once a minute (`tasks_schedule.automation_tick`); for each company the pure
function `is_due` decides from its frequency, its last run and the clock. A run is claimed with a
conditional UPDATE on ``last_run_at`` so two ticks (or two beat processes) never run it twice, then
it queues the selected transactions through the engine's outbox (the engine does the rest).
Failures since the last notice are e-mailed as one digest to the chosen people.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction as db_transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.automation.models import SyncAutomation, SyncFrequency
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.sync.models import SyncAttempt, SyncJob, SyncStatus
from trueerp.sage_intacct.sync.services.state import bulk, machine, requests

logger = logging.getLogger(__name__)

MAX_PER_RUN = 2000
SCHEDULED = (SyncFrequency.EVERY_N_MINUTES, SyncFrequency.HOURLY, SyncFrequency.DAILY)


def automation_for(company: Company) -> SyncAutomation:
    automation, _ = SyncAutomation.objects.get_or_create(company=company)
    return automation


def _minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def is_due(
    frequency: str,
    last_run_at: dt.datetime | None,
    now: dt.datetime,
    *,
    interval_minutes: int = 15,
    daily_at: dt.time | None = None,
    tz: dt.tzinfo | None = None,
) -> bool:
    """Whether a scheduled run should start at ``now`` (aware datetimes; ``tz`` for the daily time).

    Minutes are compared on whole-minute boundaries so a tick that arrives a few hundred
    milliseconds early does not slip a whole interval.
    """
    if frequency == SyncFrequency.MANUAL:
        return False
    if frequency == SyncFrequency.ON_POSTING:
        return True  # posting is handled by the engine's receiver; the tick only sends edits
    if last_run_at is None:
        return frequency != SyncFrequency.DAILY or _daily_slot(now, daily_at, tz) <= now
    if frequency == SyncFrequency.EVERY_N_MINUTES:
        return _minute(now) >= _minute(last_run_at) + dt.timedelta(minutes=max(1, interval_minutes))
    if frequency == SyncFrequency.HOURLY:
        return now.replace(minute=0, second=0, microsecond=0) > last_run_at.replace(
            minute=0, second=0, microsecond=0
        )
    if frequency == SyncFrequency.DAILY:
        slot = _daily_slot(now, daily_at, tz)
        return now >= slot > last_run_at
    return False


def _daily_slot(now: dt.datetime, daily_at: dt.time | None, tz: dt.tzinfo | None) -> dt.datetime:
    """Today's run time in the company's time zone (the most recent one not after ``now``'s day)."""
    zone = tz or dt.UTC
    local = now.astimezone(zone)
    at = daily_at or dt.time(18, 0)
    return dt.datetime.combine(local.date(), at, tzinfo=zone)


def next_run(automation: SyncAutomation, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the next scheduled run starts (for the preferences page); None = no schedule."""
    now = now or timezone.now()
    frequency = automation.frequency
    last = automation.last_run_at
    if frequency not in SCHEDULED:
        return None
    if last is None:
        if frequency == SyncFrequency.DAILY:
            slot = _daily_slot(now, automation.daily_at, timezone.get_current_timezone())
            return slot if slot > now else slot + dt.timedelta(days=1)
        return _minute(now) + dt.timedelta(minutes=1)
    if frequency == SyncFrequency.EVERY_N_MINUTES:
        return max(_minute(last) + dt.timedelta(minutes=automation.interval_minutes), _minute(now))
    if frequency == SyncFrequency.HOURLY:
        return last.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    slot = _daily_slot(now, automation.daily_at, timezone.get_current_timezone())
    return slot if slot > now and slot > last else slot + dt.timedelta(days=1)


def claim_run(automation: SyncAutomation, now: dt.datetime) -> bool:
    """Compare-and-set on ``last_run_at``: exactly one caller wins a given run."""
    previous = automation.last_run_at
    claimed = SyncAutomation.objects.filter(pk=automation.pk)
    claimed = (
        claimed.filter(last_run_at__isnull=True) if previous is None else claimed.filter(last_run_at=previous)
    )
    return bool(claimed.update(last_run_at=now))


@dataclass
class RunReport:
    created: int = 0
    updates: int = 0

    @property
    def summary(self) -> str:
        return f"{self.created} queued to create, {self.updates} queued to update"


def pending_creates(company: Company, types: list[str], since: dt.datetime | None) -> list[Transaction]:
    """Posted transactions of the selected types that never synced (or were marked not synced)."""
    queryset = Transaction.objects.filter(
        company=company, state=Transaction.State.POSTED, type__in=types
    ).filter(Q(intacct_sync__isnull=True) | Q(intacct_sync__status=SyncStatus.NOT_SYNCED))
    if since is not None:
        queryset = queryset.filter(posted_at__gte=since)
    return list(queryset.order_by("posted_at", "id")[:MAX_PER_RUN])


def pending_updates(company: Company, types: list[str]) -> list[Transaction]:
    return list(
        Transaction.objects.filter(
            company=company,
            type__in=types,
            state=Transaction.State.POSTED,
            intacct_sync__status=SyncStatus.DESYNCHRONIZED,
        ).order_by("updated_at", "id")[:MAX_PER_RUN]
    )


def run_company(company: Company, automation: SyncAutomation) -> RunReport:
    """Queue what the company's automation selects, through the engine's outbox."""
    report = RunReport()
    if not IntacctConnection.objects.filter(company=company).exists():
        return report
    sync_settings = settings_for(company)
    with db_transaction.atomic():
        if automation.frequency in SCHEDULED:
            todo = pending_creates(company, list(sync_settings.auto_sync_types or []), automation.sync_since)
            never = [t for t in todo if not SyncJob.objects.filter(transaction=t).exists()]
            again = [t for t in todo if t not in never]
            if never:
                bulk.enqueue_many(never)
            for txn in again:
                requests.request(txn, machine.SYNC)
            report.created = len(todo)
        if automation.frequency != SyncFrequency.MANUAL and automation.update_types:
            for txn in pending_updates(company, list(automation.update_types)):
                if requests.request(txn, machine.UPDATE_REQUEST).accepted:
                    report.updates += 1
    return report


def tick(now: dt.datetime | None = None) -> dict[str, Any]:
    """One beat: run every company whose schedule is due, then send failure digests."""
    now = now or timezone.now()
    ran: dict[str, Any] = {}
    tz = timezone.get_current_timezone()
    automations = SyncAutomation.objects.select_related("company").exclude(frequency=SyncFrequency.MANUAL)
    for automation in automations:
        needs_tick = automation.frequency in SCHEDULED or automation.update_types
        if not needs_tick:
            continue
        due = is_due(
            automation.frequency,
            automation.last_run_at,
            now,
            interval_minutes=automation.interval_minutes,
            daily_at=automation.daily_at,
            tz=tz,
        )
        if not due or not claim_run(automation, now):
            continue
        try:
            report = run_company(automation.company, automation)
        except Exception:
            logger.exception("scheduled Sage Intacct sync failed for company %s", automation.company_id)
            continue
        if report.created or report.updates or automation.frequency in SCHEDULED:
            SyncAutomation.objects.filter(pk=automation.pk).update(last_run_summary=report.summary[:300])
        ran[automation.company.code] = report.summary
    for automation in (
        SyncAutomation.objects.select_related("company").filter(notify_users__isnull=False).distinct()
    ):
        notify_failures(automation)
    return ran


# --- failure notices --------------------------------------------------------------------------


def _absolute(path: str) -> str:
    base = str(getattr(settings, "TRUEERP_BASE_URL", "") or "http://localhost:8000").rstrip("/")
    return f"{base}{path}"


def _url(name: str, *args: Any) -> str:
    try:
        return _absolute(reverse(name, args=args))
    except NoReverseMatch:
        return _absolute(reverse("sage_intacct:settings"))


def notify_failures(automation: SyncAutomation) -> int:
    """E-mail the failures recorded since the last notice (one digest); returns how many."""
    company = automation.company
    attempts = list(
        SyncAttempt.objects.filter(
            company=company,
            pk__gt=automation.notified_attempt_id,
            outcome__in=(SyncAttempt.Outcome.FAILED, SyncAttempt.Outcome.BLOCKED),
        )
        .select_related("transaction", "error")
        .order_by("pk")[:500]
    )
    if not attempts:
        return 0
    newest = attempts[-1].pk
    won = SyncAutomation.objects.filter(
        pk=automation.pk, notified_attempt_id=automation.notified_attempt_id
    ).update(notified_attempt_id=newest)
    if not won:
        return 0  # another tick sent this digest
    latest: dict[int, SyncAttempt] = {}
    for attempt in attempts:
        latest[attempt.transaction_id] = attempt
    recipients = [u.email for u in automation.notify_users.filter(is_active=True) if u.email]
    if not recipients:
        return 0
    lines = []
    for attempt in latest.values():
        title = attempt.error.title if attempt.error is not None else (attempt.message or "Sync failed")
        fix = (
            f"\n    What to do: {attempt.error.fix}"
            if attempt.error is not None and attempt.error.fix
            else ""
        )
        lines.append(f"- {attempt.transaction}: {title.strip()}{fix}")
    count = len(latest)
    subject = f"Sage Intacct: {count} transaction{'s' if count != 1 else ''} did not sync ({company.name})"
    body = (
        f"These transactions of {company.name} could not be synced to Sage Intacct:\n\n"
        + "\n".join(lines)
        + f"\n\nSee the details and retry in the sync log: {_url('sage_intacct:sync_log')}\n"
        + f"Change who receives these e-mails: {_absolute(reverse('preferences_section', args=['sage-intacct-sync']))}\n"
    )
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # mail server down: give the digest back so the next tick tries again
        logger.warning("could not e-mail Sage Intacct failures for company %s", company.pk, exc_info=True)
        SyncAutomation.objects.filter(pk=automation.pk, notified_attempt_id=newest).update(
            notified_attempt_id=automation.notified_attempt_id
        )
        return 0
    return count


def send_test_email(automation: SyncAutomation) -> list[str]:
    """A sample notice to the saved recipients, so an administrator can check delivery."""
    recipients = [u.email for u in automation.notify_users.filter(is_active=True) if u.email]
    if recipients:
        send_mail(
            f"Sage Intacct: test notice ({automation.company.name})",
            "This is a test. When a transaction fails to sync to Sage Intacct, you will receive a "
            "message like this one listing the transactions, what went wrong and what to do.\n\n"
            f"Sync log: {_url('sage_intacct:sync_log')}\n",
            None,
            recipients,
        )
    return recipients


def waiting_count(company: Company, automation: SyncAutomation) -> int:
    """Posted transactions that the next scheduled run would queue (for the preferences page)."""
    if automation.frequency not in SCHEDULED:
        return 0
    return len(
        pending_creates(company, list(settings_for(company).auto_sync_types or []), automation.sync_since)
    )


def save_automation(
    company: Company,
    actor: User,
    *,
    frequency: str,
    interval_minutes: int,
    daily_at: dt.time | None,
    post_types: list[str],
    update_types: list[str],
    reverse_on_void: bool,
    notify: list[User],
) -> SyncAutomation:
    """Store the automation (engine settings + schedule) in one transaction, audited."""
    automation = automation_for(company)
    sync_settings = settings_for(company)
    before = describe(automation, sync_settings)
    with db_transaction.atomic():
        becomes_scheduled = frequency in SCHEDULED and (
            automation.frequency not in SCHEDULED or automation.sync_since is None
        )
        automation.frequency = frequency
        automation.interval_minutes = interval_minutes
        automation.daily_at = daily_at
        automation.update_types = update_types
        if becomes_scheduled:
            automation.sync_since = timezone.now()
        automation.save()
        automation.notify_users.set(notify)
        sync_settings.auto_sync = frequency == SyncFrequency.ON_POSTING
        sync_settings.auto_sync_types = post_types
        sync_settings.reverse_on_void = reverse_on_void
        sync_settings.save(update_fields=["auto_sync", "auto_sync_types", "reverse_on_void", "updated_at"])
        after = describe(automation, sync_settings)
        if after != before:
            record_audit(
                company=company,
                actor=actor,
                action="sage_intacct.automation",
                object_type="sage_intacct.syncautomation",
                object_id=automation.pk,
                summary=f"Sage Intacct sync automation: {after['frequency']}",
                before=before,
                after=after,
            )
    return automation


def describe(automation: SyncAutomation, sync_settings: Any) -> dict[str, Any]:
    return {
        "frequency": automation.get_frequency_display(),
        "interval_minutes": automation.interval_minutes,
        "daily_at": automation.daily_at.strftime("%H:%M") if automation.daily_at else "",
        "post_types": sorted(sync_settings.auto_sync_types or []),
        "update_types": sorted(automation.update_types or []),
        "reverse_on_void": sync_settings.reverse_on_void,
        "notify": sorted(automation.notify_users.values_list("username", flat=True)) if automation.pk else [],
    }
