"""Shared set-up for the sync-engine tests: a company connected to the demo emulator, TRUE master
data whose codes match the emulator's demo seed, and small builders for transactions.

Import the fixtures into a test module (``from trueerp.sage_intacct.tests.sync_support import connected, master``) so pytest
finds them; the emulator fixtures come from this package's conftest.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection as db_connection
from django.utils import timezone

from intacct import IntacctClient
from intacct_emulator.testing import EmulatorHandle
from trueerp.core.models import Company
from trueerp.financial.models import (
    Account,
    AccountingClass,
    Branch,
    Contract,
    Customer,
    Department,
    Employee,
    Job,
    Transaction,
    Vendor,
)
from trueerp.financial.services.transactions import LineInput, TransactionInput, create_transaction
from trueerp.sage_intacct.connection.clients import client_for_company
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.models import SyncSettings
from trueerp.sage_intacct.mapping.services import context as mapping
from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.sync.models import JobState, SyncJob
from trueerp.sage_intacct.sync.services import engine
from trueerp.sage_intacct.sync.services.run import RunReport, default_client_factory

DAY = dt.date(2026, 3, 10)


@dataclass
class Master:
    accounts: dict[str, Account]
    departments: dict[str, Department]
    branches: dict[str, Branch]
    jobs: dict[str, Job]
    customers: dict[str, Customer]
    vendors: dict[str, Vendor]
    classes: dict[str, AccountingClass]
    employees: dict[str, Employee]


def build_master(company: Company) -> Master:
    """TRUE records with the same codes as the emulator's demo seed (identity mapping by ID)."""
    accounts = {
        number: Account.objects.create(company=company, number=number, name=name, type=kind)
        for number, name, kind in (
            ("1000", "Cash - Operating", Account.Type.ASSET),
            ("1100", "Accounts Receivable", Account.Type.ASSET),
            ("2000", "Accounts Payable", Account.Type.LIABILITY),
            ("2100", "Accrued Liabilities", Account.Type.LIABILITY),
            ("4000", "Contract Revenue", Account.Type.REVENUE),
            ("4900", "Other Income", Account.Type.REVENUE),
            ("5100", "Subcontractor Costs", Account.Type.EXPENSE),
            ("6000", "Rent & Occupancy", Account.Type.EXPENSE),
            ("6100", "Salaries - Administrative", Account.Type.EXPENSE),
            ("6200", "Travel", Account.Type.EXPENSE),
            ("6300", "Software & IT", Account.Type.EXPENSE),
            ("7000", "Suspense (retired)", Account.Type.ASSET),
        )
    }
    departments = {
        code: Department.objects.create(company=company, code=code, name=name)
        for code, name in (("ENG", "Engineering"), ("FIN", "Finance"), ("HSE", "Health & Safety UK"))
    }
    branches = {
        code: Branch.objects.create(company=company, code=code, name=name, country=country, currency=currency)
        for code, name, country, currency in (
            ("US-NY", "New York Office", "US", "USD"),
            ("US-TX", "Houston Office", "US", "USD"),
            ("CA-ON", "Toronto Office", "CA", "CAD"),
            ("UK-LDN", "London Office", "GB", "GBP"),
        )
    }
    customers = {
        code: Customer.objects.create(company=company, code=code, name=name)
        for code, name in (("C100", "Metro Transit Authority"), ("C200", "Harbourfront Developments Inc."))
    }
    vendors = {
        code: Vendor.objects.create(company=company, code=code, name=name)
        for code, name in (("V100", "Atlas Concrete Supply"), ("V200", "Steelworks Fabrication LLC"))
    }
    contract = Contract.objects.create(
        company=company, number="K-1", name="Metro", customer=customers["C100"]
    )
    jobs = {
        number: Job.objects.create(
            company=company,
            number=number,
            name=name,
            contract=contract,
            customer=customers["C100"],
            branch=branch,
        )
        for number, name, branch in (
            ("P-100", "Metro Line Extension - Design", branches["US-NY"]),
            ("P-200", "Harbourfront Tower", branches["CA-ON"]),
        )
    }
    classes = {"C1": AccountingClass.objects.create(company=company, code="C1", name="Commercial")}
    employees = {"E100": Employee.objects.create(company=company, code="E100", name="Alice Morgan")}
    return Master(accounts, departments, branches, jobs, customers, vendors, classes, employees)


def connect(
    company: Company, emulator: EmulatorHandle, entity_id: str = "", default_entity: str = "US"
) -> IntacctConnection:
    """Connect with the emulator's demo credentials (session at ``entity_id``; blank = top level).

    The demo company's entities have different base currencies (US USD, CA CAD, UK GBP), and Intacct
    books nothing at the top level of such a company that is in no entity; so records post to
    ``default_entity`` (US) unless a test's rules or arguments say otherwise ("" = top level).
    """
    SyncSettings.objects.update_or_create(
        company=company, defaults={"default_entity_id": entity_id or default_entity}
    )
    credentials = emulator.credentials
    connection = IntacctConnection(
        company=company,
        intacct_company_id=credentials["company_id"],
        user_id=credentials["user_id"],
        entity_id=entity_id,
        endpoint_url=emulator.url,
        status="connected",
    )
    connection.set_password(credentials["user_password"])
    connection.save()
    return connection


@pytest.fixture
def connected(company: Company, emulator: EmulatorHandle) -> Iterator[IntacctConnection]:
    """The company connected to the freshly reset emulator, reference data loaded."""
    mapping.forget_contexts()
    connection = connect(company, emulator)
    refresh_reference_data(company, full=True)
    # The session of the default entity is opened now, as the top level's was by the refresh, so a
    # test's first injected fault meets its first record request, not a session opening.
    client_for_company(company, "US").session_provider.get()
    yield connection
    mapping.forget_contexts()


