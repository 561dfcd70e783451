"""Last sync activity for the status page and the JSON endpoint.

The sync engine's models may not be migrated into every deployment yet, so this asks the engine for
a summary when it offers one and otherwise reports no activity.
"""

from __future__ import annotations

from typing import Any

from trueerp.core.models import Company


def sync_activity(company: Company) -> dict[str, Any] | None:
    try:
        from trueerp.sage_intacct.services import engine_summary  # type: ignore[attr-defined]
    except ImportError:
        return None
    summary: dict[str, Any] | None = engine_summary.last_activity(company)
    return summary
