"""Seed the demo: a project-based engineering company (Northwind) and a small second tenant (Contoso).

Deterministic: every random choice comes from one ``random.Random(SEED)`` and dates are fixed
relative to ``ANCHOR`` (2026-01-01 … 2026-11-20), and the whole plan is computed *before* the
database is read, so the same data comes out on every machine.

Idempotent: master data is written with ``update_or_create`` on natural keys (company code,
username, account number, codes); a transaction is created only when its (type, number) does not
exist yet. Running the command twice changes nothing.

Transactions go through the Financial services (create → post → void), so they carry audit
history and send the same signals as transactions entered by people.

Identity with the Intacct emulator's ``demo`` seed (company TRUE-DEMO): account numbers, location
IDs (branch codes US-NY, US-TX, CA-ON, CA-BC, UK-LDN, UK-MAN under entities US, CA, UK), department,
class, customer, vendor and employee IDs, the FUND dimension values and the project IDs P-100,
P-110, P-200, P-300, P-400 are the same strings on both sides, so the default mapping needs no
overrides; the other ten jobs (P-120 …) exist only in TRUE until the module creates them. Lines
carry the dimensions that the emulator's accounts require (e.g. 4000 location + project).
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
from trueerp.core.signals import demo_company_seeded
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

# Identity with the Intacct emulator's "demo" seed (src/intacct_emulator/seed.py): the same account
# numbers, location IDs, department, class, customer, vendor, employee and project IDs.
CHART: list[tuple[str, str, str]] = [
    ("1000", "Cash - Operating", Account.Type.ASSET),
    ("1010", "Cash - Payroll", Account.Type.ASSET),
    ("1100", "Accounts Receivable", Account.Type.ASSET),
    ("1200", "Unbilled Revenue (WIP)", Account.Type.ASSET),
    ("1300", "Prepaid Expenses", Account.Type.ASSET),
    ("1500", "Equipment", Account.Type.ASSET),
    ("2000", "Accounts Payable", Account.Type.LIABILITY),
    ("2100", "Accrued Liabilities", Account.Type.LIABILITY),
    ("2200", "Sales Tax Payable", Account.Type.LIABILITY),
    ("3000", "Retained Earnings", Account.Type.EQUITY),
    ("4000", "Contract Revenue", Account.Type.REVENUE),
    ("4100", "Change Order Revenue", Account.Type.REVENUE),
    ("4900", "Other Income", Account.Type.REVENUE),
    ("5000", "Cost of Services - Labor", Account.Type.EXPENSE),
    ("5100", "Subcontractor Costs", Account.Type.EXPENSE),
    ("5200", "Materials", Account.Type.EXPENSE),
    ("6000", "Rent & Occupancy", Account.Type.EXPENSE),
    ("6100", "Salaries - Administrative", Account.Type.EXPENSE),
    ("6200", "Travel", Account.Type.EXPENSE),
    ("6300", "Software & IT", Account.Type.EXPENSE),
    ("6400", "Professional Fees", Account.Type.EXPENSE),
    ("6900", "Depreciation", Account.Type.EXPENSE),
]
INACTIVE_ACCOUNTS = [("7000", "Suspense (retired)", Account.Type.ASSET)]

BRANCHES = [
    # code (= Intacct LOCATIONID), name, country, currency. Entities: US-* → US, CA-* → CA, UK-* → UK.
    ("US-NY", "New York Office", "US", "USD"),
    ("US-TX", "Houston Office", "US", "USD"),
    ("CA-ON", "Toronto Office", "CA", "CAD"),
    ("CA-BC", "Vancouver Office", "CA", "CAD"),
    ("UK-LDN", "London Office", "GB", "GBP"),
    ("UK-MAN", "Manchester Office", "GB", "GBP"),
]
DEPARTMENTS = [
    ("ENG", "Engineering"),
    ("CON", "Construction"),
    ("PM", "Project Management"),
    ("OPS", "Operations"),
    ("FIN", "Finance"),
    ("ADM", "Administration"),
    ("HR", "Human Resources"),
    ("HSE", "Health, Safety & Environment (UK)"),
]
CLASSES = [("C1", "Commercial"), ("C2", "Infrastructure"), ("C3", "Residential")]
CUSTOMERS = [
    ("C100", "Metro Transit Authority", "US-NY"),
    ("C200", "Harbourfront Developments Inc.", "CA-ON"),
    ("C300", "Northern Rail Ltd", "UK-MAN"),
    ("C400", "Lone Star Energy Partners", "US-TX"),
]
VENDORS = [
    # code, name, expense account, region (branch prefix) it works in
    ("V100", "Atlas Concrete Supply", "5200", "US"),
    ("V200", "Steelworks Fabrication LLC", "5100", "US"),
    ("V300", "Maple Surveying Ltd.", "5100", "CA"),
    ("V400", "Thames Plant Hire Ltd", "5200", "UK"),
    ("V500", "Northwind Office Leasing", "6000", ""),
]
EMPLOYEES = [
    ("E100", "Alice Morgan", "ENG", "US-NY"),
    ("E110", "David Chen", "PM", "US-TX"),
    ("E200", "Ben Tremblay", "CON", "CA-ON"),
    ("E300", "Clara Hughes", "ENG", "UK-LDN"),
]
WORK_TYPES = [
    ("DESIGN", "Design"),
    ("SURVEY", "Survey"),
    ("SUPERV", "Construction supervision"),
    ("CONSULT", "Consulting"),
]
FUNDS = [("F1", "Client funded"), ("F2", "Government grant"), ("F3", "Internal")]  # Intacct UDD "FUND"
CONTRACTS = [
    # number, name, customer, branch, class
    ("CN-2026-01", "Metro Line Extension", "C100", "US-NY", "C2"),
    ("CN-2026-02", "Metro Station Refurbishments", "C100", "US-NY", "C2"),
    ("CN-2026-03", "Harbourfront Tower", "C200", "CA-ON", "C3"),
    ("CN-2026-04", "Harbourfront Marina Village", "C200", "CA-BC", "C3"),
    ("CN-2026-05", "Northern Rail Depot Upgrade", "C300", "UK-MAN", "C2"),
    ("CN-2026-06", "Northern Rail Station Accessibility", "C300", "UK-LDN", "C2"),
    ("CN-2026-07", "Gulf Coast Pipeline Study", "C400", "US-TX", "C1"),
    ("CN-2026-08", "Lone Star Headquarters Campus", "C400", "US-TX", "C1"),
]
JOBS = [
    # number (= Intacct PROJECTID), name, contract, department, revenue budget. The first five exist in
    # the emulator's demo seed with these budgets; the others are TRUE-only until the module creates them.
    ("P-100", "Metro Line Extension - Design", "CN-2026-01", "ENG", 2500000),
    ("P-110", "Metro Line Extension - Construction Supervision", "CN-2026-01", "CON", 1800000),
    ("P-120", "Metro Station Refurbishments - Design", "CN-2026-02", "ENG", 640000),
    ("P-130", "Metro Station Refurbishments - Site Supervision", "CN-2026-02", "CON", 480000),
    ("P-200", "Harbourfront Tower", "CN-2026-03", "CON", 4200000),
    ("P-210", "Harbourfront Tower - Structural Design", "CN-2026-03", "ENG", 720000),
    ("P-220", "Harbourfront Marina Village - Design", "CN-2026-04", "ENG", 530000),
    ("P-230", "Harbourfront Marina Village - Site Supervision", "CN-2026-04", "CON", 410000),
    ("P-300", "Northern Rail Depot Upgrade", "CN-2026-05", "ENG", 950000),
    ("P-310", "Northern Rail Depot Upgrade - Construction Supervision", "CN-2026-05", "CON", 380000),
    ("P-320", "Northern Rail Station Accessibility - Design", "CN-2026-06", "ENG", 290000),
    ("P-400", "Gulf Coast Pipeline Study", "CN-2026-07", "ENG", 600000),
    ("P-410", "Gulf Coast Pipeline - Environmental Permitting", "CN-2026-07", "PM", 210000),
    ("P-420", "Lone Star HQ Campus - Design", "CN-2026-08", "ENG", 1150000),
    ("P-430", "Lone Star HQ Campus - Project Management", "CN-2026-08", "PM", 340000),
]
RENT = {
    "US-NY": "18500.00",
    "US-TX": "9200.00",
    "CA-ON": "11400.00",
    "CA-BC": "6800.00",
    "UK-LDN": "12800.00",
    "UK-MAN": "5400.00",
}


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
    contracts = {number: (customer, branch, klass) for number, _name, customer, branch, klass in CONTRACTS}
    jobs: list[dict[str, Any]] = []
    for index, (number, name, contract, department, revenue) in enumerate(JOBS):
        customer, branch, klass = contracts[contract]
        budget = Decimal(revenue)
        jobs.append(
            {
                "number": number,
                "name": name,
                "contract": contract,
                "customer": customer,
                "branch": branch,
                "department": department,
                "class": klass,
                "budget_revenue": budget,
                "budget_cost": (budget * Decimal("0.72")).quantize(Decimal("1")),
                "status": Job.Status.COMPLETE if index == 3 else Job.Status.ACTIVE,
            }
        )
    return jobs


def _region(branch: str) -> str:
    return branch.split("-", 1)[0]


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
    funds = [code for code, _name in FUNDS]
    for month in range(1, 12):
        month_name = dt.date(2026, month, 1).strftime("%B %Y")
        # Rent per branch, on the 1st (Rent & Occupancy requires department and location).
        for code, name, _country, currency in BRANCHES:
            rent = Decimal(RENT[code])
            plans.append(
                TxnPlan(
                    Transaction.Type.AP_BILL,
                    number("BILL-"),
                    _day(month, 1),
                    f"{name} rent {month_name}",
                    code,
                    currency,
                    [
                        LinePlan(
                            "6000", debit=rent, branch=code, department="ADM", description="Office rent"
                        ),
                        LinePlan("2000", credit=rent, branch=code, vendor="V500"),
                    ],
                    vendor="V500",
                    due_days=15,
                    reference=f"NOL-{month:02d}-{code}",
                )
            )
            open_bills.append(plans[-1])
        # Progress billing: most jobs invoice monthly, around the 25th.
        for job in jobs:
            if job["status"] == Job.Status.COMPLETE and month > 6:
                continue
            if rng.random() < 0.45:
                continue
            currency = branch_currency[job["branch"]]
            fee = _money(rng, 6000, 48000)
            change_order = _money(rng, 1500, 9000) if rng.random() < 0.25 else Decimal("0.00")
            dims = {
                "job": job["number"],
                "department": job["department"],
                "branch": job["branch"],
                "accounting_class": job["class"],
                "customer": job["customer"],
            }
            lines = [
                LinePlan("1100", debit=fee + change_order, customer=job["customer"], branch=job["branch"]),
                LinePlan(
                    "4000",
                    credit=fee,
                    description=f"Professional services {month_name}",
                    work_type=rng.choice(work_types),
                    **dims,
                ),
            ]
            if change_order:
                lines.append(
                    LinePlan("4100", credit=change_order, description="Approved change order", **dims)
                )
            plans.append(
                TxnPlan(
                    Transaction.Type.AR_INVOICE,
                    number("INV-"),
                    _day(month, rng.randint(22, 28)),
                    f"{job['name']} — progress billing {month_name}",
                    job["branch"],
                    currency,
                    lines,
                    customer=job["customer"],
                    job=job["number"],
                    contract=job["contract"],
                    due_days=30,
                    reference=f"PO-{job['contract'][-2:]}{month:02d}{rng.randint(100, 999)}",
                    extra={"fund": rng.choice(funds)},
                )
            )
            open_invoices.append(plans[-1])
        # Subcontractor and materials bills on jobs, from vendors of the job's region.
        for _ in range(rng.randint(4, 7)):
            job = rng.choice(jobs)
            candidates = [v for v in VENDORS if v[3] == _region(job["branch"])]
            if not candidates:
                continue
            vendor, vendor_name, account, _region_code = rng.choice(candidates)
            amount = _money(rng, 800, 22000)
            plans.append(
                TxnPlan(
                    Transaction.Type.AP_BILL,
                    number("BILL-"),
                    _day(month, rng.randint(3, 27)),
                    f"{vendor_name} — {job['name']}",
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
                    reference=f"{vendor}-{rng.randint(10000, 99999)}",
                )
            )
            open_bills.append(plans[-1])
        # Corporate card: travel and software, paid directly (journal entry), head office.
        travel, software = _money(rng, 900, 6500), _money(rng, 1200, 4800)
        plans.append(
            TxnPlan(
                Transaction.Type.JOURNAL_ENTRY,
                number("JE-"),
                _day(month, 15),
                f"Corporate card statement {month_name}",
                "US-NY",
                "USD",
                [
                    LinePlan(
                        "6200", debit=travel, branch="US-NY", department="PM", description="Project travel"
                    ),
                    LinePlan(
                        "6300", debit=software, branch="US-NY", department="ENG", description="CAD licences"
                    ),
                    LinePlan("1000", credit=travel + software, branch="US-NY"),
                ],
                actor="admin",
                reference=f"AMEX-{month:02d}",
            )
        )
        # Payroll accrual per branch: direct labor per job (project + department), admin salaries.
        for code, name, _country, currency in BRANCHES:
            branch_jobs = [job for job in jobs if job["branch"] == code]
            region_staff = [e for e in EMPLOYEES if _region(e[3]) == _region(code)]
            labor: list[LinePlan] = []
            for job in branch_jobs:
                employee = rng.choice(region_staff)
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
            labor.append(
                LinePlan(
                    "6100",
                    debit=_money(rng, 3000, 9000),
                    department="ADM",
                    branch=code,
                    description="Admin staff",
                )
            )
            total = sum((line.debit for line in labor), Decimal("0.00"))
            labor.append(LinePlan("2100", credit=total, branch=code, description="Accrued payroll"))
            plans.append(
                TxnPlan(
                    Transaction.Type.JOURNAL_ENTRY,
                    number("JE-"),
                    _day(month, 28),
                    f"{name} payroll accrual {month_name}",
                    code,
                    currency,
                    labor,
                    actor="admin",
                )
            )
        # Payments: invoices and bills older than ~4 weeks get paid (most of them).
        cutoff = _day(month, 20) - dt.timedelta(days=28)
        for invoice in [inv for inv in open_invoices if inv.date <= cutoff]:
            open_invoices.remove(invoice)
            if rng.random() < 0.15:
                continue  # left unpaid: overdue receivables belong in a realistic demo
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
    # Quarter-end: unbilled work in progress (Unbilled Revenue requires a project).
    for month in (3, 6, 9):
        job = jobs[month]
        amount = _money(rng, 5000, 20000)
        dims = {"job": job["number"], "branch": job["branch"], "department": job["department"]}
        plans.append(
            TxnPlan(
                Transaction.Type.JOURNAL_ENTRY,
                number("JE-"),
                _day(month, 28),
                f"Q{month // 3} unbilled revenue — {job['number']}",
                job["branch"],
                branch_currency[job["branch"]],
                [
                    LinePlan("1200", debit=amount, **dims),
                    LinePlan("4000", credit=amount, accounting_class=job["class"], **dims),
                ],
                actor="admin",
            )
        )
    plans.sort(key=lambda plan: (plan.date, plan.type, plan.number))
    # November's most recent work is still being entered; a few earlier documents were voided.
    for plan in plans:
        if plan.date >= dt.date(2026, 11, 18) or (plan.date.month == 11 and rng.random() < 0.25):
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
    # Drafts and voids are not paid: drop payments of documents that are not posted.
    not_posted = {plan.number for plan in plans if plan.state != Transaction.State.POSTED}
    return [plan for plan in plans if plan.applies_to is None or plan.applies_to not in not_posted]


class Command(BaseCommand):
    help = "Seed the demo companies, users and a year of transactions (deterministic, idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with db_transaction.atomic():
            created = self._seed_northwind()
            created += self._seed_contoso()
            northwind = Company.objects.get(code="NORTHWIND")
            # Integrations set up their demo side (e.g. the Sage Intacct emulator connection) here;
            # sent after the transactions so seeding never queues a sync job for them.
            demo_company_seeded.send(sender=Company, company=northwind)
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
        vendors = self._masters(company, Vendor, [(code, name) for code, name, _account, _region in VENDORS])
        employees: dict[str, Employee] = {}
        for code, name, department, _home in EMPLOYEES:
            employees[code], _c = Employee.objects.update_or_create(
                company=company,
                code=code,
                defaults={"name": name, "department": departments[department], "is_active": True},
            )
        attribute_values: dict[str, CustomAttributeValue] = {}
        for attribute_code, attribute_name, values in (
            ("WORKTYPE", "Work type", WORK_TYPES),
            ("FUND", "Funding source", FUNDS),  # = the Intacct user-defined dimension FUND
        ):
            attribute, _c = CustomAttribute.objects.update_or_create(
                company=company, code=attribute_code, defaults={"name": attribute_name}
            )
            for code, name in values:
                attribute_values[code], _c = CustomAttributeValue.objects.update_or_create(
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
            "work_types": attribute_values,
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
                        custom_values=[
                            refs["work_types"][code]
                            for code in (line.work_type, plan.extra.get("fund") if line.job else None)
                            if code
                        ],
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
