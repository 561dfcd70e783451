"""The sync engine: claim due jobs, validate, build, send in batches, map each result back.

`run_company` is what the Celery task (and the benchmark) calls. One loop iteration holds one of
the company's C request slots (`limiter`), first settles *unconfirmed* jobs by looking them up in
Intacct, then claims up to N queued jobs, groups them per entity (one session each) and sends each
group as one request with ``uniqueid=true``. Every job's function control id is deterministic, so
whatever crashes or redeliveries happen, Intacct refuses a second execution of the same write.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import replace

from django.db.models import Count

from intacct import (
    AuthenticationError,
    IntacctError,
    RateLimitError,
    Result,
    TransportError,
    UncertainOutcomeError,
)
from intacct.functions import Create
from trueerp.core.models import Company
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.services.context import MappingContext, bump_revision, load_context
from trueerp.sage_intacct.mapping.services.prevalidation import prepare
from trueerp.sage_intacct.reference.models import IntacctAccount, IntacctDimensionValue
from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.sync.models import JobState, SyncAction, SyncAttempt, SyncJob, TransactionSyncState
from trueerp.sage_intacct.sync.services import limiter, outbox
from trueerp.sage_intacct.sync.services.builders import Built, NotSupported, build
from trueerp.sage_intacct.sync.services.error_catalogue import Explanation, explain, explain_text
from trueerp.sage_intacct.sync.services.loading import load_transactions
from trueerp.sage_intacct.sync.services.reconcile import reconcile_unconfirmed
from trueerp.sage_intacct.sync.services.results import Outcome, errors_as_data, record_url, write_outcomes
from trueerp.sage_intacct.sync.services.run import (
    ClientFactory,
    RunReport,
    default_client_factory,
    worker_name,
)

logger = logging.getLogger(__name__)

_RETRYABLE_TRANSPORT = (RateLimitError, TransportError)


def run_company(
    company_id: int,
    *,
    worker: str = "",
    client_factory: ClientFactory | None = None,
    max_seconds: float | None = None,
) -> RunReport:
    """Work the company's queue until it is empty (or ``max_seconds`` pass, or all slots are busy)."""
    report = RunReport()
    company = Company.objects.filter(pk=company_id).first()
    connection = IntacctConnection.objects.filter(company_id=company_id).first()
    if company is None or connection is None:
        return report
    factory = client_factory or default_client_factory
    token = outbox.new_token(worker or worker_name())
    key = connection.intacct_company_id or f"company-{company_id}"
    started = time.monotonic()
    outbox.recover_stale(company_id)
    _ensure_reference_data(company)
    slots = limiter.Slots(key, 1, token, outbox.lease_seconds(), min(60.0, outbox.lease_seconds() / 2))
    while True:  # at least one round, then until done or out of time
        context = load_context(company)
        slots = replace(slots, capacity=max(1, context.settings.concurrency))
        worked = reconcile_unconfirmed(company, connection, context, token, factory, report, slots)
        if not worked:
            jobs = outbox.claim(company_id, max(1, context.settings.batch_size), token)
            if jobs:
                process_batch(company, connection, context, jobs, token, factory, report, slots)
                worked = True
        if not worked and not outbox.has_work(company_id):
            break
        if max_seconds is not None and time.monotonic() - started >= max_seconds:
            break
        if report.busy:
            break
        if not worked:
            outbox.recover_stale(company_id)
            time.sleep(0.05)
    return report


def _ensure_reference_data(company: Company) -> None:
    """The first sync of a company loads Intacct's reference data itself.

    Pre-validation checks every record against that cache; without it every record would be
    blocked with "reference data has not been loaded", which is nothing a user asked for.
    """
    if IntacctAccount.objects.filter(company=company).exists():
        return
    try:
        refresh_reference_data(company, full=True)
    except IntacctError:
        # The records block with a message saying what to do; the connection status shows why.
        logger.warning("could not load Intacct reference data for company %s", company.pk, exc_info=True)


