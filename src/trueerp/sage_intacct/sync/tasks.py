"""Celery tasks: thin, idempotent, safe to deliver twice. Each loads ids and calls one service.

The database holds the work (sync jobs); a message only says "look at company X". Delivering one
twice, or losing one, changes nothing but latency: the periodic sweep re-dispatches whatever is due
or stuck.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils import timezone

from trueerp.core.models import Company
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.sync.models import JobState, SyncJob
from trueerp.sage_intacct.sync.services import engine, outbox
from trueerp.sage_intacct.sync.services.state import worker
from trueerp.schedule import SAGE_INTACCT_SWEEP_S

SWEEP_EVERY_S = SAGE_INTACCT_SWEEP_S  # never wait longer than the sweep would


@shared_task(name="sage_intacct.process_company", acks_late=True, ignore_result=True)
def process_company(company_id: int) -> dict[str, Any]:
    """Work one company's queue; reschedule itself for jobs that are waiting for a back-off."""
    report = engine.run_company(company_id)
    if not report.busy and not report.paused:
        due = outbox.next_due(company_id)
        if due is not None and due > timezone.now():
            delay = max(1.0, (due - timezone.now()).total_seconds())
            process_company.apply_async(args=(company_id,), countdown=min(delay, SWEEP_EVERY_S))
    return {
        "synced": report.synced,
        "failed": report.failed,
        "blocked": report.blocked,
        "busy": report.busy,
        "paused": report.paused,
    }


@shared_task(name="sage_intacct.dispatch", ignore_result=True)
def dispatch(company_id: int) -> int:
    """Start up to C workers on a company's queue (C = its concurrency setting)."""
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        return 0
    fan_out = max(1, settings_for(company).concurrency)
    for _ in range(fan_out):
        process_company.delay(company_id)
    return fan_out


@shared_task(name="sage_intacct.sweep", ignore_result=True)
def sweep() -> int:
    """Expired claims are recovered; every company with due work (or a due look-up) gets workers."""
    worker.recover_stale()
    now = timezone.now()
    companies = set(
        SyncJob.objects.filter(
            state__in=(JobState.QUEUED, JobState.UNCONFIRMED), due_at__lte=now
        ).values_list("company_id", flat=True)
    )
    for company_id in sorted(companies):
        dispatch.delay(company_id)
    return len(companies)
