"""Keep the connection status true between visits: a periodic check of every configured connection.

Without it, a password changed in Intacct would only show on the status page once someone pressed
Test connection; the sync would fail first. Its beat entry is in ``trueerp.schedule``.
"""

from __future__ import annotations

from celery import shared_task

from trueerp.sage_intacct.connection.services import recheck_all


@shared_task(name="sage_intacct.check_connections", ignore_result=True)
def check_connections() -> dict[str, int]:
    return recheck_all()