def process_batch(
    company: Company,
    connection: IntacctConnection,
    context: MappingContext,
    jobs: list[SyncJob],
    token: str,
    factory: ClientFactory,
    report: RunReport,
    slots: limiter.Slots,
) -> None:
    """Validate and build every claimed job, send them per entity, write all outcomes.

    A request slot is held only while a request is in flight: loading, validating, building and
    writing results overlap with other workers' requests."""
    report.batches += 1
    txns = load_transactions([job.transaction_id for job in jobs], context.uses_custom_attributes)
    related_ids = [t.applies_to_id for t in txns.values() if t.applies_to_id] + list(txns)
    keys = dict(
        TransactionSyncState.objects.filter(transaction_id__in=related_ids).values_list(
            "transaction_id", "intacct_key"
        )
    )
    outcomes: list[Outcome] = []
    groups: dict[str, list[tuple[SyncJob, Built, str, int]]] = defaultdict(list)
    for job in jobs:
        txn = txns[job.transaction_id]
        try:
            outcome, built = _prepare_job(context, job, txn, keys)
        except Exception as exc:  # one broken record must not stall the batch
            logger.exception("could not prepare sync job %s", job.pk)
            outcome, built = _blocked(job, [f"TRUE could not prepare {txn} for Intacct ({exc!r})."]), None
        if outcome is not None:
            outcomes.append(outcome)
            continue
        assert built is not None
        groups[built[1]].append((job, built[0], built[2], txn.version))
    for entity_id, items in groups.items():
        outcomes.extend(_send(company, connection, entity_id, items, token, factory, report, slots))
    applied = write_outcomes(company.pk, token, outcomes)
    for o in applied:
        if o.outcome == SyncAttempt.Outcome.SYNCED:
            report.synced += 1
        elif o.outcome == SyncAttempt.Outcome.FAILED:
            report.failed += 1
        elif o.outcome == SyncAttempt.Outcome.BLOCKED:
            report.blocked += 1
        elif o.outcome == SyncAttempt.Outcome.UNCONFIRMED:
            report.unconfirmed += 1
        elif o.outcome == SyncAttempt.Outcome.RETRY:
            report.retried += 1


def _prepare_job(
    context: MappingContext, job: SyncJob, txn: Transaction, keys: dict[int, str]
) -> tuple[Outcome | None, tuple[Built, str, str] | None]:
    """Either an outcome without an API call (blocked, cancelled, not supported) or what to send."""
    action = job.action
    own_key = keys.get(txn.pk, "")
    if action in (SyncAction.UPDATE, SyncAction.REVERSE) and not own_key:
        if action == SyncAction.REVERSE:
            return Outcome(job, "cancelled", message="Never synced to Intacct: nothing to reverse."), None
        return _blocked(job, [f"{txn} is not in Intacct yet: sync it before updating it."]), None
    reverse_date = None
    if action == SyncAction.REVERSE:
        reverse_date = txn.voided_at.date() if txn.voided_at else txn.date
    prepared = prepare(context, txn, action, reverse_date)
    related_key = own_key
    if txn.type in (Transaction.Type.AR_PAYMENT, Transaction.Type.AP_PAYMENT) and action == SyncAction.CREATE:
        applied = txn.applies_to
        related_key = keys.get(applied.pk, "") if applied is not None else ""
        if applied is not None and not related_key:
            prepared.problems.append(
                f"{txn} pays {applied}, which is not in Intacct yet. Sync {applied} first; this payment "
                "follows automatically."
            )
    if not prepared.ok:
        return _blocked(job, prepared.problems, prepared.entity_id), None
    try:
        built = build(context, job, txn, prepared, related_key)
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
        ), None
    except IntacctError as exc:  # invalid argument while building: nothing was sent
        return _blocked(job, [f"{txn} cannot be sent to Intacct: {exc.message}"], prepared.entity_id), None
    built.creates.update(prepared.creates)
    return None, (built, prepared.entity_id, prepared.note)


