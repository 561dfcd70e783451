"""Preparing a claimed batch: each job becomes either an outcome without an API call (blocked,
cancelled, not supported) or a `Sendable` — the function to send and its posting-ledger row.

What is sent depends on what Intacct holds, not on what TRUE holds now: a create sends TRUE's
current version; an update sends it to the entity the record was posted to; a reversal of a journal
entry flips the lines of the confirmed posting; a re-send after an unknown outcome sends the stored
payload byte for byte.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone

from intacct import IntacctError
from trueerp.core.models import Company
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.services.context import MappingContext
from trueerp.sage_intacct.mapping.services.prevalidation import Prepared, PreparedLine, dated, prepare
from trueerp.sage_intacct.sync.models import Posting, SyncAction, SyncAttempt, SyncJob, TransactionSyncState
from trueerp.sage_intacct.sync.services import ledger
from trueerp.sage_intacct.sync.services.builders import (
    Built,
    NotSupported,
    build,
    build_journal_reversal,
    lines_from_posting,
)
from trueerp.sage_intacct.sync.services.error_catalogue import Explanation
from trueerp.sage_intacct.sync.services.loading import load_transactions
from trueerp.sage_intacct.sync.services.results import Outcome
from trueerp.sage_intacct.sync.services.state.timing import company_today

logger = logging.getLogger(__name__)
PAYMENTS = (Transaction.Type.AR_PAYMENT, Transaction.Type.AP_PAYMENT)
DOCUMENTS = (Transaction.Type.AR_INVOICE, Transaction.Type.AP_BILL)


@dataclass
class Sendable:
    """One function ready to go out, and the ledger row that says what it posts."""

    job: SyncJob
    built: Built
    entity_id: str
    posting: ledger.Sent
    note: str = ""

    def outcome(self, request_id: str) -> Outcome:
        return Outcome(
            self.job,
            "",
            entity_id=self.entity_id,
            intacct_object=self.built.intacct_object,
            reference=self.built.reference,
            summary=self.built.summary,
            note=self.note,
            request_control_id=request_id,
            posting=self.posting,
        )


def _headline(problems: list[str]) -> str:
    """The first problem, shortened to its first sentence, and how many more there are."""
    first = problems[0].split(". ")[0].rstrip(".")
    first = first if len(first) <= 170 else first[:167] + "…"
    more = len(problems) - 1
    return first + (f" (+{more} more problem{'s' if more > 1 else ''})" if more else "")


def blocked(job: SyncJob, problems: list[str], entity_id: str = "") -> Outcome:
    message = " ".join(problems)
    explanation = Explanation(
        "blocked",
        _headline(problems),
        message,
        "Fix the mapping or the transaction; the record is checked again automatically.",
        False,
        "",
        message,
    )
    return Outcome(
        job, SyncAttempt.Outcome.BLOCKED, message=message, explanation=explanation, entity_id=entity_id
    )


def _cancelled(job: SyncJob, message: str) -> Outcome:
    return Outcome(job, SyncAttempt.Outcome.CANCELLED, message=message, entity_id=job.entity_id)


def _amount(txn: Transaction, lines: list[PreparedLine]) -> Decimal:
    if txn.type in PAYMENTS or not lines:
        return txn.total
    if txn.type in DOCUMENTS:
        positive_debit = txn.type == Transaction.Type.AP_BILL
        return sum(
            (line.amount if line.is_debit == positive_debit else -line.amount for line in lines), Decimal(0)
        )
    return sum((line.amount for line in lines if line.is_debit), Decimal(0))


@dataclass
class _Batch:
    company: Company
    context: MappingContext
    now: dt.datetime
    keys: dict[int, str]


def prepare_batch(
    company: Company, context: MappingContext, jobs: list[SyncJob]
) -> tuple[list[Outcome], list[Sendable]]:
    txns = load_transactions([job.transaction_id for job in jobs], context.uses_custom_attributes)
    related_ids = [t.applies_to_id for t in txns.values() if t.applies_to_id] + list(txns)
    keys = dict(
        TransactionSyncState.objects.filter(transaction_id__in=related_ids).values_list(
            "transaction_id", "intacct_key"
        )
    )
    wanted = {pk for job in jobs for pk in (job.base_posting_id, job.resend_posting_id) if pk}
    postings = Posting.objects.in_bulk(list(wanted)) if wanted else {}
    for job in jobs:
        if job.base_posting_id:
            job.base_posting = postings.get(job.base_posting_id)
        if job.resend_posting_id:
            job.resend_posting = postings.get(job.resend_posting_id)
    batch = _Batch(company, context, timezone.now(), keys)
    outcomes: list[Outcome] = []
    sendables: list[Sendable] = []
    for job in jobs:
        txn = txns[job.transaction_id]
        try:
            result = _prepare_job(batch, job, txn)
        except Exception as exc:  # one broken record must not stall the batch
            logger.exception("could not prepare sync job %s", job.pk)
            result = blocked(job, [f"TRUE could not prepare {txn} for Intacct ({exc!r})."])
        (sendables if isinstance(result, Sendable) else outcomes).append(result)  # type: ignore[arg-type]
    return outcomes, sendables


def _prepare_job(batch: _Batch, job: SyncJob, txn: Transaction) -> Outcome | Sendable:
    if job.resend_posting is not None:
        return _resend(batch, job, txn, job.resend_posting)
    if job.action == SyncAction.CREATE:
        return _create(batch, job, txn)
    if job.action == SyncAction.UPDATE:
        return _update(batch, job, txn)
    return _reverse(batch, job, txn)


def _resend(batch: _Batch, job: SyncJob, txn: Transaction, stored: Posting) -> Outcome | Sendable:
    """Intacct may have run this control id: only its own payload may go out under it again."""
    if job.action != SyncAction.REVERSE and txn.state != Transaction.State.POSTED:
        return _cancelled(job, "Voided in TRUE before it was sent again; Intacct does not hold it.")
    built = Built(
        ledger.stored_function(stored),
        stored.intacct_object,
        stored.reference,
        f"Re-send of {stored.intacct_object} ref={stored.reference} as first sent (v{stored.version})",
        currency=stored.currency,
        exchange_rate_type=stored.exchange_rate_type,
        exchange_rate=stored.exchange_rate,
        exchange_rate_date=stored.exchange_rate_date,
    )
    return Sendable(job, built, stored.entity_id, ledger.resend_of(stored, job, batch.now), stored.note)


def _sendable(
    batch: _Batch,
    job: SyncJob,
    txn: Transaction,
    built: Built,
    prepared: Prepared,
    *,
    version: int,
    lines: list[PreparedLine],
    amount: Decimal | None,
    reverses_id: int | None = None,
) -> Sendable:
    if prepared.creates:
        built = replace(built, creates={**built.creates, **prepared.creates})
    posting = ledger.new_posting(
        job,
        txn,
        built,
        version=version,
        entity_id=prepared.entity_id,
        posting_date=prepared.posting_date,
        lines=lines,
        amount=amount,
        note=prepared.note,
        now=batch.now,
        reverses_id=reverses_id,
    )
    return Sendable(job, built, prepared.entity_id, posting, prepared.note)


def _build(batch: _Batch, job: SyncJob, txn: Transaction, prepared: Prepared, key: str) -> Built | Outcome:
    try:
        return build(batch.context, job, txn, prepared, key)
    except NotSupported as exc:
        explanation = Explanation(
            "not_supported", "Not possible through the API", str(exc), "", False, "", str(exc)
        )
        return Outcome(
            job,
            SyncAttempt.Outcome.FAILED,
            message=str(exc),
            explanation=explanation,
            entity_id=prepared.entity_id,
        )
    except IntacctError as exc:  # invalid argument while building: nothing was sent
        return blocked(job, [f"{txn} cannot be sent to Intacct: {exc.message}"], prepared.entity_id)


def _create(batch: _Batch, job: SyncJob, txn: Transaction) -> Outcome | Sendable:
    if txn.state != Transaction.State.POSTED:
        return _cancelled(job, f"{txn} was voided before it was sent; nothing was sent to Intacct.")
    prepared = prepare(batch.context, txn, SyncAction.CREATE)
    related_key = batch.keys.get(txn.pk, "")
    if txn.type in PAYMENTS:
        applied = txn.applies_to
        related_key = batch.keys.get(applied.pk, "") if applied is not None else ""
        if applied is not None and not related_key:
            prepared.problems.append(
                f"{txn} pays {applied}, which is not in Intacct yet. Sync {applied} first; this payment "
                "follows automatically."
            )
    if not prepared.ok:
        return blocked(job, prepared.problems, prepared.entity_id)
    built = _build(batch, job, txn, prepared, related_key)
    if isinstance(built, Outcome):
        return built
    return _sendable(
        batch,
        job,
        txn,
        built,
        prepared,
        version=txn.version,
        lines=prepared.lines,
        amount=_amount(txn, prepared.lines),
    )


def _update(batch: _Batch, job: SyncJob, txn: Transaction) -> Outcome | Sendable:
    base = job.base_posting
    if base is None or not base.intacct_key:
        return blocked(job, [f"TRUE does not know the Intacct record of {txn}: sync it before updating it."])
    if txn.state != Transaction.State.POSTED:
        return _cancelled(job, f"{txn} was voided; its update is not sent.")
    # The record stays where Intacct holds it, whatever the entity rules would choose today.
    prepared = prepare(batch.context, txn, SyncAction.UPDATE, entity=base.entity_id)
    if not prepared.ok:
        return blocked(job, prepared.problems, prepared.entity_id)
    built = _build(batch, job, txn, prepared, base.intacct_key)
    if isinstance(built, Outcome):
        return built
    return _sendable(
        batch,
        job,
        txn,
        built,
        prepared,
        version=txn.version,
        lines=prepared.lines,
        amount=_amount(txn, prepared.lines),
        reverses_id=None,
    )


def _reverse(batch: _Batch, job: SyncJob, txn: Transaction) -> Outcome | Sendable:
    base = job.base_posting
    if base is None:
        return _cancelled(job, "Never synced to Intacct: nothing to reverse.")
    when = job.reversal_date or company_today(batch.company)
    if txn.type == Transaction.Type.JOURNAL_ENTRY:
        return _reverse_journal_entry(batch, job, txn, base, when)
    if txn.type in DOCUMENTS:
        payments = ledger.live_payment_references(txn)
        if payments:
            return blocked(
                job,
                [
                    f"{txn} cannot be reversed while payment {', '.join(payments)} is applied to it in Intacct. "
                    "Void the payment in TRUE; this reversal runs by itself once the payment's reversal lands."
                ],
                base.entity_id,
            )
    if not base.intacct_key:
        return blocked(job, [f"TRUE does not know the Intacct key of {txn}; reverse it in Intacct by hand."])
    prepared = dated(batch.context, base.entity_id, when)
    if not prepared.ok:
        return blocked(job, prepared.problems, base.entity_id)
    built = _build(batch, job, txn, prepared, base.intacct_key)
    if isinstance(built, Outcome):
        return built
    return _sendable(
        batch,
        job,
        txn,
        built,
        prepared,
        version=job.version,
        lines=[],
        amount=base.amount,
        reverses_id=base.pk,
    )


def _reverse_journal_entry(
    batch: _Batch, job: SyncJob, txn: Transaction, base: Posting, when: dt.date
) -> Outcome | Sendable:
    """Exactly what Intacct holds, flipped: the confirmed posting's lines, entity and currency."""
    lines = lines_from_posting(base.lines)
    if not lines:
        if base.version != txn.version:
            return blocked(
                job,
                [
                    f"TRUE does not know which lines Intacct holds for {txn} (it was linked or marked, not sent by "
                    "TRUE, and edited since); reverse it in Intacct by hand."
                ],
                base.entity_id,
            )
        current = prepare(batch.context, txn, SyncAction.CREATE, entity=base.entity_id)
        if not current.ok:
            return blocked(job, current.problems, base.entity_id)
        lines = current.lines
    prepared = dated(batch.context, base.entity_id, when, journal=True)
    if not prepared.ok:
        return blocked(job, prepared.problems, base.entity_id)
    built = build_journal_reversal(
        batch.context,
        txn,
        job.control_id,
        lines,
        prepared.posting_date,
        prepared.note,
        currency=base.currency,
        exchange_rate_type=base.exchange_rate_type,
        exchange_rate=base.exchange_rate,
        exchange_rate_date=base.exchange_rate_date,
    )
    flipped = [replace(line, is_debit=not line.is_debit) for line in lines]
    return _sendable(
        batch,
        job,
        txn,
        built,
        prepared,
        version=job.version,
        lines=flipped,
        amount=base.amount,
        reverses_id=base.pk,
    )
