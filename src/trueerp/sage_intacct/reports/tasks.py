"""Celery tasks of financial reporting: one run, and the minute tick that starts scheduled runs."""

from __future__ import annotations

from celery import shared_task

from trueerp.sage_intacct.reports.services.runs import RUN_TASK, execute_run


@shared_task(name=RUN_TASK, acks_late=True, ignore_result=True)
def run_report(run_id: int) -> str:
    """Snapshot, tie out and compute one queued run (a run no longer queued is left alone)."""
    return execute_run(run_id).state