def _headline(problems: list[str]) -> str:
    """The first problem, shortened to its first sentence, and how many more there are."""
    first = problems[0].split(". ")[0].rstrip(".")
    first = first if len(first) <= 170 else first[:167] + "…"
    more = len(problems) - 1
    return first + (f" (+{more} more problem{'s' if more > 1 else ''})" if more else "")


def _blocked(job: SyncJob, problems: list[str], entity_id: str = "") -> Outcome:
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


def _send(
    company: Company,
    connection: IntacctConnection,
    entity_id: str,
    items: list[tuple[SyncJob, Built, str, int]],
    token: str,
    factory: ClientFactory,
    report: RunReport,
    slots: limiter.Slots,
) -> list[Outcome]:
    request_id = f"trueerp-{company.pk}-{token.rsplit(':', 1)[-1]}-{report.requests + 1}"
    report.requests += 1
    started = time.monotonic()

    def base(job: SyncJob, built: Built, note: str, version: int) -> Outcome:
        return Outcome(
            job,
            "",
            entity_id=entity_id,
            intacct_object=built.intacct_object,
            reference=built.reference,
            summary=built.summary,
            note=note,
            request_control_id=request_id,
            sent_version=version,
        )

    ids = [job.pk for job, _, _, _ in items]
    outcomes = [base(job, built, note, version) for job, built, note, version in items]
    try:
        client = factory(company, entity_id)
        with slots.hold():
            mine = outbox.extend_claims(ids, token)
            items = [item for item in items if item[0].pk in mine]
            if not items:
                return []
            started = time.monotonic()
            outcomes = [base(job, built, note, version) for job, built, note, version in items]
            creates = _creations(company, items)
            results = client.execute_batch(
                [*creates, *(built.function for _, built, _, _ in items)],
                uniqueid=True,
                transaction=False,
                control_id=request_id,
            )
            results = _record_creations(company, creates, results)
    except limiter.SlotBusy:
        outbox.release_claims(ids, token)
        report.busy = True
        report.requests -= 1
        return []
    except UncertainOutcomeError as exc:
        return _all(outcomes, SyncAttempt.Outcome.UNCONFIRMED, explain_text(str(exc)), started)
    except _RETRYABLE_TRANSPORT as exc:
        if isinstance(exc, TransportError) and exc.request_sent and not exc.retryable:
            return _all(outcomes, SyncAttempt.Outcome.UNCONFIRMED, explain_text(str(exc)), started)
        return _all(outcomes, SyncAttempt.Outcome.RETRY, explain_text(str(exc), retryable=True), started)
    except AuthenticationError as exc:
        explanation = explain(exc.errors, fallback=str(exc))
        return _all(outcomes, SyncAttempt.Outcome.RETRY, explanation, started)
    except IntacctError as exc:
        # Control failure or unreadable answer: nothing known to have executed, but look first.
        return _all(
            outcomes, SyncAttempt.Outcome.UNCONFIRMED, explain(exc.errors, fallback=str(exc)), started
        )
    except Exception as exc:  # a bug or a network stack surprise: never re-post blindly
        logger.exception("unexpected error sending a batch for company %s", company.pk)
        return _all(outcomes, SyncAttempt.Outcome.UNCONFIRMED, explain_text(repr(exc)), started)
    duration = int((time.monotonic() - started) * 1000)
    for outcome, result in zip(outcomes, results, strict=True):
        outcome.duration_ms = duration
        _apply_result(connection, outcome, result)
    return outcomes


def _creations(company: Company, items: list[tuple[SyncJob, Built, str, int]]) -> list[Create]:
    """Customers, vendors and projects to create first (auto-create switches), once each."""
    wanted: dict[tuple[str, str], dict[str, str]] = {}
    for _, built, _, _ in items:
        wanted.update(built.creates)
    return [
        Create(kind, record, control_id=f"trueerp-{company.pk}-new-{kind.lower()}-{code}"[:200])
        for (kind, code), record in sorted(wanted.items())
    ]


