"""The sync engine: claim due jobs, validate, build, record in the posting ledger, send, answer.

`run_company` is what the Celery task (and the benchmark) calls. Each round it settles the *due*
unconfirmed jobs by looking them up (never more than are due, so a look-up that keeps failing backs
off instead of starving the queue), then claims up to N queued jobs, groups them per entity (one
session each), records what each function posts, marks the jobs *sent*, and sends each group as one
request with ``uniqueid=true`` while holding one of the company's C request slots. The process's
heartbeat renews claims and slots while a request is out. Credentials that Intacct rejects pause
the company's queue at once and set the connection status; nothing is retried until they are fixed.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import replace

from django.db.models import Count

from intacct import (
    AuthenticationError,
    ControlError,
    IntacctError,
    InvalidSessionError,
    RateLimitError,
    Result,
    TransportError,
    UncertainOutcomeError,
)
from intacct.functions import Create
from trueerp.core.models import Company
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.services.context import MappingContext, bump_revision, load_context
from trueerp.sage_intacct.reference.models import IntacctAccount, IntacctDimensionValue
from trueerp.sage_intacct.reference.services import refresh_reference_data
from trueerp.sage_intacct.sync.models import JobState, Posting, SyncAction, SyncAttempt, SyncJob
from trueerp.sage_intacct.sync.services import connection_status, ledger, limiter, outbox
from trueerp.sage_intacct.sync.services.error_catalogue import Explanation, explain, explain_text
from trueerp.sage_intacct.sync.services.heartbeat import HEARTBEAT
from trueerp.sage_intacct.sync.services.preparing import Sendable, prepare_batch
from trueerp.sage_intacct.sync.services.reconcile import DUPLICATE_MARK, reconcile_due
from trueerp.sage_intacct.sync.services.results import Outcome, errors_as_data, record_url
from trueerp.sage_intacct.sync.services.run import (
    ClientFactory,
    RunReport,
    default_client_factory,
    worker_name,
)
from trueerp.sage_intacct.sync.services.state import worker

logger = logging.getLogger(__name__)

_RETRYABLE_TRANSPORT = (RateLimitError, TransportError)


def run_company(
    company_id: int,
    *,
    worker: str = "",
    client_factory: ClientFactory | None = None,
    max_seconds: float | None = None,
) -> RunReport:
    """Work the company's queue until nothing is due (or ``max_seconds`` pass, or all slots are busy)."""
    report = RunReport()
    company = Company.objects.filter(pk=company_id).first()
    connection = IntacctConnection.objects.filter(company_id=company_id).first()
    if company is None or connection is None:
        return report
    if _paused(company_id, report):
        return report
    factory = client_factory or default_client_factory
    token = outbox.new_token(worker or worker_name())
    key = connection.intacct_company_id or f"company-{company_id}"
    started = time.monotonic()
    _recover(company_id)
    _ensure_reference_data(company)
    slots = limiter.Slots(key, 1, token, outbox.lease_seconds(), min(60.0, outbox.lease_seconds()))
    with HEARTBEAT.holding(token=token):
        while True:  # at least one round, then until nothing is due or out of time
            context = load_context(company)
            slots = replace(slots, capacity=max(1, context.settings.concurrency))
            worked = reconcile_due(company, connection, context, token, factory, report, slots)
            if not report.busy and report.auth_error is None:
                jobs = _claim(company_id, max(1, context.settings.batch_size), token)
                if jobs:
                    process_batch(company, connection, context, jobs, token, factory, report, slots)
                    worked = True
            if report.auth_error is not None:
                _pause(company, connection, report)
                break
            if report.busy:
                break
            if not worked and not outbox.has_work(company_id):
                break
            if max_seconds is not None and time.monotonic() - started >= max_seconds:
                break
            if not worked:
                _recover(company_id)
                time.sleep(0.05)
    return report


def _paused(company_id: int, report: RunReport) -> bool:
    report.paused = worker.is_paused(company_id)
    return report.paused


def _recover(company_id: int) -> None:
    worker.recover_stale(company_id)


