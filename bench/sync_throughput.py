"""Sync throughput of the real engine against the emulator, as a ratio to the raw floor.

    .venv/bin/python bench/sync_throughput.py --n 10000 --latency-ms 100 --concurrency 2
    .venv/bin/python bench/sync_throughput.py --n 10000 --latency-ms 100 --concurrency 2 --currency mixed

1. Starts ``intacct-emulator serve`` in a subprocess (Intacct is remote; its CPU is not ours) with
   the demo seed and the injected latency per request.
2. Creates N posted journal entries of 4 lines in a scratch database and queues them (setup, not
   timed); they post to entity US (the demo's entities have different base currencies, so Intacct
   books nothing at the top level that names no entity). ``--currency mixed`` puts every third entry
   in CAD, GBP or EUR (in turn), converted by Intacct at its daily rate. Then it times the engine: C threads each running ``engine.run_company`` (what the Celery
   task runs: outbox claim by conditional UPDATE, request slots, pre-validation, builders, batched
   requests with uniqueid, results mapped back, attempt log) until every job is synced.
3. The floor: the same requests (the same functions, pre-built XML, same batch size) replayed raw
   with C threads of plain HTTP POSTs straight to the freshly reset emulator, no engine at all.

The last line of output is one JSON object (see issue 6).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import queue
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ENTITY = "US"
sys.path.insert(0, str(ROOT / "src"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Emulator:
    def __init__(self, workdir: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/ia/xml/xmlgw.phtml"
        self.log = open(Path(workdir) / "emulator.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "intacct_emulator.cli",
                "serve",
                "--port",
                str(self.port),
                "--threads",
                "8",
            ],
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.control("health")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the emulator did not start")

    def control(self, endpoint: str, payload: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            f"{self.base}/__emulator__/api/{endpoint}",
            data=json.dumps(payload).encode() if payload is not None else None,
            method="POST" if payload is not None else "GET",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())

    def usage_total(self) -> int:
        usage = self.control("usage?company=TRUE-DEMO")
        return int(usage.get("TRUE-DEMO", {}).get("total", 0)) if isinstance(usage, dict) else 0

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def setup_django(workdir: str, concurrency: int) -> None:
    os.environ.setdefault("TRUEERP_MODE", "test")
    os.environ["TRUEERP_VAR_DIR"] = workdir
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["INTACCT_MAX_IN_FLIGHT"] = str(concurrency)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trueerp.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


FOREIGN = ("CAD", "GBP", "EUR")


def currency_of(index: int, mode: str) -> str:
    """``mixed``: a third of the entries in a foreign currency, CAD, GBP and EUR in turn."""
    if mode != "mixed" or index % 3:
        return "USD"
    return FOREIGN[(index // 3) % len(FOREIGN)]


def create_journal_entries(company: Any, n: int, currency: str = "base") -> list[Any]:
    """N posted 4-line journal entries, written in bulk (setup, not part of the sync)."""
    from django.utils import timezone

    from trueerp.financial.models import Account, Department, Transaction, TransactionLine

    accounts = {
        number: Account.objects.create(company=company, number=number, name=name, type=kind)
        for number, name, kind in (
            ("6200", "Travel", "expense"),
            ("6300", "Software & IT", "expense"),
            ("2100", "Accrued Liabilities", "liability"),
            ("1000", "Cash - Operating", "asset"),
        )
    }
    department = Department.objects.create(company=company, code="ENG", name="Engineering")
    now = timezone.now()
    txns = Transaction.objects.bulk_create(
        [
            Transaction(
                company=company,
                type=Transaction.Type.JOURNAL_ENTRY,
                state=Transaction.State.POSTED,
                number=f"JE-{i:06d}",
                date=dt.date(2026, 3, 1) + dt.timedelta(days=i % 28),
                description=f"Bench accrual {i}",
                currency=currency_of(i, currency),
                total=Decimal("150.00"),
                posted_at=now,
            )
            for i in range(1, n + 1)
        ],
        batch_size=1000,
    )
    lines = []
    for txn in txns:
        for line_no, (number, debit, credit) in enumerate(
            (
                ("6200", "100.00", "0"),
                ("6300", "50.00", "0"),
                ("2100", "0", "120.00"),
                ("1000", "0", "30.00"),
            ),
            start=1,
        ):
            lines.append(
                TransactionLine(
                    transaction=txn,
                    line_no=line_no,
                    account=accounts[number],
                    debit=Decimal(debit),
                    credit=Decimal(credit),
                    department=department,
                    description=f"Line {line_no}",
                )
            )
    TransactionLine.objects.bulk_create(lines, batch_size=2000)
    return list(Transaction.objects.filter(company=company).order_by("id"))


def prebuild_floor_requests(company: Any, batch_size: int, config: Any, session_id: str) -> list[bytes]:
    """The engine's own functions for every job, in claim order, as finished request bodies."""
    from intacct import RequestConfig
    from intacct.request import SessionAuth, build_request
    from trueerp.sage_intacct.mapping.services.context import load_context
    from trueerp.sage_intacct.sync.models import SyncJob
    from trueerp.sage_intacct.sync.services.preparing import prepare_batch

    context = load_context(company)
    jobs = list(SyncJob.objects.filter(company=company).order_by("priority", "id"))
    for job in jobs:
        job.action = "create"  # rebuild the creates the engine sent (the jobs are synced by now)
        job.base_posting_id = job.resend_posting_id = None
    functions: list[Any] = []
    for start in range(0, len(jobs), 500):
        outcomes, sendables = prepare_batch(company, context, jobs[start : start + 500])
        if outcomes:
            raise RuntimeError(f"job {outcomes[0].job.pk} does not build: {outcomes[0].message}")
        functions.extend(item.built.function for item in sendables)
    bodies = []
    for index in range(0, len(functions), batch_size):
        request = RequestConfig(control_id=f"floor-{index}", uniqueid=True)
        bodies.append(
            build_request(config, SessionAuth(session_id), functions[index : index + batch_size], request)
        )
    return bodies


