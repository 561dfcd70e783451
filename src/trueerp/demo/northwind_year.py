"""Northwind's year of documents (January … 20 November 2026), planned before the database is read.

Every random choice comes from one ``random.Random(SEED)`` drawn in a fixed order (month by month:
rent, progress invoices, job bills, card statement, payroll, payments; then quarter-end accruals and
the final states), so the plan, and therefore the ledger, is the same on every machine. Changing the
order of the draws changes the demo data: the seed_demo fingerprint test says so.

Lines carry the dimensions that the Intacct emulator's accounts require (e.g. 4000 needs location and
project, 6000 department and location, 1200 a project).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from trueerp.demo.clock import SEED, day, money
from trueerp.demo.jobs import JobPlan
from trueerp.demo.masters import BRANCHES, EMPLOYEES, FUNDS, VENDORS, WORK_TYPES, region
from trueerp.demo.transactions import LinePlan, TxnPlan
from trueerp.financial.models import Job, Transaction

RENT = {
    "US-NY": "18500.00",
    "US-TX": "9200.00",
    "CA-ON": "11400.00",
    "CA-BC": "6800.00",
    "UK-LDN": "12800.00",
    "UK-MAN": "5400.00",
}
LANDLORD = "V500"
DRAFTS_FROM = dt.date(2026, 11, 18)  # November's most recent work is still being entered
VOIDED_DOCUMENTS = 5


def plan_year(jobs: list[JobPlan]) -> list[TxnPlan]:
    """The year's documents in date order, each with the state it ends in (draft, posted, void)."""
    planner = _YearPlanner(jobs)
    for month in range(1, 12):
        planner.plan_month(month)
    planner.plan_unbilled_revenue()
    return planner.finish()


