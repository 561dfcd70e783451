"""Contoso Builders: a small second tenant, so the demo can show that companies never see each other."""

from __future__ import annotations

from decimal import Decimal

from trueerp.demo.clock import day
from trueerp.demo.masters import seed_chart, seed_masters
from trueerp.demo.people import seed_company, seed_contoso_people
from trueerp.demo.transactions import LinePlan, Refs, TxnPlan, apply_plans
from trueerp.financial.models import Branch, Contract, Customer, Job, Transaction, Vendor

COMPANY_CODE = "CONTOSO"
BRANCH = "SEA"
CUSTOMER = "C-9001"
VENDOR = "V-9001"
CONTRACT = "CB-001"
JOB = "CB-J-001"


def seed_contoso() -> int:
    """Seed the company, one user, one contract and job, and a handful of documents; returns new ones."""
    company = seed_company(COMPANY_CODE, "Contoso Builders", base_currency="USD")
    users = seed_contoso_people(company)
    accounts = seed_chart(company)
    branch, _created = Branch.objects.update_or_create(
        company=company, code=BRANCH, defaults={"name": "Seattle", "country": "US", "currency": "USD"}
    )
    branches = {BRANCH: branch}
    customers = seed_masters(company, Customer, [(CUSTOMER, "Pacific Retail Group")])
    vendors = seed_masters(company, Vendor, [(VENDOR, "Cascade Lumber")])
    contract, _created = Contract.objects.update_or_create(
        company=company,
        number=CONTRACT,
        defaults={
            "name": "Pacific Retail Store Fit-out",
            "customer": customers[CUSTOMER],
            "branch": branches[BRANCH],
            "value": Decimal("250000.00"),
        },
    )
    job, _created = Job.objects.update_or_create(
        company=company,
        number=JOB,
        defaults={
            "name": "Store fit-out — phase 1",
            "contract": contract,
            "customer": customers[CUSTOMER],
            "branch": branches[BRANCH],
            "budget_revenue": Decimal("250000.00"),
            "budget_cost": Decimal("190000.00"),
        },
    )
    refs = Refs(
        accounts=accounts,
        branches=branches,
        customers=customers,
        vendors=vendors,
        jobs={JOB: job},
        contracts={CONTRACT: contract},
    )
    return apply_plans(company, users, refs, _plans())


def _plans() -> list[TxnPlan]:
    """Five progress invoices (every other month) and one materials bill, all posted by the outsider."""
    plans: list[TxnPlan] = []
    for index, month in enumerate((2, 4, 6, 8, 10), start=1):
        amount = Decimal(12000 + 1500 * index)
        plans.append(
            TxnPlan(
                Transaction.Type.AR_INVOICE,
                f"CB-INV-{index:04d}",
                day(month, 15),
                f"Store fit-out progress billing #{index}",
                BRANCH,
                "USD",
                [
                    LinePlan("1100", debit=amount, customer=CUSTOMER, branch=BRANCH),
                    LinePlan("4000", credit=amount, job=JOB, branch=BRANCH, customer=CUSTOMER),
                ],
                customer=CUSTOMER,
                job=JOB,
                contract=CONTRACT,
                actor="outsider",
            )
        )
    lumber = Decimal("8450.00")
    plans.append(
        TxnPlan(
            Transaction.Type.AP_BILL,
            "CB-BILL-0001",
            day(3, 9),
            "Lumber for store fit-out",
            BRANCH,
            "USD",
            [
                LinePlan("5200", debit=lumber, job=JOB, branch=BRANCH, vendor=VENDOR),
                LinePlan("2000", credit=lumber, branch=BRANCH, vendor=VENDOR),
            ],
            vendor=VENDOR,
            actor="outsider",
        )
    )
    return plans
