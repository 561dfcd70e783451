"""Keep the connection status true between visits: a periodic check of every configured connection.

Without it, a password changed in Intacct would only show on the status page once someone pressed
Test connection; the sync would fail first.
"""

from __future__ import annotations

from celery import shared_task

from trueerp.celery import app
from trueerp.sage_intacct.services.connection import recheck_all

CHECK_EVERY_S = 15 * 60

app.conf.beat_schedule["sage-intacct-connection-check"] = {
    "task": "sage_intacct.check_connections",
    "schedule": CHECK_EVERY_S,
    "options": {"expires": CHECK_EVERY_S - 60},
}


@shared_task(name="sage_intacct.check_connections", ignore_result=True)
def check_connections() -> dict[str, int]:
    return recheck_all()