class _YearPlanner:
    def __init__(self, jobs: list[JobPlan]) -> None:
        self.rng = random.Random(SEED)
        self.jobs = jobs
        self.plans: list[TxnPlan] = []
        self.open_invoices: list[TxnPlan] = []
        self.open_bills: list[TxnPlan] = []
        self._counters: dict[str, int] = {}
        self._currency = {code: currency for code, _name, _country, currency in BRANCHES}
        self._work_types = [code for code, _name in WORK_TYPES]
        self._funds = [code for code, _name in FUNDS]

    def number(self, prefix: str) -> str:
        self._counters[prefix] = self._counters.get(prefix, 0) + 1
        return f"{prefix}{self._counters[prefix]:06d}"

    def plan_month(self, month: int) -> None:
        month_name = dt.date(2026, month, 1).strftime("%B %Y")
        self.plan_rent(month, month_name)
        for job in self.jobs:
            self.plan_progress_invoice(job, month, month_name)
        for _ in range(self.rng.randint(4, 7)):
            self.plan_job_bill(month)
        self.plan_card_statement(month, month_name)
        for code, name, _country, currency in BRANCHES:
            self.plan_payroll(month, month_name, code, name, currency)
        self.plan_payments(month)

    def plan_rent(self, month: int, month_name: str) -> None:
        """Rent per branch, on the 1st (Rent & Occupancy requires department and location)."""
        for code, name, _country, currency in BRANCHES:
            rent = Decimal(RENT[code])
            lines = [
                LinePlan("6000", debit=rent, branch=code, department="ADM", description="Office rent"),
                LinePlan("2000", credit=rent, branch=code, vendor=LANDLORD),
            ]
            bill = TxnPlan(
                Transaction.Type.AP_BILL,
                self.number("BILL-"),
                day(month, 1),
                f"{name} rent {month_name}",
                code,
                currency,
                lines,
                vendor=LANDLORD,
                due_days=15,
                reference=f"NOL-{month:02d}-{code}",
            )
            self.plans.append(bill)
            self.open_bills.append(bill)

    def plan_progress_invoice(self, job: JobPlan, month: int, month_name: str) -> None:
        """Most jobs invoice monthly, around the 25th; a completed job stops billing after June."""
        rng = self.rng
        if job.status == Job.Status.COMPLETE and month > 6:
            return
        if rng.random() < 0.45:
            return
        fee = money(rng, 6000, 48000)
        change_order = money(rng, 1500, 9000) if rng.random() < 0.25 else Decimal("0.00")
        dims: dict[str, Any] = {
            "job": job.number,
            "department": job.department,
            "branch": job.branch,
            "accounting_class": job.accounting_class,
            "customer": job.customer,
        }
        lines = [
            LinePlan("1100", debit=fee + change_order, customer=job.customer, branch=job.branch),
            LinePlan(
                "4000",
                credit=fee,
                description=f"Professional services {month_name}",
                work_type=rng.choice(self._work_types),
                **dims,
            ),
        ]
        if change_order:
            lines.append(LinePlan("4100", credit=change_order, description="Approved change order", **dims))
        number = self.number("INV-")
        date = day(month, rng.randint(22, 28))
        reference = f"PO-{job.contract[-2:]}{month:02d}{rng.randint(100, 999)}"
        invoice = TxnPlan(
            Transaction.Type.AR_INVOICE,
            number,
            date,
            f"{job.name} — progress billing {month_name}",
            job.branch,
            self._currency[job.branch],
            lines,
            customer=job.customer,
            job=job.number,
            contract=job.contract,
            due_days=30,
            reference=reference,
            extra={"fund": rng.choice(self._funds)},
        )
        self.plans.append(invoice)
        self.open_invoices.append(invoice)

    def plan_job_bill(self, month: int) -> None:
        """A subcontractor or materials bill on a job, from a vendor of the job's region."""
        rng = self.rng
        job = rng.choice(self.jobs)
        candidates = [v for v in VENDORS if v[3] == region(job.branch)]
        if not candidates:
            return
        vendor, vendor_name, account, _region_code = rng.choice(candidates)
        amount = money(rng, 800, 22000)
        number = self.number("BILL-")
        date = day(month, rng.randint(3, 27))
        cost = LinePlan(
            account,
            debit=amount,
            job=job.number,
            department=job.department,
            branch=job.branch,
            accounting_class=job.accounting_class,
            vendor=vendor,
            work_type=rng.choice(self._work_types),
        )
        bill = TxnPlan(
            Transaction.Type.AP_BILL,
            number,
            date,
            f"{vendor_name} — {job.name}",
            job.branch,
            self._currency[job.branch],
            [cost, LinePlan("2000", credit=amount, vendor=vendor, branch=job.branch)],
            vendor=vendor,
            job=job.number,
            due_days=30,
            reference=f"{vendor}-{rng.randint(10000, 99999)}",
        )
        self.plans.append(bill)
        self.open_bills.append(bill)

    def plan_card_statement(self, month: int, month_name: str) -> None:
        """Corporate card: travel and software, paid directly (a journal entry), head office."""
        travel, software = money(self.rng, 900, 6500), money(self.rng, 1200, 4800)
        lines = [
            LinePlan("6200", debit=travel, branch="US-NY", department="PM", description="Project travel"),
            LinePlan("6300", debit=software, branch="US-NY", department="ENG", description="CAD licences"),
            LinePlan("1000", credit=travel + software, branch="US-NY"),
        ]
        self.plans.append(
            TxnPlan(
                Transaction.Type.JOURNAL_ENTRY,
                self.number("JE-"),
                day(month, 15),
                f"Corporate card statement {month_name}",
                "US-NY",
                "USD",
                lines,
                actor="admin",
                reference=f"AMEX-{month:02d}",
            )
        )

    def plan_payroll(self, month: int, month_name: str, code: str, name: str, currency: str) -> None:
        """A branch's payroll accrual: direct labor per job (project + department), admin salaries."""
        region_staff = [e for e in EMPLOYEES if region(e[3]) == region(code)]
        labor: list[LinePlan] = []
        for job in (job for job in self.jobs if job.branch == code):
            employee = self.rng.choice(region_staff)
            labor.append(
                LinePlan(
                    "5000",
                    debit=money(self.rng, 4000, 16000),
                    description=f"Labor {employee[1]}",
                    job=job.number,
                    department=job.department,
                    branch=code,
                    accounting_class=job.accounting_class,
                    employee=employee[0],
                )
            )
        admin = money(self.rng, 3000, 9000)
        labor.append(LinePlan("6100", debit=admin, department="ADM", branch=code, description="Admin staff"))
        total = sum((line.debit for line in labor), Decimal("0.00"))
        labor.append(LinePlan("2100", credit=total, branch=code, description="Accrued payroll"))
        self.plans.append(
            TxnPlan(
                Transaction.Type.JOURNAL_ENTRY,
                self.number("JE-"),
                day(month, 28),
                f"{name} payroll accrual {month_name}",
                code,
                currency,
                labor,
                actor="admin",
            )
        )

    def plan_payments(self, month: int) -> None:
        """Invoices and bills older than ~4 weeks get paid; some invoices stay unpaid (overdue)."""
        cutoff = day(month, 20) - dt.timedelta(days=28)
        for invoice in [inv for inv in self.open_invoices if inv.date <= cutoff]:
            self.open_invoices.remove(invoice)
            if self.rng.random() < 0.15:
                continue  # left unpaid: overdue receivables belong in a realistic demo
            self.plans.append(self._receipt(invoice, month))
        for bill in [b for b in self.open_bills if b.date <= cutoff]:
            self.open_bills.remove(bill)
            self.plans.append(self._payment(bill, month))

    def _receipt(self, invoice: TxnPlan, month: int) -> TxnPlan:
        amount = invoice.lines[0].debit
        number = self.number("RCPT-")
        date = day(month, self.rng.randint(12, 20))
        return TxnPlan(
            Transaction.Type.AR_PAYMENT,
            number,
            date,
            f"Payment for {invoice.number}",
            invoice.branch,
            invoice.currency,
            [
                LinePlan("1000", debit=amount, branch=invoice.branch),
                LinePlan("1100", credit=amount, branch=invoice.branch, customer=invoice.customer),
            ],
            customer=invoice.customer,
            applies_to=invoice.number,
            reference=f"WIRE-{self.rng.randint(100000, 999999)}",
        )

    def _payment(self, bill: TxnPlan, month: int) -> TxnPlan:
        amount = bill.lines[-1].credit
        number = self.number("PAY-")
        date = day(month, self.rng.randint(14, 26))
        return TxnPlan(
            Transaction.Type.AP_PAYMENT,
            number,
            date,
            f"Payment of {bill.number}",
            bill.branch,
            bill.currency,
            [
                LinePlan("2000", debit=amount, branch=bill.branch, vendor=bill.vendor),
                LinePlan("1000", credit=amount, branch=bill.branch),
            ],
            vendor=bill.vendor,
            applies_to=bill.number,
            reference=f"ACH-{self.rng.randint(100000, 999999)}",
        )

    def plan_unbilled_revenue(self) -> None:
        """Quarter-end unbilled work in progress (Unbilled Revenue requires a project)."""
        for month in (3, 6, 9):
            job = self.jobs[month]
            amount = money(self.rng, 5000, 20000)
            dims: dict[str, Any] = {"job": job.number, "branch": job.branch, "department": job.department}
            self.plans.append(
                TxnPlan(
                    Transaction.Type.JOURNAL_ENTRY,
                    self.number("JE-"),
                    day(month, 28),
                    f"Q{month // 3} unbilled revenue — {job.number}",
                    job.branch,
                    self._currency[job.branch],
                    [
                        LinePlan("1200", debit=amount, **dims),
                        LinePlan("4000", credit=amount, accounting_class=job.accounting_class, **dims),
                    ],
                    actor="admin",
                )
            )

    def finish(self) -> list[TxnPlan]:
        """Sort by date; recent November work stays draft, a few unpaid documents were voided."""
        plans = sorted(self.plans, key=lambda plan: (plan.date, plan.type, plan.number))
        for plan in plans:
            if plan.date >= DRAFTS_FROM or (plan.date.month == 11 and self.rng.random() < 0.25):
                plan.state = Transaction.State.DRAFT
        paid = {plan.applies_to for plan in plans if plan.applies_to}
        voidable = [
            plan
            for plan in plans
            if plan.state == Transaction.State.POSTED
            and plan.type in (Transaction.Type.AR_INVOICE, Transaction.Type.AP_BILL)
            and plan.number not in paid
        ]
        for plan in self.rng.sample(voidable, min(VOIDED_DOCUMENTS, len(voidable))):
            plan.state = Transaction.State.VOID
        # Drafts and voids are not paid: drop payments of documents that are not posted.
        not_posted = {plan.number for plan in plans if plan.state != Transaction.State.POSTED}
        return [plan for plan in plans if plan.applies_to is None or plan.applies_to not in not_posted]
