"""Seeds: named, repeatable starting states.

``demo`` is a US/Canada/UK engineering and construction company. Its credentials and IDs are a
contract: TRUE's demo data, scripts and docs rely on them (see README "The demo seed"), so change
them only together with those.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Any

from .context import Ctx, Emulator, fmt_date
from .model import OBJECTS, udd_def
from .objects.currencies import seed_demo_rates
from .objects.generic import insert
from .seed_setup import seed_demo_setup
from .store import Record

COMPANY = "TRUE-DEMO"
SENDER = ("trueerp_demo", "demo-sender-pass")
UNAUTHORIZED_SENDER = "unauthorized_sender"
USERS = (("api_sync", "demo-user-pass", True), ("api_readonly", "demo-readonly-pass", False))

ENTITIES = (
    ("US", "TRUE Engineering US Inc.", "USD", "United States"),
    ("CA", "TRUE Engineering Canada Ltd.", "CAD", "Canada"),
    ("UK", "TRUE Engineering UK Ltd.", "GBP", "United Kingdom"),
)
LOCATIONS = (
    ("US-NY", "New York Office", "US"),
    ("US-TX", "Houston Office", "US"),
    ("CA-ON", "Toronto Office", "CA"),
    ("CA-BC", "Vancouver Office", "CA"),
    ("UK-LDN", "London Office", "UK"),
    ("UK-MAN", "Manchester Office", "UK"),
)
DEPARTMENTS = (
    ("ENG", "Engineering", ""),
    ("CON", "Construction", ""),
    ("PM", "Project Management", ""),
    ("OPS", "Operations", ""),
    ("FIN", "Finance", ""),
    ("ADM", "Administration", ""),
    ("HR", "Human Resources", ""),
    ("HSE", "Health, Safety & Environment (UK)", "UK"),
)
CLASSES = (("C1", "Commercial"), ("C2", "Infrastructure"), ("C3", "Residential"))
PROJECT_TYPES = ("Fixed Fee", "Time & Materials", "Cost Plus")
PROJECT_STATUSES = ("Active", "On Hold", "Completed")
CUSTOMERS = (
    ("C100", "Metro Transit Authority", "USD"),
    ("C200", "Harbourfront Developments Inc.", "CAD"),
    ("C300", "Northern Rail Ltd", "GBP"),
    ("C400", "Lone Star Energy Partners", "USD"),
)
PROJECTS = (
    ("P-100", "Metro Line Extension - Design", "C100", "US-NY", "ENG", "Fixed Fee", "", "2500000"),
    (
        "P-110",
        "Metro Line Extension - Construction Supervision",
        "C100",
        "US-NY",
        "CON",
        "Time & Materials",
        "",
        "1800000",
    ),
    ("P-200", "Harbourfront Tower", "C200", "CA-ON", "CON", "Cost Plus", "CA", "4200000"),
    ("P-300", "Northern Rail Depot Upgrade", "C300", "UK-MAN", "ENG", "Fixed Fee", "UK", "950000"),
    ("P-400", "Gulf Coast Pipeline Study", "C400", "US-TX", "ENG", "Time & Materials", "", "600000"),
    ("P-900", "Internal R&D - Digital Twin", "", "US-NY", "ENG", "Cost Plus", "", "150000"),
)
TASKS = (
    ("T-100-DES", "Detailed design", "P-100"),
    ("T-100-PERM", "Permitting", "P-100"),
    ("T-110-SUP", "Site supervision", "P-110"),
    ("T-200-FND", "Foundations", "P-200"),
    ("T-200-STR", "Structure", "P-200"),
    ("T-300-SUR", "Surveys", "P-300"),
    ("T-400-STU", "Feasibility study", "P-400"),
)
VENDORS = (
    ("V100", "Atlas Concrete Supply", "USD", ""),
    ("V200", "Steelworks Fabrication LLC", "USD", ""),
    ("V300", "Maple Surveying Ltd.", "CAD", ""),
    ("V400", "Thames Plant Hire Ltd", "GBP", ""),
    ("V500", "Northwind Office Leasing", "USD", ""),
)
# (id, name, location, department, labour cost rate per hour in the employee's base currency)
EMPLOYEES = (
    ("E100", "Alice Morgan", "US-NY", "ENG", "95.00"),
    ("E110", "David Chen", "US-TX", "PM", "110.00"),
    ("E200", "Ben Tremblay", "CA-ON", "CON", "85.00"),
    ("E300", "Clara Hughes", "UK-LDN", "ENG", "80.00"),
)
# (id, name, type, base price, revenue account, expense account)
ITEMS = (
    ("I100", "Engineering services (hour)", "Service", "185", "4000", "5000"),
    ("I200", "Site supervision (day)", "Service", "1200", "4000", "5000"),
    ("I300", "Materials pass-through", "Non-Inventory", "0", "4000", "5200"),
)
FUNDS = (("F1", "Client funded"), ("F2", "Government grant"), ("F3", "Internal"))
# (number, title, type, normal balance, required dimension flags)
ACCOUNTS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("1000", "Cash - Operating", "balancesheet", "debit", ()),
    ("1010", "Cash - Payroll", "balancesheet", "debit", ()),
    ("1100", "Accounts Receivable", "balancesheet", "debit", ()),
    ("1200", "Unbilled Revenue (WIP)", "balancesheet", "debit", ("REQUIREPROJECT",)),
    ("1300", "Prepaid Expenses", "balancesheet", "debit", ()),
    ("1500", "Equipment", "balancesheet", "debit", ()),
    ("1900", "Inter-entity Due From", "balancesheet", "debit", ()),
    ("2000", "Accounts Payable", "balancesheet", "credit", ()),
    ("2100", "Accrued Liabilities", "balancesheet", "credit", ()),
    ("2200", "Sales Tax Payable", "balancesheet", "credit", ()),
    ("2900", "Inter-entity Due To", "balancesheet", "credit", ()),
    ("3000", "Retained Earnings", "balancesheet", "credit", ()),
    ("4000", "Contract Revenue", "incomestatement", "credit", ("REQUIRELOC", "REQUIREPROJECT")),
    ("4100", "Change Order Revenue", "incomestatement", "credit", ("REQUIREPROJECT",)),
    ("4900", "Other Income", "incomestatement", "credit", ()),
    ("5000", "Cost of Services - Labor", "incomestatement", "debit", ("REQUIREPROJECT", "REQUIREDEPT")),
    ("5100", "Subcontractor Costs", "incomestatement", "debit", ("REQUIREPROJECT",)),
    ("5200", "Materials", "incomestatement", "debit", ("REQUIREPROJECT",)),
    ("6000", "Rent & Occupancy", "incomestatement", "debit", ("REQUIREDEPT", "REQUIRELOC")),
    ("6100", "Salaries - Administrative", "incomestatement", "debit", ("REQUIREDEPT",)),
    ("6200", "Travel", "incomestatement", "debit", ()),
    ("6300", "Software & IT", "incomestatement", "debit", ()),
    ("6400", "Professional Fees", "incomestatement", "debit", ()),
    ("6900", "Depreciation", "incomestatement", "debit", ()),
    ("7000", "Suspense (retired)", "balancesheet", "debit", ()),
)
INACTIVE_ACCOUNTS = ("7000",)
CLOSED_PERIOD = (2025, 12)


def _add(ctx: Ctx, obj: str, rec: Record, entity: str | None = None) -> Record:
    d = OBJECTS.get(obj) or ctx.objdef(obj)
    assert d is not None
    return insert(ctx, d, rec, entity)[1]


def _contact(name: str) -> Record:
    """Contact components, so dotted fields like DISPLAYCONTACT.CONTACTNAME have values."""
    email = (
        "".join(ch for ch in name.lower().replace(" ", ".") if ch.isalnum() or ch == ".")[:40]
        + "@example.com"
    )
    return {"CONTACTNAME": name, "PRINTAS": name, "EMAIL1": email}


def seed_demo(emu: Emulator) -> None:
    store = emu.store
    if store.get_by_id(COMPANY, "COMPANY", COMPANY) is not None:
        raise ValueError(f"company {COMPANY} already exists; reset to load the demo seed again")
    store.put(
        "",
        "SENDER",
        1,
        {
            "SENDERID": SENDER[0],
            "PASSWORD": SENDER[1],
            "COMPANIES": [COMPANY],
            "POLICIES": ["trueerp_demo_async"],
        },
        SENDER[0],
    )
    # a registered sender that no company has authorised: exercises "Invalid Web Services Authorization"
    store.put(
        "",
        "SENDER",
        2,
        {"SENDERID": UNAUTHORIZED_SENDER, "PASSWORD": SENDER[1], "COMPANIES": [], "POLICIES": []},
        UNAUTHORIZED_SENDER,
    )
    company: Record = {
        "COMPANYID": COMPANY,
        "NAME": "TRUE Engineering & Construction (Demo)",
        "BASECURRENCY": "USD",
        "CURRENCIES": ["USD", "CAD", "GBP", "EUR"],
        "DEFAULT_RATE_TYPE": "Intacct Daily Rate",
        "FX_GAINLOSS_ACCOUNT": "4900",
        "UDDS": {"FUND": "Funding Source"},
        "BALANCE_BY_ENTITY": "true",
        "IET_ENABLED": "true",
        "IET_DUE_FROM": "1900",
        "IET_DUE_TO": "2900",
        "AP_ACCOUNT": "2000",
        "AR_ACCOUNT": "1100",
        "EE_ACCOUNT": "2100",
        "LABOR_ACCOUNT": "5000",
        "ACCRUED_LABOR_ACCOUNT": "2100",
        "AP_PAYMENT_APPROVAL": "false",
        "SESSION_HOURS": "8",
        "CONCURRENCY_LIMIT": "0",
        "TIER": "1",
        "MONTHLY_TRANSACTIONS": "100000",
    }
    store.put(COMPANY, "COMPANY", 1, company, COMPANY)
    for n, (login, password, write) in enumerate(USERS, 1):
        store.put(
            COMPANY,
            "USERINFO",
            n,
            {
                "LOGINID": login,
                "PASSWORD": password,
                "WRITE": write,
                "STATUS": "active",
                "ADMIN": write,
                "USERTYPE": "business user",
                "DESCRIPTION": "Web services user" + ("" if write else " (read only)"),
                "CONTACTINFO": {"FIRSTNAME": "API", "LASTNAME": login, "EMAIL1": f"{login}@example.com"},
                "RECORDNO": str(n),
            },
            login,
        )
    ctx = Ctx.system(emu, COMPANY, company)
    today = emu.clock.now().date()
    for eid, name, currency, country in ENTITIES:
        _add(
            ctx,
            "LOCATIONENTITY",
            {
                "LOCATIONID": eid,
                "NAME": name,
                "CURRENCY": currency,
                "COUNTRY": country,
                "LOCATIONTYPE": "Entity",
            },
            eid,
        )
        _add(
            ctx,
            "LOCATION",
            {"LOCATIONID": eid, "NAME": name, "CURRENCY": currency, "LOCATIONTYPE": "Entity"},
            eid,
        )
    for lid, name, parent in LOCATIONS:
        _add(
            ctx, "LOCATION", {"LOCATIONID": lid, "NAME": name, "PARENTID": parent, "LOCATIONTYPE": "Location"}
        )
    for did, title, owner in DEPARTMENTS:
        _add(ctx, "DEPARTMENT", {"DEPARTMENTID": did, "TITLE": title}, owner)
    for cid, name in CLASSES:
        _add(ctx, "CLASS", {"CLASSID": cid, "NAME": name})
    for pt in PROJECT_TYPES:
        _add(ctx, "PROJECTTYPE", {"NAME": pt})
    for ps in PROJECT_STATUSES:
        _add(ctx, "PROJECTSTATUS", {"NAME": ps})
    for cid, name, currency in CUSTOMERS:
        _add(
            ctx,
            "CUSTOMER",
            {
                "CUSTOMERID": cid,
                "NAME": name,
                "CURRENCY": currency,
                "TERMNAME": "Net 30",
                "OBJECTRESTRICTION": "Unrestricted",
                "DISPLAYCONTACT": _contact(name),
            },
        )
    for vid, name, currency, owner in VENDORS:
        _add(
            ctx,
            "VENDOR",
            {
                "VENDORID": vid,
                "NAME": name,
                "CURRENCY": currency,
                "TERMNAME": "Net 30",
                "DISPLAYCONTACT": _contact(name),
            },
            owner,
        )
    for pid, name, cust, loc, dept, ptype, owner, budget in PROJECTS:
        ctx.entity = owner
        _add(
            ctx,
            "PROJECT",
            {
                "PROJECTID": pid,
                "NAME": name,
                "PROJECTCATEGORY": "Contract",
                "CUSTOMERID": cust,
                "LOCATIONID": loc,
                "DEPARTMENTID": dept,
                "PROJECTTYPE": ptype,
                "PROJECTSTATUS": "Active",
                "BEGINDATE": "01/01/2026",
                "BUDGETAMOUNT": budget,
            },
            owner,
        )
        ctx.entity = ""
    for tid, name, pid in TASKS:
        proj = next(p for p in PROJECTS if p[0] == pid)
        ctx.entity = proj[6]
        _add(ctx, "TASK", {"TASKID": tid, "NAME": name, "PROJECTID": pid}, proj[6])
        ctx.entity = ""
    for eid, name, loc, dept, rate in EMPLOYEES:
        _add(
            ctx,
            "EMPLOYEE",
            {
                "EMPLOYEEID": eid,
                "TITLE": name,
                "CONTACT_NAME": name,
                "LOCATIONID": loc,
                "DEPARTMENTID": dept,
                "LABORRATE": rate,
                "PERSONALINFO": _contact(name),
                "CONTACT": _contact(name),
            },
        )
    for iid, name, itype, price, income, expense in ITEMS:
        item = {"ITEMID": iid, "NAME": name, "ITEMTYPE": itype, "BASEPRICE": price}
        _add(ctx, "ITEM", {**item, "INCOMEGLACCOUNT": income, "EXPENSEGLACCOUNT": expense})
    fund = udd_def("FUND", "Funding Source")
    for fid, name in FUNDS:
        insert(ctx, fund, {"id": fid, "name": name})
    for symbol, title, adjusting in (
        ("GJ", "General Journal", "false"),
        ("ADJ", "Adjustments", "true"),
        ("APJ", "Accounts Payable Journal", "false"),
        ("ARJ", "Accounts Receivable Journal", "false"),
    ):
        _add(ctx, "GLJOURNAL", {"SYMBOL": symbol, "TITLE": title, "ADJUSTING": adjusting})
    for number, title, atype, normal, flags in ACCOUNTS:
        rec: dict[str, Any] = {
            "ACCOUNTNO": number,
            "TITLE": title,
            "ACCOUNTTYPE": atype,
            "NORMALBALANCE": normal,
            "CLOSINGTYPE": "non-closing account" if atype == "balancesheet" else "closing account",
        }
        for flag in (
            "REQUIREDEPT",
            "REQUIRELOC",
            "REQUIREPROJECT",
            "REQUIRECUSTOMER",
            "REQUIREVENDOR",
            "REQUIREEMPLOYEE",
            "REQUIREITEM",
            "REQUIRECLASS",
        ):
            rec[flag] = "true" if flag in flags else "false"
        if number in INACTIVE_ACCOUNTS:
            rec["STATUS"] = "inactive"
        _add(ctx, "GLACCOUNT", rec)
    years = range(today.year - 1, today.year + 2)
    months = [(y, m) for y in years for m in range(1, 13)]
    if CLOSED_PERIOD not in months:
        months.append(CLOSED_PERIOD)
    for year, month in months:
        name = f"Month Ended {calendar.month_name[month]} {year}"
        _add(
            ctx,
            "REPORTINGPERIOD",
            {
                "NAME": name,
                "HEADER1": name,
                "START_DATE": fmt_date(dt.date(year, month, 1)),
                "END_DATE": fmt_date(dt.date(year, month, calendar.monthrange(year, month)[1])),
                "BUDGETING": "true",
                "CLOSED": "true" if (year, month) == CLOSED_PERIOD else "false",
            },
        )
    # last: rate and setup records number on their own sequences, so seeding them shifts no other key
    seed_demo_rates(ctx, today.year - 1, today.year + 1)
    ctx.sequence = "setup"
    seed_demo_setup(ctx)
    ctx.sequence = ""


def seed_empty(emu: Emulator) -> None:
    """No companies at all: for tests that build their own world through the control plane."""


SEEDS: dict[str, Callable[[Emulator], None]] = {"demo": seed_demo, "empty": seed_empty}


def apply_seed(emu: Emulator, name: str) -> None:
    if name not in SEEDS:
        raise ValueError(f"unknown seed {name!r}; known: {', '.join(sorted(SEEDS))}")
    with emu.store.lock:
        try:
            SEEDS[name](emu)
        except BaseException:
            emu.store.rollback()  # never leave half a seed for the next commit
            raise
        emu.store.commit()
    emu.seed_name = name
