"""Pages show transaction and base amounts: the Financial list and detail (through the module's
column) and the Sage Intacct sync history, for records in Intacct; nothing invented for others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.tests.currency.test_currency_emulator import set_rate
from trueerp.sage_intacct.tests.sync_support import connected, journal, line, master, run

pytestmark = [pytest.mark.django_db, pytest.mark.emulator]
__all__ = ["connected", "master"]


@pytest.fixture
def euro_entry(company, connected, master, emulator):
    set_rate(emulator, "EUR", "USD", "1.0842")
    refresh_reference_data(company)
    m = master
    txn = journal(
        company,
        [line(m.accounts["6200"], debit="500.00"), line(m.accounts["1000"], credit="500.00")],
        currency="EUR",
        description="Conference in Lyon",
    )
    run(company)
    return txn


def test_history_shows_transaction_base_amount_and_rate(euro_entry, admin_user, client_for):
    html = (
        client_for(admin_user)
        .get(reverse("sage_intacct:transaction_history", args=[euro_entry.pk]))
        .content.decode()
    )

    assert '<dd class="mono">500.00 EUR</dd>' in html
    assert (
        '<dd class="mono" data-testid="base-amount">542.10 USD <span class="muted">in the books of entity US</span></dd>'
        in html
    )
    assert '<dd data-testid="conversion">1 EUR = 1.0842 USD (Intacct Daily Rate, 03/10/2026)</dd>' in html


def test_list_and_detail_show_the_base_amount_of_foreign_records_only(
    company, euro_entry, master, admin_user, client_for
):
    dollars = journal(
        company, [line(master.accounts["6200"], debit="7.00"), line(master.accounts["1000"], credit="7.00")]
    )
    run(company)
    client = client_for(admin_user)

    listing = client.get("/financial/").content.decode()
    detail = client.get(f"/financial/transactions/{euro_entry.pk}/").content.decode()

    cell = (
        '<span class="muted" style="white-space:nowrap" title="1 EUR = 1.0842 USD (Intacct Daily Rate, '
        '03/10/2026)" data-base-amount="542.10">542.10 USD</span>'
    )
    assert listing.count("data-base-amount=") == 1
    row = listing.split(f'data-transaction="{euro_entry.pk}"')[1].split("</tr>")[0]
    assert cell in row
    assert 'data-sync-status="synced"' in row
    row = listing.split(f'data-transaction="{dollars.pk}"')[1].split("</tr>")[0]
    assert "data-base-amount" not in row
    assert cell in detail


def test_a_record_not_in_intacct_says_it_is_converted_when_it_syncs(
    company, connected, master, admin_user, client_for
):
    txn = journal(
        company,
        [line(master.accounts["6200"], debit="5.00"), line(master.accounts["1000"], credit="5.00")],
        currency="EUR",
    )

    html = (
        client_for(admin_user)
        .get(reverse("sage_intacct:transaction_history", args=[txn.pk]))
        .content.decode()
    )

    assert "Not in Intacct yet: Intacct converts it to the entity's base currency when it syncs." in html
    assert 'data-testid="base-amount"' not in html
