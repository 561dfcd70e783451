"""Every periodic task a real Celery beat runs, in one place (imported by the settings).

Each entry names a task by its registered name; `trueerp.sage_intacct.apps` imports the task modules
so that every worker registers them, and a test starts the real Celery app and checks that every task
named here is registered.
"""

from __future__ import annotations

from typing import Any

SAGE_INTACCT_SWEEP_S = 30.0  # stale claims become unconfirmed; due work gets workers
SAGE_INTACCT_AUTOMATION_TICK_S = 60.0  # per company: is its sync schedule due?
SAGE_INTACCT_CONNECTION_CHECK_S = 15 * 60.0  # keep the status page's connection indicator true
SAGE_INTACCT_REPORT_SCHEDULES_S = 5 * 60.0  # scheduled financial reports: is a period due?

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "sage-intacct-sweep": {
        "task": "sage_intacct.sweep",
        "schedule": SAGE_INTACCT_SWEEP_S,
        "options": {"expires": SAGE_INTACCT_SWEEP_S - 5},
    },
    "sage-intacct-automation": {
        "task": "sage_intacct.automation_tick",
        "schedule": SAGE_INTACCT_AUTOMATION_TICK_S,
        "options": {"expires": SAGE_INTACCT_AUTOMATION_TICK_S - 5},
    },
    "sage-intacct-connection-check": {
        "task": "sage_intacct.check_connections",
        "schedule": SAGE_INTACCT_CONNECTION_CHECK_S,
        "options": {"expires": SAGE_INTACCT_CONNECTION_CHECK_S - 60},
    },
    "sage-intacct-report-schedules": {
        "task": "sage_intacct.report_schedule_tick",
        "schedule": SAGE_INTACCT_REPORT_SCHEDULES_S,
        "options": {"expires": SAGE_INTACCT_REPORT_SCHEDULES_S - 30},
    },
}
