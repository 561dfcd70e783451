"""Transaction currency and exchange rate: defaults from the branch, checks a bookkeeper understands,
Decimal rates kept exactly, and the detail page showing transaction and base amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from trueerp.financial import currencies
from trueerp.financial.models import Branch, Transaction
from trueerp.financial.services.transactions import (
    LineInput,
    TransactionError,
    TransactionInput,
    create_transaction,
    duplicate_transaction,
)
from trueerp.financial.tests import factories
from trueerp.financial.tests.test_form_view import NEW, form_data, nothing_saved


def _lines(accounts, amount: str = "500.00") -> list[dict[str, object]]:
    return [
        {"account": accounts["rent"].pk, "debit": amount},
        {"account": accounts["cash"].pk, "credit": amount},
    ]


@pytest.fixture
def london(company) -> Branch:
    return Branch.objects.create(company=company, code="UK-LDN", name="London", country="GB", currency="GBP")


def test_currency_defaults_from_the_branch(company, clerk_user, accounts, london, client_for):
    client_for(clerk_user).post(NEW, form_data(_lines(accounts), currency="", branch=london.pk))

    txn = Transaction.objects.get()
    assert (txn.currency, txn.exchange_rate, txn.exchange_rate_type, txn.exchange_rate_date) == (
        "GBP",
        None,
        "",
        None,
    )


def test_currency_defaults_to_the_company_without_a_branch(company, accounts):
    txn = factories.journal_entry(company, accounts)

    assert txn.currency == company.base_currency == "USD"


def test_foreign_entry_with_an_entered_rate_keeps_it_exactly(company, clerk_user, accounts, client_for):
    data = form_data(
        _lines(accounts), currency="eur", exchange_rate="1.0812345678", exchange_rate_date="2026-06-29"
    )

    response = client_for(clerk_user).post(NEW, data)

    txn = Transaction.objects.get()
    assert response.status_code == 302
    assert (txn.currency, txn.exchange_rate, txn.exchange_rate_date, txn.total) == (
        "EUR",
        Decimal("1.0812345678"),
        dt.date(2026, 6, 29),
        Decimal("500.00"),
    )
    assert list(txn.lines.values_list("debit", "credit")) == [
        (Decimal("500.00"), Decimal("0.00")),
        (Decimal("0.00"), Decimal("500.00")),
    ]


def test_rate_type_is_stored_and_rate_date_defaults_to_the_transaction_date(
    company, clerk_user, accounts, client_for
):
    client_for(clerk_user).post(
        NEW, form_data(_lines(accounts), currency="CAD", exchange_rate_type=" Month-end ")
    )

    txn = Transaction.objects.get()
    assert (txn.exchange_rate_type, txn.exchange_rate_date, txn.rate_date) == (
        "Month-end",
        None,
        dt.date(2026, 6, 30),
    )


@pytest.mark.parametrize(
    ("header", "field", "message"),
    [
        (
            {"currency": "EUX"},
            "currency",
            "EUX is not an ISO 4217 currency code. Use the three-letter code of the currency the amounts are in, "
            "such as USD, CAD, GBP or EUR.",
        ),
        (
            {"currency": "EUR", "exchange_rate": "0"},
            "exchange_rate",
            "The exchange rate must be greater than zero (it is 0): it says how much one unit of the transaction "
            "currency is worth in the base currency, e.g. 1.08.",
        ),
        (
            {"currency": "EUR", "exchange_rate": "-1.08"},
            "exchange_rate",
            "The exchange rate must be greater than zero (it is -1.08)",
        ),
        (
            {"currency": "EUR", "exchange_rate": "1.12345678901"},
            "exchange_rate",
            "The exchange rate 1.12345678901 has 11 decimal places; at most 10 are kept. Round it to 10 decimal "
            "places.",
        ),
        (
            {"currency": "EUR", "exchange_rate": "1,08"},
            "exchange_rate",
            "Enter the exchange rate as a number, e.g. 1.08.",
        ),
        (
            {"currency": "EUR", "exchange_rate": "1.08", "exchange_rate_type": "Month-end"},
            "exchange_rate_type",
            "Enter either an exchange rate or a rate type, not both",
        ),
    ],
)
def test_bad_currency_input_is_refused_with_a_sentence(
    company, clerk_user, accounts, client_for, header, field, message
):
    response = client_for(clerk_user).post(NEW, form_data(_lines(accounts), **header))

    assert response.status_code == 400
    form = response.context["form"]
    assert any(error.startswith(message) for error in form.errors[field]), form.errors
    nothing_saved()


def test_service_refuses_what_the_form_refuses(company, accounts):
    data = TransactionInput(
        type=Transaction.Type.JOURNAL_ENTRY,
        date=dt.date(2026, 3, 1),
        currency="ZZZ",
        exchange_rate=Decimal("-2"),
        exchange_rate_type="Spot",
        lines=[
            LineInput(accounts["rent"], debit=Decimal("5")),
            LineInput(accounts["cash"], credit=Decimal("5")),
        ],
    )

    with pytest.raises(TransactionError) as caught:
        create_transaction(company=company, actor=None, data=data)

    assert caught.value.problems == [
        currencies.currency_problem("ZZZ"),
        currencies.RATE_AND_TYPE,
        "The exchange rate must be greater than zero (it is -2): it says how much one unit of the transaction "
        "currency is worth in the base currency, e.g. 1.08.",
    ]
    assert Transaction.objects.count() == 0


def test_a_currency_without_minor_unit_refuses_cents(company, accounts):
    data = TransactionInput(
        type=Transaction.Type.JOURNAL_ENTRY,
        date=dt.date(2026, 3, 1),
        currency="JPY",
        lines=[
            LineInput(accounts["rent"], debit=Decimal("1000.50")),
            LineInput(accounts["cash"], credit=Decimal("1000.50")),
        ],
    )

    with pytest.raises(TransactionError) as caught:
        create_transaction(company=company, actor=None, data=data)

    assert caught.value.problems == [
        "Line 1: JPY has no minor unit: enter 1000.50 as a whole number of Japanese yen.",
        "Line 2: JPY has no minor unit: enter 1000.50 as a whole number of Japanese yen.",
    ]


def test_edit_form_shows_the_rate_as_entered(company, clerk_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts, currency="EUR", exchange_rate=Decimal("1.08"))

    html = client_for(clerk_user).get(f"/financial/transactions/{txn.pk}/edit/").content.decode()

    assert 'name="exchange_rate" value="1.08"' in html
    assert 'name="currency" value="EUR"' in html
    assert '<option value="EUR">Euro</option>' in html


def test_detail_shows_transaction_and_base_amounts(company, clerk_user, accounts, client_for):
    txn = factories.journal_entry(
        company, accounts, amount="500.00", currency="EUR", exchange_rate=Decimal("1.08")
    )

    response = client_for(clerk_user).get(f"/financial/transactions/{txn.pk}/")

    html = response.content.decode()
    assert (
        'data-testid="transaction-total">500.00 <span class="muted" style="font-size:14px">EUR</span>' in html
    )
    assert '<div class="muted" data-testid="base-total">540.00 USD in the base currency</div>' in html
    assert "1 EUR = 1.08 USD (entered)" in html
    assert "Debit EUR" in html


def test_detail_with_a_rate_type_names_it_and_its_date(company, clerk_user, accounts, london, client_for):
    txn = factories.journal_entry(company, accounts, currency="USD", branch=london)

    html = client_for(clerk_user).get(f"/financial/transactions/{txn.pk}/").content.decode()

    assert "foreign · base GBP" in html
    assert "the default rate type on Mar 1, 2026" in html
    assert 'data-testid="base-total"' not in html


def test_home_currency_entry_shows_no_rate(company, clerk_user, accounts, client_for):
    txn = factories.journal_entry(company, accounts)

    html = client_for(clerk_user).get(f"/financial/transactions/{txn.pk}/").content.decode()

    assert "Exchange rate" not in html.split('data-testid="currency-summary"')[1].split("</dl>")[0]
    assert "foreign" not in html


def test_duplicate_on_a_new_date_lets_the_rate_date_follow(company, accounts):
    txn = factories.journal_entry(
        company,
        accounts,
        currency="EUR",
        exchange_rate_type="Month-end",
        exchange_rate_date=dt.date(2026, 2, 28),
    )

    same_day = duplicate_transaction(txn, actor=None)
    later = duplicate_transaction(txn, actor=None, on_date=dt.date(2026, 4, 1))

    assert (same_day.exchange_rate_type, same_day.exchange_rate_date) == ("Month-end", dt.date(2026, 2, 28))
    assert (later.currency, later.exchange_rate_type, later.exchange_rate_date, later.rate_date) == (
        "EUR",
        "Month-end",
        None,
        dt.date(2026, 4, 1),
    )


def test_the_database_refuses_a_rate_and_a_rate_type_together(company, accounts):
    txn = factories.journal_entry(company, accounts, currency="EUR", exchange_rate=Decimal("1.08"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Transaction.objects.filter(pk=txn.pk).update(exchange_rate_type="Spot")


def test_iso_table_knows_the_codes_of_the_demo_and_their_minor_units():
    assert {
        code: currencies.CURRENCIES[code].minor_units for code in ("USD", "CAD", "GBP", "EUR", "JPY", "KWD")
    } == {
        "USD": 2,
        "CAD": 2,
        "GBP": 2,
        "EUR": 2,
        "JPY": 0,
        "KWD": 3,
    }
    assert [c.code for c in currencies.currency_choices()[:4]] == ["USD", "CAD", "GBP", "EUR"]
    assert currencies.convert(Decimal("500.00"), Decimal("1.0812345678")) == Decimal("540.62")
    assert currencies.format_rate(Decimal("100.0000000000")) == "100"
