"""Reconciliation: settle *unconfirmed* jobs by looking their records up in Intacct.

A job is unconfirmed when Intacct may or may not have executed it (HTTP 524, dropped connection,
a worker killed mid-request, a "control id already executed" refusal). Creates are looked up by
the TRUE document number they carry (GLBATCH.REFERENCENO, ARINVOICE/APBILL.RECORDID, payment
DOCNUMBER): found → synced with its key; not found → queued again with the *same* control id, so
if the first request commits late Intacct still refuses the second. Updates and document reversals
are idempotent under their control id and are simply sent again.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict

from django.utils import timezone

from intacct import IntacctError
from intacct.query import Query, in_
from trueerp.core.models import Company
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.services.context import MappingContext
from trueerp.sage_intacct.sync.models import JobState, SyncAction, SyncAttempt, SyncJob
from trueerp.sage_intacct.sync.services import outbox
from trueerp.sage_intacct.sync.services.builders import OBJECTS, reference_for
from trueerp.sage_intacct.sync.services.limiter import SlotBusy, Slots
from trueerp.sage_intacct.sync.services.results import Outcome, record_url, write_outcomes
from trueerp.sage_intacct.sync.services.run import ClientFactory, RunReport

logger = logging.getLogger(__name__)

DUPLICATE_MARK = "Intacct had already executed this write"


def _claim_unconfirmed(company_id: int, limit: int, token: str) -> list[SyncJob]:
    ids = list(
        SyncJob.objects.filter(company_id=company_id, state=JobState.UNCONFIRMED)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return []
    import datetime as dt

    now = timezone.now()
    SyncJob.objects.filter(pk__in=ids, state=JobState.UNCONFIRMED).update(
        state=JobState.IN_PROGRESS,
        claimed_by=token,
        claimed_until=now + dt.timedelta(seconds=outbox.lease_seconds()),
        updated_at=now,
    )
    return list(SyncJob.objects.filter(pk__in=ids, claimed_by=token, state=JobState.IN_PROGRESS))


def reconcile_unconfirmed(
    company: Company,
    connection: IntacctConnection,
    context: MappingContext,
    token: str,
    factory: ClientFactory,
    report: RunReport,
    slots: Slots,
) -> bool:
    """Settle up to one batch of unconfirmed jobs; False when there were none."""
    jobs = _claim_unconfirmed(company.pk, max(1, context.settings.batch_size), token)
    if not jobs:
        return False
    txns = {t.pk: t for t in Transaction.objects.filter(pk__in=[j.transaction_id for j in jobs])}
    outcomes: list[Outcome] = []
    lookups: dict[tuple[str, str, str], list[tuple[SyncJob, str]]] = defaultdict(list)
    for job in jobs:
        txn = txns[job.transaction_id]
        obj, field = OBJECTS[txn.type]
        is_lookup = job.action == SyncAction.CREATE or (
            job.action == SyncAction.REVERSE and txn.type == Transaction.Type.JOURNAL_ENTRY
        )
        if is_lookup:
            lookups[(job.entity_id, obj, field)].append((job, reference_for(txn, job.action)))
        else:
            outcomes.append(
                Outcome(
                    job,
                    SyncAttempt.Outcome.NOT_FOUND,
                    message="Sending again: this write is idempotent under its control id.",
                    entity_id=job.entity_id,
                )
            )
    for (entity_id, obj, field), items in lookups.items():
        started = time.monotonic()
        report.requests += 1
        try:
            client = factory(company, entity_id)
            with slots.hold():
                found = _lookup(client, obj, field, [ref for _, ref in items], entity_id)
        except (IntacctError, OSError, SlotBusy) as exc:
            logger.info("reconciliation lookup failed for company %s: %s", company.pk, exc)
            for job, _ref in items:
                outcomes.append(
                    Outcome(
                        job,
                        SyncAttempt.Outcome.UNCONFIRMED,
                        message=f"Could not look the record up in Intacct yet ({exc}); will try again.",
                        entity_id=entity_id,
                    )
                )
            continue
        duration = int((time.monotonic() - started) * 1000)
        for job, ref in items:
            key = found.get(ref, "")
            if key:
                report.reconciled += 1
                outcomes.append(
                    Outcome(
                        job,
                        SyncAttempt.Outcome.RECONCILED,
                        intacct_key=key,
                        record_url=record_url(connection, obj, key),
                        message=f"Found in Intacct as {obj} {key} (reference {ref}); not posted again.",
                        entity_id=entity_id,
                        intacct_object=obj,
                        reference=ref,
                        duration_ms=duration,
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
                        message=f"No {obj} with reference {ref} in Intacct: sending again with the same control id.",
                        entity_id=entity_id,
                        reference=ref,
                        duration_ms=duration,
                    )
                )
    write_outcomes(company.pk, token, outcomes)
    return True


def _lookup(client: object, obj: str, field: str, refs: list[str], entity_id: str) -> dict[str, str]:
    """Reference → RECORDNO for the records that exist (top level must ask for private records)."""
    from intacct import IntacctClient

    assert isinstance(client, IntacctClient)
    query = Query(
        obj,
        ["RECORDNO", field],
        filter=in_(field, sorted(set(refs))),
        show_private=True if not entity_id else None,
        page_size=min(2000, max(1, len(refs) * 2)),
    )
    found: dict[str, str] = {}
    for record in client.iter_records(query):
        ref = record.get(field)
        key = record.get("RECORDNO")
        if isinstance(ref, str) and isinstance(key, str) and ref not in found:
            found[ref] = key
    return found
