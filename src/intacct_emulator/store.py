"""State: in-memory tables written through to SQLite, with an undo log for rollbacks.

Reads and filters run on Python dicts (the legacy query grammar and the ``query`` filter tree are
evaluated in Python anyway), so SQLite only has to persist. Every request runs under one lock:
correctness over parallelism, and a single writer is what SQLite prefers. Writes are buffered per
request and flushed with ``executemany`` at commit, which is what makes 100-batch requests cheap.
Savepoints (one per function) plus the undo log give Intacct's two modes: each function commits
on its own, or ``transaction="true"`` rolls the whole operation back.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    company TEXT NOT NULL, object TEXT NOT NULL, recordno INTEGER NOT NULL, rid TEXT, data TEXT NOT NULL,
    PRIMARY KEY (company, object, recordno));
CREATE TABLE IF NOT EXISTS kv (ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (ns, key));
"""

_MISSING = object()


@dataclass(slots=True)
class Table:
    records: dict[int, Record] = field(default_factory=dict)
    by_id: dict[str, int] = field(default_factory=dict)
    rid: dict[int, str] = field(default_factory=dict)


class Store:
    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        self.lock = threading.RLock()
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        if path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self.tables: dict[tuple[str, str], Table] = {}
        self.kv: dict[str, dict[str, str]] = {}
        self._pending_rec: dict[tuple[str, str, int], bool] = {}
        self._pending_kv: dict[tuple[str, str], bool] = {}
        self._undo: list[tuple[Any, ...]] = []
        self._in_tx = False
        self._load()

    # --- loading / wiping -------------------------------------------------------------------

    def _load(self) -> None:
        for company, obj, recordno, rid, data in self.db.execute(
            "SELECT company, object, recordno, rid, data FROM records"
        ):
            t = self.table(company, obj)
            t.records[recordno] = json.loads(data)
            if rid is not None:
                t.by_id[rid] = recordno
                t.rid[recordno] = rid
        for ns, key, value in self.db.execute("SELECT ns, key, value FROM kv"):
            self.kv.setdefault(ns, {})[key] = value

    def wipe(self) -> None:
        with self.lock:
            self.db.execute("DELETE FROM records")
            self.db.execute("DELETE FROM kv")
            self.tables.clear()
            self.kv.clear()
            self._pending_rec.clear()
            self._pending_kv.clear()
            self._undo.clear()

    def is_empty(self) -> bool:
        return not self.tables

    # --- access -----------------------------------------------------------------------------

    def table(self, company: str, obj: str) -> Table:
        key = (company, obj)
        t = self.tables.get(key)
        if t is None:
            t = self.tables[key] = Table()
        return t

    def get(self, company: str, obj: str, recordno: int) -> Record | None:
        t = self.tables.get((company, obj))
        return None if t is None else t.records.get(recordno)

    def get_by_id(self, company: str, obj: str, rid: str) -> Record | None:
        t = self.tables.get((company, obj))
        if t is None:
            return None
        n = t.by_id.get(rid)
        return None if n is None else t.records.get(n)

    def records(self, company: str, obj: str) -> list[Record]:
        t = self.tables.get((company, obj))
        return [] if t is None else list(t.records.values())

    def kv_get(self, ns: str, key: str) -> str | None:
        return self.kv.get(ns, {}).get(key)

    def kv_items(self, ns: str) -> dict[str, str]:
        return dict(self.kv.get(ns, {}))

    def next_number(self, name: str, start: int = 1) -> int:
        current = self.kv_get("counter", name)
        n = int(current) + 1 if current is not None else start
        self.kv_set("counter", name, str(n))
        return n

    # --- mutation (always inside begin/commit) -----------------------------------------------

    def put(self, company: str, obj: str, recordno: int, rec: Record, rid: str | None) -> None:
        t = self.table(company, obj)
        key = (company, obj, recordno)
        old = t.records.get(recordno)
        old_rid = t.rid.get(recordno)
        self._undo.append(("rec", key, old, old_rid, self._pending_rec.get(key, _MISSING)))
        if old_rid is not None and old_rid != rid:
            t.by_id.pop(old_rid, None)
            t.rid.pop(recordno, None)
        t.records[recordno] = rec
        if rid is not None:
            t.by_id[rid] = recordno
            t.rid[recordno] = rid
        self._pending_rec[key] = True

    def remove(self, company: str, obj: str, recordno: int) -> None:
        t = self.table(company, obj)
        key = (company, obj, recordno)
        old = t.records.get(recordno)
        if old is None:
            return
        old_rid = t.rid.get(recordno)
        self._undo.append(("rec", key, old, old_rid, self._pending_rec.get(key, _MISSING)))
        del t.records[recordno]
        if old_rid is not None:
            t.by_id.pop(old_rid, None)
            t.rid.pop(recordno, None)
        self._pending_rec[key] = False

    def kv_set(self, ns: str, key: str, value: str | None) -> None:
        space = self.kv.setdefault(ns, {})
        k = (ns, key)
        self._undo.append(("kv", k, space.get(key), self._pending_kv.get(k, _MISSING)))
        if value is None:
            space.pop(key, None)
            self._pending_kv[k] = False
        else:
            space[key] = value
            self._pending_kv[k] = True

    # --- transactions ---------------------------------------------------------------------

    def mark(self) -> int:
        return len(self._undo)

    def rollback_to(self, mark: int) -> None:
        while len(self._undo) > mark:
            entry = self._undo.pop()
            if entry[0] == "rec":
                _, (company, obj, recordno), old, old_rid, pend = entry
                t = self.table(company, obj)
                cur_rid = t.rid.pop(recordno, None)
                if cur_rid is not None:
                    t.by_id.pop(cur_rid, None)
                if old is None:
                    t.records.pop(recordno, None)
                else:
                    t.records[recordno] = old
                    if old_rid is not None:
                        t.by_id[old_rid] = recordno
                        t.rid[recordno] = old_rid
                if pend is _MISSING:
                    self._pending_rec.pop((company, obj, recordno), None)
                else:
                    self._pending_rec[(company, obj, recordno)] = pend
            else:
                _, (ns, key), old, pend = entry
                space = self.kv.setdefault(ns, {})
                if old is None:
                    space.pop(key, None)
                else:
                    space[key] = old
                if pend is _MISSING:
                    self._pending_kv.pop((ns, key), None)
                else:
                    self._pending_kv[(ns, key)] = pend

    def rollback(self) -> None:
        self.rollback_to(0)
        self._pending_rec.clear()
        self._pending_kv.clear()

    def commit(self) -> None:
        """Flush buffered writes in one SQLite transaction."""
        upserts: list[tuple[str, str, int, str | None, str]] = []
        deletes: list[tuple[str, str, int]] = []
        for (company, obj, recordno), present in self._pending_rec.items():
            t = self.tables[(company, obj)]
            if present:
                upserts.append(
                    (
                        company,
                        obj,
                        recordno,
                        t.rid.get(recordno),
                        json.dumps(t.records[recordno], separators=(",", ":")),
                    )
                )
            else:
                deletes.append((company, obj, recordno))
        kv_up: list[tuple[str, str, str]] = []
        kv_del: list[tuple[str, str]] = []
        for (ns, key), present in self._pending_kv.items():
            if present:
                kv_up.append((ns, key, self.kv[ns][key]))
            else:
                kv_del.append((ns, key))
        if upserts or deletes or kv_up or kv_del:
            db = self.db
            db.execute("BEGIN")
            try:
                if deletes:
                    db.executemany("DELETE FROM records WHERE company=? AND object=? AND recordno=?", deletes)
                if upserts:
                    db.executemany("INSERT OR REPLACE INTO records VALUES (?,?,?,?,?)", upserts)
                if kv_del:
                    db.executemany("DELETE FROM kv WHERE ns=? AND key=?", kv_del)
                if kv_up:
                    db.executemany("INSERT OR REPLACE INTO kv VALUES (?,?,?)", kv_up)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        self._pending_rec.clear()
        self._pending_kv.clear()
        self._undo.clear()

    def close(self) -> None:
        with self.lock:
            self.db.close()
