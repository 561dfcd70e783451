"""Planned documents, and how they are entered: through the Financial services, like a person would.

A plan names everything by code (account number, branch code, job number …); ``Refs`` resolves the
codes of one company. Entering goes create → post → void through ``financial.services.transactions``,
so demo documents carry audit history and send the same signals as documents entered by people.

Idempotent: a document is created only when its (type, number) does not exist in the company yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from trueerp.core.models import Company, User
from trueerp.financial.models import (
    Account,
    AccountingClass,
    Branch,
    Contract,
    CustomAttributeValue,
    Customer,
    Department,
    Employee,
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

VOID_REASON = "Entered in error"


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


@dataclass
class Refs:
    """One company's records by the codes that plans use; a code missing here leaves the field blank."""

    accounts: dict[str, Account]
    branches: dict[str, Branch]
    customers: dict[str, Customer]
    vendors: dict[str, Vendor]
    jobs: dict[str, Job]
    contracts: dict[str, Contract]
    departments: dict[str, Department] = field(default_factory=dict)
    classes: dict[str, AccountingClass] = field(default_factory=dict)
    employees: dict[str, Employee] = field(default_factory=dict)
    custom_values: dict[str, CustomAttributeValue] = field(default_factory=dict)


def apply_plans(company: Company, users: dict[str, User], refs: Refs, plans: list[TxnPlan]) -> int:
    """Enter the plans that do not exist yet, in order; returns how many were created."""
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
        txn = create_transaction(
            company=company, actor=actor, data=_transaction_input(plan, refs, applies_to)
        )
        if plan.state in (Transaction.State.POSTED, Transaction.State.VOID):
            txn = post_transaction(txn, actor=actor)
        if plan.state == Transaction.State.VOID:
            txn = void_transaction(txn, actor=users.get("admin", actor), reason=VOID_REASON)
        by_number[plan.number] = txn
        created += 1
    return created


def _transaction_input(plan: TxnPlan, refs: Refs, applies_to: Transaction | None) -> TransactionInput:
    return TransactionInput(
        type=plan.type,
        date=plan.date,
        number=plan.number,
        description=plan.description,
        reference=plan.reference,
        currency=plan.currency,
        due_date=plan.date + dt.timedelta(days=plan.due_days) if plan.due_days else None,
        customer=refs.customers.get(plan.customer or ""),
        vendor=refs.vendors.get(plan.vendor or ""),
        branch=refs.branches.get(plan.branch),
        job=refs.jobs.get(plan.job or ""),
        contract=refs.contracts.get(plan.contract or ""),
        applies_to=applies_to,
        lines=[_line_input(line, plan, refs) for line in plan.lines],
    )


def _line_input(line: LinePlan, plan: TxnPlan, refs: Refs) -> LineInput:
    # A job line carries its work type and the document's funding source (Intacct's FUND dimension).
    custom_codes = (line.work_type, plan.extra.get("fund") if line.job else None)
    return LineInput(
        account=refs.accounts[line.account],
        debit=line.debit,
        credit=line.credit,
        description=line.description,
        job=refs.jobs.get(line.job or ""),
        department=refs.departments.get(line.department or ""),
        branch=refs.branches.get(line.branch or ""),
        accounting_class=refs.classes.get(line.accounting_class or ""),
        employee=refs.employees.get(line.employee or ""),
        vendor=refs.vendors.get(line.vendor or ""),
        customer=refs.customers.get(line.customer or ""),
        custom_values=[refs.custom_values[code] for code in custom_codes if code],
    )