def replay(url: str, bodies: list[bytes], concurrency: int) -> float:
    import httpx

    work: queue.Queue[bytes] = queue.Queue()
    for body in bodies:
        work.put(body)
    failures: list[str] = []

    def worker() -> None:
        with httpx.Client(timeout=300) as client:
            while True:
                try:
                    body = work.get_nowait()
                except queue.Empty:
                    return
                response = client.post(url, content=body, headers={"Content-Type": "application/xml"})
                if response.status_code != 200 or b"<status>failure</status>" in response.content:
                    failures.append(response.text[:300])

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"floor replay had {len(failures)} failed requests: {failures[0]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument(
        "--currency",
        choices=("base", "mixed"),
        default="base",
        help="base: every entry in USD; mixed: a third in CAD/GBP/EUR",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="engine threads (default 2 × concurrency: while C requests are in flight, others prepare)",
    )
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="sync-bench-")
    setup_django(workdir, args.concurrency)

    from django.db import connection as db_connection

    from trueerp.core.models import Company
    from trueerp.sage_intacct.connection.clients import build_config, client_for_company, credentials_of
    from trueerp.sage_intacct.connection.models import IntacctConnection
    from trueerp.sage_intacct.mapping.models import SyncSettings
    from trueerp.sage_intacct.mapping.services import context as mapping
    from trueerp.sage_intacct.reference.services import refresh_reference_data
    from trueerp.sage_intacct.sync.models import JobState, SyncJob
    from trueerp.sage_intacct.sync.services import engine
    from trueerp.sage_intacct.sync.services.run import RunReport
    from trueerp.sage_intacct.sync.services.state import bulk

    emulator = Emulator(workdir)
    try:
        company = Company.objects.create(name="Bench Engineering", code="bench")
        connection = IntacctConnection(
            company=company,
            intacct_company_id="TRUE-DEMO",
            user_id="api_sync",
            endpoint_url=emulator.url,
            status="connected",
        )
        connection.set_password("demo-user-pass")
        connection.save()
        refresh_reference_data(company, full=True)
        SyncSettings.objects.filter(company=company).update(
            batch_size=args.batch_size,
            concurrency=args.concurrency,
            auto_sync=False,
            default_entity_id=ENTITY,
        )
        mapping.forget_contexts()
        setup_started = time.perf_counter()
        txns = create_journal_entries(company, args.n, args.currency)
        bulk.enqueue_many(txns)
        setup_s = time.perf_counter() - setup_started
        del txns
        client_for_company(company, ENTITY).session_provider.get()  # a running worker has its session
        emulator.control("latency", {"ms": args.latency_ms, "functions": {}})
        usage_before = emulator.usage_total()

        reports: list[RunReport] = []
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)

        def run(index: int) -> None:
            try:
                reports.append(engine.run_company(company.pk, worker=f"bench-{index}"))
            finally:
                db_connection.close()

        started = time.perf_counter()
        threads = [
            threading.Thread(target=run, args=(i,)) for i in range(args.workers or 2 * args.concurrency)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # A thread that found every slot busy at the very end leaves nothing behind: check anyway
        # (open jobs only: a blocked or failed one would never sync, and the result says so).
        open_states = (JobState.QUEUED, JobState.IN_PROGRESS, JobState.UNCONFIRMED)
        while SyncJob.objects.filter(company=company, state__in=open_states).exists():
            reports.append(engine.run_company(company.pk, worker="bench-tail"))
        wall_s = time.perf_counter() - started
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        cpu_s = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)

        records = emulator.control("records/TRUE-DEMO/GLBATCH?limit=10000000")["records"]
        references = Counter(r["REFERENCENO"] for r in records)
        duplicates = sum(count - 1 for count in references.values())
        synced = SyncJob.objects.filter(company=company, state=JobState.SYNCED).count()
        api_transactions = emulator.usage_total() - usage_before
        requests = sum(r.requests for r in reports)

        # The floor: the same functions, pre-built, replayed raw against a freshly reset emulator.
        emulator.control("reset", {"seed": "demo"})
        emulator.control("latency", {"ms": 0, "functions": {}})
        config = build_config(credentials_of(connection), entity_id=ENTITY)
        from intacct import IntacctClient

        with IntacctClient(config) as raw_client:
            session = raw_client.session_provider.get()
        bodies = prebuild_floor_requests(company, args.batch_size, config, session.session_id)
        emulator.control("latency", {"ms": args.latency_ms, "functions": {}})
        floor_s = replay(session.endpoint_url, bodies, args.concurrency)
        floor_records = len(emulator.control("records/TRUE-DEMO/GLBATCH?limit=10000000")["records"])
    finally:
        emulator.close()

    batches = math.ceil(args.n / args.batch_size)
    result = {
        "n": args.n,
        "currency": args.currency,
        "foreign": sum(1 for i in range(1, args.n + 1) if currency_of(i, args.currency) != "USD"),
        "batch_size": args.batch_size,
        "wall_s": round(wall_s, 3),
        "floor_s": round(floor_s, 3),
        "ratio_to_floor": round(wall_s / floor_s, 3),
        "latency_floor_s": round(batches / args.concurrency * args.latency_ms / 1000, 3),
        "requests": requests,
        "api_transactions": api_transactions,
        "duplicates": duplicates,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cpu_ms_per_txn": round(cpu_s * 1000 / args.n, 3),
    }
    print(
        f"setup {setup_s:.1f} s; engine synced {synced}/{args.n} in {wall_s:.2f} s "
        f"({len(references)} distinct records in Intacct); floor {floor_s:.2f} s for {len(bodies)} requests "
        f"({floor_records} records)"
    )
    print(json.dumps(result))
    return 0 if synced == args.n and duplicates == 0 and len(references) == args.n else 1


if __name__ == "__main__":
    raise SystemExit(main())
