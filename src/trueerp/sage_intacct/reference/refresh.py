"""Reference data as people see it: what is cached per Intacct object, when it was refreshed, and a
refresh that runs in the background and reports n of m as it goes (`OperationProgress`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction as db_transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.timesince import timesince

from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.sage_intacct.progress.models import OperationProgress
from trueerp.sage_intacct.reference.labels import OBJECT_LABELS, object_label
from trueerp.sage_intacct.reference.models import (
    IntacctAccount,
    IntacctDimensionValue,
    IntacctEntity,
    IntacctJournal,
    IntacctPeriod,
    ReferenceWatermark,
)
from trueerp.sage_intacct.reference.tasks import refresh_reference_tracked

logger = logging.getLogger(__name__)

STALE_QUEUE = dt.timedelta(minutes=15)
STALE_RUN = dt.timedelta(minutes=30)


@dataclass
class ObjectSummary:
    object_name: str
    label: str
    active: int
    inactive: int
    last_refresh_at: dt.datetime | None
    last_full_at: dt.datetime | None
    last_error: str
    detail: str = ""

    @property
    def refreshed_ago(self) -> str:
        if self.last_refresh_at is None:
            return "Never"
        if timezone.now() - self.last_refresh_at < dt.timedelta(minutes=1):
            return "Just now"
        return f"{timesince(self.last_refresh_at)} ago"

    @property
    def total(self) -> int:
        return self.active + self.inactive

    def as_json(self) -> dict[str, Any]:
        return {
            "object": self.object_name,
            "active": self.active,
            "inactive": self.inactive,
            "last_refresh_at": self.last_refresh_at.isoformat() if self.last_refresh_at else None,
            "last_error": self.last_error,
        }


def _counts(queryset: Any, field: str = "active") -> tuple[int, int]:
    row = queryset.aggregate(
        on=Count("id", filter=Q(**{field: True})), off=Count("id", filter=Q(**{field: False}))
    )
    return int(row["on"]), int(row["off"])


def summary(company: Company) -> list[ObjectSummary]:
    """One line per Intacct object: cached counts (active / inactive) and refresh times."""
    marks = {m.object_name: m for m in ReferenceWatermark.objects.filter(company=company)}
    counts: dict[str, tuple[int, int]] = {
        "LOCATIONENTITY": _counts(IntacctEntity.objects.filter(company=company)),
        "GLACCOUNT": _counts(IntacctAccount.objects.filter(company=company)),
        "GLJOURNAL": _counts(IntacctJournal.objects.filter(company=company)),
    }
    closed_periods, open_periods = _counts(IntacctPeriod.objects.filter(company=company), "closed")
    counts["REPORTINGPERIOD"] = (open_periods, closed_periods)
    for row in (
        IntacctDimensionValue.objects.filter(company=company)
        .values("kind")
        .annotate(on=Count("id", filter=Q(active=True)), off=Count("id", filter=Q(active=False)))
    ):
        counts[row["kind"]] = (int(row["on"]), int(row["off"]))
    names = [name for name in OBJECT_LABELS if name not in ("TASK", "ITEM") or name in counts]
    names += sorted(n for n in {*counts, *marks} if n not in names)
    result = []
    for name in names:
        active, inactive = counts.get(name, (0, 0))
        mark = marks.get(name)
        item = ObjectSummary(
            name,
            object_label(name),
            active,
            inactive,
            mark.last_refresh_at if mark else None,
            mark.last_full_at if mark else None,
            mark.last_error if mark else "",
        )
        if name == "REPORTINGPERIOD":
            item.detail = f"{active} open · {inactive} closed"
        result.append(item)
    return result


def current_refresh(company: Company) -> OperationProgress | None:
    """The refresh that is queued or running. One queued for 15 minutes (no worker took it) or
    running for 30 (its worker died) is abandoned, so a new one can start."""
    latest = (
        OperationProgress.objects.filter(company=company, kind=OperationProgress.Kind.REFERENCE_REFRESH)
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is None or latest.finished:
        return None
    now = timezone.now()
    if latest.state == OperationProgress.State.QUEUED and now - latest.created_at > STALE_QUEUE:
        return None
    started = latest.started_at or latest.created_at
    if latest.state == OperationProgress.State.RUNNING and now - started > STALE_RUN:
        return None
    return latest


def start_refresh(
    company: Company, actor: User | None, *, full: bool = False
) -> tuple[OperationProgress, bool]:
    """Queue a refresh (or return the one already under way); the task is sent on commit."""
    with db_transaction.atomic():
        # One request at a time per company decides whether a refresh is already under way.
        Company.objects.select_for_update().filter(pk=company.pk).first()
        running = current_refresh(company)
        if running is not None:
            return running, False
        progress = OperationProgress.objects.create(
            company=company,
            kind=OperationProgress.Kind.REFERENCE_REFRESH,
            requested_by=actor if actor is not None and actor.is_authenticated else None,
            options={"full": full},
            message="Waiting for a background worker…",
        )
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.reference.refresh",
            object_type="sage_intacct.operationprogress",
            object_id=progress.pk,
            summary="Reference data refresh requested" + (" (full)" if full else ""),
        )
        db_transaction.on_commit(lambda: _send(refresh_reference_tracked, progress.pk))
    return progress, True


def _send(task: Any, progress_id: int) -> None:
    try:
        task.delay(progress_id)
    except Exception as exc:  # broker down: say so on the page instead of spinning forever
        logger.warning("could not queue reference refresh %s", progress_id, exc_info=True)
        OperationProgress.objects.filter(pk=progress_id, state=OperationProgress.State.QUEUED).update(
            state=OperationProgress.State.FAILED,
            message=f"The background queue is not reachable ({exc.__class__.__name__}); try again later.",
            finished_at=timezone.now(),
        )


def progress_payload(progress: OperationProgress) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": progress.pk,
        "state": progress.state,
        "state_label": progress.get_state_display(),
        "done": progress.done,
        "total": progress.total,
        "step": progress.step,
        "message": progress.message,
        "finished": progress.finished,
        "percent": 100
        if progress.state == OperationProgress.State.DONE
        else (round(100 * progress.done / progress.total) if progress.total else 0),
    }
    if progress.finished:
        payload["objects"] = [item.as_json() for item in summary(progress.company)]
    return payload