def _record_creations(company: Company, creates: list[Create], results: list[Result]) -> list[Result]:
    """Cache what was created (or already existed) and hand back the records' own results."""
    for function, result in zip(creates, results, strict=False):
        code = str(next(iter(function.records[0].values())))  # type: ignore[union-attr]
        if result.ok or result.is_duplicate_control_id:
            IntacctDimensionValue.objects.get_or_create(
                company=company, kind=function.object_name, value_id=code, defaults={"name": code}
            )
        else:
            logger.info("auto-create of %s %s refused: %s", function.object_name, code, result.errors)
    if creates:
        bump_revision(company.pk)
    return results[len(creates) :]


def _all(outcomes: list[Outcome], kind: str, explanation: Explanation, started: float) -> list[Outcome]:
    duration = int((time.monotonic() - started) * 1000)
    for o in outcomes:
        o.outcome = kind
        o.message = (
            explanation.message
            if kind != SyncAttempt.Outcome.UNCONFIRMED
            else (
                f"No definite answer from Intacct ({explanation.detail}); the record will be looked up by its "
                "reference before anything is sent again."
            )
        )
        o.explanation = explanation
        o.duration_ms = duration
    return outcomes


def result_key(result: Result) -> str:
    if result.key:
        return result.key
    for record in result.data:
        value = record.get("RECORDNO") or record.get("recordno") or record.get("key")
        if isinstance(value, str) and value:
            return value
    return ""


def _apply_result(connection: IntacctConnection, outcome: Outcome, result: Result) -> None:
    if result.ok:
        outcome.outcome = SyncAttempt.Outcome.SYNCED
        key = result_key(result) or ("" if _is_create(outcome) else _known_key(outcome))
        outcome.intacct_key = key
        outcome.record_url = record_url(connection, outcome.intacct_object, key)
        outcome.message = f"Synced as {outcome.intacct_object} {key}."
        return
    outcome.errors = errors_as_data(result.errors)
    if result.is_duplicate_control_id and not _is_create(outcome):
        # Updates and document reversals carry the record's own key: already executed = done.
        outcome.outcome = SyncAttempt.Outcome.SYNCED
        outcome.intacct_key = _known_key(outcome)
        outcome.record_url = record_url(connection, outcome.intacct_object, outcome.intacct_key)
        outcome.message = "Intacct had already executed this write (same control id): nothing sent twice."
        return
    if result.is_duplicate_control_id:
        # An earlier attempt of this very write committed: find it, never post it again.
        outcome.outcome = SyncAttempt.Outcome.UNCONFIRMED
        outcome.message = "Intacct had already executed this write (same control id); looking the record up by its reference."
        return
    explanation = explain(result.errors)
    outcome.explanation = explanation
    outcome.message = explanation.message
    outcome.fresh_control_id = True
    outcome.outcome = SyncAttempt.Outcome.RETRY if explanation.retryable else SyncAttempt.Outcome.FAILED


def _is_create(outcome: Outcome) -> bool:
    """Writes that make a new record (found again by reference), including a reversing JE."""
    return outcome.job.action == SyncAction.CREATE or (
        outcome.intacct_object == "GLBATCH" and (outcome.job.action == SyncAction.REVERSE)
    )


def _known_key(outcome: Outcome) -> str:
    state = TransactionSyncState.objects.filter(transaction_id=outcome.job.transaction_id).first()
    return state.intacct_key if state is not None else ""


def job_state_counts(company_id: int) -> dict[str, int]:
    """Progress for the UI: how many jobs are in each state."""
    rows = SyncJob.objects.filter(company_id=company_id).values("state").annotate(n=Count("id"))
    counts = dict.fromkeys(JobState.values, 0)
    counts.update({row["state"]: row["n"] for row in rows})
    return counts
