"""The journal entry form: create, edit (version bump), per-line errors, nothing saved on error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from trueerp.core.models import AuditEntry
from trueerp.financial.models import Transaction, TransactionLine
from trueerp.financial.signals import transaction_changed
from trueerp.financial.tests import factories

NEW = "/financial/transactions/new/"


def form_data(lines: list[dict[str, Any]], total_forms: int = 4, **header: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "journal_entry",
        "number": "",
        "date": "2026-06-30",
        "description": "Accrue June rent",
        "currency": "USD",
        "lines-TOTAL_FORMS": str(total_forms),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
        **header,
    }
    for index, line in enumerate(lines):
        for key, value in line.items():
            data[f"lines-{index}-{key}"] = value
    return data


def nothing_saved() -> None:
    assert Transaction.objects.count() == 0
    assert TransactionLine.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_form_renders(company, clerk_user, accounts, client_for):
    html = client_for(clerk_user).get(NEW).content.decode()

    assert 'name="lines-TOTAL_FORMS" value="4"' in html
    assert "6000 Rent" in html
    assert "Save and post" in html


def test_create_draft(company, clerk_user, accounts, client_for):
    data = form_data(
        [
            {"account": accounts["rent"].pk, "debit": "800.00", "description": "June"},
            {"account": accounts["cash"].pk, "credit": "800.00"},
        ]
    )

    response = client_for(clerk_user).post(NEW, data)

    txn = Transaction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/financial/transactions/{txn.pk}/"
    assert (txn.number, txn.state, txn.total, txn.created_by) == (
        "JE-000001",
        "draft",
        Decimal("800.00"),
        clerk_user,
    )
    assert list(txn.lines.values_list("line_no", "account__number", "debit", "credit", "description")) == [
        (1, "6000", Decimal("800.00"), Decimal("0.00"), "June"),
        (2, "1000", Decimal("0.00"), Decimal("800.00"), ""),
    ]


def test_create_and_post(company, clerk_user, accounts, client_for):
    data = form_data(
        [{"account": accounts["rent"].pk, "debit": "5"}, {"account": accounts["cash"].pk, "credit": "5"}],
        post="1",
    )

    client_for(clerk_user).post(NEW, data)

    assert Transaction.objects.get().state == Transaction.State.POSTED


def test_fewer_than_two_lines(company, clerk_user, accounts, client_for):
    response = client_for(clerk_user).post(NEW, form_data([{"account": accounts["rent"].pk, "debit": "5"}]))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter at least 2 lines, each with an account and a debit or a credit (1 filled in)." in html
    assert "Nothing was saved. Please correct the errors below." in html
    nothing_saved()


def test_per_line_errors(company, clerk_user, accounts, client_for):
    data = form_data(
        [
            {"account": accounts["rent"].pk, "debit": "5", "credit": "5"},
            {"description": "no account", "credit": "5"},
            {"account": accounts["cash"].pk, "debit": "-3"},
            {"account": accounts["cash"].pk},
        ]
    )

    response = client_for(clerk_user).post(NEW, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Line 1: Enter either a debit or a credit on a line, not both." in html
    assert "Choose an account for this line." in html
    assert "Ensure this value is greater than or equal to 0." in html
    assert "Line 4: Enter a debit or a credit amount." in html
    nothing_saved()


def test_account_of_another_company_is_not_a_choice(company, other_company, clerk_user, accounts, client_for):
    foreign = factories.account(other_company, "6000", "Their rent")
    data = form_data([{"account": foreign.pk, "debit": "5"}, {"account": accounts["cash"].pk, "credit": "5"}])

    response = client_for(clerk_user).post(NEW, data)

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    nothing_saved()


def test_save_and_post_unbalanced_saves_nothing(company, clerk_user, accounts, client_for):
    data = form_data(
        [{"account": accounts["rent"].pk, "debit": "10"}, {"account": accounts["cash"].pk, "credit": "9"}],
        post="1",
    )

    response = client_for(clerk_user).post(NEW, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Cannot post Journal entry JE-000001:" in html
    assert "Debits (10.00) do not equal credits (9.00); the difference is 1.00." in html
    nothing_saved()


def test_header_errors(company, clerk_user, accounts, client_for):
    lines = [{"account": accounts["rent"].pk, "debit": "5"}, {"account": accounts["cash"].pk, "credit": "5"}]

    response = client_for(clerk_user).post(NEW, form_data(lines, date="31/02/2026"))

    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    nothing_saved()


def test_edit_posted_bumps_version_and_sends_changed(company, clerk_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts, post=True)
    seen: list[tuple[int, int | None]] = []

    def receiver(sender: type, transaction: Transaction, previous_version: int | None, **kwargs: Any) -> None:
        seen.append((transaction.version, previous_version))

    transaction_changed.connect(receiver, weak=False)
    try:
        client = client_for(clerk_user)
        page = client.get(f"/financial/transactions/{txn.pk}/edit/").content.decode()
        response = client.post(
            f"/financial/transactions/{txn.pk}/edit/",
            form_data(
                [
                    {"account": accounts["rent"].pk, "debit": "130"},
                    {"account": accounts["cash"].pk, "credit": "130"},
                ],
                number="JE-000001",
            ),
        )
    finally:
        transaction_changed.disconnect(receiver)

    assert "saving creates version 2" in page
    assert response.status_code == 302
    txn.refresh_from_db()
    assert (txn.version, txn.state, txn.total) == (2, "posted", Decimal("130.00"))
    assert seen == [(2, 1)]


def test_edit_form_is_prefilled(company, clerk_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts, amount="42.00")

    html = client_for(clerk_user).get(f"/financial/transactions/{txn.pk}/edit/").content.decode()

    assert 'name="lines-0-debit" value="42.00"' in html
    assert 'name="lines-1-credit" value="42.00"' in html
    assert 'name="lines-TOTAL_FORMS" value="4"' in html


def test_edit_void_is_refused(company, clerk_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts, post=True)
    Transaction.objects.filter(pk=txn.pk).update(state="void")

    response = client_for(clerk_user).get(f"/financial/transactions/{txn.pk}/edit/")

    assert response.status_code == 302


@pytest.mark.parametrize("path", [NEW, "/financial/transactions/999999/edit/"])
def test_form_needs_1310(company, client_for, path):
    from trueerp.core.models import User
    from trueerp.core.permissions import FINANCIAL_MODULE
    from trueerp.core.services.access import grant

    viewer = User.objects.create_user("viewer", password="x", company=company)
    grant(viewer, FINANCIAL_MODULE)

    response = client_for(viewer).get(path)

    assert response.status_code == 403
    assert "#1310" in response.content.decode()


def test_edit_keeps_line_dimensions_and_custom_attributes(company, clerk_user, accounts, client_for):
    from trueerp.financial.forms import header_initial, lines_initial
    from trueerp.financial.models import CustomAttribute, CustomAttributeValue, Employee
    from trueerp.financial.services.transactions import LineInput, TransactionInput, create_transaction

    work_type = CustomAttribute.objects.create(company=company, code="WORKTYPE", name="Work type")
    design = CustomAttributeValue.objects.create(attribute=work_type, code="DESIGN", name="Design")
    alice = Employee.objects.create(company=company, code="E100", name="Alice Morgan")
    txn = create_transaction(
        company=company,
        actor=clerk_user,
        data=TransactionInput(
            type="journal_entry",
            date=date(2026, 5, 1),
            lines=[
                LineInput(
                    account=accounts["rent"], debit=Decimal(70), employee=alice, custom_values=[design]
                ),
                LineInput(account=accounts["cash"], credit=Decimal(70)),
            ],
        ),
    )
    client = client_for(clerk_user)
    page = client.get(f"/financial/transactions/{txn.pk}/edit/").content.decode()
    assert f'<option value="{design.pk}" selected>Design</option>' in page
    assert f'<option value="{alice.pk}" selected>E100 Alice Morgan</option>' in page

    header: dict[str, Any] = {k: ("" if v is None else v) for k, v in header_initial(txn).items()}
    lines = [{k: ("" if v is None else v) for k, v in line.items()} for line in lines_initial(txn)]
    lines[0]["debit"] = "75.00"
    lines[1]["credit"] = "75.00"
    response = client.post(f"/financial/transactions/{txn.pk}/edit/", form_data(lines, **header))

    assert response.status_code == 302
    first = txn.lines.get(line_no=1)
    assert (first.debit, first.employee, list(first.custom_values.all())) == (
        Decimal("75.00"),
        alice,
        [design],
    )
    detail = client.get(f"/financial/transactions/{txn.pk}/").content.decode()
    assert "Employee E100" in detail
    assert "Work type: Design" in detail