def _claim(company_id: int, limit: int, token: str) -> list[SyncJob]:
    return worker.claim(company_id, limit, token)


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
    outcomes, sendables = prepare_batch(company, context, jobs)
    groups: dict[str, list[Sendable]] = defaultdict(list)
    for item in sendables:
        groups[item.entity_id].append(item)
    for entity_id, items in groups.items():
        outcomes.extend(_send(company, connection, entity_id, items, token, factory, report, slots))
    applied = worker.apply_outcomes(company.pk, token, outcomes)
    for o in applied:
        if o.outcome in (SyncAttempt.Outcome.SYNCED, SyncAttempt.Outcome.RECONCILED):
            report.synced += 1
        elif o.outcome == SyncAttempt.Outcome.FAILED:
            report.failed += 1
        elif o.outcome == SyncAttempt.Outcome.BLOCKED:
            report.blocked += 1
        elif o.outcome == SyncAttempt.Outcome.UNCONFIRMED:
            report.unconfirmed += 1
        elif o.outcome == SyncAttempt.Outcome.RETRY:
            report.retried += 1


def _send(
    company: Company,
    connection: IntacctConnection,
    entity_id: str,
    items: list[Sendable],
    token: str,
    factory: ClientFactory,
    report: RunReport,
    slots: limiter.Slots,
) -> list[Outcome]:
    request_id = f"trueerp-{company.pk}-{token.rsplit(':', 1)[-1]}-{report.requests + 1}"
    report.requests += 1
    # What each function posts is on record before it can reach Intacct; from here on an expired
    # claim means "may have reached Intacct", never "nothing happened".
    postings = ledger.record([item.posting for item in items])
    mine = worker.mark_sent([item.job.pk for item in items], token)
    lost = [item for item in items if item.job.pk not in mine]
    if lost:
        Posting.objects.filter(pk__in=[i.posting.pk for i in lost]).update(state=Posting.State.NOT_EXECUTED)
        items = [item for item in items if item.job.pk in mine]
        if not items:
            return []
    started = time.monotonic()
    outcomes = [item.outcome(request_id) for item in items]
    try:
        client = factory(company, entity_id)
        with slots.hold():
            started = time.monotonic()
            creates = _creations(company, items)
            results = client.execute_batch(
                [*creates, *(item.built.function for item in items)],
                uniqueid=True,
                transaction=False,
                control_id=request_id,
            )
            results = _record_creations(company, creates, results)
    except limiter.SlotBusy:
        worker.release([item.job for item in items], token, postings)
        report.busy = True
        report.requests -= 1
        return []
    except UncertainOutcomeError as exc:
        connection_status.failing(connection, exc)
        return _all(outcomes, SyncAttempt.Outcome.UNCONFIRMED, explain_text(str(exc)), started)
    except _RETRYABLE_TRANSPORT as exc:
        if isinstance(exc, TransportError):
            connection_status.failing(connection, exc)
        if isinstance(exc, TransportError) and exc.request_sent and not exc.retryable:
            return _all(outcomes, SyncAttempt.Outcome.UNCONFIRMED, explain_text(str(exc)), started)
        return _all(outcomes, SyncAttempt.Outcome.RETRY, explain_text(str(exc), retryable=True), started)
    except AuthenticationError as exc:  # nothing executed: authentication failed for the request
        if isinstance(exc, InvalidSessionError):  # the client already signed in again once
            return _all(outcomes, SyncAttempt.Outcome.RETRY, explain(exc.errors, fallback=str(exc)), started)
        report.auth_error = exc
        return _all(outcomes, SyncAttempt.Outcome.PAUSED, _credentials(exc), started)
    except ControlError as exc:  # the gateway refused the request as a whole: nothing executed
        if connection_status.sender_rejected(exc):
            report.auth_error = exc
            return _all(outcomes, SyncAttempt.Outcome.PAUSED, _credentials(exc), started)
        explanation = explain(exc.errors, fallback=str(exc))
        return _all(outcomes, SyncAttempt.Outcome.RETRY, replace(explanation, retryable=True), started)
    except IntacctError as exc:  # an unreadable answer: it may have executed, so look first
        return _all(
            outcomes, SyncAttempt.Outcome.UNCONFIRMED, explain(exc.errors, fallback=str(exc)), started
        )
    except Exception as exc:  # a bug or a network stack surprise: never re-post blindly
        logger.exception("unexpected error sending a batch for company %s", company.pk)
        return _all(outcomes, SyncAttempt.Outcome.UNCONFIRMED, explain_text(repr(exc)), started)
    connection_status.working(connection)
    duration = int((time.monotonic() - started) * 1000)
    for outcome, result in zip(outcomes, results, strict=True):
        outcome.duration_ms = duration
        _apply_result(connection, outcome, result)
    return outcomes


