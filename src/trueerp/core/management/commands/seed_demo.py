"""Seed the demo: a project-based engineering company (Northwind) and a small second tenant (Contoso).

Deterministic: every random choice comes from one ``random.Random(SEED)`` and dates are fixed
relative to ``ANCHOR`` (2026-01-01 … 2026-11-20), and the whole plan is computed *before* the
database is read, so the same data comes out on every machine.

Idempotent: master data is written with ``update_or_create`` on natural keys (company code,
username, account number, codes); a transaction is created only when its (type, number) does not
exist yet. Running the command twice changes nothing.

Transactions go through the Financial services (create → post → void), so they carry audit
history and send the same signals as transactions entered by people.

Identity with the Intacct emulator's demo company: account numbers, location IDs (branch codes
NYC, CHI, TOR, LON under entities US, CA, UK), department, class, customer, vendor, employee and
project (job) IDs are the same strings on both sides, so the default mapping needs no overrides.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction as db_transaction

from trueerp.core.models import Company, User
from trueerp.core.permissions import FINANCIAL_MODULE, FINANCIAL_POST, catalog
from trueerp.core.services.access import grant
from trueerp.financial.models import (
    Account,
    AccountingClass,
    Branch,
    Contract,
    CustomAttribute,
    CustomAttributeValue,
    Customer,
    Department,
    Employee,
    FinancialPreferences,
    Job,
    Transaction,
    Vendor,
)
from trueerp.financial.services.transactions import (
    LineInput,
    TransactionInput,
    create_transaction,
    post_transaction,
    void_transaction,
)

SEED = 20260101
ANCHOR = dt.date(2026, 1, 1)
LAST_DAY = dt.date(2026, 11, 20)
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo login

CHART: list[tuple[str, str, str]] = [
    ("1000", "Cash", Account.Type.ASSET),
    ("1100", "Accounts Receivable", Account.Type.ASSET),
    ("1200", "Work in Progress", Account.Type.ASSET),
    ("2000", "Accounts Payable", Account.Type.LIABILITY),
    ("2100", "Accrued Liabilities", Account.Type.LIABILITY),
    ("3000", "Retained Earnings", Account.Type.EQUITY),
    ("4000", "Engineering Services Revenue", Account.Type.REVENUE),
    ("4100", "Reimbursable Revenue", Account.Type.REVENUE),
    ("5000", "Direct Labor", Account.Type.EXPENSE),
    ("5100", "Subcontractors", Account.Type.EXPENSE),
    ("5200", "Materials", Account.Type.EXPENSE),
    ("6000", "Rent", Account.Type.EXPENSE),
    ("6100", "Travel", Account.Type.EXPENSE),
    ("6200", "Software", Account.Type.EXPENSE),
    ("6300", "Professional Fees", Account.Type.EXPENSE),
]
INACTIVE_ACCOUNTS = [("6900", "Legacy Suspense (do not use)", Account.Type.EXPENSE)]

BRANCHES = [
    # code (= Intacct LOCATIONID), name, country, currency; entity: US, US, CA, UK
    ("NYC", "New York", "US", "USD"),
    ("CHI", "Chicago", "US", "USD"),
    ("TOR", "Toronto", "CA", "CAD"),
    ("LON", "London", "GB", "GBP"),
]
DEPARTMENTS = [
    ("ENG", "Engineering"),
    ("PM", "Project Management"),
    ("ADM", "Administration"),
    ("SAL", "Sales"),
]
CLASSES = [("BLD", "Buildings"), ("INF", "Infrastructure"), ("ENV", "Environmental")]
CUSTOMERS = [
    ("C-1001", "Harborview Transit Authority", "NYC"),
    ("C-1002", "Lakeshore Medical Center", "CHI"),
    ("C-1003", "Metro Water District", "NYC"),
    ("C-1004", "Great Lakes Logistics", "CHI"),
    ("C-1005", "Ontario Infrastructure Trust", "TOR"),
    ("C-1006", "Maple Leaf Developments", "TOR"),
    ("C-1007", "Thames Estates plc", "LON"),
    ("C-1008", "City of Brookfield", "NYC"),
]
VENDORS = [
    ("V-2001", "Atlas Structural Steel", "5200"),
    ("V-2002", "Precision Survey Partners", "5100"),
    ("V-2003", "GeoTech Drilling Ltd", "5100"),
    ("V-2004", "Skyline Office Properties", "6000"),
    ("V-2005", "Autodesk Inc.", "6200"),
    ("V-2006", "Carter & Wells LLP", "6300"),
    ("V-2007", "Northline Travel", "6100"),
    ("V-2008", "Brightside Materials Co", "5200"),
]
EMPLOYEES = [
    ("E-3001", "Priya Raman", "ENG"),
    ("E-3002", "Marcus Holt", "ENG"),
    ("E-3003", "Sofia Alvarez", "PM"),
    ("E-3004", "Daniel Okafor", "ENG"),
    ("E-3005", "Hannah Fischer", "PM"),
    ("E-3006", "Liam O'Connor", "ADM"),
    ("E-3007", "Grace Kim", "SAL"),
    ("E-3008", "Tomasz Nowak", "ENG"),
]
WORK_TYPES = [
    ("DESIGN", "Design"),
    ("SURVEY", "Survey"),
    ("SUPERV", "Construction supervision"),
    ("CONSULT", "Consulting"),
]
CONTRACTS = [
    # number, name, customer, branch, class
    ("CN-2026-01", "Harborview Ferry Terminal Upgrade", "C-1001", "NYC", "INF"),
    ("CN-2026-02", "Lakeshore Tower B Structural Design", "C-1002", "CHI", "BLD"),
    ("CN-2026-03", "Metro Water Treatment Plant Expansion", "C-1003", "NYC", "ENV"),
    ("CN-2026-04", "Great Lakes Distribution Hub", "C-1004", "CHI", "BLD"),
    ("CN-2026-05", "Highway 401 Interchange Study", "C-1005", "TOR", "INF"),
    ("CN-2026-06", "Maple Leaf Riverside Condominiums", "C-1006", "TOR", "BLD"),
    ("CN-2026-07", "Thames Wharf Regeneration", "C-1007", "LON", "ENV"),
    ("CN-2026-08", "Brookfield Bridge Rehabilitation", "C-1008", "NYC", "INF"),
]
JOB_PHASES = [("Design", "ENG"), ("Site survey", "ENG"), ("Construction administration", "PM")]


@dataclass
class LinePlan:
    account: str
    debit: Decimal = Decimal("0.00")
    credit: Decimal = Decimal("0.00")
    description: str = ""
    job: str | None = None
    department: str | None = None
    branch: str | None = None
    accounting_class: str | None = None
    employee: str | None = None
    vendor: str | None = None
    customer: str | None = None
    work_type: str | None = None


@dataclass
class TxnPlan:
    type: str
    number: str
    date: dt.date
    description: str
    branch: str
    currency: str
    lines: list[LinePlan]
    state: str = Transaction.State.POSTED
    customer: str | None = None
    vendor: str | None = None
    job: str | None = None
    contract: str | None = None
    applies_to: str | None = None
    reference: str = ""
    due_days: int | None = None
    actor: str = "clerk"
    extra: dict[str, Any] = field(default_factory=dict)


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low * 100, high * 100)) / 100


def _day(month: int, day: int) -> dt.date:
    return min(dt.date(2026, month, min(day, 28)), LAST_DAY)


def _jobs_plan() -> list[dict[str, Any]]:
    """~15 jobs: two per contract for the first seven contracts, one for the last."""
    jobs: list[dict[str, Any]] = []
    rng = random.Random(SEED + 1)
    sequence = 1
    for index, (contract_no, contract_name, customer, branch, klass) in enumerate(CONTRACTS):
        phases = JOB_PHASES[: 1 if index == len(CONTRACTS) - 1 else 2]
        for phase, department in phases:
            revenue = Decimal(rng.randrange(120, 900) * 1000)
            jobs.append(
                {
                    "number": f"J-26{sequence:03d}",
                    "name": f"{contract_name} — {phase}",
                    "contract": contract_no,
                    "customer": customer,
                    "branch": branch,
                    "department": department,
                    "class": klass,
                    "budget_revenue": revenue,
                    "budget_cost": (revenue * Decimal("0.72")).quantize(Decimal("1")),
                    "status": Job.Status.ACTIVE if sequence % 7 else Job.Status.COMPLETE,
                }
            )
            sequence += 1
    return jobs


def _transactions_plan(jobs: list[dict[str, Any]]) -> list[TxnPlan]:
    """The year's documents, in date order; states decided here so the result never varies."""
    rng = random.Random(SEED)
    branch_currency = {code: currency for code, _name, _country, currency in BRANCHES}
    counters: dict[str, int] = {}

    def number(prefix: str) -> str:
        counters[prefix] = counters.get(prefix, 0) + 1
        return f"{prefix}{counters[prefix]:06d}"

    plans: list[TxnPlan] = []
    open_invoices: list[TxnPlan] = []
    open_bills: list[TxnPlan] = []
    work_types = [code for code, _name in WORK_TYPES]
    for month in range(1, 12):
        # Rent per branch, on the 1st.
        for code, name, _country, currency in BRANCHES:
            rent = {"NYC": Decimal("18500.00"), "CHI": Decimal("9200.00"), "TOR": Decimal("7400.00")}.get(
                code, Decimal("8800.00")
            )
            plans.append(
                TxnPlan(
                    Transaction.Type.AP_BILL,
                    number("BILL-"),
                    _day(month, 1),
                    f"{name} office rent {dt.date(2026, month, 1):%B %Y}",
                    code,
                    currency,
                    [
                        LinePlan(
                            "6000", debit=rent, branch=code, department="ADM", description="Office rent"
                        ),
                        LinePlan("2000", credit=rent, branch=code),
                    ],
                    vendor="V-2004",
                    due_days=15,
                    reference=f"SKY-{month:02d}-{code}",
                )
            )
            open_bills.append(plans[-1])
        # Invoices: most active jobs bill monthly (progress billing), around the 25th.
        for job in jobs:
            if rng.random() < 0.45:
                continue
            currency = branch_currency[job["branch"]]
            fee = _money(rng, 6000, 48000)
            reimbursable = _money(rng, 200, 2500) if rng.random() < 0.35 else Decimal("0.00")
            lines = [
                LinePlan("1100", debit=fee + reimbursable, customer=job["customer"], branch=job["branch"]),
                LinePlan(
                    "4000",
                    credit=fee,
                    description=f"Professional services {dt.date(2026, month, 1):%b %Y}",
                    job=job["number"],
                    department=job["department"],
                    branch=job["branch"],
                    accounting_class=job["class"],
                    customer=job["customer"],
                    work_type=rng.choice(work_types),
                ),
            ]
            if reimbursable:
                lines.append(
                    LinePlan(
                        "4100",
                        credit=reimbursable,
                        description="Reimbursable expenses",
                        job=job["number"],
                        department=job["department"],
                        branch=job["branch"],
                        accounting_class=job["class"],
                        customer=job["customer"],
                    )
                )
            plans.append(
                TxnPlan(
                    Transaction.Type.AR_INVOICE,
                    number("INV-"),
                    _day(month, rng.randint(22, 28)),
                    f"{job['name']} — progress billing {dt.date(2026, month, 1):%B}",
                    job["branch"],
                    currency,
                    lines,
                    customer=job["customer"],
                    job=job["number"],
                    contract=job["contract"],
                    due_days=30,
                    reference=f"PO-{job['contract'][-2:]}{month:02d}{rng.randint(100, 999)}",
                )
            )
            open_invoices.append(plans[-1])
        # Subcontractor and materials bills on jobs.
        for _ in range(rng.randint(4, 7)):
            job = rng.choice(jobs)
            vendor, _vname, account = rng.choice([v for v in VENDORS if v[2] in ("5100", "5200", "6100")])
            amount = _money(rng, 800, 22000)
            plans.append(
                TxnPlan(
                    Transaction.Type.AP_BILL,
                    number("BILL-"),
                    _day(month, rng.randint(3, 27)),
                    f"{_vname} — {job['name']}",
                    job["branch"],
                    branch_currency[job["branch"]],
                    [
                        LinePlan(
                            account,
                            debit=amount,
                            job=job["number"],
                            department=job["department"],
                            branch=job["branch"],
                            accounting_class=job["class"],
                            vendor=vendor,
                            work_type=rng.choice(work_types),
                        ),
                        LinePlan("2000", credit=amount, vendor=vendor, branch=job["branch"]),
                    ],
                    vendor=vendor,
                    job=job["number"],
                    due_days=30,
                    reference=f"{vendor[2:]}-{rng.randint(10000, 99999)}",
                )
            )
            open_bills.append(plans[-1])
        # Software and legal, head office.
        if month % 3 == 1:
            for vendor, vname, account in (VENDORS[4], VENDORS[5]):
                amount = _money(rng, 1500, 9000)
                plans.append(
                    TxnPlan(
                        Transaction.Type.AP_BILL,
                        number("BILL-"),
                        _day(month, 10),
                        f"{vname} — quarterly",
                        "NYC",
                        "USD",
                        [
                            LinePlan(account, debit=amount, department="ADM", branch="NYC", vendor=vendor),
                            LinePlan("2000", credit=amount, vendor=vendor, branch="NYC"),
                        ],
                        vendor=vendor,
                        due_days=30,
                    )
                )
                open_bills.append(plans[-1])
        # Payroll accrual: direct labor per job, one journal entry per branch, month end.
        for code, name, _country, currency in BRANCHES:
            branch_jobs = [job for job in jobs if job["branch"] == code]
            if not branch_jobs:
                continue
            labor: list[LinePlan] = []
            for job in branch_jobs:
                employee = rng.choice([e for e in EMPLOYEES if e[2] == job["department"]])
                labor.append(
                    LinePlan(
                        "5000",
                        debit=_money(rng, 4000, 16000),
                        description=f"Labor {employee[1]}",
                        job=job["number"],
                        department=job["department"],
                        branch=code,
                        accounting_class=job["class"],
                        employee=employee[0],
                    )
                )
            total = sum((line.debit for line in labor), Decimal("0.00"))
            labor.append(LinePlan("2100", credit=total, branch=code, description="Accrued payroll"))
            plans.append(
                TxnPlan(
                    Transaction.Type.JOURNAL_ENTRY,
                    number("JE-"),
                    _day(month, 28),
                    f"{name} payroll accrual {dt.date(2026, month, 1):%B %Y}",
                    code,
                    currency,
                    labor,
                    actor="admin",
                )
            )
        # Payments: invoices and bills older than ~30 days get paid (most of them).
        cutoff = _day(month, 20) - dt.timedelta(days=28)
        for invoice in [inv for inv in open_invoices if inv.date <= cutoff]:
            open_invoices.remove(invoice)
            if rng.random() < 0.15:
                continue  # left unpaid: overdue receivables are part of a realistic demo
            amount = invoice.lines[0].debit
            plans.append(
                TxnPlan(
                    Transaction.Type.AR_PAYMENT,
                    number("RCPT-"),
                    _day(month, rng.randint(12, 20)),
                    f"Payment for {invoice.number}",
                    invoice.branch,
                    invoice.currency,
                    [
                        LinePlan("1000", debit=amount, branch=invoice.branch),
                        LinePlan("1100", credit=amount, branch=invoice.branch, customer=invoice.customer),
                    ],
                    customer=invoice.customer,
                    applies_to=invoice.number,
                    reference=f"WIRE-{rng.randint(100000, 999999)}",
                )
            )
        for bill in [b for b in open_bills if b.date <= cutoff]:
            open_bills.remove(bill)
            amount = bill.lines[-1].credit
            plans.append(
                TxnPlan(
                    Transaction.Type.AP_PAYMENT,
                    number("PAY-"),
                    _day(month, rng.randint(14, 26)),
                    f"Payment of {bill.number}",
                    bill.branch,
                    bill.currency,
                    [
                        LinePlan("2000", debit=amount, branch=bill.branch, vendor=bill.vendor),
                        LinePlan("1000", credit=amount, branch=bill.branch),
                    ],
                    vendor=bill.vendor,
                    applies_to=bill.number,
                    reference=f"ACH-{rng.randint(100000, 999999)}",
                )
            )
    # Quarter-end reclass of work in progress (journal entries with several dimensions).
    for month in (3, 6, 9):
        job = jobs[month]
        amount = _money(rng, 5000, 20000)
        plans.append(
            TxnPlan(
                Transaction.Type.JOURNAL_ENTRY,
                number("JE-"),
                _day(month, 28),
                f"Q{month // 3} WIP capitalization — {job['number']}",
                job["branch"],
                branch_currency[job["branch"]],
                [
                    LinePlan("1200", debit=amount, job=job["number"], branch=job["branch"], department="PM"),
                    LinePlan("5000", credit=amount, job=job["number"], branch=job["branch"], department="PM"),
                ],
                actor="admin",
            )
        )
    plans.sort(key=lambda plan: (plan.date, plan.type, plan.number))
    # November's most recent work is still being entered; a few earlier documents were voided.
    for plan in plans:
        if plan.date >= dt.date(2026, 11, 10) or (plan.date.month == 11 and rng.random() < 0.3):
            plan.state = Transaction.State.DRAFT
    paid = {plan.applies_to for plan in plans if plan.applies_to}
    voidable = [
        plan
        for plan in plans
        if plan.state == Transaction.State.POSTED
        and plan.type in (Transaction.Type.AR_INVOICE, Transaction.Type.AP_BILL)
        and plan.number not in paid
    ]
    for plan in rng.sample(voidable, min(5, len(voidable))):
        plan.state = Transaction.State.VOID
    # Drafts and voids must not be paid: drop payments of documents that are not posted.
    not_posted = {plan.number for plan in plans if plan.state != Transaction.State.POSTED}
    return [plan for plan in plans if plan.applies_to not in not_posted or plan.applies_to is None]


