"""Per-request context and the helpers every object family shares.

A ``Ctx`` is the (company, user, entity) a function runs as — the emulator's equivalent of moto's
(account, region) backend key — plus access to the store and clock. Visibility and the
entity-ownership rules live here so that read paths and write validations agree.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import errors
from .model import OBJECTS, ObjectDef, udd_def
from .store import Record, Store

if TYPE_CHECKING:
    from .faults import Faults


class Clock:
    """Wall clock by default; the control plane can freeze it or shift it for repeatable demos."""

    def __init__(self) -> None:
        self.frozen: dt.datetime | None = None
        self.offset = dt.timedelta()

    def now(self) -> dt.datetime:
        if self.frozen is not None:
            return self.frozen
        return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None) + self.offset


def fmt_ts(t: dt.datetime) -> str:
    return t.strftime("%m/%d/%Y %H:%M:%S")


def fmt_date(d: dt.date) -> str:
    return d.strftime("%m/%d/%Y")


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def parse_date(value: str) -> dt.date | None:
    for pattern in ("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%Y %H:%M:%S"):
        try:
            return dt.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


def entity_of_location(store: Store, company: str, locid: str) -> str:
    """The entity a location rolls up to through its parents ('' for a top-level location)."""
    seen = set()
    cur = locid
    while cur and cur not in seen:
        seen.add(cur)
        if store.get_by_id(company, "LOCATIONENTITY", cur) is not None:
            return cur
        rec = store.get_by_id(company, "LOCATION", cur)
        if rec is None:
            return ""
        cur = str(rec.get("PARENTID") or "")
    return ""


@dataclass
class ResultSet:
    """A readByQuery result kept for readMore; bound to its session and query."""

    sessionid: str
    obj: str
    listtype: str
    rows: list[Record]
    offset: int
    pagesize: int
    expires: dt.datetime


@dataclass
class Emulator:
    """Process-wide state shared by the gateway, control plane and console."""

    store: Store
    clock: Clock = field(default_factory=Clock)
    rng: random.Random = field(default_factory=random.SystemRandom)
    results: dict[str, ResultSet] = field(default_factory=dict)
    latency_ms: int = 0
    function_latency_ms: dict[str, int] = field(default_factory=dict)
    concurrency_limit: int = 16
    inflight: dict[str, int] = field(default_factory=dict)
    inflight_lock: threading.Lock = field(default_factory=threading.Lock)
    faults: Faults | None = None
    public_endpoint: str | None = None
    seed_name: str = ""

    def token(self, n: int = 24) -> str:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return "".join(self.rng.choice(alphabet) for _ in range(n))


@dataclass
class Ctx:
    emu: Emulator
    company: str
    company_rec: Record
    userid: str
    user: Record
    entity: str
    sessionid: str
    endpoint: str
    showprivate: bool = False
    # per-request memo (closed periods, location → entity): lines of a 100-batch request reuse it
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def system(cls, emu: Emulator, company: str, company_rec: Record) -> Ctx:
        """The emulator itself acting in a company (seeds, control plane), with full rights."""
        return cls(emu, company, company_rec, "api_sync", {"WRITE": True}, "", "system", "")

    @property
    def store(self) -> Store:
        return self.emu.store

    def now_ts(self) -> str:
        return fmt_ts(self.emu.clock.now())

    def today(self) -> dt.date:
        return self.emu.clock.now().date()

    def objdef(self, name: str) -> ObjectDef | None:
        d = OBJECTS.get(name.upper())
        if d is not None:
            return d
        udds = self.company_rec.get("UDDS", {})
        label = udds.get(name.upper())
        return udd_def(name, label) if label else None

    def can_write(self) -> bool:
        return bool(self.user.get("WRITE", False))

    def entity_name(self, entity: str) -> str:
        rec = self.store.get_by_id(self.company, "LOCATIONENTITY", entity) if entity else None
        return str(rec["NAME"]) if rec else ""

    def stamp(self, rec: Record, created: bool) -> None:
        now = self.now_ts()
        if created:
            rec["WHENCREATED"] = rec.get("WHENCREATED") or now
            rec["CREATEDBY"] = self.userid
        rec["WHENMODIFIED"] = now
        rec["MODIFIEDBY"] = self.userid

    def own(self, rec: Record, entity: str | None = None) -> None:
        e = self.entity if entity is None else entity
        ent = self.store.get_by_id(self.company, "LOCATIONENTITY", e) if e else None
        rec["MEGAENTITYKEY"] = str(ent["RECORDNO"]) if ent else ""
        rec["MEGAENTITYID"] = e
        rec["MEGAENTITYNAME"] = str(ent["NAME"]) if ent else ""

    def visible(self, rec: Record, private_ok: bool | None = None) -> bool:
        owner = rec.get("MEGAENTITYID") or ""
        if not owner:
            return True
        if self.entity:
            return bool(owner == self.entity)
        return self.showprivate if private_ok is None else private_ok

    def entity_of_location(self, locid: str) -> str:
        """The entity a location rolls up to ('' for a top-level location)."""
        memo: dict[str, str] = self.cache.setdefault("entity_of_location", {})
        found = memo.get(locid)
        if found is None:
            found = memo[locid] = entity_of_location(self.store, self.company, locid)
        return found

    def dimension(self, obj: str, value: str, label: str, line_entity: str) -> Record:
        """Resolve a dimension value, enforcing existence, status and entity privacy."""
        rec = self.store.get_by_id(self.company, obj, value)
        if rec is None or str(rec.get("STATUS", "active")).lower() == "inactive":
            raise errors.invalid_reference(label, value)
        owner = str(rec.get("MEGAENTITYID") or "")
        # locations belong to their entity but are usable from the top level; other values are not
        scope = self.entity if obj == "LOCATION" else (line_entity or self.entity)
        if owner and (scope or obj != "LOCATION") and owner != scope:
            raise errors.private_reference(label, value, owner, line_entity or self.entity)
        return rec

    def allocate(self) -> int:
        return self.store.next_number(f"recordno:{self.company}", start=1000)


def usage_key(company: str, day: dt.date) -> str:
    return f"{company}|{day.isoformat()}"


def as_record(value: Any) -> Record:
    if not isinstance(value, dict):
        raise errors.bad_request("Expected an object element with fields")
    return value
