"""When transactions sync automatically, and who hears about failures (Company Preferences).

Which transaction types sync when posted lives on the engine's `SyncSettings.auto_sync_types`
(its receivers read it); this model adds the schedule, the edited-after-sync updates, the people
told about failures, and the scheduler's own watermarks.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from trueerp.core.models import Company, User


class SyncFrequency(models.TextChoices):
    ON_POSTING = "on_posting", "As soon as a transaction is posted"
    EVERY_N_MINUTES = "every_n_minutes", "Every N minutes"
    HOURLY = "hourly", "Every hour"
    DAILY = "daily", "Once a day at a set time"
    MANUAL = "manual", "Manual only (Sage Actions > Sync now)"


class SyncAutomation(models.Model):
    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="intacct_automation")
    frequency = models.CharField(
        max_length=20, choices=SyncFrequency.choices, default=SyncFrequency.ON_POSTING
    )
    interval_minutes = models.PositiveIntegerField(default=15)
    daily_at = models.TimeField(null=True, blank=True)
    update_types: models.JSONField[Any] = models.JSONField(
        default=list, blank=True, help_text="Types whose edits after sync are sent as updates automatically"
    )
    sync_since = models.DateTimeField(
        null=True, blank=True, help_text="Scheduled runs pick up transactions posted from this moment"
    )
    notify_users = models.ManyToManyField(User, blank=True, related_name="+")
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_run_summary = models.CharField(max_length=300, blank=True)
    notified_attempt_id = models.PositiveBigIntegerField(
        default=0, help_text="Failures up to this sync attempt have been e-mailed"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Sage Intacct sync automation"

    def __str__(self) -> str:
        return f"{self.company}: {self.get_frequency_display()}"