def _credentials(exc: IntacctError) -> Explanation:
    sender = isinstance(exc, ControlError)
    words = "; ".join(e.text for e in exc.errors if e.text) or exc.message
    fix = (
        "The server's Web Services sender (INTACCT_SENDER_ID / INTACCT_SENDER_PASSWORD) is wrong: the "
        "operator must correct it. The queue resumes when a connection test succeeds."
        if sender
        else "Re-enter the Company ID, User ID and password in Company Preferences > Integrations > API "
        "Keys. The queue resumes by itself as soon as the keys work."
    )
    return Explanation(
        worker.PAUSE_CODE,
        "Sage Intacct rejected the credentials: syncing is paused",
        f"Sage Intacct refused to sign in ({words}). Nothing is sent or retried until this is fixed.",
        fix,
        False,
        exc.errors[0].errorno if exc.errors else "",
        words,
    )


def _pause(company: Company, connection: IntacctConnection, report: RunReport) -> None:
    """Rejected credentials: the queue pauses (no retries), one problem says so, the status is true."""
    exc = report.auth_error
    assert isinstance(exc, IntacctError)
    report.paused = True
    worker.pause_company(company.pk, _credentials(exc))
    connection_status.rejected(connection, exc)


def _creations(company: Company, items: list[Sendable]) -> list[Create]:
    """Customers, vendors and projects to create first (auto-create switches), once each."""
    wanted: dict[tuple[str, str], dict[str, str]] = {}
    for item in items:
        wanted.update(item.built.creates)
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
    for row in result.data:
        value = row.get("RECORDNO") or row.get("recordno") or row.get("key")
        if isinstance(value, str) and value:
            return value
    return ""


def _apply_result(connection: IntacctConnection, outcome: Outcome, result: Result) -> None:
    posting = outcome.posting
    assert posting is not None
    known_key = (
        outcome.job.base_posting.intacct_key
        if outcome.job.base_posting_id and outcome.job.base_posting
        else ""
    )
    if result.ok:
        outcome.outcome = SyncAttempt.Outcome.SYNCED
        key = result_key(result) or ("" if _is_create(outcome) else known_key)
        outcome.intacct_key = key
        outcome.record_url = record_url(connection, outcome.intacct_object, key)
        outcome.message = f"Synced as {outcome.intacct_object} {key}."
        return
    outcome.errors = errors_as_data(result.errors)
    if result.is_duplicate_control_id and not _is_create(outcome):
        # Updates and document reversals carry the record's own key: already executed = done, and
        # what executed is this very payload (a control id is only ever re-sent with its own payload).
        outcome.outcome = SyncAttempt.Outcome.SYNCED
        outcome.intacct_key = known_key
        outcome.record_url = record_url(connection, outcome.intacct_object, known_key)
        outcome.message = f"{DUPLICATE_MARK} (same control id): nothing sent twice."
        return
    if result.is_duplicate_control_id:
        # An earlier send of this very write committed: find it, never post it again.
        outcome.outcome = SyncAttempt.Outcome.UNCONFIRMED
        outcome.message = f"{DUPLICATE_MARK} (same control id); looking the record up by its reference."
        return
    explanation = explain(result.errors)
    outcome.explanation = explanation
    outcome.message = explanation.message
    outcome.fresh_control_id = True
    outcome.outcome = SyncAttempt.Outcome.RETRY if explanation.retryable else SyncAttempt.Outcome.FAILED


def _is_create(outcome: Outcome) -> bool:
    """Writes that make a new record (found again by reference), including a reversing JE."""
    return outcome.job.action == SyncAction.CREATE or (
        outcome.intacct_object == "GLBATCH" and outcome.job.action == SyncAction.REVERSE
    )


def job_state_counts(company_id: int) -> dict[str, int]:
    """Progress for the UI: how many jobs are in each state."""
    rows = SyncJob.objects.filter(company_id=company_id).values("state").annotate(n=Count("id"))
    counts = dict.fromkeys(JobState.values, 0)
    counts.update({row["state"]: row["n"] for row in rows})
    return counts
