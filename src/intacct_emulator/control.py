"""Control plane (JSON) under ``/__emulator__/api/``: what tests and benchmarks use to steer it.

Modelled on moto's ``/moto-api/`` and LocalStack's developer endpoints: reset and seed, inspect
records and API usage, latency, concurrency limit, faults, a controllable clock and deterministic
ids. It is deliberately unauthenticated and must only ever listen on loopback.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any
from urllib.parse import parse_qs

from .context import Ctx, Emulator
from .currency import CURRENCIES, rate_entries
from .objects.currencies import add_rate_type, rate_changes
from .seed import apply_seed
from .sessions import expire_all
from .usage import usage_report

Reply = tuple[int, Any]


def _json(body: bytes | None) -> dict[str, Any]:
    if not body:
        return {}
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def dispatch(emu: Emulator, method: str, path: str, body: bytes | None, query_string: str) -> Reply:
    store = emu.store
    data = _json(body)
    qs = {k: v[0] for k, v in parse_qs(query_string).items()}
    parts = [p for p in path.split("/") if p]
    route = parts[0] if parts else ""
    try:
        if route == "health":
            return 200, {"status": "ok", "seed": emu.seed_name, "data": store.path}
        if route == "reset" and method == "POST":
            seed = data.get("seed", "demo")
            with store.lock:  # no gateway request may see a half-reset store
                store.wipe()
                emu.results.clear()
                if emu.faults:
                    emu.faults.clear()
                emu.latency_ms = 0
                emu.function_latency_ms.clear()
                if seed:
                    apply_seed(emu, str(seed))
            return 200, {"status": "reset", "seed": seed or ""}
        if route == "seed" and method == "POST":
            apply_seed(emu, str(data.get("name", "demo")))
            return 200, {"status": "seeded", "seed": emu.seed_name}
        if route == "usage":
            return 200, usage_report(emu, qs.get("company"))
        if route == "latency" and method == "POST":
            emu.latency_ms = int(data.get("ms", 0))
            emu.function_latency_ms = {str(k): int(v) for k, v in dict(data.get("functions", {})).items()}
            return 200, {"ms": emu.latency_ms, "functions": emu.function_latency_ms}
        if route == "concurrency" and method == "POST":
            limit = int(data["limit"])
            company = data.get("company")
            if company:
                with store.lock:
                    rec = store.get_by_id(str(company), "COMPANY", str(company))
                    if rec is None:
                        return 404, {"error": f"unknown company {company}"}
                    store.put(
                        str(company), "COMPANY", 1, {**rec, "CONCURRENCY_LIMIT": str(limit)}, str(company)
                    )
                    store.commit()
            else:
                emu.concurrency_limit = limit
            return 200, {"limit": limit, "company": company or "*", "inflight": dict(emu.inflight)}
        if route == "faults":
            assert emu.faults is not None
            if method == "DELETE":
                emu.faults.clear()
                return 200, {"faults": []}
            if method == "POST":
                count = data.get("count")
                emu.faults.add(
                    str(data.get("kind", "")),
                    float(data.get("probability", 0.0)),
                    None if count is None else int(count),
                )
                if "seed" in data:
                    emu.faults.rng.seed(int(data["seed"]))
            return 200, {"faults": emu.faults.describe()}
        if route == "clock" and method == "POST":
            if data.get("real"):
                emu.clock.frozen, emu.clock.offset = None, dt.timedelta()
            if "now" in data:
                emu.clock.frozen = dt.datetime.fromisoformat(str(data["now"])).replace(tzinfo=None)
            if "offset_seconds" in data:
                emu.clock.frozen = None
                emu.clock.offset = dt.timedelta(seconds=float(data["offset_seconds"]))
            if "advance_seconds" in data and emu.clock.frozen is not None:
                emu.clock.frozen += dt.timedelta(seconds=float(data["advance_seconds"]))
            return 200, {"now": emu.clock.now().isoformat(), "frozen": emu.clock.frozen is not None}
        if route == "ids" and method == "POST":
            emu.rng = random.Random(int(data.get("seed", 0)))
            return 200, {"seed": int(data.get("seed", 0))}
        if route == "sessions":
            if len(parts) > 1 and parts[1] == "expire" and method == "POST":
                return 200, {"expired": expire_all(emu)}
            return 200, {"sessions": {k: json.loads(v) for k, v in store.kv_items("session").items()}}
        if route == "companies" and len(parts) == 3 and parts[2] in ("exchange-rates", "exchange-rate-types"):
            return _exchange_rates(emu, parts[1], parts[2], method, data, qs)
        if route == "companies" and len(parts) >= 3 and parts[2] == "settings" and method == "POST":
            company = parts[1]
            with store.lock:
                rec = store.get_by_id(company, "COMPANY", company)
                if rec is None:
                    return 404, {"error": f"unknown company {company}"}
                allowed = {
                    "BALANCE_BY_ENTITY",
                    "IET_ENABLED",
                    "SESSION_HOURS",
                    "CONCURRENCY_LIMIT",
                    "TIER",
                    "MONTHLY_TRANSACTIONS",
                    "CASH_ACCOUNT",
                    "CURRENCIES",
                    "DEFAULT_RATE_TYPE",
                    "FX_GAINLOSS_ACCOUNT",
                    "REQUIRE_ENTITY_AT_TOP_LEVEL",
                    "AP_PAYMENT_APPROVAL",
                    "AP_ACCOUNT",
                    "AR_ACCOUNT",
                    "EE_ACCOUNT",
                    "LABOR_ACCOUNT",
                    "ACCRUED_LABOR_ACCOUNT",
                }
                unknown = sorted(set(data) - allowed)
                if unknown:
                    return 400, {
                        "error": f"unknown setting(s) {', '.join(unknown)}",
                        "allowed": sorted(allowed),
                    }
                changes: dict[str, Any] = {
                    k: str(v).lower() if isinstance(v, bool) else str(v)
                    for k, v in data.items()
                    if k in allowed and k != "CURRENCIES"
                }
                if "CURRENCIES" in data:
                    codes = (
                        [str(c).upper() for c in data["CURRENCIES"]]
                        if isinstance(data["CURRENCIES"], list)
                        else []
                    )
                    unknown_codes = [c for c in codes if c not in CURRENCIES]
                    if not codes or unknown_codes:
                        return 400, {
                            "error": f"CURRENCIES must be a list of known currency codes: {unknown_codes}"
                        }
                    changes["CURRENCIES"] = codes
                store.put(company, "COMPANY", 1, {**rec, **changes}, company)
                store.commit()
            return 200, {k: v for k, v in {**rec, **changes}.items() if k in allowed}
        if route == "records" and len(parts) >= 3:
            company, obj = parts[1], parts[2].upper()
            with store.lock:
                if len(parts) >= 4:
                    rec = (
                        store.get(company, obj, int(parts[3]))
                        if parts[3].isdigit()
                        else store.get_by_id(company, obj, parts[3])
                    )
                    return (200, rec) if rec is not None else (404, {"error": "not found"})
                rows = sorted(store.records(company, obj), key=lambda r: int(r.get("RECORDNO") or 0))
            field, value = qs.get("field"), qs.get("value")
            if field:
                rows = [r for r in rows if str(r.get(field, "")) == (value or "")]
            return 200, {"count": len(rows), "records": rows[: int(qs.get("limit", "1000"))]}
    except (KeyError, ValueError, TypeError) as exc:
        return 400, {"error": str(exc)}
    return 404, {"error": f"no control endpoint {method} {path}"}


def _exchange_rates(
    emu: Emulator, company: str, what: str, method: str, data: dict[str, Any], qs: dict[str, str]
) -> Reply:
    """GET/POST companies/<C>/exchange-rates and POST companies/<C>/exchange-rate-types."""
    store = emu.store
    with store.lock:
        rec = store.get_by_id(company, "COMPANY", company)
        if rec is None:
            return 404, {"error": f"unknown company {company}"}
        ctx = Ctx.system(emu, company, rec)
        if method == "POST":
            try:
                if what == "exchange-rate-types":
                    saved = add_rate_type(ctx, str(data["name"]))
                else:
                    saved = rate_changes(ctx, data)
            except BaseException:
                store.rollback()
                raise
            store.commit()
            return 200, saved
        types = sorted(store.records(company, "EXCHANGERATETYPES"), key=lambda t: int(t["RECORDNO"]))
        rates = []
        for r in sorted(store.records(company, "EXCHANGERATE"), key=lambda r: int(r["RECORDNO"])):
            wanted = (qs.get("type"), qs.get("from"), qs.get("to"))
            got = (r.get("TYPENAME"), r.get("FROM_CURRENCY"), r.get("TO_CURRENCY"))
            if any(w and w.upper() != str(g).upper() for w, g in zip(wanted, got, strict=True)):
                continue
            entries = [
                {
                    "date": e["EFFECTIVE_START_DATE"],
                    "rate": e["EXCHANGE_RATE"],
                    "reciprocal": e["RECIPROCAL_RATE"],
                }
                for e in rate_entries(r)
            ]
            rates.append(
                {"recordno": r["RECORDNO"], "type": got[0], "from": got[1], "to": got[2], "entries": entries}
            )
        return 200, {
            "base_currency": rec.get("BASECURRENCY"),
            "currencies": rec.get("CURRENCIES", []),
            "default_type": rec.get("DEFAULT_RATE_TYPE"),
            "types": [
                {"id": t.get("ID"), "name": t.get("NAME"), "default": t.get("ISDEFAULT")} for t in types
            ],
            "rates": rates,
        }
