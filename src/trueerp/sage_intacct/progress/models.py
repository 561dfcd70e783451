"""Progress of long operations (reference refresh, …) that pages poll without reloading.

A row is written when the operation is requested (queued), updated by the worker as it goes
(n of m, current step) and closed as done or failed. Pages read it through a small JSON endpoint.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from trueerp.core.models import Company, User


class OperationProgress(models.Model):
    class Kind(models.TextChoices):
        REFERENCE_REFRESH = "reference_refresh", "Reference data refresh"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=100, blank=True, help_text="What is being done right now")
    message = models.TextField(blank=True)
    options: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    result: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["company", "kind", "-created_at"], name="opprogress_company_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.state} {self.done}/{self.total}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
