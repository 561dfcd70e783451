"""Personas for every view test.

admin (every permission), clerk (Financial only), preferences_admin (#1200 without #1598), sage_user
(#1598 and #1200 without #1599), outsider (another company's full administrator; `other_admin_user` is
the same person under the name the least-privilege tests use).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client

from trueerp.core.models import Company, User
from trueerp.core.permissions import COMPANY_PREFERENCES, FINANCIAL_MODULE, FINANCIAL_POST, catalog
from trueerp.core.services.access import grant
from trueerp.testing.browser import browser, page  # noqa: F401  (fixtures for browser tests)


@pytest.fixture
def company(db: None) -> Company:
    return Company.objects.create(name="Northwind Engineering Group", code="northwind")


@pytest.fixture
def other_company(db: None) -> Company:
    return Company.objects.create(name="Contoso Builders", code="contoso")


def _make_user(company: Company, username: str, *numbers: int, **extra: str) -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests", company=company, **extra)
    grant(user, *numbers)
    return user


@pytest.fixture
def admin_user(company: Company) -> User:
    """Controller with every permission in the catalog, #1598 included."""
    return _make_user(company, "admin", *(d.number for d in catalog()), first_name="Alex", last_name="Morgan")


@pytest.fixture
def clerk_user(company: Company) -> User:
    """Accounts clerk: may work in the Financial module but has no #1598 and no preferences right."""
    return _make_user(company, "clerk", FINANCIAL_MODULE, FINANCIAL_POST, first_name="Casey", last_name="Lee")


@pytest.fixture
def outsider_user(other_company: Company) -> User:
    """Someone from another company, with every permission there: must never see our data."""
    return _make_user(other_company, "outsider", *(d.number for d in catalog()))


@pytest.fixture
def other_admin_user(outsider_user: User) -> User:
    """Another company's full administrator (the outsider): every permission, none of them here."""
    return outsider_user


@pytest.fixture
def preferences_admin_user(company: Company) -> User:
    """May edit Company Preferences (#1200) and use Financial, but holds no #1598."""
    return _make_user(
        company, "prefs", COMPANY_PREFERENCES, FINANCIAL_MODULE, first_name="Pat", last_name="Reyes"
    )


@pytest.fixture
def sage_user(company: Company) -> User:
    """Works with Sage Intacct (#1598) and Company Preferences (#1200) but holds no #1599."""
    from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT

    return _make_user(
        company,
        "sage",
        COMPANY_PREFERENCES,
        FINANCIAL_MODULE,
        MODULE_ACCESS_SAGE_INTACCT,
        first_name="Sam",
        last_name="Okafor",
    )


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture(scope="session", autouse=True)
def _remove_test_broker_file() -> Iterator[None]:
    """The embedded test broker is a per-process SQLite file; remove it when the session ends."""
    yield
    from django.conf import settings

    url = settings.CELERY_BROKER_URL
    if url.startswith("sqla+sqlite:///"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(url.removeprefix("sqla+sqlite:///") + suffix).unlink(missing_ok=True)
