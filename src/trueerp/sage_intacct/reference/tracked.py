"""The worker side of a tracked reference refresh: claim the progress row, refresh, write n of m as it goes."""

from __future__ import annotations

import logging

from django.utils import timezone

from trueerp.sage_intacct.progress.models import OperationProgress
from trueerp.sage_intacct.reference.labels import object_label
from trueerp.sage_intacct.reference.services import refresh_reference_data

logger = logging.getLogger(__name__)


def run_tracked_refresh(progress_id: int) -> str:
    """Worker side. Claims the row (queued → running) so a second delivery does nothing."""
    now = timezone.now()
    claimed = OperationProgress.objects.filter(pk=progress_id, state=OperationProgress.State.QUEUED).update(
        state=OperationProgress.State.RUNNING, started_at=now, message="Connecting to Sage Intacct…"
    )
    if not claimed:
        return "already taken"
    progress = OperationProgress.objects.select_related("company").get(pk=progress_id)

    def report(step: str, done: int, total: int) -> None:
        label = "Finishing" if step == "done" else f"Reading {object_label(step).lower()}"
        OperationProgress.objects.filter(pk=progress_id).update(
            done=done, total=total, step=step, message=f"{label}…"
        )

    try:
        result = refresh_reference_data(
            progress.company, full=bool(progress.options.get("full")), progress=report
        )
    except Exception as exc:
        logger.exception("reference refresh %s failed", progress_id)
        OperationProgress.objects.filter(pk=progress_id).update(
            state=OperationProgress.State.FAILED,
            message=f"The refresh stopped: {exc}",
            finished_at=timezone.now(),
        )
        return "failed"
    errors = "; ".join(f"{object_label(k)}: {v}" for k, v in result.errors.items())
    message = f"Read {result.total} records from {len(result.objects)} Intacct objects."
    if errors:
        message += f" Some objects could not be read — {errors}"
    OperationProgress.objects.filter(pk=progress_id).update(
        state=OperationProgress.State.DONE,
        message=message,
        result={"objects": result.objects, "errors": result.errors},
        finished_at=timezone.now(),
    )
    return "done"
