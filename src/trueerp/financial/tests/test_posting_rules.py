"""Property test of the posting rules (pure function, no database)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from trueerp.financial.models import Account, Transaction
from trueerp.financial.services.transactions import PostingLine, posting_problems

ACTIVE = Account(number="6000", name="Rent", type=Account.Type.EXPENSE, is_active=True)
amounts = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("99999.99"), places=2)
sides = st.lists(st.tuples(st.booleans(), amounts), max_size=8)


@given(sides)
def test_a_journal_entry_posts_exactly_when_it_balances(raw):
    lines = [
        PostingLine(
            n, ACTIVE, amount if is_debit else Decimal("0.00"), Decimal("0.00") if is_debit else amount
        )
        for n, (is_debit, amount) in enumerate(raw, start=1)
    ]
    debits = sum((line.debit for line in lines), Decimal("0.00"))
    credits = sum((line.credit for line in lines), Decimal("0.00"))
    postable = len(lines) >= 2 and all(line.debit or line.credit for line in lines) and debits == credits > 0

    problems = posting_problems(Transaction.Type.JOURNAL_ENTRY, None, None, lines)

    assert (problems == []) is postable
    if debits != credits:
        assert problems[-1].startswith(f"Debits ({debits:,.2f}) do not equal credits ({credits:,.2f})")


@given(amounts.filter(lambda amount: amount > 0))
def test_balancing_any_amount_posts(amount):
    lines = [
        PostingLine(1, ACTIVE, amount, Decimal("0.00")),
        PostingLine(2, ACTIVE, Decimal("0.00"), amount),
    ]

    assert posting_problems(Transaction.Type.JOURNAL_ENTRY, None, None, lines) == []
