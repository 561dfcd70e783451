"""Report definitions and their versions, runs with their tie-out, kept outputs and schedules.

A definition's content lives in its versions: editing writes a new version, never changes an old
one, and every run points at the version it used, so an output can always be explained.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from trueerp.core.models import Company, User


class ReportDefinition(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    template_key = models.CharField(max_length=60, blank=True, help_text="Built-in template it came from")
    archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["company", "name"], name="unique_report_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> ReportVersion | None:
        return self.versions.order_by("-number").first()


class ReportVersion(models.Model):
    definition = models.ForeignKey(ReportDefinition, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    spec: models.JSONField[Any] = models.JSONField()
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["definition", "-number"]
        constraints = [models.UniqueConstraint(fields=["definition", "number"], name="unique_report_version")]

    def __str__(self) -> str:
        return f"{self.definition.name} v{self.number}"


class ReportRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        PUBLISHED = "published", "Published"
        REFUSED = "refused", "Refused (does not tie out)"
        FAILED = "failed", "Failed"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="runs")
    parameters: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    step = models.CharField(max_length=120, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    as_of = models.DateTimeField(null=True, blank=True, help_text="When the ledger snapshot was read")
    watermark: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    tieout: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    tieout_hash = models.CharField(max_length=64, blank=True)
    result: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    schedule = models.ForeignKey(
        "ReportSchedule", null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["company", "-created_at"], name="report_run_company")]

    def __str__(self) -> str:
        return f"{self.version} run {self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.PUBLISHED, self.State.REFUSED, self.State.FAILED)


class ReportOutput(models.Model):
    """A rendered file of a published run, kept so it downloads again byte for byte."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="outputs")
    format = models.CharField(max_length=8)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "format"], name="unique_report_output")]

    def __str__(self) -> str:
        return f"run {self.run_id} {self.format}"


class ReportSchedule(models.Model):
    class Cadence(models.TextChoices):
        MONTHLY = "monthly", "Monthly on a day"
        AFTER_CLOSE = "after_close", "After period close"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    definition = models.ForeignKey(ReportDefinition, on_delete=models.CASCADE, related_name="schedules")
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY)
    day_of_month = models.PositiveSmallIntegerField(default=3)
    formats: models.JSONField[Any] = models.JSONField(default=list)
    recipients = models.ManyToManyField(User, related_name="+")
    active = models.BooleanField(default=True)
    last_period = models.CharField(max_length=7, blank=True, help_text="YYYY-MM of the last period sent")
    last_run_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["definition__name", "id"]

    def __str__(self) -> str:
        return f"{self.definition.name} {self.get_cadence_display()}"
