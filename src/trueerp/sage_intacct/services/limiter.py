"""At most C requests in flight per Intacct company, across every worker on every machine.

Slots are rows (``InflightLease``) claimed by a conditional UPDATE — "take slot k if it is free or
its lease expired" — which is atomic on SQLite and PostgreSQL alike. A worker that dies holding a
slot loses it when the lease expires, so a crash never shrinks the company's capacity for good.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from trueerp.sage_intacct.models import InflightLease


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
