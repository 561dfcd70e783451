"""Report pipeline at scale: fetch, compute and render against 200,000 GL lines in the emulator.

    .venv/bin/python bench/report_render.py [--lines 200000]

1. Starts ``intacct-emulator serve`` in a subprocess (Intacct is remote: its CPU and memory are not
   the report's) and loads, through the API (setup, not timed): 500 income-statement accounts, GL
   lines over the 12 months of 2026 in 3 entities (US, CA, UK; USD, CAD, GBP), each line with a
   department, balanced against cash; rates are the emulator's demo rate table.
2. Times the product's own pipeline on a 12-month × 3-entity × 500-account definition consolidated
   into USD: ``fetch`` (snapshot per entity and month through get_accountbalancesbydimensions, the
   watermark, get_trialbalance last, rates, tie-out), ``compute`` (translation, lines, serialisation)
   and ``render`` (HTML, XLSX, PDF each, from the stored result as the downloads do).
3. The chart engine (vl-convert) starts once per process; that start is reported apart
   (``chart_engine_start_s``), not in ``render_s``.
4. ``peak_rss_mb`` is this process's peak resident memory (the emulator's is not counted).

The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("TRUEERP_MODE", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trueerp.settings")

ENTITIES = (("US", "US-NY"), ("CA", "CA-ON"), ("UK", "UK-LDN"))
DEPARTMENTS = ("ENG", "CON", "PM", "OPS", "FIN", "ADM", "HR")
ACCOUNTS = [str(n) for n in range(8000, 8500)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_emulator(workdir: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log = open(Path(workdir) / "emulator.log", "wb")  # noqa: SIM115
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "intacct_emulator.cli", "serve", "--port", str(port), "--seed", "demo"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/__emulator__/api/health", timeout=1).read()
            return process, f"{base}/ia/xml/xmlgw.phtml"
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("emulator did not start")


def load(client: Any, n_lines: int) -> None:
    from intacct.functions import Create

    rng = random.Random(20260101)
    for chunk in range(0, len(ACCOUNTS), 100):
        client.execute_batch(
            [
                Create(
                    "GLACCOUNT",
                    {
                        "ACCOUNTNO": a,
                        "TITLE": f"Bench account {a}",
                        "ACCOUNTTYPE": "incomestatement",
                        "NORMALBALANCE": "debit",
                    },
                )
                for a in ACCOUNTS[chunk : chunk + 100]
            ]
        )
    per_batch, functions = 20, []
    for b in range(n_lines // per_batch):
        _entity, location = ENTITIES[b % 3]
        month = (b // 3) % 12 + 1
        lines = []
        for _ in range(per_batch // 2):
            amount = f"{rng.randrange(100, 500000) / 100:.2f}"
            lines.append(
                {
                    "ACCOUNTNO": rng.choice(ACCOUNTS),
                    "TR_TYPE": "1",
                    "TRX_AMOUNT": amount,
                    "LOCATION": location,
                    "DEPARTMENT": rng.choice(DEPARTMENTS),
                }
            )
            lines.append({"ACCOUNTNO": "1000", "TR_TYPE": "-1", "TRX_AMOUNT": amount, "LOCATION": location})
        functions.append(
            Create(
                "GLBATCH",
                {
                    "JOURNAL": "GJ",
                    "BATCH_DATE": f"{month:02d}/{1 + b % 27:02d}/2026",
                    "BATCH_TITLE": f"Bench {b}",
                    "ENTRIES": {"GLENTRY": lines},
                },
            )
        )
        if len(functions) == 100:
            client.execute_batch(functions)
            functions = []
    if functions:
        client.execute_batch(functions)


def spec() -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for k in range(5):
        low, high = 8000 + 100 * k, 8099 + 100 * k
        rows.append(
            {
                "key": f"group_{k}",
                "label": f"Accounts {low}-{high}",
                "accounts": [f"{low}-{high}"],
                "detail": True,
            }
        )
    rows.append(
        {"key": "total", "label": "Total expenses", "formula": " + ".join(f"group_{k}" for k in range(5))}
    )
    return {
        "title": "Bench: 500 accounts by month, consolidated",
        "layout": "activity",
        "rows": rows,
        "columns": {"periods": "months", "ytd": True},
        "consolidation": {"currency": "USD"},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=200_000)
    args = parser.parse_args()
    import django

    django.setup()
    import datetime as dt

    from intacct import ClientConfig, IntacctClient
    from trueerp.core.models import Company
    from trueerp.sage_intacct.reports.models import ReportDefinition, ReportRun, ReportVersion
    from trueerp.sage_intacct.reports.services import outputs
    from trueerp.sage_intacct.reports.services.compute import compute
    from trueerp.sage_intacct.reports.services.rates import load_rates
    from trueerp.sage_intacct.reports.services.runs import reporting_currency, serialize
    from trueerp.sage_intacct.reports.services.snapshot import take_snapshot
    from trueerp.sage_intacct.reports.services.tieout import tie_out
    from trueerp.sage_intacct.reports.spec import parse

    with tempfile.TemporaryDirectory() as workdir:
        process, url = start_emulator(workdir)
        try:
            config = ClientConfig(
                sender_id="trueerp_demo",
                sender_password="demo-sender-pass",
                company_id="TRUE-DEMO",
                user_id="api_sync",
                user_password="demo-user-pass",
                endpoint_url=url,
                allow_custom_endpoint=True,
                read_timeout=600.0,
                max_in_flight=2,
            )
            with IntacctClient(config) as client:
                t = time.perf_counter()
                load(client, args.lines)
                load_s = time.perf_counter() - t
                print(f"loaded {args.lines} GL lines in {load_s:.1f} s (setup, not timed)")
                definition = spec()
                parsed = parse(definition)
                start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
                t = time.perf_counter()
                snapshot = take_snapshot(client, parsed, start, end)
                currency = reporting_currency(parsed, snapshot)
                rates = load_rates(client, {e.currency for e in snapshot.entities}, currency)
                checked = tie_out(snapshot)
                fetch_s = time.perf_counter() - t
                assert checked.ok, checked.differences[:3]
                t = time.perf_counter()
                report = compute(parsed, snapshot, rates, currency)
                company = Company(name="Bench company", code="bench")
                version = ReportVersion(
                    definition=ReportDefinition(name="Bench", company=company), number=1, spec=definition
                )
                run = ReportRun(
                    company=company,
                    version=version,
                    state=ReportRun.State.PUBLISHED,
                    as_of=snapshot.as_of,
                    tieout=checked.as_dict(),
                    tieout_hash=checked.digest,
                )
                run.result = serialize(report, snapshot, version)
                compute_s = time.perf_counter() - t
                t = time.perf_counter()
                from trueerp.sage_intacct.reports.services.charts import render_svg

                render_svg({"mark": "bar", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a"}}})
                engine_start_s = time.perf_counter() - t  # once per worker process, not per report
                render_s: dict[str, float] = {}
                sizes: dict[str, int] = {}
                for fmt in ("html", "xlsx", "pdf"):
                    t = time.perf_counter()
                    content = outputs.render(run, fmt)
                    render_s[fmt] = round(time.perf_counter() - t, 3)
                    sizes[fmt] = len(content)
        finally:
            process.terminate()
            process.wait(timeout=10)
    total_render = sum(render_s.values())
    print(
        f"fetch {fetch_s:.2f} s ({snapshot.calls} Intacct calls), compute {compute_s:.2f} s, render {render_s} bytes {sizes}"
    )
    print(
        json.dumps(
            {
                "lines": args.lines,
                "entities": len(snapshot.entities),
                "accounts": len(ACCOUNTS),
                "months": len(snapshot.months),
                "report_lines": len(run.result["lines"]),
                "intacct_calls": snapshot.calls,
                "fetch_s": round(fetch_s, 3),
                "compute_s": round(compute_s, 3),
                "render_s": render_s,
                "render_to_fetch_ratio": round(total_render / fetch_s, 3),
                "chart_engine_start_s": round(engine_start_s, 3),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
