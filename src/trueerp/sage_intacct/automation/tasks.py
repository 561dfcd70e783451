"""The per-minute automation tick: is a company's schedule due? Its beat entry is in ``trueerp.schedule``."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from trueerp.sage_intacct.automation.services import tick


@shared_task(name="sage_intacct.automation_tick", ignore_result=True)
def automation_tick() -> dict[str, Any]:
    """Per company: is its schedule due? then queue its transactions; e-mail new failures."""
    return tick()
