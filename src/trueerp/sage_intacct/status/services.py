"""Last sync activity for the status page and the JSON endpoint (None before the first attempt)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from trueerp.core.models import Company
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.automation.services import automation_for
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.sync.services import summary as engine_summary


def sync_activity(company: Company) -> dict[str, Any] | None:
    summary = engine_summary.last_activity(company)
    if summary is not None:
        summary["log_url"] = reverse("sage_intacct:sync_log")
        summary["when"] = datetime.fromisoformat(summary["last_attempt_at"])
    return summary


def preferences_summary(company: Company) -> dict[str, Any]:
    """The sync preferences and processing rules in words, for the Settings > Sage Intacct page."""
    sync_settings = settings_for(company)
    automation = automation_for(company)
    type_labels = dict(Transaction.Type.choices)
    auto_types = [type_labels.get(t, t) for t in (sync_settings.auto_sync_types or [])]
    created = [
        label
        for label, enabled in (
            ("customers", sync_settings.auto_create_customers),
            ("vendors", sync_settings.auto_create_vendors),
            ("projects", sync_settings.auto_create_projects),
        )
        if enabled
    ]
    frequency = automation.get_frequency_display()
    if automation.frequency == "every_n_minutes":
        frequency = f"Every {automation.interval_minutes} minutes"
    elif automation.frequency == "daily" and automation.daily_at:
        frequency = f"Once a day at {automation.daily_at:%H:%M}"
    return {
        "frequency": frequency,
        "auto_types": auto_types if sync_settings.auto_sync else [],
        "closed_period": sync_settings.get_closed_period_policy_display(),
        "auto_create": created,
        "batch_size": sync_settings.batch_size,
        "concurrency": sync_settings.concurrency,
        "reverse_on_void": sync_settings.reverse_on_void,
        "notify": [str(user) for user in automation.notify_users.all()],
    }
