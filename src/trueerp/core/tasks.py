from __future__ import annotations

from celery import Task, shared_task

from trueerp.core.models import WorkerHeartbeat


@shared_task(bind=True, name="core.heartbeat")
def heartbeat(self: Task, token: str) -> str:  # type: ignore[type-arg]
    """Idempotent: delivering the same token twice writes one row."""
    hostname = str(getattr(self.request, "hostname", "") or "worker")
    WorkerHeartbeat.objects.get_or_create(token=token, defaults={"worker": hostname})
    return hostname
