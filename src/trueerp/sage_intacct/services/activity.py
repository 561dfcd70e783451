"""Last sync activity for the status page and the JSON endpoint (None before the first attempt)."""

from __future__ import annotations

from typing import Any

from trueerp.core.models import Company


def sync_activity(company: Company) -> dict[str, Any] | None:
    from django.urls import reverse

    from trueerp.sage_intacct.services import engine_summary

    summary = engine_summary.last_activity(company)
    if summary is not None:
        summary["log_url"] = reverse("sage_intacct:sync_log")
    return summary
