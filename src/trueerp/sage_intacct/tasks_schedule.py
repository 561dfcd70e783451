"""Celery tasks of the mapping and automation UI: the per-minute automation tick and the tracked
reference-data refresh whose progress the Reference data page polls.

Imported from the app's ``ready()`` (autodiscovery only imports ``tasks.py``); the beat entry is
added here at import time, next to the engine's own sweep.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from trueerp.celery import app

AUTOMATION_TICK_S = 60.0

app.conf.beat_schedule["sage-intacct-automation"] = {
    "task": "sage_intacct.automation_tick",
    "schedule": AUTOMATION_TICK_S,
    "options": {"expires": AUTOMATION_TICK_S - 5},
}


@shared_task(name="sage_intacct.automation_tick", ignore_result=True)
def automation_tick() -> dict[str, Any]:
    """Per company: is its schedule due? then queue its transactions; e-mail new failures."""
    from trueerp.sage_intacct.services.schedule import tick

    return tick()


@shared_task(name="sage_intacct.refresh_reference_tracked", acks_late=True, ignore_result=True)
def refresh_reference_tracked(progress_id: int) -> str:
    """Run the engine's reference refresh, writing n of m into the progress row (idempotent)."""
    from trueerp.sage_intacct.services.reference_admin import run_tracked_refresh

    return run_tracked_refresh(progress_id)
