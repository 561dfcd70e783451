"""The demo ledger: TRUE's demo company synced into an emulator once per test session.

``seed_demo`` runs and its posted transactions are synced by the real engine into a dedicated
emulator, inside a transaction that is rolled back: the test database is left as it was and the
emulator keeps the GL. What a company's Intacct holds besides what TRUE sent is added through the
API, as an accountant would enter it: a default budget and one inter-entity management fee (which
makes Intacct write due-to/due-from lines). Exchange rates are the emulator's demo rate table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from intacct import ClientConfig, IntacctClient
from intacct.functions import Create
from intacct_emulator.testing import EmulatorHandle, run_emulator
from trueerp.core.models import Company, User
from trueerp.sage_intacct.connection.clients import forget_clients
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.services import context as mapping
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.sync.services import engine
from trueerp.sage_intacct.sync.services.initial_sync import start_initial_sync
from trueerp.sage_intacct.tests.sync_support import connect

START, END = dt.date(2026, 1, 1), dt.date(2026, 10, 31)
MANAGEMENT_FEE = Decimal("5000.00")


def api(emu: EmulatorHandle) -> IntacctClient:
    c = emu.credentials
    return IntacctClient(
        ClientConfig(
            sender_id=c["sender_id"],
            sender_password=c["sender_password"],
            company_id=c["company_id"],
            user_id=c["user_id"],
            user_password=c["user_password"],
            endpoint_url=emu.url,
            allow_custom_endpoint=True,
        )
    )


def je(ref: str, date: str, lines: list[tuple[str, str, str, dict[str, str]]]) -> Create:
    return Create(
        "GLBATCH",
        {
            "JOURNAL": "GJ",
            "BATCH_DATE": date,
            "BATCH_TITLE": ref,
            "REFERENCENO": ref,
            "ENTRIES": {
                "GLENTRY": [dict(ACCOUNTNO=a, TR_TYPE=t, TRX_AMOUNT=amt, **dims) for a, t, amt, dims in lines]
            },
        },
    )


def _company_extras(client: IntacctClient) -> None:
    items = []
    for month in range(1, 12):
        period = f"Month Ended {dt.date(2026, month, 1):%B %Y}"
        for account, amount, dims in (
            ("4000", "120000.00", {"LOCATION_NO": "US-NY", "PROJECTID": "P-100"}),
            ("5000", "52000.00", {"LOCATION_NO": "US-NY", "DEPT_NO": "ENG", "PROJECTID": "P-100"}),
            ("6000", "9000.00", {"LOCATION_NO": "US-NY", "DEPT_NO": "ADM"}),
        ):
            items.append({"ACCT_NO": account, "PERIODNAME": period, "AMOUNT": amount, **dims})
    client.execute(
        Create(
            "GLBUDGETHEADER",
            {
                "BUDGETID": "FY2026",
                "DESCRIPTION": "Plan 2026",
                "DEFAULT_BUDGET": "true",
                "GLBUDGETITEMS": {"GLBUDGETITEM": items},
            },
        )
    )
    fee = str(MANAGEMENT_FEE)
    client.execute(
        je(
            "MGMT-FEE-CA",
            "06/30/2026",
            [
                ("6400", "1", fee, {"LOCATION": "CA-ON"}),
                ("4900", "-1", fee, {"LOCATION": "US-NY"}),
            ],
        )
    )


@pytest.fixture(scope="session")
def demo_ledger(django_db_setup: None, django_db_blocker: Any) -> Iterator[EmulatorHandle]:
    with run_emulator(seed="demo") as emu, django_db_blocker.unblock():
        with transaction.atomic():
            call_command("seed_demo", verbosity=0)
            company = Company.objects.get(code="NORTHWIND")
            IntacctConnection.objects.filter(company=company).delete()
            mapping.forget_contexts()
            connect(company, emu)
            refresh_reference_data(company, full=True)
            sync_settings = settings_for(company)
            sync_settings.auto_create_projects = True
            sync_settings.save()
            start_initial_sync(company, User.objects.get(username="admin"))
            for _ in range(30):
                report = engine.run_company(company.pk, worker="demo-ledger")
                if not report.batches:
                    break
            transaction.set_rollback(True)
        mapping.forget_contexts()
        forget_clients()
        with api(emu) as client:
            _company_extras(client)
        yield emu


@pytest.fixture
def ledger_company(db: None, company: Company, demo_ledger: EmulatorHandle) -> Iterator[Company]:
    """The test company connected to the demo ledger, reference data loaded."""
    mapping.forget_contexts()
    forget_clients()
    connect(company, demo_ledger)
    refresh_reference_data(company, full=True)
    yield company
    forget_clients()
    mapping.forget_contexts()
