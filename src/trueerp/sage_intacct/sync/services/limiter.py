"""At most C requests in flight per Intacct company, across every worker on every machine.

Slots are rows (``InflightLease``) claimed by a conditional UPDATE — "take slot k if it is free or
its lease expired" — which is atomic on SQLite and PostgreSQL alike. The lease is short and the
process's heartbeat renews it while the request is out, so a slow request keeps its slot and a worker
that dies holding one frees it within one lease (``INTACCT_SYNC_LEASE_S``), not after the slowest call.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from trueerp.sage_intacct.sync.models import InflightLease
from trueerp.sage_intacct.sync.services.heartbeat import HEARTBEAT


def _ensure_slots(key: str, capacity: int) -> None:
    InflightLease.objects.bulk_create(
        [InflightLease(intacct_company=key, slot=slot) for slot in range(capacity)], ignore_conflicts=True
    )


def _take(key: str, capacity: int, holder: str, ttl_s: float) -> int | None:
    now = timezone.now()
    for slot in range(capacity):
        taken = (
            InflightLease.objects.filter(intacct_company=key, slot=slot)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__lt=now))
            .update(holder=holder, expires_at=now + dt.timedelta(seconds=ttl_s))
        )
        if taken:
            return slot
    return None


def acquire(key: str, capacity: int, holder: str, ttl_s: float) -> int | None:
    """A free slot number (now held by ``holder`` until the lease ends), or None when all are busy."""
    slot = _take(key, capacity, holder, ttl_s)
    if (
        slot is None
        and InflightLease.objects.filter(intacct_company=key, slot__lt=capacity).count() < capacity
    ):
        _ensure_slots(key, capacity)  # first use, or the capacity grew
        slot = _take(key, capacity, holder, ttl_s)
    return slot


def extend(key: str, slot: int, holder: str, ttl_s: float) -> bool:
    """Keep a slot during a long run; False means the lease was lost (expired and re-taken)."""
    until = timezone.now() + dt.timedelta(seconds=ttl_s)
    return bool(
        InflightLease.objects.filter(intacct_company=key, slot=slot, holder=holder).update(expires_at=until)
    )


def release(key: str, slot: int, holder: str) -> None:
    InflightLease.objects.filter(intacct_company=key, slot=slot, holder=holder).update(
        holder="", expires_at=None
    )


def in_use(key: str) -> int:
    return InflightLease.objects.filter(intacct_company=key, expires_at__gte=timezone.now()).count()


class SlotBusy(Exception):
    """No request slot became free in time; the caller puts its work back."""


_semaphores_lock = threading.Lock()
_semaphores: dict[tuple[str, int], threading.BoundedSemaphore] = {}


def _process_gate(key: str, capacity: int) -> threading.BoundedSemaphore:
    """Threads of one process queue here first, so only cross-process contention polls the DB."""
    with _semaphores_lock:
        gate = _semaphores.get((key, capacity))
        if gate is None:
            gate = _semaphores[(key, capacity)] = threading.BoundedSemaphore(capacity)
        return gate


@dataclass(frozen=True)
class Slots:
    """The request slots of one Intacct company as seen by one worker (``holder``)."""

    key: str
    capacity: int
    holder: str
    ttl_s: float
    wait_s: float

    @contextmanager
    def hold(self) -> Iterator[int]:
        """Block until a slot is ours (or raise `SlotBusy`), hold it for the block, then free it."""
        gate = _process_gate(self.key, self.capacity)
        if not gate.acquire(timeout=self.wait_s):
            raise SlotBusy(f"all {self.capacity} request slots of {self.key} stayed busy")
        try:
            deadline = time.monotonic() + self.wait_s
            slot = acquire(self.key, self.capacity, self.holder, self.ttl_s)
            while slot is None:
                if time.monotonic() > deadline:
                    raise SlotBusy(f"all {self.capacity} request slots of {self.key} stayed busy")
                time.sleep(0.02)
                slot = acquire(self.key, self.capacity, self.holder, self.ttl_s)
            try:
                with HEARTBEAT.holding(slot=(self.key, slot, self.holder)):
                    yield slot
            finally:
                release(self.key, slot, self.holder)
        finally:
            gate.release()
