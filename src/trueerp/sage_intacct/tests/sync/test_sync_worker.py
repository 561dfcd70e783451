"""Exactly once with two real Celery worker processes killed (SIGKILL) at random points of a multi-batch run.

The worker processes share the test database and broker; the emulator runs in this process. After
each kill a new worker starts and the periodic sweep (called here as beat would) re-dispatches the
company: stale claims become unconfirmed and are looked up by reference before any re-post.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections import Counter

import pytest

from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.models import SyncSettings
from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.sync.models import JobState, SyncJob, TransactionSyncState
from trueerp.sage_intacct.sync.services.state import bulk
from trueerp.sage_intacct.sync.tasks import sweep
from trueerp.sage_intacct.tests.sync_support import build_master, connect, simple_je
from trueerp.testing.worker import celery_worker, purge_broker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.emulator, pytest.mark.django_db(transaction=True)]

WORKER_ENV = {"INTACCT_SYNC_LEASE_S": "3", "LOG_LEVEL": "WARNING"}


def synced_count() -> int:
    return SyncJob.objects.filter(state=JobState.SYNCED).count()


def test_every_transaction_exists_exactly_once_after_random_sigkills_and_faults(company, emulator):
    purge_broker()
    connect(company, emulator)
    refresh_reference_data(company, full=True)
    SyncSettings.objects.filter(company=company).update(batch_size=10, concurrency=2, auto_sync=False)
    master = build_master(company)
    txns = [simple_je(company, master, amount=f"{i + 1}.00") for i in range(400)]
    bulk.enqueue_many(txns)
    emulator.set_latency(200)
    emulator.inject_fault("http_524_after_commit", probability=0.05)
    emulator.inject_fault("drop_after_commit", probability=0.05)
    emulator.inject_fault("http_503", probability=0.05)
    rng = random.Random(int(os.environ.get("SYNC_KILL_SEED", "6")))
    kills_mid_batch = 0
    for round_no in range(3):
        before = synced_count()
        # Two worker processes (two machines, as far as the engine can tell), killed at random.
        with (
            celery_worker(name=f"sync-kill-{round_no}a", extra_env=WORKER_ENV) as first,
            celery_worker(name=f"sync-kill-{round_no}b", extra_env=WORKER_ENV) as second,
        ):
            sweep.delay()
            assert wait_until(lambda b=before: synced_count() > b, timeout=60), "the workers made no progress"
            for process in rng.sample([first, second], 2):
                time.sleep(rng.uniform(0.0, 0.3))
                # Mid-batch: a job is claimed, or sent and waiting for its answer (the state machine's "sent").
                kills_mid_batch += SyncJob.objects.filter(
                    state__in=[JobState.IN_PROGRESS, JobState.SENT]
                ).exists()
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
    assert synced_count() < len(txns), "the kills came too late to test anything"
    emulator.clear_faults()
    with (
        celery_worker(name="sync-final-a", extra_env=WORKER_ENV),
        celery_worker(name="sync-final-b", extra_env=WORKER_ENV),
    ):

        def settled() -> bool:
            if SyncJob.objects.exclude(state=JobState.SYNCED).exists():
                sweep.delay()  # what beat does every 30 s, sooner
                return False
            return True

        # A bound against a hang, not a speed test: CI machines are shared.
        assert wait_until(settled, timeout=300, interval=2.0)
    purge_broker()
    references = Counter(b["REFERENCENO"] for b in emulator.records("GLBATCH"))
    assert references == Counter({t.number: 1 for t in Transaction.objects.all()})
    assert len(references) == 400
    keys = dict(TransactionSyncState.objects.values_list("transaction__number", "intacct_key"))
    assert keys == {b["REFERENCENO"]: str(b["RECORDNO"]) for b in emulator.records("GLBATCH")}
    assert kills_mid_batch >= 1
