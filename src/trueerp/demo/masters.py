"""Chart of accounts and master data (branches, departments, classes, parties, custom attributes).

Identity with the Intacct emulator's ``demo`` seed (company TRUE-DEMO, ``src/intacct_emulator/seed.py``):
account numbers, location IDs (branch codes US-NY, US-TX, CA-ON, CA-BC, UK-LDN, UK-MAN under entities
US, CA, UK), department, class, customer, vendor and employee IDs and the FUND dimension values are the
same strings on both sides, so the default mapping needs no overrides.

Idempotent: every row is written with ``update_or_create`` on its natural key (number or code).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from trueerp.core.models import Company
from trueerp.financial.models import (
    Account,
    Branch,
    CustomAttribute,
    CustomAttributeValue,
    Department,
    Employee,
    FinancialPreferences,
    NamedMaster,
)

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
    # code, name, department, home branch
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

MasterT = TypeVar("MasterT", bound=NamedMaster)


def region(branch: str) -> str:
    """The branch code's country prefix (US, CA, UK): vendors and staff work within one region."""
    return branch.split("-", 1)[0]


def seed_chart(company: Company) -> dict[str, Account]:
    """The chart, one retired account, and the control accounts the Financial module posts to."""
    accounts: dict[str, Account] = {}
    for rows, is_active in ((CHART, True), (INACTIVE_ACCOUNTS, False)):
        for number, name, type_ in rows:
            accounts[number], _created = Account.objects.update_or_create(
                company=company, number=number, defaults={"name": name, "type": type_, "is_active": is_active}
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


def seed_branches(company: Company, rows: Iterable[tuple[str, str, str, str]]) -> dict[str, Branch]:
    branches: dict[str, Branch] = {}
    for code, name, country, currency in rows:
        branches[code], _created = Branch.objects.update_or_create(
            company=company,
            code=code,
            defaults={"name": name, "country": country, "currency": currency, "is_active": True},
        )
    return branches


def seed_masters(
    company: Company, model: type[MasterT], rows: Iterable[tuple[str, str]]
) -> dict[str, MasterT]:
    """Code-and-name masters (departments, classes, customers, vendors), active."""
    result: dict[str, MasterT] = {}
    for code, name in rows:
        result[code], _created = model._default_manager.update_or_create(
            company=company, code=code, defaults={"name": name, "is_active": True}
        )
    return result


def seed_employees(company: Company, departments: dict[str, Department]) -> dict[str, Employee]:
    employees: dict[str, Employee] = {}
    for code, name, department, _home in EMPLOYEES:
        employees[code], _created = Employee.objects.update_or_create(
            company=company,
            code=code,
            defaults={"name": name, "department": departments[department], "is_active": True},
        )
    return employees


def seed_custom_attributes(company: Company) -> dict[str, CustomAttributeValue]:
    """Work type and funding source (= the Intacct user-defined dimension FUND), by value code."""
    values: dict[str, CustomAttributeValue] = {}
    for attribute_code, attribute_name, rows in (
        ("WORKTYPE", "Work type", WORK_TYPES),
        ("FUND", "Funding source", FUNDS),
    ):
        attribute, _created = CustomAttribute.objects.update_or_create(
            company=company, code=attribute_code, defaults={"name": attribute_name}
        )
        for code, name in rows:
            values[code], _created = CustomAttributeValue.objects.update_or_create(
                attribute=attribute, code=code, defaults={"name": name, "is_active": True}
            )
    return values
