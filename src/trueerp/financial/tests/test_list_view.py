"""The transaction list: scope, permission, search, filters, keyset pagination, extensions."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db.models import QuerySet
from django.utils.html import format_html

from trueerp.core.models import User
from trueerp.core.permissions import FINANCIAL_MODULE
from trueerp.core.services.access import grant
from trueerp.financial import list_extensions
from trueerp.financial.models import Transaction, TransactionLine
from trueerp.financial.services.transactions import LineInput, TransactionInput, create_transaction
from trueerp.financial.tests import factories

URL = "/financial/"


def _link(html: str, rel: str) -> str:
    found = re.search(rf'href="(\?[^"]*)" rel="{rel}"', html)
    assert found is not None, f"no {rel} link"
    return URL + found.group(1).replace("&amp;", "&")


def _numbers(response) -> list[str]:
    return re.findall(r'<a href="/financial/transactions/\d+/">([^<]+)</a>', response.content.decode())


def _bulk(company, accounts, count: int, start: dt.date = dt.date(2026, 1, 1)) -> list[Transaction]:
    """Posted journal entries JE-00001… one per day, with lines, quickly."""
    txns = Transaction.objects.bulk_create(
        [
            Transaction(
                company=company,
                type=Transaction.Type.JOURNAL_ENTRY,
                state=Transaction.State.POSTED,
                number=f"JE-{i:05d}",
                date=start + dt.timedelta(days=i // 3),
                description=f"Entry {i}",
                total=Decimal(10),
            )
            for i in range(1, count + 1)
        ]
    )
    TransactionLine.objects.bulk_create(
        [
            TransactionLine(transaction=t, line_no=n, account=accounts[a], debit=d, credit=c)
            for t in txns
            for n, a, d, c in ((1, "rent", Decimal(10), Decimal(0)), (2, "cash", Decimal(0), Decimal(10)))
        ]
    )
    return txns


def test_list_shows_only_own_company(company, other_company, admin_user, outsider_user, accounts, client_for):
    factories.journal_entry(company, accounts, description="Our rent")
    factories.journal_entry(
        other_company, factories.chart(other_company), description="Their rent", number="X-1"
    )

    response = client_for(admin_user).get(URL)

    assert response.status_code == 200
    assert _numbers(response) == ["JE-000001"]
    assert "Their rent" not in response.content.decode()
    assert _numbers(client_for(outsider_user).get(URL)) == ["X-1"]


def test_list_needs_1300(company, client_for):
    nobody = User.objects.create_user("viewer", password="x", company=company)

    response = client_for(nobody).get(URL)

    assert response.status_code == 403
    assert "#1300" in response.content.decode()
    assert "Module Access (Financial)" in response.content.decode()


def test_anonymous_is_sent_to_login(db, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_columns_and_party(company, admin_user, accounts, client_for):
    acme = factories.customer(company, name="Acme Corp")
    create_transaction(
        company=company,
        actor=admin_user,
        data=TransactionInput(
            type=Transaction.Type.AR_INVOICE,
            date=dt.date(2026, 5, 1),
            customer=acme,
            description="Design phase",
            lines=[
                LineInput(account=accounts["ar"], debit=Decimal("1234.50")),
                LineInput(account=accounts["revenue"], credit=Decimal("1234.50")),
            ],
        ),
        post=True,
    )

    html = client_for(admin_user).get(URL).content.decode()

    assert "<th>Date</th><th>Type</th><th>Number</th><th>Party</th><th>Description</th>" in html
    assert "Acme Corp" in html
    assert '<td class="num" style="white-space:nowrap">1,234.50 <span class="muted">USD</span></td>' in html
    assert 'data-state="posted">Posted</span>' in html


def test_search_matches_number_description_reference_and_party(company, admin_user, accounts, client_for):
    factories.journal_entry(company, accounts, description="Office rent March")
    factories.journal_entry(company, accounts, description="Other", reference="REF-778")
    vendor = factories.vendor(company, name="Steel Supply Co")
    factories.journal_entry(company, accounts, description="Steel", vendor=vendor)
    client = client_for(admin_user)

    assert _numbers(client.get(URL, {"q": "office"})) == ["JE-000001"]
    assert _numbers(client.get(URL, {"q": "ref-778"})) == ["JE-000002"]
    assert _numbers(client.get(URL, {"q": "supply"})) == ["JE-000003"]
    assert _numbers(client.get(URL, {"q": "JE-000002"})) == ["JE-000002"]
    assert (
        "No transactions match these filters" in client.get(URL, {"q": "nothing-like-this"}).content.decode()
    )


def test_filters_by_type_state_and_dates(company, admin_user, accounts, client_for):
    factories.journal_entry(company, accounts, on=dt.date(2026, 1, 10))
    factories.journal_entry(company, accounts, on=dt.date(2026, 2, 10), post=True)
    factories.journal_entry(company, accounts, on=dt.date(2026, 3, 10), post=True)
    client = client_for(admin_user)

    assert _numbers(client.get(URL, {"state": "posted"})) == ["JE-000003", "JE-000002"]
    assert _numbers(client.get(URL, {"state": "draft", "type": "journal_entry"})) == ["JE-000001"]
    assert _numbers(client.get(URL, {"type": "ap_bill"})) == []
    assert _numbers(client.get(URL, {"date_from": "2026-02-01", "date_to": "2026-02-28"})) == ["JE-000002"]
    assert _numbers(client.get(URL, {"date_from": "2026-02-01", "state": "draft"})) == []


def test_bad_filter_values_are_reported_and_ignored(company, admin_user, accounts, client_for):
    factories.journal_entry(company, accounts)

    response = client_for(admin_user).get(URL, {"state": "bogus", "date_from": "yesterday"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "These filters were ignored." in html
    assert _numbers(response) == ["JE-000001"]


def test_keyset_pagination_walks_forward_and_back(company, admin_user, accounts, client_for):
    _bulk(company, accounts, 120)
    client = client_for(admin_user)
    expected = list(
        Transaction.objects.filter(company=company).values_list("number", flat=True)
    )  # -date, -id

    first = client.get(URL)
    assert _numbers(first) == expected[:50]
    second = client.get(_link(first.content.decode(), "next"))
    assert _numbers(second) == expected[50:100]
    third = client.get(_link(second.content.decode(), "next"))
    assert _numbers(third) == expected[100:120]
    assert 'rel="next"' not in third.content.decode()
    back = client.get(_link(third.content.decode(), "prev"))
    assert _numbers(back) == expected[50:100]
    newest = client.get(_link(back.content.decode(), "prev"))
    assert _numbers(newest) == expected[:50]
    assert 'rel="prev"' not in newest.content.decode()
    assert "120 matching transactions" in first.content.decode()


def test_pagination_keeps_filters(company, admin_user, accounts, client_for):
    _bulk(company, accounts, 60)
    html = client_for(admin_user).get(URL, {"state": "posted"}).content.decode()

    assert re.search(r'href="\?state=posted&amp;after=\d{4}-\d\d-\d\d\.\d+" rel="next"', html)


def test_count_is_capped(company, admin_user, accounts, client_for, settings):
    from trueerp.financial import views

    _bulk(company, accounts, 30)
    original = views.COUNT_CAP
    views.COUNT_CAP = 25
    try:
        html = client_for(admin_user).get(URL).content.decode()
    finally:
        views.COUNT_CAP = original

    assert "More than 25 matching transactions" in html


def test_query_count_does_not_grow_with_rows(
    company, admin_user, accounts, client_for, django_assert_max_num_queries
):
    _bulk(company, accounts, 120)
    client = client_for(admin_user)
    client.get(URL)  # warm the session

    with django_assert_max_num_queries(8):
        client.get(URL)


@pytest.fixture
def sync_extension():
    calls: list[int] = []

    def render_page(transactions, company):
        calls.append(len(transactions))
        return {
            t.pk: format_html('<span class="badge ok">Synced {}</span>', t.number) for t in transactions[:1]
        }

    def only_posted(queryset: QuerySet[Transaction], value: str) -> QuerySet[Transaction]:
        return queryset.filter(state=value)

    list_extensions.register_column(list_extensions.ListColumn("sync", "Sync status", render_page))
    list_extensions.register_filter(
        list_extensions.ListFilter("sync", "Sync status", [("posted", "Only posted")], only_posted)
    )
    yield calls
    list_extensions.unregister("sync")


def test_extension_column_is_rendered_once_per_page(
    company, admin_user, accounts, client_for, sync_extension
):
    factories.journal_entry(company, accounts)
    factories.journal_entry(company, accounts, post=True)

    html = client_for(admin_user).get(URL).content.decode()

    assert sync_extension == [2]
    assert '<th class="" data-column="sync">Sync status</th>' in html
    assert '<span class="badge ok">Synced JE-000002</span>' in html
    assert html.count("Synced ") == 1


def test_extension_filter(company, admin_user, accounts, client_for, sync_extension):
    factories.journal_entry(company, accounts)
    factories.journal_entry(company, accounts, post=True)
    client = client_for(admin_user)

    assert _numbers(client.get(URL, {"x_sync": "posted"})) == ["JE-000002"]
    assert _numbers(client.get(URL, {"x_sync": "not-a-choice"})) == ["JE-000002", "JE-000001"]
    assert '<option value="posted">Only posted</option>' in client.get(URL).content.decode()


def test_clerk_and_viewer_see_the_list(company, clerk_user, client_for, accounts):
    viewer = User.objects.create_user("viewer", password="x", company=company)
    grant(viewer, FINANCIAL_MODULE)

    assert client_for(clerk_user).get(URL).status_code == 200
    viewer_html = client_for(viewer).get(URL).content.decode()
    assert "New journal entry" not in viewer_html


def test_extension_column_and_filter_can_be_hidden_per_company(company, admin_user, accounts, client_for):
    factories.journal_entry(company, accounts)
    list_extensions.register_column(
        list_extensions.ListColumn(
            "hidden", "Hidden column", lambda txns, c: {}, is_visible=lambda c: c.code != company.code
        )
    )
    list_extensions.register_filter(
        list_extensions.ListFilter("hidden", "Hidden filter", lambda c: [], lambda q, v: q)
    )
    try:
        html = client_for(admin_user).get(URL).content.decode()
    finally:
        list_extensions.unregister("hidden")

    assert "Hidden column" not in html
    assert "Hidden filter" not in html
