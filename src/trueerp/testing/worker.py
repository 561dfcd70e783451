"""Start a real Celery worker process against the test database and broker.

Tests that prove queue behaviour (delivery, crashes, redelivery) need a separate process, not eager
execution. The worker gets the test database's connection settings through DATABASE_URL, so it
must be used with `django_db(transaction=True)` tests (data committed, visible to the worker).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def test_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = quote(str(db.get("USER") or ""))
    password = quote(str(db.get("PASSWORD") or ""))
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{db['NAME']}"


def worker_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "TRUEERP_MODE": "test",
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "PYTHONPATH": str(Path(settings.BASE_DIR).parent),
            "DJANGO_SETTINGS_MODULE": "trueerp.settings",
        }
    )
    env.update(extra or {})
    return env


def purge_broker() -> None:
    from trueerp.celery import app

    with app.connection_for_write() as conn:
        app.control.purge(connection=conn)


@contextmanager
def celery_worker(
    *,
    concurrency: int = 1,
    queues: str = "celery",
    name: str = "test-worker",
    extra_env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `celery worker` until the block ends; SIGTERM then SIGKILL on exit."""
    log_path = Path(settings.VAR_DIR) / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "trueerp",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            str(concurrency),
            "--pool",
            "prefork",
            "--queues",
            queues,
            "--hostname",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=worker_environment(extra_env),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        log.close()


def wait_until(predicate: object, timeout: float = 30.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return True
        time.sleep(interval)
    return False
