"""API usage, counted like Intacct: per company, day, month and function.

Both the control plane (JSON) and the console (HTML) report it, so it lives below both of them
and works on the shared ``Emulator`` state only.
"""

from __future__ import annotations

from typing import Any

from .context import Emulator


def usage_report(emu: Emulator, company: str | None = None) -> dict[str, Any]:
    """Totals per company: all time, by month, by day and by function, against the tier allowance."""
    out: dict[str, Any] = {}
    for key, value in sorted(emu.store.kv_items("usage").items()):
        comp, day, fn = key.split("|", 2)
        if company and comp != company:
            continue
        if comp not in out:
            rec = emu.store.get_by_id(comp, "COMPANY", comp) or {}
            out[comp] = {
                "total": 0,
                "tier": int(rec.get("TIER", 1)),
                "monthly_allowance": int(rec.get("MONTHLY_TRANSACTIONS", 100000)),
                "by_month": {},
                "by_day": {},
                "by_function": {},
            }
        c = out[comp]
        n = int(value)
        c["total"] += n
        c["by_month"][day[:7]] = c["by_month"].get(day[:7], 0) + n
        c["by_day"][day] = c["by_day"].get(day, 0) + n
        c["by_function"][fn] = c["by_function"].get(fn, 0) + n
    for c in out.values():
        # Intacct bills overage rather than blocking; the flag lets a demo show the tier being exceeded
        c["over_allowance"] = any(v > c["monthly_allowance"] for v in c["by_month"].values())
    return out
