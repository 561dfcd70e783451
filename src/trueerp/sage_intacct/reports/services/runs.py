"""A report run: snapshot Intacct, tie out, compute, publish — or refuse with where it differs.

``start_run`` records the run and queues it (Celery, sent on commit); ``execute_run`` does the
work and is what the task calls (idempotent: a run that is no longer queued is left alone). A run
that does not tie out to ``get_trialbalance`` per entity to the cent is stored as *refused* with the
differences and never gets outputs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from celery import current_app
from django.db import transaction
from django.utils import timezone

from intacct import IntacctClient
from intacct.errors import IntacctError
from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.sage_intacct.connection.clients import NotConfigured, client_for_company
from trueerp.sage_intacct.reports.models import ReportRun, ReportSchedule, ReportVersion
from trueerp.sage_intacct.reports.services.compute import Report, compute
from trueerp.sage_intacct.reports.services.rates import MissingRate, load_rates
from trueerp.sage_intacct.reports.services.snapshot import Snapshot, SnapshotError, take_snapshot
from trueerp.sage_intacct.reports.services.tieout import tie_out
from trueerp.sage_intacct.reports.spec import Spec, SpecError, parse

logger = logging.getLogger(__name__)
ClientFactory = Callable[[Company], IntacctClient]
RUN_TASK = "sage_intacct.run_report"


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Year to date through the last complete month (the current month in January)."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    if last.year != today.year:
        last = today
    return dt.date(last.year, 1, 1), last


def start_run(
    company: Company,
    version: ReportVersion,
    actor: User | None,
    start: dt.date,
    end: dt.date,
    *,
    schedule: ReportSchedule | None = None,
    queue: bool = True,
) -> ReportRun:
    if start > end:
        raise SpecError(f"The period starts ({start:%Y-%m-%d}) after it ends ({end:%Y-%m-%d}).")
    parse(version.spec)
    run = ReportRun.objects.create(
        company=company,
        version=version,
        parameters={"start": start.isoformat(), "end": end.isoformat()},
        requested_by=actor if actor is not None and actor.is_authenticated else None,
        schedule=schedule,
        message="Waiting for a background worker…",
    )
    record_audit(
        company=company,
        actor=actor,
        action="sage_intacct.report.run",
        object_type="sage_intacct.reportrun",
        object_id=run.pk,
        summary=f"Report '{version.definition.name}' v{version.number} run for {start:%Y-%m-%d}–{end:%Y-%m-%d}",
    )
    if queue:

        def send() -> None:
            try:
                queue_run(run.pk)
            except Exception as exc:  # broker down: say so instead of spinning forever
                logger.warning("could not queue report run %s", run.pk, exc_info=True)
                _finish(
                    run.pk,
                    ReportRun.State.FAILED,
                    f"The background queue is not reachable ({exc.__class__.__name__}); try again later.",
                )

        transaction.on_commit(send)
    return run


def queue_run(run_id: int) -> None:
    """Send the run to a worker, by task name (the task module imports this one)."""
    current_app.send_task(RUN_TASK, args=[run_id])


def _finish(run_id: int, state: str, message: str, **fields: Any) -> None:
    ReportRun.objects.filter(pk=run_id).update(
        state=state, message=message, finished_at=timezone.now(), **fields
    )


def reporting_currency(spec: Spec, snapshot: Snapshot) -> str:
    currencies = sorted({e.currency for e in snapshot.entities})
    if spec.consolidation.currency:
        return spec.consolidation.currency
    if len(currencies) > 1:
        listed = ", ".join(f"{e.entity} ({e.currency})" for e in snapshot.entities)
        raise SpecError(
            f"The entities {listed} have different base currencies: set a reporting currency "
            "(consolidation currency) or filter the report to entities of one currency."
        )
    return currencies[0] if currencies else ""


def serialize(report: Report, snapshot: Snapshot, version: ReportVersion) -> dict[str, Any]:
    spec = report.spec
    return {
        "title": spec.title,
        "layout": spec.layout,
        "definition": {
            "name": version.definition.name,
            "version": version.number,
            "id": version.definition_id,
        },
        "period": {"start": snapshot.start.isoformat(), "end": snapshot.end.isoformat()},
        "currency": report.currency,
        "columns": [c.as_dict() for c in report.columns],
        "lines": [line.as_dict() for line in report.lines],
        "warnings": report.warnings,
        "rates": dict(sorted(report.rates.items())),
        "entities": [{"id": e.entity, "name": e.name, "currency": e.currency} for e in snapshot.entities],
        "dimension": spec.dimension,
        "number_format": {
            "decimals": spec.number_format.decimals,
            "negatives": spec.number_format.negatives,
            "scale": spec.number_format.scale,
        },
        "chart": spec.chart,
        "calls": snapshot.calls,
    }


def execute_run(
    run_id: int,
    *,
    client_factory: ClientFactory | None = None,
    before_trial_balance: Callable[[], None] | None = None,
) -> ReportRun:
    claimed = ReportRun.objects.filter(pk=run_id, state=ReportRun.State.QUEUED).update(
        state=ReportRun.State.RUNNING, started_at=timezone.now(), message="Reading Intacct…"
    )
    run = ReportRun.objects.select_related("version__definition", "company").get(pk=run_id)
    if not claimed:
        return run
    version = run.version

    def progress(step: str, done: int, total: int) -> None:
        ReportRun.objects.filter(pk=run_id).update(step=step[:120], done=done, total=total)

    try:
        spec = parse(version.spec)
        start = dt.date.fromisoformat(run.parameters["start"])
        end = dt.date.fromisoformat(run.parameters["end"])
        client = client_factory(run.company) if client_factory else client_for_company(run.company, "")
        snapshot = take_snapshot(
            client, spec, start, end, progress=progress, before_trial_balance=before_trial_balance
        )
        currency = reporting_currency(spec, snapshot)
        translate = any(e.currency != currency for e in snapshot.entities)
        rates = load_rates(client, {e.currency for e in snapshot.entities}, currency) if translate else None
        checked = tie_out(snapshot, filtered=bool(spec.filters.dimensions))
        watermark = {
            "as_of": snapshot.as_of.isoformat(),
            "entities": {
                e.entity: {"lines": e.lines, "last_modified": e.last_modified} for e in snapshot.entities
            },
        }
        if not checked.ok:
            shown = "; ".join(d.sentence() for d in checked.differences[:5])
            more = len(checked.differences) - 5
            _finish(
                run_id,
                ReportRun.State.REFUSED,
                "Not published: the data read does not tie to Intacct's trial balance. "
                + shown
                + (f" (and {more} more)" if more > 0 else "")
                + " Something was posted while the report was reading; run it again.",
                tieout=checked.as_dict(),
                tieout_hash=checked.digest,
                as_of=snapshot.as_of,
                watermark=watermark,
            )
            return ReportRun.objects.get(pk=run_id)
        report = compute(spec, snapshot, rates, currency)
        result = serialize(report, snapshot, version)
        _finish(
            run_id,
            ReportRun.State.PUBLISHED,
            f"Published: ties to Intacct's trial balance for {', '.join(e.entity for e in snapshot.entities)}.",
            tieout=checked.as_dict(),
            tieout_hash=checked.digest,
            as_of=snapshot.as_of,
            watermark=watermark,
            result=result,
            step="Done",
            done=1,
            total=1,
        )
    except (SpecError, SnapshotError, MissingRate, NotConfigured) as exc:
        _finish(run_id, ReportRun.State.FAILED, str(exc))
    except IntacctError as exc:
        _finish(
            run_id,
            ReportRun.State.FAILED,
            f"Intacct refused a read: {intacct_message(exc)} Nothing was published.",
        )
    return ReportRun.objects.get(pk=run_id)


def intacct_message(exc: IntacctError) -> str:
    """Intacct's own words (description2, else description), not our exception's wrapping."""
    texts = [e.description2 or e.description or e.errorno for e in getattr(exc, "errors", ()) if e]
    return " ".join(t.rstrip(".") + "." for t in texts if t) or str(exc)


def progress_payload(run: ReportRun) -> dict[str, Any]:
    percent = 100 if run.finished else int(100 * run.done / run.total) if run.total else 0
    return {
        "id": run.pk,
        "state": run.state,
        "state_label": run.get_state_display(),
        "finished": run.finished,
        "done": run.done,
        "total": run.total,
        "step": run.step,
        "message": run.message,
        "percent": percent,
    }
