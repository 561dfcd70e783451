"""How sync states look to people: one badge style per status, used by every page."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

from trueerp.sage_intacct.sync.models import SyncStatus

BADGE_CLASS = {
    SyncStatus.NOT_SYNCED: "",
    SyncStatus.QUEUED: "info",
    SyncStatus.IN_PROGRESS: "info",
    SyncStatus.SYNCED: "ok",
    SyncStatus.FAILED: "bad",
    SyncStatus.UNCONFIRMED: "warn",
    SyncStatus.BLOCKED: "bad",
    SyncStatus.PAUSED: "bad",
    SyncStatus.DESYNCHRONIZED: "warn",
    SyncStatus.REVERSING: "info",
    SyncStatus.REVERSED: "",
    SyncStatus.REVERSAL_REFUSED: "bad",
}


def status_badge(status: str) -> SafeString:
    try:
        value = SyncStatus(status)
    except ValueError:
        value = SyncStatus.NOT_SYNCED
    return format_html(
        '<span class="badge {}" data-sync-status="{}">{}</span>', BADGE_CLASS[value], value.value, value.label
    )
