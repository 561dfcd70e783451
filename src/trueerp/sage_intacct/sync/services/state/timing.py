"""Time as the state machine reckons it: the re-send window after an unknown outcome, and the day
a reversal is dated by default (the company's today in its own time zone, not the server's)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone

from trueerp.core.models import Company


def resend_window() -> dt.timedelta:
    """How long Intacct may still be executing a request after it went out: the client's total
    timeout plus a margin. Under an unknown outcome nothing is sent again before this has passed."""
    return dt.timedelta(
        seconds=float(settings.INTACCT_TOTAL_TIMEOUT_S) + float(settings.INTACCT_RESEND_MARGIN_S)
    )


def company_zone(company: Company) -> dt.tzinfo:
    try:
        return ZoneInfo(company.time_zone or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def company_today(company: Company) -> dt.date:
    return timezone.now().astimezone(company_zone(company)).date()
