"""Company Preferences > Financial > Financial defaults."""

from __future__ import annotations

from trueerp.core.models import AuditEntry
from trueerp.financial.models import FinancialPreferences, Transaction
from trueerp.financial.tests import factories

URL = "/settings/preferences/financial/"


def test_section_is_listed_and_renders(company, admin_user, client_for):
    html = client_for(admin_user).get(URL).content.decode()

    assert 'data-section="financial"' in html
    assert "Financial defaults" in html
    assert '<td class="mono">JE-000001</td>' in html


def test_save_changes_numbering_and_audits(company, admin_user, accounts, client_for):
    data = {
        "journal_entry_prefix": "GJ-",
        "ar_invoice_prefix": "INV-",
        "ap_bill_prefix": "BILL-",
        "ar_payment_prefix": "RCPT-",
        "ap_payment_prefix": "PAY-",
        "number_digits": "4",
        "receivables_account": accounts["ar"].pk,
        "payables_account": "",
        "cash_account": "",
    }

    response = client_for(admin_user).post(URL, data)

    assert response.status_code == 302
    prefs = FinancialPreferences.objects.get(company=company)
    assert (prefs.journal_entry_prefix, prefs.number_digits, prefs.receivables_account) == (
        "GJ-",
        4,
        accounts["ar"],
    )
    entry = AuditEntry.objects.get(action="preferences.financial")
    assert entry.before == {
        "journal_entry_prefix": "JE-",
        "number_digits": "6",
        "receivables_account": "None",
    }
    assert factories.journal_entry(company, accounts).number == "GJ-0001"
    assert Transaction.objects.count() == 1


def test_invalid_input_saves_nothing(company, admin_user, client_for):
    data = {
        "journal_entry_prefix": "INV-",
        "ar_invoice_prefix": "INV-",
        "ap_bill_prefix": "B ILL",
        "ar_payment_prefix": "",
        "ap_payment_prefix": "PAY-",
        "number_digits": "20",
    }

    html = client_for(admin_user).post(URL, data).content.decode()

    assert "Each document type needs its own prefix." in html
    assert "A prefix cannot contain spaces." in html
    assert "Use between 3 and 10 digits." in html
    assert not AuditEntry.objects.exists()
    assert not FinancialPreferences.objects.filter(journal_entry_prefix="INV-").exists()


def test_clerk_cannot_open_preferences(company, clerk_user, client_for):
    response = client_for(clerk_user).get(URL)

    assert response.status_code == 403
    assert "#1200" in response.content.decode()
