"""Celery tasks of financial reporting: one run (then its e-mail, when scheduled), and the tick
that starts scheduled runs."""

from __future__ import annotations

from celery import shared_task

from trueerp.sage_intacct.reports.services.runs import RUN_TASK, execute_run
from trueerp.sage_intacct.reports.services.schedules import deliver, tick


@shared_task(name=RUN_TASK, acks_late=True, ignore_result=True)
def run_report(run_id: int) -> str:
    """Snapshot, tie out and compute one queued run (a run no longer queued is left alone)."""
    run = execute_run(run_id)
    if run.schedule_id is not None and run.finished and run.started_at is not None:
        deliver(run)
    return run.state


@shared_task(name="sage_intacct.report_schedule_tick", ignore_result=True)
def report_schedule_tick() -> list[int]:
    """Start the scheduled runs that are due (one per schedule and period, claimed atomically)."""
    return tick()
