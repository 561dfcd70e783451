"""Contracts and the jobs (projects) under them, with their budgets.

The first five jobs (P-100, P-110, P-200, P-300, P-400) exist in the Intacct emulator's demo seed with
these budgets and IDs; the other ten exist only in TRUE until the module creates them in Intacct.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from trueerp.core.models import Company
from trueerp.demo.clock import ANCHOR, SEED
from trueerp.financial.models import Branch, Contract, Customer, Department, Job

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
    # number (= Intacct PROJECTID), name, contract, department, revenue budget
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
COST_RATIO = Decimal("0.72")  # cost budget = 72 % of the revenue budget
COMPLETED_JOB_INDEX = 3  # P-130 finished mid-year: it stops billing after June


@dataclass(frozen=True)
class JobPlan:
    """A job with the customer, branch and class of its contract: what its documents are coded to."""

    number: str
    name: str
    contract: str
    customer: str
    branch: str
    department: str
    accounting_class: str
    budget_revenue: Decimal
    budget_cost: Decimal
    status: str


def job_plans() -> list[JobPlan]:
    contracts = {number: (customer, branch, klass) for number, _name, customer, branch, klass in CONTRACTS}
    plans: list[JobPlan] = []
    for index, (number, name, contract, department, revenue) in enumerate(JOBS):
        customer, branch, klass = contracts[contract]
        budget = Decimal(revenue)
        plans.append(
            JobPlan(
                number=number,
                name=name,
                contract=contract,
                customer=customer,
                branch=branch,
                department=department,
                accounting_class=klass,
                budget_revenue=budget,
                budget_cost=(budget * COST_RATIO).quantize(Decimal("1")),
                status=Job.Status.COMPLETE if index == COMPLETED_JOB_INDEX else Job.Status.ACTIVE,
            )
        )
    return plans


def seed_contracts(
    company: Company, customers: dict[str, Customer], branches: dict[str, Branch]
) -> dict[str, Contract]:
    """Contract values come from their own random stream, so they never shift the transactions."""
    rng = random.Random(SEED + 2)
    contracts: dict[str, Contract] = {}
    for index, (number, name, customer, branch, _klass) in enumerate(CONTRACTS):
        value = Decimal(rng.randrange(400, 2400) * 1000)
        contracts[number], _created = Contract.objects.update_or_create(
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
    return contracts


def seed_jobs(
    company: Company,
    plans: list[JobPlan],
    contracts: dict[str, Contract],
    customers: dict[str, Customer],
    branches: dict[str, Branch],
    departments: dict[str, Department],
) -> dict[str, Job]:
    jobs: dict[str, Job] = {}
    for plan in plans:
        jobs[plan.number], _created = Job.objects.update_or_create(
            company=company,
            number=plan.number,
            defaults={
                "name": plan.name,
                "contract": contracts[plan.contract],
                "customer": customers[plan.customer],
                "branch": branches[plan.branch],
                "department": departments[plan.department],
                "budget_revenue": plan.budget_revenue,
                "budget_cost": plan.budget_cost,
                "status": plan.status,
            },
        )
    return jobs