@pytest.fixture
def master(company: Company) -> Master:
    return build_master(company)


def line(account: Account, debit: str = "0", credit: str = "0", **dims: Any) -> LineInput:
    return LineInput(account=account, debit=Decimal(debit), credit=Decimal(credit), **dims)


def journal(
    company: Company,
    lines: Sequence[LineInput],
    *,
    on: dt.date = DAY,
    post: bool = True,
    description: str = "Test entry",
    **header: Any,
) -> Transaction:
    data = TransactionInput(
        type=Transaction.Type.JOURNAL_ENTRY, date=on, description=description, lines=list(lines), **header
    )
    return create_transaction(company=company, actor=None, data=data, post=post)


def simple_je(company: Company, m: Master, amount: str = "100.00", **header: Any) -> Transaction:
    """Travel paid in cash: accounts without required dimensions."""
    return journal(
        company,
        [line(m.accounts["6200"], debit=amount), line(m.accounts["1000"], credit=amount)],
        **header,
    )


class CountingFactory:
    """Wraps the real client factory and counts requests, to prove that nothing was sent."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def __call__(self, company: Company, entity_id: str) -> IntacctClient:
        client = default_client_factory(company, entity_id)
        calls = self.calls
        original = client.execute_batch

        def counted(functions: Any, *args: Any, **kwargs: Any) -> Any:
            calls.append((entity_id, len(functions)))
            return original(functions, *args, **kwargs)

        wrapper = client.for_entity(client.config.entity_id)
        wrapper.execute_batch = counted  # type: ignore[method-assign]
        return wrapper


def run(company: Company, factory: Callable[[Company, str], IntacctClient] | None = None) -> RunReport:
    return engine.run_company(company.pk, worker="test", client_factory=factory)


def glbatches(emulator: EmulatorHandle) -> list[dict[str, Any]]:
    return emulator.records("GLBATCH")


def job_of(txn: Transaction) -> SyncJob:
    return SyncJob.objects.filter(transaction=txn).order_by("-id").first()  # type: ignore[return-value]


def let_time_pass() -> None:
    """As if every back-off, look-up pause and re-send window had run out (instead of sleeping)."""
    past = timezone.now() - dt.timedelta(seconds=1)
    SyncJob.objects.filter(state__in=(JobState.QUEUED, JobState.UNCONFIRMED)).update(due_at=past)
    SyncJob.objects.filter(state=JobState.UNCONFIRMED, resend_after__isnull=False).update(resend_after=past)


def wrapped(
    company: Company,
    entity_id: str,
    *,
    execute: Callable[..., Any] | None = None,
    iter_records: Callable[..., Any] | None = None,
) -> IntacctClient:
    """The real client with its batch execution or its record reads replaced (tests' seams)."""
    client = default_client_factory(company, entity_id)
    wrapper = client.for_entity(client.config.entity_id)
    original_execute, original_iter = client.execute_batch, client.iter_records
    if execute is not None:
        wrapper.execute_batch = lambda functions, *a, **k: execute(original_execute, functions, *a, **k)  # type: ignore[method-assign]
    if iter_records is not None:
        wrapper.iter_records = lambda query, *a, **k: iter_records(original_iter, query, *a, **k)  # type: ignore[method-assign]
    return wrapper


class HeldRequest:
    """A request "in flight": the first batch waits (before or after Intacct ran it) until released."""

    def __init__(self, after_commit: bool = False) -> None:
        self.after_commit = after_commit
        self.out = threading.Event()
        self.go = threading.Event()
        self.calls = 0

    def __call__(self, company: Company, entity_id: str) -> IntacctClient:
        def execute(original: Callable[..., Any], functions: Any, *args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            first = not self.out.is_set()
            if first and not self.after_commit:
                self.out.set()
                assert self.go.wait(30), "the test never released the request"
            results = original(functions, *args, **kwargs)
            if first and self.after_commit:
                self.out.set()
                assert self.go.wait(30), "the test never released the request"
            return results

        return wrapped(company, entity_id, execute=execute)


class KilledWorker(BaseException):
    """The worker process died (SIGKILL): nothing after this point runs, not even except clauses."""


def killed_after_send(company: Company, entity_id: str) -> IntacctClient:
    def execute(original: Callable[..., Any], functions: Any, *args: Any, **kwargs: Any) -> Any:
        original(functions, *args, **kwargs)
        raise KilledWorker

    return wrapped(company, entity_id, execute=execute)


class Background:
    """Run a callable in a thread with its own database connection; re-raise what it raised."""

    def __init__(self, target: Callable[[], Any]) -> None:
        self.error: BaseException | None = None
        self.result: Any = None

        def body() -> None:
            try:
                self.result = target()
            except BaseException as exc:
                self.error = exc
            finally:
                db_connection.close()

        self.thread = threading.Thread(target=body, daemon=True)
        self.thread.start()

    def join(self, timeout: float = 60) -> Any:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the background run did not finish"
        if self.error is not None:
            raise self.error
        return self.result


def net_by_account(emulator: EmulatorHandle, references: Sequence[str]) -> dict[str, Decimal]:
    """What the GL holds for these references, per account (debits minus credits)."""
    net: dict[str, Decimal] = {}
    for entry in emulator.records("GLENTRY"):
        if entry.get("REFERENCENO") in references:
            amount = Decimal(str(entry["TRX_AMOUNT"])) * int(entry["TR_TYPE"])
            net[entry["ACCOUNTNO"]] = net.get(entry["ACCOUNTNO"], Decimal(0)) + amount
    return net
