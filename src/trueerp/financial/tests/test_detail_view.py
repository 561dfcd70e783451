"""Transaction detail, its Gear menu, and the Gear actions (post, void, duplicate) over HTTP."""

from __future__ import annotations

import re

import pytest

from trueerp.core.models import AuditEntry, User
from trueerp.core.permissions import FINANCIAL_MODULE
from trueerp.core.services.access import grant
from trueerp.financial.actions import GearGroup, GearItem, gear_menu, register_gear_provider
from trueerp.financial.actions import _providers as gear_providers
from trueerp.financial.models import Transaction
from trueerp.financial.tests import factories


def url(txn: Transaction, action: str = "") -> str:
    return f"/financial/transactions/{txn.pk}/" + (f"{action}/" if action else "")


def gear_items(html: str) -> list[str]:
    return re.findall(r'data-gear-item="([^"]+)"', html)


@pytest.fixture
def viewer(company) -> User:
    user = User.objects.create_user("viewer", password="x", company=company)
    grant(user, FINANCIAL_MODULE)
    return user


def test_detail_shows_header_lines_totals_and_history(company, admin_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts, actor=admin_user, amount="1500.00", post=True)

    response = client_for(admin_user).get(url(txn))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Journal entry JE-000001" in html
    assert '<span class="mono">6000</span> Rent' in html
    assert '<td class="num">1,500.00</td><td class="num">1,500.00</td>' in html  # tfoot totals
    assert '<span class="badge ok">Balanced</span>' in html
    assert "Posted Journal entry JE-000001 (1,500.00 USD)" in html
    assert "Created draft Journal entry JE-000001" in html


def test_detail_of_another_company_is_404(company, accounts, outsider_user, client_for):
    txn = factories.journal_entry(company, accounts)

    assert client_for(outsider_user).get(url(txn)).status_code == 404
    assert client_for(outsider_user).post(url(txn, "post")).status_code == 404
    txn.refresh_from_db()
    assert txn.state == Transaction.State.DRAFT


def test_detail_without_1300_is_403(company, accounts, client_for):
    txn = factories.journal_entry(company, accounts)
    nobody = User.objects.create_user("nobody", password="x", company=company)

    response = client_for(nobody).get(url(txn))

    assert response.status_code == 403
    assert "#1300" in response.content.decode()


def test_gear_menu_markup(company, admin_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts)

    html = client_for(admin_user).get(url(txn)).content.decode()

    assert '<summary class="btn" aria-label="Actions" data-testid="gear-menu"' in html
    assert f'<form method="post" action="/financial/transactions/{txn.pk}/post/">' in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("draft", ["financial.post", "financial.edit", "financial.duplicate"]),
        ("posted", ["financial.edit", "financial.duplicate", "financial.void"]),
        ("void", ["financial.duplicate"]),
    ],
)
def test_gear_items_per_state(company, clerk_user, accounts, client_for, state, expected):
    txn = factories.journal_entry(company, accounts)
    Transaction.objects.filter(pk=txn.pk).update(state=state)

    assert gear_items(client_for(clerk_user).get(url(txn)).content.decode()) == expected


def test_void_item_asks_for_confirmation(company, admin_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts, post=True)

    html = client_for(admin_user).get(url(txn)).content.decode()

    assert (
        'data-confirm="Void Journal entry JE-000001? A void transaction cannot be posted or edited again."'
        in html
    )


def test_viewer_without_1310_gets_no_gear_menu_and_cannot_post(company, viewer, accounts, client_for):
    txn = factories.journal_entry(company, accounts)
    client = client_for(viewer)

    assert 'data-testid="gear-menu"' not in client.get(url(txn)).content.decode()
    response = client.post(url(txn, "post"))
    assert response.status_code == 403
    assert "#1310" in response.content.decode()
    txn.refresh_from_db()
    assert txn.state == Transaction.State.DRAFT


def test_contributed_groups_are_shown(company, admin_user, accounts, client_for):
    def sage_actions(txn: Transaction, user: User) -> GearGroup:
        return GearGroup("sage", "Sage Actions", [GearItem("sync", "Sync now", "/sync/", method="post")])

    register_gear_provider("test-sage", sage_actions, order=50)
    try:
        txn = factories.journal_entry(company, accounts)
        groups = gear_menu(txn, admin_user)
        html = client_for(admin_user).get(url(txn)).content.decode()
    finally:
        gear_providers.pop("test-sage")

    assert [group.title for group in groups] == ["Transaction", "Sage Actions"]
    assert gear_items(html)[-1] == "sage.sync"
    assert '<div class="menu-group">Sage Actions</div>' in html


def test_post_action(company, clerk_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts)

    response = client_for(clerk_user).post(url(txn, "post"), follow=True)

    txn.refresh_from_db()
    assert txn.state == Transaction.State.POSTED
    assert "Journal entry JE-000001 posted." in response.content.decode()
    assert AuditEntry.objects.get(action="financial.transaction.posted").actor == clerk_user


def test_post_action_reports_problems(company, clerk_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts)
    txn.lines.filter(line_no=2).update(credit=50)

    response = client_for(clerk_user).post(url(txn, "post"), follow=True)

    assert (
        "Cannot post Journal entry JE-000001: Debits (100.00) do not equal credits (50.00); "
        "the difference is 50.00." in response.content.decode()
    )
    txn.refresh_from_db()
    assert txn.state == Transaction.State.DRAFT


def test_void_action(company, clerk_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts, post=True)

    client_for(clerk_user).post(url(txn, "void"))

    txn.refresh_from_db()
    assert txn.state == Transaction.State.VOID


def test_get_on_an_action_is_refused(company, clerk_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts, post=True)

    assert client_for(clerk_user).get(url(txn, "void")).status_code == 405
    txn.refresh_from_db()
    assert txn.state == Transaction.State.POSTED


def test_duplicate_action(company, clerk_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts, post=True)

    response = client_for(clerk_user).post(url(txn, "duplicate"))

    copy = Transaction.objects.get(number="JE-000002")
    assert response["Location"] == url(copy)
    assert copy.state == Transaction.State.DRAFT
