"""Signals the Financial module sends when a transaction changes.

All three are sent with ``sender=Transaction`` and the keyword arguments ``transaction`` (the saved
`Transaction`) and ``actor`` (the `User` who made the change, or ``None`` for system changes).
`transaction_changed` also carries ``created`` (True for a new draft) and ``previous_version``.

They are sent *inside* the database transaction that made the change (see
`trueerp.financial.services.transactions`): a receiver that writes a row (an integration's outbox
job, say) commits or rolls back together with the change, and an exception raised by a receiver
undoes the change. Receivers must therefore be quick and must not call remote services; schedule
such work with ``django.db.transaction.on_commit``.
"""

from __future__ import annotations

from django.dispatch import Signal

transaction_posted = Signal()
"""A draft became posted."""

transaction_changed = Signal()
"""A transaction's content changed (created, edited, duplicated); ``version`` was bumped on edits."""

transaction_voided = Signal()
"""A posted transaction became void."""
