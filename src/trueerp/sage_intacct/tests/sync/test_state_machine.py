"""The decision table itself: complete, documented as it is, and saying why when it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from trueerp.sage_intacct.sync.models import JobState, SyncAction, SyncStatus
from trueerp.sage_intacct.sync.services.state import machine
from trueerp.sage_intacct.sync.services.state.machine import Situation, decide

DOCS = Path(__file__).resolve().parents[5] / "docs" / "architecture.md"


def test_every_request_has_a_rule_in_every_status():
    assert set(machine.TABLE) == {(s, r) for s in machine.STATUSES for r in machine.REQUESTS}
    assert set(machine.STATUSES) == set(SyncStatus.values)
    assert set(machine.OPEN_JOB_STATES) < set(JobState.values)
    assert {machine.CREATE, machine.UPDATE, machine.REVERSE} == set(SyncAction.values)


@pytest.mark.parametrize("status", machine.STATUSES)
@pytest.mark.parametrize("request_", machine.REQUESTS)
def test_a_refusal_always_says_why(status, request_):
    decision = decide(request_, Situation(status=status, in_intacct=True, current=True))
    assert decision.accepted or (decision.reason and decision.effect == machine.NOTHING)


def test_the_documentation_shows_the_table_the_code_decides_with():
    assert machine.table_markdown() in DOCS.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("situation", "request_", "expected"),
    [
        (Situation(SyncStatus.SYNCED, in_intacct=True, current=True), machine.SYNC, (False, machine.NOTHING)),
        (Situation(SyncStatus.IN_PROGRESS, job_action="create"), machine.SYNC, (False, machine.NOTHING)),
        (Situation(SyncStatus.IN_PROGRESS, job_action="create"), machine.VOID, (True, machine.NOTHING)),
        (
            Situation(SyncStatus.UNCONFIRMED, job_action="create"),
            machine.MARK_SYNCED,
            (True, machine.MARK_AS_SYNCED),
        ),
        (Situation(SyncStatus.FAILED, job_action="create"), machine.RETRY, (True, machine.RETRY_LAST)),
        (Situation(SyncStatus.QUEUED, job_action="create"), machine.EDIT, (True, machine.REVERSION)),
        (
            Situation(SyncStatus.QUEUED, job_action="update", in_intacct=True),
            machine.VOID,
            (True, machine.CANCEL_THEN_REVERSE),
        ),
        (
            Situation(SyncStatus.NOT_SYNCED, maybe_in_intacct=True, posted=False),
            machine.VOID,
            (True, machine.OPEN_CREATE),
        ),
        (Situation(SyncStatus.NOT_SYNCED, posted=False), machine.VOID, (True, machine.CANCEL)),
        (
            Situation(SyncStatus.DESYNCHRONIZED, in_intacct=True, update_refusal="no updates"),
            machine.UPDATE_REQUEST,
            (False, machine.NOTHING),
        ),
        (Situation(SyncStatus.PAUSED, job_action="create"), machine.RETRY, (False, machine.NOTHING)),
        (
            Situation(SyncStatus.REVERSAL_REFUSED, job_action="reverse", posted=False),
            machine.RETRY,
            (True, machine.RETRY_LAST),
        ),
    ],
)
def test_decisions(situation, request_, expected):
    decision = decide(request_, situation)
    assert (decision.accepted, decision.effect) == expected


def test_reverse_is_refused_with_the_reason_it_would_fail():
    refusal = "payment RCPT-000001 is applied to it in Sage Intacct; void the payment first"
    decision = decide(
        machine.REVERSE_REQUEST,
        Situation(SyncStatus.SYNCED, in_intacct=True, current=True, reverse_refusal=refusal),
    )
    assert (decision.accepted, decision.reason) == (False, refusal)


def test_the_badge_of_an_open_job():
    assert machine.status_of_open_job(JobState.SENT, SyncAction.CREATE) == SyncStatus.IN_PROGRESS
    assert machine.status_of_open_job(JobState.QUEUED, SyncAction.REVERSE) == SyncStatus.REVERSING
    assert machine.status_of_open_job(JobState.UNCONFIRMED, SyncAction.REVERSE) == SyncStatus.UNCONFIRMED
    assert machine.status_of_open_job(JobState.PAUSED, SyncAction.UPDATE) == SyncStatus.PAUSED