class Command(BaseCommand):
    help = "Seed the demo companies, users and a year of transactions (deterministic, idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with db_transaction.atomic():
            created = self._seed_northwind()
            created += self._seed_contoso()
        northwind = Company.objects.get(code="NORTHWIND")
        counts = {
            state: Transaction.objects.filter(company=northwind, state=state).count()
            for state in Transaction.State.values
        }
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} transactions created this run). Northwind: "
                + ", ".join(f"{count} {state}" for state, count in counts.items())
                + "."
            )
        )
        self.stdout.write(
            f"Logins (password {DEMO_PASSWORD}): admin (Controller, every permission incl. #1598), "
        )
        self.stdout.write("  clerk (Accounts Clerk: #1300, #1310 only), outsider (Contoso Builders: #1300).")

    # --- helpers ------------------------------------------------------------------------------

    def _user(
        self, company: Company, username: str, first: str, last: str, title: str, numbers: Iterable[int]
    ) -> User:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "company": company,
                "first_name": first,
                "last_name": last,
                "job_title": title,
                "email": f"{username}@{company.code.lower()}.example",
                "is_active": True,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        grant(user, *numbers)
        return user

    def _masters(self, company: Company, model: type[Any], rows: Iterable[tuple[str, str]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for code, name in rows:
            obj, _created = model.objects.update_or_create(
                company=company, code=code, defaults={"name": name, "is_active": True}
            )
            result[code] = obj
        return result

    def _chart(self, company: Company) -> dict[str, Account]:
        accounts: dict[str, Account] = {}
        for number, name, type_ in CHART:
            accounts[number], _created = Account.objects.update_or_create(
                company=company, number=number, defaults={"name": name, "type": type_, "is_active": True}
            )
        for number, name, type_ in INACTIVE_ACCOUNTS:
            accounts[number], _created = Account.objects.update_or_create(
                company=company, number=number, defaults={"name": name, "type": type_, "is_active": False}
            )
        FinancialPreferences.objects.update_or_create(
            company=company,
            defaults={
                "receivables_account": accounts["1100"],
                "payables_account": accounts["2000"],
                "cash_account": accounts["1000"],
            },
        )
        return accounts

    # --- Northwind ----------------------------------------------------------------------------

    def _seed_northwind(self) -> int:
        company, _created = Company.objects.update_or_create(
            code="NORTHWIND",
            defaults={
                "name": "Northwind Engineering Group",
                "base_currency": "USD",
                "fiscal_year_start_month": 1,
            },
        )
        users = {
            "admin": self._user(
                company, "admin", "Alex", "Morgan", "Controller", [d.number for d in catalog()]
            ),
            "clerk": self._user(
                company, "clerk", "Casey", "Lee", "Accounts Clerk", [FINANCIAL_MODULE, FINANCIAL_POST]
            ),
        }
        accounts = self._chart(company)
        branches: dict[str, Branch] = {}
        for code, name, country, currency in BRANCHES:
            branches[code], _c = Branch.objects.update_or_create(
                company=company,
                code=code,
                defaults={"name": name, "country": country, "currency": currency, "is_active": True},
            )
        departments = self._masters(company, Department, DEPARTMENTS)
        classes = self._masters(company, AccountingClass, CLASSES)
        customers = self._masters(company, Customer, [(code, name) for code, name, _b in CUSTOMERS])
        for code, obj in customers.items():
            if not obj.email:
                obj.email = f"ap@{code.lower()}.example"
                obj.save(update_fields=["email"])
        vendors = self._masters(company, Vendor, [(code, name) for code, name, _a in VENDORS])
        employees: dict[str, Employee] = {}
        for code, name, department in EMPLOYEES:
            employees[code], _c = Employee.objects.update_or_create(
                company=company,
                code=code,
                defaults={"name": name, "department": departments[department], "is_active": True},
            )
        attribute, _c = CustomAttribute.objects.update_or_create(
            company=company, code="WORKTYPE", defaults={"name": "Work type"}
        )
        work_types: dict[str, CustomAttributeValue] = {}
        for code, name in WORK_TYPES:
            work_types[code], _c = CustomAttributeValue.objects.update_or_create(
                attribute=attribute, code=code, defaults={"name": name, "is_active": True}
            )
        contracts: dict[str, Contract] = {}
        rng = random.Random(SEED + 2)
        for index, (number, name, customer, branch, _klass) in enumerate(CONTRACTS):
            value = Decimal(rng.randrange(400, 2400) * 1000)
            contracts[number], _c = Contract.objects.update_or_create(
                company=company,
                number=number,
                defaults={
                    "name": name,
                    "customer": customers[customer],
                    "branch": branches[branch],
                    "value": value,
                    "start_date": ANCHOR + dt.timedelta(days=7 * index),
                    "end_date": dt.date(2027, 6, 30) + dt.timedelta(days=30 * index),
                    "status": Contract.Status.ACTIVE,
                },
            )
        jobs_plan = _jobs_plan()
        jobs: dict[str, Job] = {}
        for job in jobs_plan:
            jobs[job["number"]], _c = Job.objects.update_or_create(
                company=company,
                number=job["number"],
                defaults={
                    "name": job["name"],
                    "contract": contracts[job["contract"]],
                    "customer": customers[job["customer"]],
                    "branch": branches[job["branch"]],
                    "department": departments[job["department"]],
                    "budget_revenue": job["budget_revenue"],
                    "budget_cost": job["budget_cost"],
                    "status": job["status"],
                },
            )
        refs: dict[str, dict[str, Any]] = {
            "accounts": accounts,
            "branches": branches,
            "departments": departments,
            "classes": classes,
            "customers": customers,
            "vendors": vendors,
            "employees": employees,
            "work_types": work_types,
            "jobs": jobs,
            "contracts": contracts,
        }
        return self._apply_plans(company, users, refs, _transactions_plan(jobs_plan))

    def _apply_plans(
        self, company: Company, users: dict[str, User], refs: dict[str, dict[str, Any]], plans: list[TxnPlan]
    ) -> int:
        existing = set(Transaction.objects.filter(company=company).values_list("type", "number"))
        by_number: dict[str, Transaction] = {}
        created = 0
        for plan in plans:
            if (plan.type, plan.number) in existing:
                continue
            actor = users.get(plan.actor) or next(iter(users.values()))
            applies_to = None
            if plan.applies_to:
                applies_to = by_number.get(plan.applies_to) or Transaction.objects.get(
                    company=company, number=plan.applies_to
                )
            data = TransactionInput(
                type=plan.type,
                date=plan.date,
                number=plan.number,
                description=plan.description,
                reference=plan.reference,
                currency=plan.currency,
                due_date=plan.date + dt.timedelta(days=plan.due_days) if plan.due_days else None,
                customer=refs["customers"].get(plan.customer or ""),
                vendor=refs["vendors"].get(plan.vendor or ""),
                branch=refs["branches"].get(plan.branch),
                job=refs["jobs"].get(plan.job or ""),
                contract=refs["contracts"].get(plan.contract or ""),
                applies_to=applies_to,
                lines=[
                    LineInput(
                        account=refs["accounts"][line.account],
                        debit=line.debit,
                        credit=line.credit,
                        description=line.description,
                        job=refs["jobs"].get(line.job or ""),
                        department=refs["departments"].get(line.department or ""),
                        branch=refs["branches"].get(line.branch or ""),
                        accounting_class=refs["classes"].get(line.accounting_class or ""),
                        employee=refs["employees"].get(line.employee or ""),
                        vendor=refs["vendors"].get(line.vendor or ""),
                        customer=refs["customers"].get(line.customer or ""),
                        custom_values=[refs["work_types"][line.work_type]] if line.work_type else [],
                    )
                    for line in plan.lines
                ],
            )
            txn = create_transaction(company=company, actor=actor, data=data)
            if plan.state in (Transaction.State.POSTED, Transaction.State.VOID):
                txn = post_transaction(txn, actor=actor)
            if plan.state == Transaction.State.VOID:
                txn = void_transaction(txn, actor=users.get("admin", actor), reason="Entered in error")
            by_number[plan.number] = txn
            created += 1
        return created

    # --- Contoso (a second tenant, for isolation demos) ---------------------------------------

    def _seed_contoso(self) -> int:
        company, _created = Company.objects.update_or_create(
            code="CONTOSO", defaults={"name": "Contoso Builders", "base_currency": "USD"}
        )
        outsider = self._user(company, "outsider", "Olivia", "Stone", "Bookkeeper", [FINANCIAL_MODULE])
        accounts = self._chart(company)
        branches = {}
        branches["SEA"], _c = Branch.objects.update_or_create(
            company=company, code="SEA", defaults={"name": "Seattle", "country": "US", "currency": "USD"}
        )
        customers = self._masters(company, Customer, [("C-9001", "Pacific Retail Group")])
        vendors = self._masters(company, Vendor, [("V-9001", "Cascade Lumber")])
        contract, _c = Contract.objects.update_or_create(
            company=company,
            number="CB-001",
            defaults={
                "name": "Pacific Retail Store Fit-out",
                "customer": customers["C-9001"],
                "branch": branches["SEA"],
                "value": Decimal("250000.00"),
            },
        )
        job, _c = Job.objects.update_or_create(
            company=company,
            number="CB-J-001",
            defaults={
                "name": "Store fit-out — phase 1",
                "contract": contract,
                "customer": customers["C-9001"],
                "branch": branches["SEA"],
                "budget_revenue": Decimal("250000.00"),
                "budget_cost": Decimal("190000.00"),
            },
        )
        plans: list[TxnPlan] = []
        for index, month in enumerate((2, 4, 6, 8, 10), start=1):
            amount = Decimal(12000 + 1500 * index)
            plans.append(
                TxnPlan(
                    Transaction.Type.AR_INVOICE,
                    f"CB-INV-{index:04d}",
                    _day(month, 15),
                    f"Store fit-out progress billing #{index}",
                    "SEA",
                    "USD",
                    [
                        LinePlan("1100", debit=amount, customer="C-9001", branch="SEA"),
                        LinePlan("4000", credit=amount, job="CB-J-001", branch="SEA", customer="C-9001"),
                    ],
                    customer="C-9001",
                    job="CB-J-001",
                    contract="CB-001",
                    actor="outsider",
                )
            )
        plans.append(
            TxnPlan(
                Transaction.Type.AP_BILL,
                "CB-BILL-0001",
                _day(3, 9),
                "Lumber for store fit-out",
                "SEA",
                "USD",
                [
                    LinePlan("5200", debit=Decimal("8450.00"), job="CB-J-001", branch="SEA", vendor="V-9001"),
                    LinePlan("2000", credit=Decimal("8450.00"), branch="SEA", vendor="V-9001"),
                ],
                vendor="V-9001",
                actor="outsider",
            )
        )
        refs: dict[str, dict[str, Any]] = {
            "accounts": accounts,
            "branches": branches,
            "departments": {},
            "classes": {},
            "customers": customers,
            "vendors": vendors,
            "employees": {},
            "work_types": {},
            "jobs": {"CB-J-001": job},
            "contracts": {"CB-001": contract},
        }
        return self._apply_plans(company, {"outsider": outsider}, refs, plans)
