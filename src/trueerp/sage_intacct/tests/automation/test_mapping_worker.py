"""A real Celery worker finds the UI's tasks (imported from the app's ready()) and runs a tracked
reference refresh requested from the page to "done"; the automation tick runs there too."""

from __future__ import annotations

import pytest

from trueerp.sage_intacct.automation.tasks import automation_tick
from trueerp.sage_intacct.progress.models import OperationProgress
from trueerp.sage_intacct.reference.models import IntacctEntity
from trueerp.sage_intacct.tests.sync_support import connect
from trueerp.testing.worker import celery_worker, purge_broker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.emulator, pytest.mark.django_db(transaction=True)]


def test_worker_runs_the_refresh_requested_from_the_page(company, emulator, admin_user, client_for):
    purge_broker()
    connect(company, emulator)
    response = client_for(admin_user).post(
        "/settings/sage-intacct/reference/refresh/", HTTP_ACCEPT="application/json"
    )
    assert response.json()["state"] == "queued"
    progress = OperationProgress.objects.get(company=company)
    with celery_worker(name="mapping-worker", extra_env={"LOG_LEVEL": "WARNING"}):
        finished = wait_until(
            lambda: OperationProgress.objects.get(pk=progress.pk).finished, timeout=90, interval=0.3
        )
        automation_tick.delay()
    progress.refresh_from_db()
    assert finished, (progress.state, progress.message)
    assert progress.state == "done", progress.message
    assert progress.done == progress.total > 10
    assert sorted(IntacctEntity.objects.filter(company=company).values_list("entity_id", flat=True)) == [
        "CA",
        "UK",
        "US",
    ]
    purge_broker()
