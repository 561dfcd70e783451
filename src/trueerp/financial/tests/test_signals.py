"""Signals are sent inside the atomic block, so a receiver's row commits or rolls back with the change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from trueerp.core.models import AuditEntry
from trueerp.financial.models import Transaction
from trueerp.financial.services.transactions import post_transaction, void_transaction
from trueerp.financial.signals import transaction_changed, transaction_posted, transaction_voided
from trueerp.financial.tests import factories


@pytest.fixture
def received() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    calls: list[tuple[str, dict[str, Any]]] = []

    def make(name: str):
        def receiver(sender: type, **kwargs: Any) -> None:
            assert sender is Transaction
            # Inside the service's atomic block, not merely inside the test's outer transaction.
            depth = len(connection.savepoint_ids)
            calls.append((name, {**kwargs, "in_atomic": connection.in_atomic_block, "savepoints": depth}))

        return receiver

    receivers = {
        transaction_changed: make("changed"),
        transaction_posted: make("posted"),
        transaction_voided: make("voided"),
    }
    for signal, receiver in receivers.items():
        signal.connect(receiver, weak=False)
    yield calls
    for signal, receiver in receivers.items():
        signal.disconnect(receiver)


def test_each_change_sends_its_signal_inside_the_atomic_block(company, admin_user, accounts, received):
    txn = factories.journal_entry(company, accounts, actor=admin_user)
    post_transaction(txn, actor=admin_user)
    void_transaction(txn, actor=admin_user)

    assert [name for name, _ in received] == ["changed", "posted", "voided"]
    for _name, kwargs in received:
        assert kwargs["transaction"].pk == txn.pk
        assert kwargs["actor"] == admin_user
        assert kwargs["in_atomic"] is True
        assert kwargs["savepoints"] >= 1  # the service's own atomic() block (a savepoint under pytest)
    assert received[0][1]["created"] is True
    assert received[1][1]["transaction"].state == "posted"


def test_a_failing_receiver_rolls_the_change_back(company, admin_user, accounts):
    txn = factories.journal_entry(company, accounts, actor=admin_user)

    def outbox_is_down(sender: type, **kwargs: Any) -> None:
        raise RuntimeError("outbox unavailable")

    transaction_posted.connect(outbox_is_down, weak=False)
    try:
        with pytest.raises(RuntimeError, match="outbox unavailable"):
            post_transaction(txn, actor=admin_user)
    finally:
        transaction_posted.disconnect(outbox_is_down)

    txn.refresh_from_db()
    assert txn.state == Transaction.State.DRAFT
    assert not AuditEntry.objects.filter(action="financial.transaction.posted").exists()


def test_receiver_writes_commit_with_the_change(company, admin_user, accounts):
    """What an integration does: write an 'outbox' row (here an audit entry) from the receiver."""
    txn = factories.journal_entry(company, accounts, actor=admin_user)

    def write_outbox(sender: type, transaction: Transaction, **kwargs: Any) -> None:
        AuditEntry.objects.create(company=transaction.company, action="outbox", object_id=str(transaction.pk))

    transaction_posted.connect(write_outbox, weak=False)
    try:
        post_transaction(txn, actor=admin_user)
    finally:
        transaction_posted.disconnect(write_outbox)

    assert AuditEntry.objects.filter(action="outbox", object_id=str(txn.pk)).count() == 1
