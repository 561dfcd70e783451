"""The heartbeat: claims and request slots stay ours while this process lives, and only that long.

A claim or slot lease is short (``INTACCT_SYNC_LEASE_S``) so that a killed worker's jobs and slots are
free again soon; one daemon thread per process renews, every third of the lease, whatever this
process holds. A request slower than the lease therefore never loses its claim to another worker,
and a worker that dies stops renewing at once. The thread touches the database only while something
is held, so short requests cost nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from trueerp.sage_intacct.sync.models import InflightLease, JobState, SyncJob

logger = logging.getLogger(__name__)


def lease_seconds() -> float:
    return float(settings.INTACCT_SYNC_LEASE_S)


class _Heartbeat:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._claims: dict[str, int] = {}  # claim token -> how many holders
        self._slots: dict[tuple[str, int, str], int] = {}  # (company key, slot, holder) -> holders
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._interval = 0.0
        self.beats = 0

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="sync-heartbeat", daemon=True)
            self._thread.start()

    @contextmanager
    def holding(self, *, token: str = "", slot: tuple[str, int, str] | None = None) -> Iterator[None]:
        """Keep ``token``'s claims (and ``slot``) alive for the duration of the block."""
        with self._lock:
            if token:
                self._claims[token] = self._claims.get(token, 0) + 1
            if slot is not None:
                self._slots[slot] = self._slots.get(slot, 0) + 1
            self._ensure_thread()
            if lease_seconds() / 3 < self._interval * 0.99:
                self._wake.set()  # the lease got shorter: beat at the new pace from now on
        try:
            yield
        finally:
            with self._lock:
                if token:
                    self._claims[token] -= 1
                    if not self._claims[token]:
                        del self._claims[token]
                if slot is not None:
                    self._slots[slot] -= 1
                    if not self._slots[slot]:
                        del self._slots[slot]

    def renew_now(self) -> None:
        """One beat: push the expiry of everything held out by one lease."""
        with self._lock:
            tokens = list(self._claims)
            slots = list(self._slots)
        if not tokens and not slots:
            return
        until = timezone.now() + dt.timedelta(seconds=lease_seconds())
        if tokens:
            SyncJob.objects.filter(
                claimed_by__in=tokens, state__in=(JobState.IN_PROGRESS, JobState.SENT, JobState.UNCONFIRMED)
            ).update(claimed_until=until)
        for key, slot, holder in slots:
            InflightLease.objects.filter(intacct_company=key, slot=slot, holder=holder).update(
                expires_at=until
            )
        self.beats += 1

    def _run(self) -> None:
        while True:
            self._interval = max(0.05, lease_seconds() / 3)
            rearmed = self._wake.wait(self._interval)
            self._wake.clear()
            if rearmed:
                continue
            try:
                self.renew_now()
            except Exception:  # the database is busy or gone for a moment: the next beat tries again
                logger.warning("sync heartbeat could not renew claims", exc_info=True)
                with contextlib.suppress(Exception):
                    close_old_connections()


HEARTBEAT = _Heartbeat()
