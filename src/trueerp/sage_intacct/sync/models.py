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
from trueerp.sage_intacct.sync.services.state import machine


class SyncStatus(models.TextChoices):
    """The record states of the state machine (shown as the sync badge); values from `machine`."""

    NOT_SYNCED = machine.NOT_SYNCED, "Not synced"
    QUEUED = machine.QUEUED, "Queued"
    IN_PROGRESS = machine.IN_PROGRESS, "In progress"
    SYNCED = machine.SYNCED, "Synced"
    FAILED = machine.FAILED, "Failed"
    UNCONFIRMED = machine.UNCONFIRMED, "Unconfirmed"
    BLOCKED = machine.BLOCKED, "Blocked"
    PAUSED = machine.PAUSED, "Paused"
    DESYNCHRONIZED = machine.DESYNCHRONIZED, "Desynchronized"
    REVERSING = machine.REVERSING, "Reversing"
    REVERSED = machine.REVERSED, "Reversed"
    REVERSAL_REFUSED = machine.REVERSAL_REFUSED, "Void, reversal refused"


class SyncAction(models.TextChoices):
    CREATE = machine.CREATE, "Create"
    UPDATE = machine.UPDATE, "Update"
    REVERSE = machine.REVERSE, "Reverse"


class JobState(models.TextChoices):
    QUEUED = machine.JOB_QUEUED, "Queued"
    IN_PROGRESS = machine.JOB_CLAIMED, "Claimed"
    SENT = machine.JOB_SENT, "Sent"
    SYNCED = machine.JOB_SYNCED, "Synced"
    FAILED = machine.JOB_FAILED, "Failed"
    UNCONFIRMED = machine.JOB_UNCONFIRMED, "Unconfirmed"
    BLOCKED = machine.JOB_BLOCKED, "Blocked"
    PAUSED = machine.JOB_PAUSED, "Paused"
    CANCELLED = machine.JOB_CANCELLED, "Cancelled"


OPEN_JOB_STATES = machine.OPEN_JOB_STATES


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
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When its last request went out")
    resend_after = models.DateTimeField(
        null=True, blank=True, help_text="Unconfirmed: no re-send before Intacct could have finished"
    )
    lookup_failures = models.PositiveIntegerField(default=0)
    base_posting = models.ForeignKey(
        "Posting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Update and reverse: the confirmed posting (what Intacct holds) this write starts from",
    )
    resend_posting = models.ForeignKey(
        "Posting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Send exactly this posting again (it may have reached Intacct under this control id)",
    )
    reversal_date = models.DateField(null=True, blank=True)
    void_on_confirm = models.BooleanField(
        default=False, help_text="Reverse in Sage Intacct: void in TRUE once Intacct confirms the reversal"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["priority", "id"]
        indexes = [
            models.Index(fields=["company", "state", "priority", "id"], name="syncjob_claim"),
            models.Index(fields=["state", "claimed_until"], name="syncjob_lease"),
            models.Index(fields=["company", "state", "due_at"], name="syncjob_due"),
        ]
        constraints = [
            # At most one open job per transaction, on SQLite and PostgreSQL alike (partial unique index).
            models.UniqueConstraint(
                fields=["transaction"],
                condition=models.Q(state__in=machine.OPEN_JOB_STATES),
                name="one_open_sync_job_per_transaction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.transaction_id} v{self.version} ({self.state})"


class TransactionSyncState(models.Model):
    """The sync badge of one transaction and its link to the Intacct record."""

    transaction = models.OneToOneField(Transaction, on_delete=models.CASCADE, related_name="intacct_sync")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=SyncStatus.choices, default=SyncStatus.NOT_SYNCED)
    posting = models.ForeignKey(
        "Posting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="What Intacct holds: the last confirmed posting (create or update)",
    )
    lookup_first = models.BooleanField(
        default=False, help_text="Intacct may hold it though it is not linked: look it up before a create"
    )
    marked_by_hand = models.BooleanField(default=False, help_text="Marked as synced by an administrator")
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
        LOOKUP_ERROR = "lookup_error", "Look-up failed"
        PAUSED = "paused", "Paused"
        CANCELLED = "cancelled", "Cancelled"

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


class Posting(models.Model):
    """The posting ledger: what one function sent to Intacct, written *before* it is sent.

    One row per send of a function: the version of TRUE's record it carries, the entity, currency and
    rate, the lines (account, side, amount, dimensions), the control id, the exact function XML and
    its hash; after the answer, Intacct's key and words. Updates, reversals and reconciliation start
    from the last *confirmed* row (what Intacct holds), never from TRUE's current lines. A row whose
    answer never came is ``unknown``: its control id may have executed, so any re-send under that id
    sends this very payload again (``SyncJob.resend_posting``), never a rebuilt one.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Sending"
        CONFIRMED = "confirmed", "Confirmed by Intacct"
        UNKNOWN = "unknown", "Outcome unknown"
        NOT_EXECUTED = "not_executed", "Not executed"
        REFUSED = "refused", "Refused by Intacct"
        SUPERSEDED = "superseded", "Superseded by a later send"
        MARKED = "marked", "Marked as synced by hand"
        FOUND = "found", "Found in Intacct by reference"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="intacct_postings")
    job = models.ForeignKey(
        SyncJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="postings"
    )
    action = models.CharField(max_length=10, choices=SyncAction.choices)
    version = models.PositiveIntegerField(null=True, blank=True, help_text="TRUE's version it carries")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    control_id = models.CharField(max_length=200, db_index=True)
    intacct_object = models.CharField(max_length=40, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    entity_id = models.CharField(max_length=100, blank=True)
    posting_date = models.DateField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, help_text="ISO code sent; blank = base currency")
    exchange_rate_type = models.CharField(max_length=60, blank=True)
    exchange_rate = models.DecimalField(max_digits=18, decimal_places=10, null=True, blank=True)
    exchange_rate_date = models.DateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    lines: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    payload = models.TextField(blank=True, help_text="The <function> element exactly as sent")
    payload_hash = models.CharField(max_length=64, blank=True)
    reverses = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    intacct_key = models.CharField(max_length=100, blank=True)
    answer: models.JSONField[Any] = models.JSONField(default=list, blank=True, help_text="Intacct's errors")
    message = models.TextField(blank=True)
    note = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["transaction", "state"], name="posting_txn_state")]

    def __str__(self) -> str:
        return f"{self.action} {self.transaction_id} v{self.version} {self.state}"
