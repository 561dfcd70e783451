"""Benchmark: server time of the Financial transaction list and detail pages at 100,000 transactions.

Usage::

    .venv/bin/python bench/transaction_list.py [--transactions 100000] [--requests 50]

Without DATABASE_URL it uses a fresh temporary SQLite file (removed afterwards); with DATABASE_URL
(e.g. a scratch PostgreSQL database) it migrates that database and adds its rows to it.

It seeds one company with N transactions (two lines each) by bulk_create, then measures with
Django's test Client, signed in as an administrator, the server time of:

* ``list_first``    — /financial/ (newest first, 50 rows, capped count)
* ``list_filtered`` — type + state + date range
* ``list_deep``     — a page ~99% of the way down (keyset cursor ``?after=…``)
* ``detail``        — /financial/transactions/<id>/ for different transactions

The last line of output is one JSON object with the p95 of each, in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _configure() -> Path | None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trueerp.settings")
    os.environ.setdefault("TRUEERP_MODE", "test")
    temporary: Path | None = None
    if not os.environ.get("DATABASE_URL"):
        temporary = Path(tempfile.mkdtemp(prefix="trueerp-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{temporary}"
    return temporary


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--transactions", type=int, default=int(os.environ.get("BENCH_TRANSACTIONS", 100_000))
    )
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    temporary = _configure()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from trueerp.core.models import Company, User
    from trueerp.core.permissions import catalog
    from trueerp.core.services.access import grant
    from trueerp.financial.models import (
        Account,
        Branch,
        Customer,
        Department,
        Transaction,
        TransactionLine,
        Vendor,
    )
    from trueerp.financial.views import Cursor

    setup_test_environment()  # allows the 'testserver' host and keeps responses' context
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")

    company, _ = Company.objects.get_or_create(code="BENCH", defaults={"name": "Benchmark Engineering"})
    admin, created = User.objects.get_or_create(username="bench-admin", defaults={"company": company})
    if created:
        admin.set_password("bench-pass-2026")
        admin.save()
    grant(admin, *(definition.number for definition in catalog()))

    accounts = {
        number: Account.objects.get_or_create(
            company=company, number=number, defaults={"name": name, "type": type_}
        )[0]
        for number, name, type_ in (
            ("1000", "Cash - Operating", "asset"),
            ("1100", "Accounts Receivable", "asset"),
            ("2000", "Accounts Payable", "liability"),
            ("4000", "Contract Revenue", "revenue"),
            ("5100", "Subcontractor Costs", "expense"),
        )
    }
    customers = [
        Customer.objects.get_or_create(company=company, code=f"C{n:03d}", defaults={"name": f"Customer {n}"})[
            0
        ]
        for n in range(1, 41)
    ]
    vendors = [
        Vendor.objects.get_or_create(company=company, code=f"V{n:03d}", defaults={"name": f"Vendor {n}"})[0]
        for n in range(1, 41)
    ]
    branch = Branch.objects.get_or_create(
        company=company, code="US-NY", defaults={"name": "New York Office"}
    )[0]
    department = Department.objects.get_or_create(
        company=company, code="ENG", defaults={"name": "Engineering"}
    )[0]

    existing = Transaction.objects.filter(company=company).count()
    to_create = max(0, args.transactions - existing)
    rng = random.Random(100_000)
    types = [t.value for t in Transaction.Type]
    seed_started = time.perf_counter()
    batch = 5_000
    first_day = dt.date(2024, 1, 1)
    span_days = (dt.date(2026, 11, 20) - first_day).days
    for offset in range(0, to_create, batch):
        rows: list[Transaction] = []
        for i in range(existing + offset, existing + min(offset + batch, to_create)):
            type_ = types[i % len(types)]
            amount = Decimal(rng.randrange(10_000, 5_000_000)) / 100
            state = "draft" if i % 20 == 0 else ("void" if i % 97 == 0 else "posted")
            party_customer = customers[i % len(customers)] if type_ in ("ar_invoice", "ar_payment") else None
            party_vendor = vendors[i % len(vendors)] if type_ in ("ap_bill", "ap_payment") else None
            rows.append(
                Transaction(
                    company=company,
                    type=type_,
                    state=state,
                    number=f"B-{i + 1:07d}",
                    date=first_day + dt.timedelta(days=rng.randrange(span_days)),
                    description=f"Benchmark {type_.replace('_', ' ')} {i + 1}",
                    reference=f"REF-{rng.randrange(1_000_000):06d}",
                    currency="USD",
                    customer=party_customer,
                    vendor=party_vendor,
                    branch=branch,
                    total=amount,
                )
            )
        Transaction.objects.bulk_create(rows, batch_size=1_000)
        saved = Transaction.objects.filter(
            company=company, number__in=[row.number for row in rows]
        ).values_list("pk", "total", "type")
        lines: list[TransactionLine] = []
        for pk, total, type_ in saved:
            debit_account, credit_account = {
                "ar_invoice": ("1100", "4000"),
                "ar_payment": ("1000", "1100"),
                "ap_bill": ("5100", "2000"),
                "ap_payment": ("2000", "1000"),
            }.get(type_, ("5100", "1000"))
            lines.append(
                TransactionLine(
                    transaction_id=pk,
                    line_no=1,
                    account=accounts[debit_account],
                    debit=total,
                    branch=branch,
                    department=department,
                )
            )
            lines.append(
                TransactionLine(transaction_id=pk, line_no=2, account=accounts[credit_account], credit=total)
            )
        TransactionLine.objects.bulk_create(lines, batch_size=2_000)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE financial_transaction; ANALYZE financial_transactionline;")
    total_rows = Transaction.objects.filter(company=company).count()
    print(
        f"seeded {to_create:,} transactions ({total_rows:,} in the company, {2 * total_rows:,} lines) "
        f"in {time.perf_counter() - seed_started:.1f}s"
    )

    client = Client()
    client.force_login(admin)
    ordered = Transaction.objects.filter(company=company).order_by("-date", "-id")
    deep_row = ordered.values_list("date", "id")[int(total_rows * 0.99)]
    deep_cursor = Cursor(deep_row[0], deep_row[1]).encode()
    detail_ids = list(
        Transaction.objects.filter(company=company)
        .order_by("?")
        .values_list("pk", flat=True)[: args.requests]
    )

    def measure(name: str, make_url: Callable[[int], str], expect: str) -> list[float]:
        client.get(make_url(0))  # warm caches, templates, the session
        samples: list[float] = []
        for n in range(args.requests):
            url = make_url(n)
            begin = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - begin) * 1000
            if response.status_code != 200 or expect not in response.content.decode():
                raise SystemExit(f"{name}: {url} answered {response.status_code} without {expect!r}")
            samples.append(elapsed)
        print(
            f"{name:<14} n={len(samples):<3} p50={statistics.median(samples):7.1f} ms  "
            f"p95={percentile(samples, 0.95):7.1f} ms  max={max(samples):7.1f} ms   {make_url(0)}"
        )
        return samples

    filtered = "?type=ap_bill&state=posted&date_from=2025-03-01&date_to=2025-09-30"
    results = {
        "list_first": measure("list_first", lambda n: "/financial/", 'rel="next"'),
        "list_filtered": measure("list_filtered", lambda n: "/financial/" + filtered, 'rel="next"'),
        "list_deep": measure("list_deep", lambda n: f"/financial/?after={deep_cursor}", 'rel="prev"'),
        "detail": measure(
            "detail", lambda n: f"/financial/transactions/{detail_ids[n % len(detail_ids)]}/", "Balanced"
        ),
    }
    measure("list_search", lambda n: "/financial/?q=Customer+17", "Customer 17")
    print(f"total benchmark time {time.perf_counter() - started:.1f}s")
    if temporary is not None:
        connection.close()
        for leftover in temporary.parent.glob("bench.sqlite3*"):
            leftover.unlink()
        temporary.parent.rmdir()
    print(
        json.dumps(
            {f"{name}_p95_ms": round(percentile(samples, 0.95), 2) for name, samples in results.items()}
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
