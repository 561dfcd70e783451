"""API sessions: created by getAPISession, slid forward on every call, stored with the rest of the state.

Keeping sessions in the store (not in process memory) is what lets a restarted emulator keep
serving clients that cached a session id, as the real gateway does.
"""

from __future__ import annotations

import datetime as dt
import json

from .context import Emulator


def create_session(
    emu: Emulator, company: str, userid: str, entity: str, hours: float
) -> tuple[str, dt.datetime]:
    now = emu.clock.now()
    sid = emu.token(30) + ".."
    expires = now + dt.timedelta(hours=hours)
    payload = {
        "company": company,
        "user": userid,
        "entity": entity,
        "expires": expires.isoformat(),
        "created": now.isoformat(),
    }
    emu.store.kv_set("session", sid, json.dumps(payload))
    return sid, expires


def expire_all(emu: Emulator) -> int:
    """Delete every session (control plane): clients must log in again, as after a real expiry."""
    store = emu.store
    with store.lock:
        sids = list(store.kv_items("session"))
        for sid in sids:
            store.kv_set("session", sid, None)
        store.commit()
    return len(sids)
