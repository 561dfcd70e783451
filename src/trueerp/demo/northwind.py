"""Northwind Engineering Group: a US/Canada/UK project-based engineering firm with a year of books."""

from __future__ import annotations

from trueerp.demo.jobs import job_plans, seed_contracts, seed_jobs
from trueerp.demo.masters import (
    BRANCHES,
    CLASSES,
    CUSTOMERS,
    DEPARTMENTS,
    VENDORS,
    seed_branches,
    seed_chart,
    seed_custom_attributes,
    seed_employees,
    seed_masters,
)
from trueerp.demo.northwind_year import plan_year
from trueerp.demo.people import seed_company, seed_northwind_people
from trueerp.demo.transactions import Refs, apply_plans
from trueerp.financial.models import AccountingClass, Customer, Department, Vendor

COMPANY_CODE = "NORTHWIND"


def seed_northwind() -> int:
    """Seed the company, its people, masters, contracts and jobs, then its year; returns new documents."""
    company = seed_company(
        COMPANY_CODE, "Northwind Engineering Group", base_currency="USD", fiscal_year_start_month=1
    )
    users = seed_northwind_people(company)
    accounts = seed_chart(company)
    branches = seed_branches(company, BRANCHES)
    departments = seed_masters(company, Department, DEPARTMENTS)
    classes = seed_masters(company, AccountingClass, CLASSES)
    customers = seed_masters(company, Customer, [(code, name) for code, name, _branch in CUSTOMERS])
    for code, customer in customers.items():
        if not customer.email:  # a user's own address survives a re-seed
            customer.email = f"ap@{code.lower()}.example"
            customer.save(update_fields=["email"])
    vendors = seed_masters(company, Vendor, [(code, name) for code, name, _account, _region in VENDORS])
    employees = seed_employees(company, departments)
    custom_values = seed_custom_attributes(company)
    contracts = seed_contracts(company, customers, branches)
    jobs = job_plans()
    refs = Refs(
        accounts=accounts,
        branches=branches,
        customers=customers,
        vendors=vendors,
        jobs=seed_jobs(company, jobs, contracts, customers, branches, departments),
        contracts=contracts,
        departments=departments,
        classes=classes,
        employees=employees,
        custom_values=custom_values,
    )
    return apply_plans(company, users, refs, plan_year(jobs))
