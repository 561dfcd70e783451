"""post_transaction / void / update / create: validation messages, state changes, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from trueerp.core.models import AuditEntry
from trueerp.financial.models import Transaction, TransactionLine
from trueerp.financial.services.transactions import (
    LineInput,
    PostingError,
    TransactionError,
    TransactionInput,
    create_transaction,
    duplicate_transaction,
    next_document_number,
    post_transaction,
    update_transaction,
    void_transaction,
)
from trueerp.financial.tests import factories

D = Decimal


def _draft(company, admin_user, type_, lines, **header):
    data = TransactionInput(type=type_, date=dt.date(2026, 4, 1), lines=lines, **header)
    return create_transaction(company=company, actor=admin_user, data=data)


def test_post_balanced_journal_entry(company, admin_user, accounts):
    txn = factories.journal_entry(company, accounts, actor=admin_user, amount="250.50")

    posted = post_transaction(txn, actor=admin_user)

    assert posted.state == Transaction.State.POSTED
    assert posted.posted_at is not None
    assert posted.total == D("250.50")
    entry = AuditEntry.objects.get(action="financial.transaction.posted")
    assert entry.summary == "Posted Journal entry JE-000001 (250.50 USD)"
    assert entry.before == {
        "state": "draft",
        "number": "JE-000001",
        "date": "2026-03-01",
        "total": "250.50",
        "currency": "USD",
    }
    assert entry.after["state"] == "posted"


def test_unbalanced_journal_entry_lists_every_problem(company, admin_user, accounts):
    accounts["rent"].is_active = False
    accounts["rent"].save()
    txn = _draft(
        company,
        admin_user,
        Transaction.Type.JOURNAL_ENTRY,
        [
            LineInput(account=accounts["rent"], debit=D("100.00")),
            LineInput(account=accounts["cash"], credit=D("90")),
        ],
    )

    with pytest.raises(PostingError) as caught:
        post_transaction(txn, actor=admin_user)

    assert caught.value.problems == [
        "Line 1: account 6000 Rent is inactive.",
        "Debits (100.00) do not equal credits (90.00); the difference is 10.00.",
    ]
    assert str(caught.value) == (
        "Cannot post Journal entry JE-000001: Line 1: account 6000 Rent is inactive. "
        "Debits (100.00) do not equal credits (90.00); the difference is 10.00."
    )
    txn.refresh_from_db()
    assert txn.state == Transaction.State.DRAFT
    assert not AuditEntry.objects.filter(action="financial.transaction.posted").exists()


def test_single_line_journal_entry_is_refused(company, admin_user, accounts):
    txn = _draft(
        company, admin_user, Transaction.Type.JOURNAL_ENTRY, [LineInput(account=accounts["rent"], debit=D(5))]
    )

    with pytest.raises(PostingError) as caught:
        post_transaction(txn, actor=admin_user)

    assert caught.value.problems == [
        "A journal entry needs at least 2 lines; it has 1.",
        "Debits (5.00) do not equal credits (0.00); the difference is 5.00.",
    ]


def test_zero_journal_entry_is_refused(company, admin_user, accounts):
    txn = _draft(
        company,
        admin_user,
        Transaction.Type.JOURNAL_ENTRY,
        [LineInput(account=accounts["rent"]), LineInput(account=accounts["cash"])],
    )

    with pytest.raises(PostingError) as caught:
        post_transaction(txn, actor=admin_user)

    assert caught.value.problems == [
        "Line 1: enter a debit or a credit amount.",
        "Line 2: enter a debit or a credit amount.",
        "The total is zero; a transaction must move an amount greater than zero.",
    ]


@pytest.mark.parametrize(
    ("type_", "message"),
    [
        (Transaction.Type.AR_INVOICE, "An AR invoice needs a customer."),
        (Transaction.Type.AR_PAYMENT, "An AR payment needs a customer."),
        (Transaction.Type.AP_BILL, "An AP bill needs a vendor."),
        (Transaction.Type.AP_PAYMENT, "An AP payment needs a vendor."),
    ],
)
def test_documents_need_their_party(company, admin_user, accounts, type_, message):
    txn = _draft(
        company,
        admin_user,
        type_,
        [
            LineInput(account=accounts["ar"], debit=D(10)),
            LineInput(account=accounts["revenue"], credit=D(10)),
        ],
    )

    with pytest.raises(PostingError) as caught:
        post_transaction(txn, actor=admin_user)

    assert caught.value.problems == [message]


def test_invoice_with_customer_posts_with_numbering_per_type(company, admin_user, accounts):
    acme = factories.customer(company)
    lines = [
        LineInput(account=accounts["ar"], debit=D(10)),
        LineInput(account=accounts["revenue"], credit=D(10)),
    ]
    first = _draft(company, admin_user, Transaction.Type.AR_INVOICE, lines, customer=acme)
    second = _draft(company, admin_user, Transaction.Type.AR_INVOICE, lines, customer=acme)

    post_transaction(first, actor=admin_user)

    assert (first.number, second.number) == ("INV-000001", "INV-000002")
    assert next_document_number(company, Transaction.Type.JOURNAL_ENTRY) == "JE-000001"


def test_posting_twice_is_refused(company, admin_user, accounts):
    txn = factories.journal_entry(company, accounts, actor=admin_user, post=True)

    with pytest.raises(PostingError) as caught:
        post_transaction(txn, actor=admin_user)

    assert caught.value.problems == ["only drafts can be posted, and it is posted."]


def test_create_and_post_rolls_back_the_draft_when_posting_fails(company, admin_user, accounts):
    data = TransactionInput(
        type=Transaction.Type.JOURNAL_ENTRY,
        date=dt.date(2026, 4, 1),
        lines=[
            LineInput(account=accounts["rent"], debit=D(1)),
            LineInput(account=accounts["cash"], credit=D(2)),
        ],
    )

    with pytest.raises(PostingError):
        create_transaction(company=company, actor=admin_user, data=data, post=True)

    assert Transaction.objects.count() == 0
    assert TransactionLine.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_objects_of_another_company_are_refused(company, other_company, admin_user, accounts):
    foreign = factories.account(other_company, "6000", "Their rent")
    data = TransactionInput(
        type=Transaction.Type.JOURNAL_ENTRY,
        date=dt.date(2026, 4, 1),
        lines=[LineInput(account=foreign, debit=D(1)), LineInput(account=accounts["cash"], credit=D(1))],
    )

    with pytest.raises(TransactionError) as caught:
        create_transaction(company=company, actor=admin_user, data=data)

    assert caught.value.problems == ["Line 1: the account belongs to another company."]
    assert Transaction.objects.count() == 0


def test_void_posted_transaction(company, admin_user, accounts):
    txn = factories.journal_entry(company, accounts, actor=admin_user, post=True)

    voided = void_transaction(txn, actor=admin_user, reason="Entered twice")

    assert voided.state == Transaction.State.VOID
    assert voided.voided_at is not None
    assert AuditEntry.objects.get(action="financial.transaction.voided").summary == (
        "Voided Journal entry JE-000001: Entered twice"
    )


def test_void_of_a_draft_is_refused(company, admin_user, accounts):
    txn = factories.journal_entry(company, accounts, actor=admin_user)

    with pytest.raises(TransactionError) as caught:
        void_transaction(txn, actor=admin_user)

    assert caught.value.problems == ["only posted transactions can be voided, and it is draft."]
    txn.refresh_from_db()
    assert txn.state == Transaction.State.DRAFT


def test_update_posted_transaction_bumps_version(company, admin_user, accounts):
    txn = factories.journal_entry(company, accounts, actor=admin_user, post=True)
    data = TransactionInput(
        type=txn.type,
        date=dt.date(2026, 3, 2),
        description="Rent, corrected",
        lines=[
            LineInput(account=accounts["rent"], debit=D(120)),
            LineInput(account=accounts["cash"], credit=D(120)),
        ],
    )

    updated = update_transaction(txn, actor=admin_user, data=data)

    assert (updated.version, updated.state, updated.total, updated.number) == (
        2,
        "posted",
        D("120.00"),
        "JE-000001",
    )
    assert [(line.line_no, line.debit, line.credit) for line in updated.lines.order_by("line_no")] == [
        (1, D("120.00"), D("0.00")),
        (2, D("0.00"), D("120.00")),
    ]
    assert AuditEntry.objects.get(action="financial.transaction.updated").summary == (
        "Edited Journal entry JE-000001 (version 1 → 2)"
    )


def test_update_that_unbalances_a_posted_transaction_changes_nothing(company, admin_user, accounts):
    txn = factories.journal_entry(company, accounts, actor=admin_user, post=True)
    data = TransactionInput(
        type=txn.type,
        date=dt.date(2026, 3, 2),
        lines=[
            LineInput(account=accounts["rent"], debit=D(120)),
            LineInput(account=accounts["cash"], credit=D(100)),
        ],
    )

    with pytest.raises(PostingError) as caught:
        update_transaction(txn, actor=admin_user, data=data)

    assert caught.value.problems == [
        "Debits (120.00) do not equal credits (100.00); the difference is 20.00."
    ]
    txn.refresh_from_db()
    assert (txn.version, txn.total, txn.date) == (1, D("100.00"), dt.date(2026, 3, 1))
    assert sorted(txn.lines.values_list("debit", flat=True)) == [D("0.00"), D("100.00")]
    assert not AuditEntry.objects.filter(action="financial.transaction.updated").exists()


def test_void_transaction_cannot_be_edited(company, admin_user, accounts):
    txn = void_transaction(factories.journal_entry(company, accounts, post=True), actor=admin_user)

    with pytest.raises(TransactionError) as caught:
        update_transaction(
            txn, actor=admin_user, data=TransactionInput(type=txn.type, date=txn.date, lines=[])
        )

    assert caught.value.problems == ["A void transaction cannot be edited."]


def test_duplicate_makes_a_new_draft(company, admin_user, accounts):
    original = factories.journal_entry(company, accounts, actor=admin_user, post=True)

    copy = duplicate_transaction(original, actor=admin_user)

    assert (copy.state, copy.number, copy.total, copy.version) == ("draft", "JE-000002", D("100.00"), 1)
    assert copy.lines.count() == 2


def test_duplicate_number_is_refused(company, admin_user, accounts):
    factories.journal_entry(company, accounts, number="JE-7")

    with pytest.raises(TransactionError) as caught:
        factories.journal_entry(company, accounts, number="JE-7")

    assert caught.value.problems == ["Journal entry number JE-7 is already used."]
    assert Transaction.objects.count() == 1
