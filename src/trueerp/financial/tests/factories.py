"""Small builders for financial test data (explicit, no magic): accounts, parties, transactions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from trueerp.core.models import Company, User
from trueerp.financial.models import Account, Customer, Transaction, Vendor
from trueerp.financial.services.transactions import LineInput, TransactionInput, create_transaction


def account(
    company: Company, number: str, name: str = "", type: str = Account.Type.EXPENSE, **extra: object
) -> Account:
    return Account.objects.create(
        company=company, number=number, name=name or f"Account {number}", type=type, **extra
    )


def chart(company: Company) -> dict[str, Account]:
    return {
        "cash": account(company, "1000", "Cash", Account.Type.ASSET),
        "ar": account(company, "1100", "Accounts Receivable", Account.Type.ASSET),
        "ap": account(company, "2000", "Accounts Payable", Account.Type.LIABILITY),
        "revenue": account(company, "4000", "Engineering Services Revenue", Account.Type.REVENUE),
        "rent": account(company, "6000", "Rent", Account.Type.EXPENSE),
    }


def customer(company: Company, code: str = "C-ACME", name: str = "Acme Corp") -> Customer:
    return Customer.objects.create(company=company, code=code, name=name)


def vendor(company: Company, code: str = "V-STEEL", name: str = "Steel Supply Co") -> Vendor:
    return Vendor.objects.create(company=company, code=code, name=name)


def journal_entry(
    company: Company,
    accounts: dict[str, Account],
    *,
    amount: str = "100.00",
    actor: User | None = None,
    on: dt.date = dt.date(2026, 3, 1),
    description: str = "Monthly rent",
    post: bool = False,
    **header: object,
) -> Transaction:
    value = Decimal(amount)
    data = TransactionInput(
        type=Transaction.Type.JOURNAL_ENTRY,
        date=on,
        description=description,
        lines=[
            LineInput(account=accounts["rent"], debit=value),
            LineInput(account=accounts["cash"], credit=value),
        ],
        **header,  # type: ignore[arg-type]
    )
    return create_transaction(company=company, actor=actor, data=data, post=post)
