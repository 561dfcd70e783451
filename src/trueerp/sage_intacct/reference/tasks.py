"""Celery tasks of the cached Intacct reference data: a plain refresh and one tracked on a progress row."""

from __future__ import annotations

from celery import shared_task

from trueerp.core.models import Company
from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.reference.tracked import run_tracked_refresh


@shared_task(name="sage_intacct.refresh_reference_tracked", acks_late=True, ignore_result=True)
def refresh_reference_tracked(progress_id: int) -> str:
    """Run the engine's reference refresh, writing n of m into the progress row (idempotent)."""
    return run_tracked_refresh(progress_id)


@shared_task(name="sage_intacct.refresh_reference", acks_late=True, ignore_result=True)
def refresh_reference(company_id: int, full: bool = False) -> dict[str, int]:
    company = Company.objects.get(pk=company_id)
    return refresh_reference_data(company, full=full).objects
