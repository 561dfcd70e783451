"""Demo companies and their people: the documented logins and what each of them may do."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from trueerp.core.models import Company, User
from trueerp.core.permissions import FINANCIAL_MODULE, FINANCIAL_POST, catalog
from trueerp.core.services.access import grant

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo login


def seed_company(code: str, name: str, **details: Any) -> Company:
    company, _created = Company.objects.update_or_create(code=code, defaults={"name": name, **details})
    return company


def seed_user(
    company: Company, username: str, first: str, last: str, title: str, numbers: Iterable[int]
) -> User:
    """The password is set only when it differs, so a re-seed keeps the stored hash (and sessions)."""
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


def seed_northwind_people(company: Company) -> dict[str, User]:
    """The Controller holds every permission (#1598 included); the clerk only the Financial module."""
    return {
        "admin": seed_user(company, "admin", "Alex", "Morgan", "Controller", [d.number for d in catalog()]),
        "clerk": seed_user(
            company, "clerk", "Casey", "Lee", "Accounts Clerk", [FINANCIAL_MODULE, FINANCIAL_POST]
        ),
    }


def seed_contoso_people(company: Company) -> dict[str, User]:
    """Someone of the second tenant: signing in as them must never show Northwind's data."""
    return {"outsider": seed_user(company, "outsider", "Olivia", "Stone", "Bookkeeper", [FINANCIAL_MODULE])}
