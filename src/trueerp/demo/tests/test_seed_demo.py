"""seed_demo: the documented logins and records exist, and a second run changes nothing."""

from __future__ import annotations

from django.apps import apps
from django.core.management import call_command

from trueerp.core.models import AuditEntry, Company, PermissionGrant, User
from trueerp.core.permissions import COMPANY_PREFERENCES, FINANCIAL_MODULE, FINANCIAL_POST, catalog
from trueerp.financial.models import Account, Branch, Job, Transaction, TransactionLine


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ("core", "financial", "integrations", "sage_intacct")
        for model in apps.get_app_config(app).get_models()
    }


def _fingerprint() -> list[tuple[object, ...]]:
    return list(
        Transaction.objects.order_by("company__code", "type", "number").values_list(
            "company__code", "type", "number", "state", "total", "version"
        )
    )


def test_seed_demo_is_idempotent_and_deterministic(db):
    call_command("seed_demo", verbosity=0)
    first_counts, first_rows = _counts(), _fingerprint()
    passwords = dict(User.objects.values_list("username", "password"))

    call_command("seed_demo", verbosity=0)

    assert _counts() == first_counts
    assert _fingerprint() == first_rows
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_seed_demo_contents(db):
    call_command("seed_demo", verbosity=0)

    northwind = Company.objects.get(code="NORTHWIND")
    contoso = Company.objects.get(code="CONTOSO")
    assert northwind.name == "Northwind Engineering Group"
    admin = User.objects.get(username="admin")
    clerk = User.objects.get(username="clerk")
    outsider = User.objects.get(username="outsider")
    assert (admin.company, admin.get_full_name(), admin.job_title) == (northwind, "Alex Morgan", "Controller")
    assert (clerk.company, clerk.get_full_name(), clerk.job_title) == (
        northwind,
        "Casey Lee",
        "Accounts Clerk",
    )
    assert outsider.company == contoso
    for user in (admin, clerk, outsider):
        assert user.check_password("demo-pass-2026")
    numbers = lambda user: set(PermissionGrant.objects.filter(user=user).values_list("number", flat=True))  # noqa: E731
    assert numbers(admin) == {d.number for d in catalog()}
    assert {1598, COMPANY_PREFERENCES} <= numbers(admin)
    assert numbers(clerk) == {FINANCIAL_MODULE, FINANCIAL_POST}
    assert numbers(outsider) == {FINANCIAL_MODULE}

    assert set(Branch.objects.filter(company=northwind).values_list("code", "currency")) == {
        ("US-NY", "USD"),
        ("US-TX", "USD"),
        ("CA-ON", "CAD"),
        ("CA-BC", "CAD"),
        ("UK-LDN", "GBP"),
        ("UK-MAN", "GBP"),
    }
    assert Account.objects.get(company=northwind, number="1100").name == "Accounts Receivable"
    assert not Account.objects.get(company=northwind, number="7000").is_active
    assert Job.objects.filter(company=northwind).count() == 15
    assert Job.objects.filter(company=northwind, budget_revenue__gt=0).count() == 15
    txns = Transaction.objects.filter(company=northwind)
    assert 300 <= txns.count() <= 500
    assert set(txns.values_list("type", flat=True)) == {t.value for t in Transaction.Type}
    assert txns.filter(state="draft").count() >= 10
    assert txns.filter(state="void").count() == 5
    assert txns.filter(state="posted").count() > txns.count() * 0.8
    assert not txns.exclude(date__range=("2026-01-01", "2026-11-20")).exists()
    assert TransactionLine.objects.filter(
        transaction__company=northwind, custom_values__isnull=False
    ).exists()
    assert 0 < Transaction.objects.filter(company=contoso).count() < 10
    assert AuditEntry.objects.filter(company=northwind, action="financial.transaction.posted").exists()
