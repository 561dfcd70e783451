"""Tenancy, people, permission grants and the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models


class Company(models.Model):
    """A tenant. Every business record belongs to exactly one company."""

    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=40, unique=True, help_text="Short unique code, e.g. NORTHWIND")
    base_currency = models.CharField(max_length=3, default="USD")
    fiscal_year_start_month = models.PositiveSmallIntegerField(default=1)
    time_zone = models.CharField(
        max_length=64, blank=True, help_text="IANA time zone, e.g. America/Toronto; blank = the server's"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Staff of one company; they only ever see that company's data."""

    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    job_title = models.CharField(max_length=120, blank=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class PermissionGrant(models.Model):
    """One numbered permission granted to one user (numbers come from the permission catalog)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="permission_grants")
    number = models.PositiveIntegerField()
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "number"], name="one_grant_per_user_permission")
        ]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"#{self.number} → {self.user}"


class AuditEntry(models.Model):
    """Who changed what, when, with before/after values (secrets are masked before they get here)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    before: models.JSONField[Any] = models.JSONField(null=True, blank=True)
    after: models.JSONField[Any] = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["company", "-created_at"]),
            # A record's own history (transaction detail pages) is read by these three.
            models.Index(fields=["company", "object_type", "object_id"], name="audit_company_object"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.summary}"


class WorkerHeartbeat(models.Model):
    """Written by the `core.heartbeat` task: proves that a worker consumes the queue and reaches the DB."""

    token = models.CharField(max_length=64, unique=True)
    worker = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.worker} at {self.created_at:%H:%M:%S}"
