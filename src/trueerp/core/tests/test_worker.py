"""A real Celery worker process consumes the configured broker and writes to the test database."""

from __future__ import annotations

import uuid

import pytest

from trueerp.core.models import WorkerHeartbeat
from trueerp.core.tasks import heartbeat
from trueerp.testing.worker import celery_worker, purge_broker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_real_worker_executes_task_once_even_when_delivered_twice() -> None:
    purge_broker()
    token = uuid.uuid4().hex
    with celery_worker(name="heartbeat-worker"):
        heartbeat.delay(token)
        heartbeat.delay(token)
        assert wait_until(lambda: WorkerHeartbeat.objects.filter(token=token).exists(), timeout=60)
    rows = WorkerHeartbeat.objects.filter(token=token)
    assert rows.count() == 1
    assert rows.get().worker.startswith("heartbeat-worker@")


def test_nothing_is_written_without_a_worker() -> None:
    purge_broker()
    token = uuid.uuid4().hex
    heartbeat.delay(token)
    assert not WorkerHeartbeat.objects.filter(token=token).exists()
    purge_broker()
