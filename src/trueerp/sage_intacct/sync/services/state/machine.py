"""The decision table of a record's sync: every request, in every state, is accepted or refused here.

Pure Python on plain values, with no models and no database, so it holds for any subject that is
posted to Intacct (a financial transaction today; a project, task or estimate later): the caller
describes the record in a `Situation`, asks `decide(request, situation)` and applies the `Decision`
with compare-and-set updates (`requests.py`). A refusal carries the sentence shown to the person who
asked. `TABLE` is also rendered into docs/architecture.md (a test keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# --- record statuses (the sync badge) ---------------------------------------------------------------
NOT_SYNCED = "not_synced"
QUEUED = "queued"
IN_PROGRESS = "in_progress"  # claimed by a worker, or its request is out
UNCONFIRMED = "unconfirmed"  # Intacct may hold it: looked up by reference before anything is sent
BLOCKED = "blocked"  # pre-validation found a problem; checked again when mapping or data change
PAUSED = "paused"  # the company's queue is paused: Intacct rejected the credentials
SYNCED = "synced"
DESYNCHRONIZED = "desynchronized"  # edited in TRUE after Intacct confirmed an older version
FAILED = "failed"
REVERSING = "reversing"
REVERSED = "reversed"
REVERSAL_REFUSED = "reversal_refused"  # void in TRUE, Intacct refused the reversal

STATUSES = (
    NOT_SYNCED,
    QUEUED,
    IN_PROGRESS,
    UNCONFIRMED,
    BLOCKED,
    PAUSED,
    SYNCED,
    DESYNCHRONIZED,
    FAILED,
    REVERSING,
    REVERSED,
    REVERSAL_REFUSED,
)

# --- job states (one open job per record at most; the database enforces it) -------------------------
JOB_QUEUED = "queued"
JOB_CLAIMED = "in_progress"  # a worker holds it; nothing sent yet
JOB_SENT = "sent"  # its posting is recorded and the request is (or may be) out
JOB_UNCONFIRMED = "unconfirmed"
JOB_BLOCKED = "blocked"
JOB_PAUSED = "paused"
JOB_SYNCED = "synced"
JOB_FAILED = "failed"
JOB_CANCELLED = "cancelled"
OPEN_JOB_STATES = (JOB_QUEUED, JOB_CLAIMED, JOB_SENT, JOB_UNCONFIRMED, JOB_BLOCKED, JOB_PAUSED)

# --- what a job writes ---------------------------------------------------------------------------------
CREATE = "create"
UPDATE = "update"
REVERSE = "reverse"

# --- requests --------------------------------------------------------------------------------------------
POST = "post"  # posted in TRUE and the automation selects it
EDIT = "edit"  # content changed in TRUE (a new version)
SYNC = "sync"  # Sync now, Sync selected (bulk), First full sync
RETRY = "retry"  # Retry (sync log), Retry all failed
UPDATE_REQUEST = "update"  # Update in Sage Intacct
VOID = "void"  # voided in TRUE
REVERSE_REQUEST = "reverse"  # Reverse in Sage Intacct
MARK_SYNCED = "mark_synced"
MARK_NOT_SYNCED = "mark_not_synced"
REQUESTS = (
    POST,
    EDIT,
    SYNC,
    RETRY,
    UPDATE_REQUEST,
    VOID,
    REVERSE_REQUEST,
    MARK_SYNCED,
    MARK_NOT_SYNCED,
)

# --- effects (applied by requests.py) -------------------------------------------------------------------
NOTHING = "nothing"  # accepted, nothing to change
OPEN_CREATE = "open_create"  # a new create job (looked up by reference first if Intacct may hold it)
OPEN_UPDATE = "open_update"
OPEN_REVERSE = "open_reverse"
PRIORITIZE = "prioritize"  # the open job runs next (an unconfirmed one is looked up next)
REVERSION = "reversion"  # the waiting job carries the new version (nothing of it reached Intacct)
RECHECK = "recheck"  # a blocked job is queued to be checked again, carrying the newest version
RETRY_LAST = "retry_last"  # a new job for the write that failed, with a fresh control id
DESYNC = "desync"
CANCEL = "cancel"  # the waiting job is cancelled; the badge then says what Intacct holds
CANCEL_THEN_REVERSE = "cancel_then_reverse"
MARK_AS_SYNCED = "mark_as_synced"
MARK_AS_NOT_SYNCED = "mark_as_not_synced"


@dataclass(frozen=True)
class Situation:
    """What the state machine needs to know about one record; nothing else is consulted."""

    status: str
    job_action: str = ""  # the open job's action, or (failed) the failed job's
    posted: bool = True  # posted in TRUE (False: draft or void)
    void: bool = False
    in_intacct: bool = False  # a confirmed posting of it is live in Intacct
    current: bool = False  # … and it is of the subject's current version
    update_refusal: str = ""  # why Intacct cannot change it through the API ("" = it can)
    reverse_refusal: str = ""  # why a reversal cannot succeed now ("" = it can)
    auto_reverse: bool = True  # a void in TRUE is reversed in Intacct (sync preference)
    maybe_in_intacct: bool = False  # not linked, but an earlier attempt or link may have reached Intacct


@dataclass(frozen=True)
class Decision:
    accepted: bool
    effect: str
    reason: str  # for people: what happens, or why not


Rule = Callable[[Situation], Decision]


def ok(effect: str, reason: str = "") -> Decision:
    return Decision(True, effect, reason)


def no(reason: str) -> Decision:
    return Decision(False, NOTHING, reason)


QUEUED_WHY = "it is queued for Sage Intacct; its status changes as soon as Intacct answers"
IN_FLIGHT = "it is being sent to Sage Intacct right now; its status changes as soon as Intacct answers"
BEING_REVERSED = "it is being reversed in Sage Intacct"
NOT_IN_INTACCT = "it is not in Sage Intacct"
PAUSED_WHY = (
    "the company's sync queue is paused because Sage Intacct rejected the credentials; fix the API keys "
    "in Company Preferences > Integrations > API Keys and the queue resumes by itself"
)


def _posted_only(effect: str, reason: str) -> Rule:
    def rule(s: Situation) -> Decision:
        if not s.posted:
            return no("only posted transactions are sent to Sage Intacct")
        return ok(effect, reason)

    return rule


def _void_waiting(s: Situation) -> Decision:
    """Voided while a create or update waits: nothing of it reached Intacct."""
    if s.job_action == REVERSE:
        return ok(NOTHING, "its reversal is already queued")
    if s.in_intacct and s.auto_reverse:
        return ok(CANCEL_THEN_REVERSE, "the waiting update is cancelled and the posting will be reversed")
    return ok(CANCEL, "the waiting sync is cancelled; nothing was sent")


def _void_unlinked(s: Situation) -> Decision:
    if s.maybe_in_intacct and s.auto_reverse:
        return ok(OPEN_CREATE, "it is looked up in Sage Intacct and reversed there if it is found")
    return ok(CANCEL, "nothing was sent to Sage Intacct")


def _reverse_live(s: Situation) -> Decision:
    if not s.in_intacct:
        return no(NOT_IN_INTACCT + ", so there is nothing to reverse")
    if s.reverse_refusal:
        return no(s.reverse_refusal)
    return ok(OPEN_REVERSE, "the reversal is queued")


def _reverse_waiting(s: Situation) -> Decision:
    if s.job_action != UPDATE or not s.in_intacct:
        return no(NOT_IN_INTACCT + " yet; void it in TRUE and the waiting sync is cancelled")
    if s.reverse_refusal:
        return no(s.reverse_refusal)
    return ok(CANCEL_THEN_REVERSE, "the waiting update is cancelled and the posting will be reversed")


def _void_live(s: Situation) -> Decision:
    if not s.in_intacct:
        return ok(CANCEL, "nothing was sent to Sage Intacct")
    if not s.auto_reverse:
        return ok(NOTHING, "the sync preferences do not reverse voids; use Reverse in Sage Intacct")
    return ok(OPEN_REVERSE, "the posting will be reversed in Sage Intacct")


def _update_desynchronized(s: Situation) -> Decision:
    if not s.posted:
        return no("only posted transactions are sent to Sage Intacct")
    if s.update_refusal:
        return no(s.update_refusal)
    return ok(OPEN_UPDATE, "the changes are queued for Sage Intacct")


def _retry_failed(s: Situation) -> Decision:
    if s.job_action == REVERSE or s.posted:
        return ok(RETRY_LAST, "it is queued again")
    return no("only posted transactions are sent to Sage Intacct")


def _update_failed(s: Situation) -> Decision:
    if s.job_action != UPDATE:
        return no(NOT_IN_INTACCT + " yet; use Retry")
    return _retry_failed(s)


def _mark_not_synced_waiting(s: Situation) -> Decision:
    if s.job_action == REVERSE:
        return no("a reversal is waiting; let it finish or retry it")
    return ok(MARK_AS_NOT_SYNCED, "its link to Sage Intacct is forgotten")


def _mark_synced_waiting(s: Situation) -> Decision:
    if s.job_action == REVERSE:
        return no("a reversal is waiting; let it finish or retry it")
    return ok(MARK_AS_SYNCED, "it is marked as synced; nothing is sent")


def _recheck_blocked(s: Situation) -> Decision:
    return ok(RECHECK, "it is checked again")


def _update_blocked(s: Situation) -> Decision:
    if s.job_action != UPDATE:
        return no(NOT_IN_INTACCT + " yet; fix the problem shown, then Retry")
    return ok(RECHECK, "it is checked again")


def _reverse_blocked(s: Situation) -> Decision:
    if s.job_action == REVERSE:
        return ok(RECHECK, "the reversal is checked again")
    return _reverse_waiting(s)


def _always(decision: Decision) -> Rule:
    return lambda _s: decision


def _sync_unconfirmed(s: Situation) -> Decision:
    return ok(PRIORITIZE, "it is looked up in Sage Intacct first; nothing is sent twice")


WAIT_FOR_ANSWER = "TRUE is still finding out whether Sage Intacct holds it; it is looked up by reference"
NOT_FAILED = "it has not failed"
ALREADY = "Sage Intacct already holds its current version; there is nothing to send"


# (status, request) -> (rule, one-line summary for the documentation)
TABLE: dict[tuple[str, str], tuple[Rule, str]] = {
    # not synced
    (NOT_SYNCED, POST): (_posted_only(OPEN_CREATE, QUEUED_WHY), "open create"),
    (NOT_SYNCED, EDIT): (_always(ok(NOTHING)), "—"),
    (NOT_SYNCED, SYNC): (_posted_only(OPEN_CREATE, QUEUED_WHY), "open create"),
    (NOT_SYNCED, RETRY): (_always(no(NOT_FAILED + "; use Sync now")), "refused"),
    (NOT_SYNCED, UPDATE_REQUEST): (_always(no(NOT_IN_INTACCT + " yet; use Sync now")), "refused"),
    (NOT_SYNCED, VOID): (_void_unlinked, "— / look up, reverse if found"),
    (NOT_SYNCED, REVERSE_REQUEST): (
        _always(no(NOT_IN_INTACCT + ", so there is nothing to reverse")),
        "refused",
    ),
    (NOT_SYNCED, MARK_SYNCED): (
        _always(ok(MARK_AS_SYNCED, "it is marked as synced; nothing is sent")),
        "mark",
    ),
    (NOT_SYNCED, MARK_NOT_SYNCED): (_always(no("it is already marked as not synced")), "refused"),
    # queued
    (QUEUED, POST): (_always(ok(NOTHING, "it is already queued")), "—"),
    (QUEUED, EDIT): (_always(ok(REVERSION)), "carry new version"),
    (QUEUED, SYNC): (_always(ok(PRIORITIZE, "it is already queued; it runs next")), "run next"),
    (QUEUED, RETRY): (_always(no("it is queued, not failed")), "refused"),
    (QUEUED, UPDATE_REQUEST): (
        lambda s: (
            ok(PRIORITIZE, "it is already queued; it runs next")
            if s.job_action == UPDATE
            else no(NOT_IN_INTACCT + " yet; it is queued to be created")
        ),
        "run next (update) / refused",
    ),
    (QUEUED, VOID): (_void_waiting, "cancel (+ reverse if in Intacct)"),
    (QUEUED, REVERSE_REQUEST): (_reverse_waiting, "cancel update + reverse / refused"),
    (QUEUED, MARK_SYNCED): (_mark_synced_waiting, "cancel + mark"),
    (QUEUED, MARK_NOT_SYNCED): (_mark_not_synced_waiting, "cancel + forget link"),
    # in progress
    (IN_PROGRESS, POST): (_always(ok(NOTHING, IN_FLIGHT)), "—"),
    (IN_PROGRESS, EDIT): (_always(ok(NOTHING)), "— (lands desynchronized)"),
    (IN_PROGRESS, SYNC): (_always(no(IN_FLIGHT)), "refused"),
    (IN_PROGRESS, RETRY): (_always(no(IN_FLIGHT)), "refused"),
    (IN_PROGRESS, UPDATE_REQUEST): (_always(no(IN_FLIGHT)), "refused"),
    (IN_PROGRESS, VOID): (
        lambda s: (
            ok(NOTHING, "it is reversed as soon as Sage Intacct confirms the posting")
            if s.auto_reverse and s.job_action != REVERSE
            else ok(NOTHING)
        ),
        "— (reversed when it lands)",
    ),
    (IN_PROGRESS, REVERSE_REQUEST): (_always(no(IN_FLIGHT)), "refused"),
    (IN_PROGRESS, MARK_SYNCED): (_always(no(IN_FLIGHT)), "refused"),
    (IN_PROGRESS, MARK_NOT_SYNCED): (_always(no(IN_FLIGHT)), "refused"),
    # unconfirmed
    (UNCONFIRMED, POST): (_always(ok(NOTHING, WAIT_FOR_ANSWER)), "—"),
    (UNCONFIRMED, EDIT): (_always(ok(NOTHING)), "—"),
    (UNCONFIRMED, SYNC): (_sync_unconfirmed, "look up now"),
    (UNCONFIRMED, RETRY): (_sync_unconfirmed, "look up now"),
    (UNCONFIRMED, UPDATE_REQUEST): (_always(no(WAIT_FOR_ANSWER)), "refused"),
    (UNCONFIRMED, VOID): (
        _always(ok(NOTHING, "it is looked up in Sage Intacct and reversed there if it is found")),
        "— (reversed if found)",
    ),
    (UNCONFIRMED, REVERSE_REQUEST): (_always(no(WAIT_FOR_ANSWER)), "refused"),
    (UNCONFIRMED, MARK_SYNCED): (_mark_synced_waiting, "cancel look-up + mark"),
    (UNCONFIRMED, MARK_NOT_SYNCED): (_mark_not_synced_waiting, "cancel look-up + forget link"),
    # blocked
    (BLOCKED, POST): (_always(ok(NOTHING)), "—"),
    (BLOCKED, EDIT): (_recheck_blocked, "check again"),
    (BLOCKED, SYNC): (_recheck_blocked, "check again"),
    (BLOCKED, RETRY): (_recheck_blocked, "check again"),
    (BLOCKED, UPDATE_REQUEST): (_update_blocked, "check again (update) / refused"),
    (BLOCKED, VOID): (_void_waiting, "cancel (+ reverse if in Intacct)"),
    (BLOCKED, REVERSE_REQUEST): (_reverse_blocked, "check reversal again / cancel update + reverse"),
    (BLOCKED, MARK_SYNCED): (_mark_synced_waiting, "cancel + mark"),
    (BLOCKED, MARK_NOT_SYNCED): (_mark_not_synced_waiting, "cancel + forget link"),
    # paused
    (PAUSED, POST): (_always(ok(NOTHING, PAUSED_WHY)), "—"),
    (PAUSED, EDIT): (_always(ok(REVERSION)), "carry new version"),
    (PAUSED, SYNC): (_always(no(PAUSED_WHY)), "refused"),
    (PAUSED, RETRY): (_always(no(PAUSED_WHY)), "refused"),
    (PAUSED, UPDATE_REQUEST): (_always(no(PAUSED_WHY)), "refused"),
    (PAUSED, VOID): (_void_waiting, "cancel (+ reverse if in Intacct)"),
    (PAUSED, REVERSE_REQUEST): (_reverse_waiting, "cancel update + reverse / refused"),
    (PAUSED, MARK_SYNCED): (_mark_synced_waiting, "cancel + mark"),
    (PAUSED, MARK_NOT_SYNCED): (_mark_not_synced_waiting, "cancel + forget link"),
    # synced
    (SYNCED, POST): (_always(ok(NOTHING, ALREADY)), "—"),
    (SYNCED, EDIT): (lambda s: ok(NOTHING) if s.current else ok(DESYNC), "desynchronized"),
    (SYNCED, SYNC): (_always(no(ALREADY)), "refused (bulk: skipped)"),
    (SYNCED, RETRY): (_always(no(NOT_FAILED)), "refused"),
    (SYNCED, UPDATE_REQUEST): (_always(no(ALREADY)), "refused"),
    (SYNCED, VOID): (_void_live, "open reversal"),
    (SYNCED, REVERSE_REQUEST): (_reverse_live, "open reversal / refused with the reason"),
    (SYNCED, MARK_SYNCED): (_always(no("it is already synced")), "refused"),
    (SYNCED, MARK_NOT_SYNCED): (
        _always(ok(MARK_AS_NOT_SYNCED, "its link to Sage Intacct is forgotten")),
        "forget link",
    ),
    # desynchronized
    (DESYNCHRONIZED, POST): (_always(ok(NOTHING)), "—"),
    (DESYNCHRONIZED, EDIT): (_always(ok(NOTHING)), "—"),
    (DESYNCHRONIZED, SYNC): (_update_desynchronized, "open update / refused if not updatable"),
    (DESYNCHRONIZED, RETRY): (_always(no(NOT_FAILED + "; use Update in Sage Intacct")), "refused"),
    (DESYNCHRONIZED, UPDATE_REQUEST): (_update_desynchronized, "open update / refused if not updatable"),
    (DESYNCHRONIZED, VOID): (_void_live, "open reversal"),
    (DESYNCHRONIZED, REVERSE_REQUEST): (_reverse_live, "open reversal / refused with the reason"),
    (DESYNCHRONIZED, MARK_SYNCED): (
        _always(ok(MARK_AS_SYNCED, "it is marked as synced; nothing is sent")),
        "mark",
    ),
    (DESYNCHRONIZED, MARK_NOT_SYNCED): (
        _always(ok(MARK_AS_NOT_SYNCED, "its link to Sage Intacct is forgotten")),
        "forget link",
    ),
    # failed
    (FAILED, POST): (_always(ok(NOTHING)), "—"),
    (FAILED, EDIT): (_always(ok(NOTHING)), "— (Retry sends the new version)"),
    (FAILED, SYNC): (_retry_failed, "retry with a fresh control id"),
    (FAILED, RETRY): (_retry_failed, "retry with a fresh control id"),
    (FAILED, UPDATE_REQUEST): (_update_failed, "retry (update) / refused"),
    (FAILED, VOID): (_void_live, "open reversal if in Intacct"),
    (FAILED, REVERSE_REQUEST): (_reverse_live, "open reversal / refused"),
    (FAILED, MARK_SYNCED): (_always(ok(MARK_AS_SYNCED, "it is marked as synced; nothing is sent")), "mark"),
    (FAILED, MARK_NOT_SYNCED): (
        _always(ok(MARK_AS_NOT_SYNCED, "its link to Sage Intacct is forgotten")),
        "forget link",
    ),
    # reversing
    (REVERSING, POST): (_always(ok(NOTHING)), "—"),
    (REVERSING, EDIT): (_always(ok(NOTHING)), "—"),
    (REVERSING, SYNC): (_always(no(BEING_REVERSED)), "refused"),
    (REVERSING, RETRY): (_always(no(BEING_REVERSED)), "refused"),
    (REVERSING, UPDATE_REQUEST): (_always(no(BEING_REVERSED)), "refused"),
    (REVERSING, VOID): (_always(ok(NOTHING, BEING_REVERSED)), "—"),
    (REVERSING, REVERSE_REQUEST): (_always(no(BEING_REVERSED)), "refused"),
    (REVERSING, MARK_SYNCED): (_always(no(BEING_REVERSED)), "refused"),
    (REVERSING, MARK_NOT_SYNCED): (_always(no(BEING_REVERSED)), "refused"),
    # reversed
    (REVERSED, POST): (_always(ok(NOTHING)), "—"),
    (REVERSED, EDIT): (_always(ok(NOTHING)), "—"),
    (REVERSED, SYNC): (_always(no("it is reversed in Sage Intacct")), "refused"),
    (REVERSED, RETRY): (_always(no("it is reversed in Sage Intacct")), "refused"),
    (REVERSED, UPDATE_REQUEST): (_always(no("it is reversed in Sage Intacct")), "refused"),
    (REVERSED, VOID): (_always(ok(NOTHING, "it is already reversed in Sage Intacct")), "—"),
    (REVERSED, REVERSE_REQUEST): (_always(no("it is already reversed in Sage Intacct")), "refused"),
    (REVERSED, MARK_SYNCED): (_always(no("it is reversed in Sage Intacct")), "refused"),
    (REVERSED, MARK_NOT_SYNCED): (_always(no("it is reversed in Sage Intacct")), "refused"),
    # void, reversal refused
    (REVERSAL_REFUSED, POST): (_always(ok(NOTHING)), "—"),
    (REVERSAL_REFUSED, EDIT): (_always(ok(NOTHING)), "—"),
    (REVERSAL_REFUSED, SYNC): (_always(ok(RETRY_LAST, "the reversal is queued again")), "retry reversal"),
    (REVERSAL_REFUSED, RETRY): (_always(ok(RETRY_LAST, "the reversal is queued again")), "retry reversal"),
    (REVERSAL_REFUSED, UPDATE_REQUEST): (_always(no("it is void; retry the reversal instead")), "refused"),
    (REVERSAL_REFUSED, VOID): (_always(ok(NOTHING)), "—"),
    (REVERSAL_REFUSED, REVERSE_REQUEST): (
        _always(ok(RETRY_LAST, "the reversal is queued again")),
        "retry reversal",
    ),
    (REVERSAL_REFUSED, MARK_SYNCED): (_always(no("it is void; retry the reversal instead")), "refused"),
    (REVERSAL_REFUSED, MARK_NOT_SYNCED): (_always(no("it is void; retry the reversal instead")), "refused"),
}


def decide(request: str, situation: Situation) -> Decision:
    """Accept or refuse ``request`` for a record in ``situation`` (never raises for a known pair)."""
    entry = TABLE.get((situation.status, request))
    if entry is None:
        raise ValueError(f"no rule for request {request!r} in status {situation.status!r}")
    return entry[0](situation)


def status_of_open_job(job_state: str, action: str) -> str:
    """The badge while a job is open: what is happening, in the record's own words."""
    if job_state in (JOB_QUEUED, JOB_CLAIMED, JOB_SENT):
        if action == REVERSE:
            return REVERSING
        return QUEUED if job_state == JOB_QUEUED else IN_PROGRESS
    return {JOB_UNCONFIRMED: UNCONFIRMED, JOB_BLOCKED: BLOCKED, JOB_PAUSED: PAUSED}[job_state]


def settled_status(*, in_intacct: bool, current: bool, reversed_: bool = False) -> str:
    """The badge when no job is open: what Intacct holds compared with TRUE."""
    if reversed_:
        return REVERSED
    if not in_intacct:
        return NOT_SYNCED
    return SYNCED if current else DESYNCHRONIZED


def table_markdown() -> str:
    """The table of states × requests, as written into docs/architecture.md."""
    header = "| status \\ request | " + " | ".join(REQUESTS) + " |"
    rule = "| --- |" + " --- |" * len(REQUESTS)
    rows = [header, rule]
    for status in STATUSES:
        cells = [TABLE[(status, request)][1] for request in REQUESTS]
        rows.append(f"| {status} | " + " | ".join(cells) + " |")
    return "\n".join(rows)
