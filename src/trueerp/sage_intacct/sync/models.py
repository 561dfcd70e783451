"""The outbox and its history: sync jobs, per-transaction sync state, attempts, errors, leases.

The database is the source of truth; the task queue only rings the doorbell. A job is claimed by a
conditional UPDATE (state and lease checked in the WHERE clause), so two workers never own it
together, and a worker that dies simply lets its lease expire.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from trueerp.core.models import Company, User
from trueerp.financial.models import Transaction


class SyncStatus(models.TextChoices):
    """The record states of ARCHITECTURE.md §5 (shown as the sync badge)."""

    NOT_SYNCED = "not_synced", "Not synced"
    QUEUED = "queued", "Queued"
    IN_PROGRESS = "in_progress", "In progress"
    SYNCED = "synced", "Synced"
    FAILED = "failed", "Failed"
    UNCONFIRMED = "unconfirmed", "Unconfirmed"
    BLOCKED = "blocked", "Blocked"
    DESYNCHRONIZED = "desynchronized", "Desynchronized"
    REVERSED = "reversed", "Reversed"


class SyncAction(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    REVERSE = "reverse", "Reverse"


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    IN_PROGRESS = "in_progress", "In progress"
    SYNCED = "synced", "Synced"
    FAILED = "failed", "Failed"
    UNCONFIRMED = "unconfirmed", "Unconfirmed"
    BLOCKED = "blocked", "Blocked"
    CANCELLED = "cancelled", "Cancelled"


OPEN_JOB_STATES = (JobState.QUEUED, JobState.IN_PROGRESS, JobState.UNCONFIRMED, JobState.BLOCKED)


class SyncError(models.Model):
    """One problem as people see it: de-duplicated by fingerprint, counted, resolved when fixed."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    code = models.CharField(max_length=60, blank=True, help_text="Catalogue entry")
    errorno = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=200)
    cause = models.TextField(blank=True)
    fix = models.TextField(blank=True)
    detail = models.TextField(blank=True, help_text="Intacct's own words")
    retryable = models.BooleanField(default=False)
    count = models.PositiveIntegerField(default=1)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)
    resolved = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    last_transaction = models.ForeignKey(
        Transaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["resolved", "-last_seen"]
        constraints = [models.UniqueConstraint(fields=["company", "fingerprint"], name="unique_sync_error")]

    def __str__(self) -> str:
        return f"{self.title} ×{self.count}"


class SyncJob(models.Model):
    """One logical write to Intacct (create / update / reverse of one version of one transaction)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="intacct_jobs")
    action = models.CharField(max_length=10, choices=SyncAction.choices, default=SyncAction.CREATE)
    version = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=12, choices=JobState.choices, default=JobState.QUEUED)
    priority = models.SmallIntegerField(default=100, help_text="Lower runs first (manual syncs: 10)")
    control_id = models.CharField(max_length=200, unique=True)
    retry_generation = models.PositiveIntegerField(
        default=0, help_text="Bumped when a definitive failure is retried: a fresh function control id"
    )
    entity_id = models.CharField(max_length=100, blank=True)
    intacct_object = models.CharField(max_length=40, blank=True)
    reference = models.CharField(max_length=100, blank=True, help_text="How the record is found again")
    attempts = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField(db_index=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    intacct_key = models.CharField(max_length=100, blank=True)
    record_url = models.CharField(max_length=500, blank=True)
    last_error = models.TextField(blank=True)
    error = models.ForeignKey(
        SyncError, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    note = models.TextField(blank=True, help_text="E.g. posted to the next open period")
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["priority", "id"]
        indexes = [
            models.Index(fields=["company", "state", "priority", "id"], name="syncjob_claim"),
            models.Index(fields=["state", "claimed_until"], name="syncjob_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.transaction_id} v{self.version} ({self.state})"


class TransactionSyncState(models.Model):
    """The sync badge of one transaction and its link to the Intacct record."""

    transaction = models.OneToOneField(Transaction, on_delete=models.CASCADE, related_name="intacct_sync")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=SyncStatus.choices, default=SyncStatus.NOT_SYNCED)
    intacct_object = models.CharField(max_length=40, blank=True)
    intacct_key = models.CharField(max_length=100, blank=True)
    record_url = models.CharField(max_length=500, blank=True)
    entity_id = models.CharField(max_length=100, blank=True)
    synced_version = models.PositiveIntegerField(null=True, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["company", "status"], name="txnsync_company_status")]

    def __str__(self) -> str:
        return f"{self.transaction_id}: {self.status}"


class SyncAttempt(models.Model):
    """Append-only log of every attempt (one row per job per try), secrets never included."""

    class Outcome(models.TextChoices):
        SYNCED = "synced", "Synced"
        FAILED = "failed", "Failed"
        BLOCKED = "blocked", "Blocked"
        UNCONFIRMED = "unconfirmed", "Unconfirmed"
        RETRY = "retry", "Will retry"
        RECONCILED = "reconciled", "Found in Intacct"
        NOT_FOUND = "not_found", "Not found in Intacct"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey(SyncJob, on_delete=models.CASCADE, related_name="attempt_log")
    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    request_control_id = models.CharField(max_length=200, blank=True)
    function_control_id = models.CharField(max_length=200, blank=True)
    entity_id = models.CharField(max_length=100, blank=True)
    request_summary = models.CharField(max_length=500, blank=True)
    errors: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    error = models.ForeignKey(SyncError, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["company", "-created_at"], name="syncattempt_company_time")]

    def __str__(self) -> str:
        return f"{self.job_id} {self.outcome}"


class InflightLease(models.Model):
    """One of C request slots of an Intacct company, shared by every worker on every machine."""

    intacct_company = models.CharField(max_length=100)
    slot = models.PositiveSmallIntegerField()
    holder = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intacct_company", "slot"], name="unique_inflight_slot")
        ]

    def __str__(self) -> str:
        return f"{self.intacct_company}#{self.slot} {self.holder or 'free'}"
