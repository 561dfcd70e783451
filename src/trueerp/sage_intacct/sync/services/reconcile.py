"""Reconciliation: settle *unconfirmed* jobs by looking their records up in Intacct.

A job is unconfirmed when Intacct may or may not hold what it sent (HTTP 524, dropped connection, a
timeout, a worker killed while its request was out, a "control id already executed" refusal) or
when it may hold a record TRUE forgot (marked not synced). Creates and reversing journal entries are
looked up by the TRUE document number they carry, in the entity the posting ledger says they went to,
and the answer says which entity Intacct holds them in. Found: linked to the ledger row that sent it.
Not found: nothing is sent again before Intacct could have finished the first request (the re-send
window); after it, the same payload goes out under the same control id. Updates and document
reversals carry their record's key and are idempotent under their control id: they are sent again,
with their stored payload, once the window has passed. A look-up that fails backs off (1 s … 5 min),
is shown as a problem, and never holds up the company's other records.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict

from intacct import (
    AuthenticationError,
    ControlError,
    IntacctClient,
    IntacctError,
    InvalidSessionError,
    TransportError,
    UncertainOutcomeError,
)
from intacct.query import Query, in_
from trueerp.core.models import Company
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.services.context import MappingContext
from trueerp.sage_intacct.sync.models import Posting, SyncAction, SyncAttempt, SyncJob
from trueerp.sage_intacct.sync.services import connection_status, ledger
from trueerp.sage_intacct.sync.services.builders import OBJECTS, reference_for
from trueerp.sage_intacct.sync.services.connection_status import sender_rejected
from trueerp.sage_intacct.sync.services.error_catalogue import Explanation
from trueerp.sage_intacct.sync.services.limiter import SlotBusy, Slots
from trueerp.sage_intacct.sync.services.results import Outcome, record_url
from trueerp.sage_intacct.sync.services.run import ClientFactory, RunReport
from trueerp.sage_intacct.sync.services.state import worker

logger = logging.getLogger(__name__)

DUPLICATE_MARK = "Intacct had already executed this write"
LOOKUP_FAILED = Explanation(
    "lookup_failed",
    "Records could not be looked up in Intacct",
    "TRUE needs to know whether Intacct holds records whose outcome is unknown, and the look-up failed.",
    "Nothing is sent again until the look-up succeeds; it is retried with a growing pause. If it keeps "
    "failing, check the connection status in Settings > Sage Intacct.",
    True,
    "",
    "",
)


def reconcile_due(
    company: Company,
    connection: IntacctConnection,
    context: MappingContext,
    token: str,
    factory: ClientFactory,
    report: RunReport,
    slots: Slots,
) -> bool:
    """Settle up to one batch of unconfirmed jobs whose look-up is due; False when there were none."""
    jobs = worker.claim_lookups(company.pk, max(1, context.settings.batch_size), token)
    if not jobs:
        return False
    txns = {t.pk: t for t in Transaction.objects.filter(pk__in=[j.transaction_id for j in jobs])}
    control_ids = {job.pk: job.control_id for job in jobs}
    unknown: dict[int, Posting] = {}
    for p in Posting.objects.filter(job__in=jobs, state__in=ledger.MAY_HAVE_EXECUTED).order_by("id"):
        if p.job_id is not None and p.control_id == control_ids[p.job_id]:
            unknown[p.job_id] = p  # the latest send of the job's current control id
    outcomes: list[Outcome] = []
    lookups: dict[tuple[str, str, str], list[tuple[SyncJob, str]]] = defaultdict(list)
    for job in jobs:
        txn = txns[job.transaction_id]
        posting = unknown.get(job.pk)
        is_lookup = job.action == SyncAction.CREATE or (
            job.action == SyncAction.REVERSE and txn.type == Transaction.Type.JOURNAL_ENTRY
        )
        if not is_lookup:
            outcomes.append(
                Outcome(
                    job,
                    SyncAttempt.Outcome.NOT_FOUND,
                    message="Sent again with its own payload: the write is idempotent under its control id.",
                    entity_id=job.entity_id,
                    resend=posting,
                )
            )
            continue
        obj = posting.intacct_object if posting is not None else OBJECTS[txn.type][0]
        field = next(f for o, f in OBJECTS.values() if o == obj)
        reference = posting.reference if posting is not None else reference_for(txn, job.action)
        entity = posting.entity_id if posting is not None else job.entity_id
        lookups[(entity, obj, field)].append((job, reference))
    for (entity_id, obj, field), items in lookups.items():
        outcomes.extend(
            _look_up(
                company, connection, factory, report, slots, token, entity_id, obj, field, items, unknown
            )
        )
    worker.apply_outcomes(company.pk, token, outcomes)
    return True


def _look_up(
    company: Company,
    connection: IntacctConnection,
    factory: ClientFactory,
    report: RunReport,
    slots: Slots,
    token: str,
    entity_id: str,
    obj: str,
    field: str,
    items: list[tuple[SyncJob, str]],
    unknown: dict[int, Posting],
) -> list[Outcome]:
    started = time.monotonic()
    report.requests += 1
    try:
        client = factory(company, entity_id)
        with slots.hold():
            found = lookup(client, obj, field, [ref for _, ref in items], entity_id)
    except SlotBusy:
        worker.release_lookups([job for job, _ in items], token)
        report.busy = True
        report.requests -= 1
        return []
    except (IntacctError, OSError) as exc:
        logger.info("reconciliation look-up failed for company %s: %s", company.pk, exc)
        report.lookup_errors += 1
        paused = (isinstance(exc, AuthenticationError) and not isinstance(exc, InvalidSessionError)) or (
            isinstance(exc, ControlError) and sender_rejected(exc)
        )
        if paused:
            report.auth_error = exc
        elif isinstance(exc, TransportError | UncertainOutcomeError | OSError):
            connection_status.failing(connection, exc)
        return [
            Outcome(
                job,
                SyncAttempt.Outcome.LOOKUP_ERROR,
                message=f"Could not look the record up in Intacct ({exc}); TRUE tries again after a pause "
                "and sends nothing until it knows.",
                explanation=LOOKUP_FAILED,
                entity_id=entity_id,
                paused=paused,
            )
            for job, _ in items
        ]
    duration = int((time.monotonic() - started) * 1000)
    outcomes = []
    for job, ref in items:
        key, held_in = found.get(ref, ("", ""))
        posting = unknown.get(job.pk)
        if key:
            report.reconciled += 1
            linked = (
                posting
                or ledger.held_with_key(job.transaction_id, key)
                or _found_row(job, obj, ref, key, held_in)
            )
            outcomes.append(
                Outcome(
                    job,
                    SyncAttempt.Outcome.RECONCILED,
                    intacct_key=key,
                    record_url=record_url(connection, obj, key),
                    message=f"Found in Intacct as {obj} {key} (reference {ref}, "
                    f"{'entity ' + held_in if held_in else 'top level'}); not posted again.",
                    entity_id=held_in,
                    intacct_object=obj,
                    reference=ref,
                    duration_ms=duration,
                    posting=linked,
                )
            )
        elif job.last_error.startswith(DUPLICATE_MARK):
            outcomes.append(
                Outcome(
                    job,
                    SyncAttempt.Outcome.FAILED,
                    message=(
                        f"Intacct reports this write as already executed, but no {obj} with reference {ref} "
                        "exists (deleted in Intacct?). Use 'Mark as not synced' to post it again."
                    ),
                    entity_id=entity_id,
                    duration_ms=duration,
                )
            )
        else:
            outcomes.append(
                Outcome(
                    job,
                    SyncAttempt.Outcome.NOT_FOUND,
                    message=f"No {obj} with reference {ref} in Intacct yet.",
                    entity_id=entity_id,
                    reference=ref,
                    duration_ms=duration,
                    resend=posting,
                )
            )
    return outcomes


def _found_row(job: SyncJob, obj: str, ref: str, key: str, entity: str) -> Posting:
    """Intacct holds a record under our reference that the ledger did not send: recorded as found,
    with what is known (its key and entity), so updates and reversals know where it is."""
    return Posting.objects.create(
        company_id=job.company_id,
        transaction_id=job.transaction_id,
        job=job,
        action=SyncAction.CREATE,
        state=Posting.State.FOUND,
        intacct_object=obj,
        reference=ref,
        entity_id=entity,
        intacct_key=key,
        message="Found in Intacct by reference; not sent by TRUE's posting ledger.",
    )


def lookup(
    client: IntacctClient, obj: str, field: str, refs: list[str], entity_id: str
) -> dict[str, tuple[str, str]]:
    """Reference → (RECORDNO, entity Intacct holds it in) for the records that exist."""
    query = Query(
        obj,
        ["RECORDNO", field, "MEGAENTITYID"],
        filter=in_(field, sorted(set(refs))),
        show_private=True if not entity_id else None,
        page_size=min(2000, max(1, len(refs) * 2)),
    )
    found: dict[str, tuple[str, str]] = {}
    for row in client.iter_records(query):
        ref = row.get(field)
        key = row.get("RECORDNO")
        entity = row.get("MEGAENTITYID")
        if isinstance(ref, str) and isinstance(key, str) and ref not in found:
            found[ref] = (key, entity if isinstance(entity, str) else "")
    return found
