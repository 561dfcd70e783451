"""Every periodic task the beat schedule names is registered by a real worker process.

The schedule is one dict in trueerp/schedule.py; a task module that nothing imports would be named
there and never run (the connection re-check once was). The worker's start-up banner lists what it
registered, read here from its log.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from trueerp.schedule import BEAT_SCHEDULE
from trueerp.testing.worker import celery_worker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_settings_carry_the_one_beat_schedule():
    from trueerp.celery import app

    assert app.conf.beat_schedule == BEAT_SCHEDULE
    assert {name: entry["task"] for name, entry in BEAT_SCHEDULE.items()} == {
        "sage-intacct-sweep": "sage_intacct.sweep",
        "sage-intacct-automation": "sage_intacct.automation_tick",
        "sage-intacct-connection-check": "sage_intacct.check_connections",
        "sage-intacct-report-schedules": "sage_intacct.report_schedule_tick",
    }


def test_a_real_worker_registers_every_task_the_beat_schedule_names():
    log_path = Path(settings.VAR_DIR) / "beat-registration-worker.log"
    with celery_worker(name="beat-registration-worker", extra_env={"LOG_LEVEL": "INFO"}):
        assert wait_until(lambda: log_path.exists() and "ready." in log_path.read_text(), timeout=60)
    banner = log_path.read_text()
    registered = set(re.findall(r"^\s+\. (\S+)$", banner, flags=re.M))
    assert {entry["task"] for entry in BEAT_SCHEDULE.values()} <= registered
    assert {
        "sage_intacct.process_company",
        "sage_intacct.dispatch",
        "sage_intacct.refresh_reference_tracked",
    } <= registered
