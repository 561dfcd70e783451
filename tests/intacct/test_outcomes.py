"""The retryability table: every outcome maps to one exact error class and two flags.

The first half tests :func:`intacct.outcomes.classify` on its own, row by row. The second half
drives the client through the fake transport and checks that what it raises (and how often it
sends) is exactly what the table says, so no caller can drift from it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from intacct import IntacctClient, RequestConfig
from intacct.errors import (
    AuthenticationError,
    ControlError,
    CredentialsRejectedError,
    DuplicateControlIdError,
    ErrorDetail,
    IntacctError,
    InvalidSessionError,
    ParseError,
    RateLimitError,
    ReportPendingError,
    ResponseTooLargeError,
    ResultError,
    SenderNotAuthorizedError,
    TransportError,
    UncertainOutcomeError,
    UncertainResponseError,
)
from intacct.functions import Create, Read, ReadMore
from intacct.outcomes import (
    AuthenticationFailure,
    ControlFailure,
    FunctionFailure,
    HttpStatus,
    Outcome,
    ReportStillRunning,
    SendFailed,
    UnreadableAnswer,
    Verdict,
    classify,
    transport_error,
)
from intacct.response import parse_response
from intacct.testing import FakeTransport, error_xml, response_xml, result_xml, xml_response
from intacct.transport import TransportResponse

from .conftest import Sleeps


def detail(errorno: str = "", description: str = "", description2: str = "") -> ErrorDetail:
    return ErrorDetail(errorno, description, description2)


# (outcome, resendable) -> (exact class, retryable, may_have_committed)
TABLE: list[tuple[Outcome, bool, type[IntacctError], bool, bool]] = [
    # The transport raised.
    (SendFailed(request_sent=False), False, TransportError, True, False),
    (SendFailed(request_sent=False), True, TransportError, True, False),
    (SendFailed(request_sent=True), True, TransportError, True, False),
    (SendFailed(request_sent=True), False, UncertainOutcomeError, False, True),
    # HTTP statuses that decide before the body is read.
    (HttpStatus(429), False, RateLimitError, True, False),
    (HttpStatus(429), True, RateLimitError, True, False),
    (HttpStatus(502), False, TransportError, True, False),
    (HttpStatus(503), False, TransportError, True, False),
    (HttpStatus(502), True, TransportError, True, False),
    (HttpStatus(503), True, TransportError, True, False),
    (HttpStatus(500), False, UncertainOutcomeError, False, True),
    (HttpStatus(504), False, UncertainOutcomeError, False, True),
    (HttpStatus(524), False, UncertainOutcomeError, False, True),
    (HttpStatus(599), False, UncertainOutcomeError, False, True),
    (HttpStatus(500), True, TransportError, True, False),
    (HttpStatus(504), True, TransportError, True, False),
    (HttpStatus(524), True, TransportError, True, False),
    (HttpStatus(100), False, TransportError, False, False),
    (HttpStatus(201), False, TransportError, False, False),
    (HttpStatus(204), True, TransportError, False, False),
    (HttpStatus(301), False, TransportError, False, False),
    (HttpStatus(302), True, TransportError, False, False),
    # Answers that could not be read.
    (UnreadableAnswer(200), True, ParseError, False, False),
    (UnreadableAnswer(200, too_large=True), True, ResponseTooLargeError, False, False),
    (UnreadableAnswer(None, too_large=True), True, ResponseTooLargeError, False, False),
    (UnreadableAnswer(200), False, UncertainResponseError, False, True),
    (UnreadableAnswer(200, too_large=True), False, UncertainResponseError, False, True),
    (UnreadableAnswer(None, too_large=True), False, UncertainResponseError, False, True),
    (UnreadableAnswer(400), False, TransportError, False, False),
    (UnreadableAnswer(404), True, TransportError, False, False),
    (UnreadableAnswer(401, too_large=True), False, TransportError, False, False),
    # Intacct refused the whole request.
    (ControlFailure([detail("GW-0010", "Rate limit exceeded")]), False, RateLimitError, True, False),
    (ControlFailure([detail("XL03000006", "Incorrect Intacct XML Partner ID or password.")]), False, ControlError, False, False),
    (ControlFailure([detail("XL03000003", "XML Parse schema error")]), True, ControlError, False, False),
    (ControlFailure([detail("PL04000055", "This company is a demo company and has expired.")]), False, ControlError, False, False),
    (ControlFailure([detail("GW-0011", "Invalid Request")]), False, ControlError, False, False),
    (ControlFailure([]), False, ControlError, False, False),
    # Intacct refused the login or session.
    (AuthenticationFailure([detail("XL03000006", "Invalid session")]), False, InvalidSessionError, False, False),
    (AuthenticationFailure([detail("XL03000006", "", "Session has expired")]), False, InvalidSessionError, False, False),
    (AuthenticationFailure([detail("XL03000006", "Sign-in information is incorrect")]), False, CredentialsRejectedError, False, False),
    (AuthenticationFailure([detail("XL03000006", "Invalid Web Services Authorization")]), False, SenderNotAuthorizedError, False, False),
    (
        AuthenticationFailure([detail("XL03000006", "", "The sender ID 'S' is not authorized to make Web Services requests")]),
        False,
        SenderNotAuthorizedError,
        False,
        False,
    ),
    (AuthenticationFailure([detail("XL03000006", "This company is not authorized for XML transactions.")]), False, AuthenticationError, False, False),
    (AuthenticationFailure([]), False, AuthenticationError, False, False),
    # One function failed.
    (FunctionFailure([detail("EMU-UNIQUEID", "")]), False, DuplicateControlIdError, False, True),
    (FunctionFailure([detail("X", "Control ID fn-1 was already executed")]), False, DuplicateControlIdError, False, True),
    (FunctionFailure([detail("X", "", "A duplicate control id was refused")]), True, DuplicateControlIdError, False, True),
    (FunctionFailure([detail("X", "The Service is Temporarily Off-line")]), False, ResultError, True, False),
    (FunctionFailure([detail("X", "", "API rate limit exceeded")]), False, ResultError, True, False),
    (FunctionFailure([detail("BL34000061", "Another Class with the given value(s) C1 already exists")]), False, ResultError, False, False),
    (FunctionFailure([detail("XL03000009", "The entire transaction in this operation has been rolled back")]), False, ResultError, False, False),
    (FunctionFailure([detail("BL03000018", "", "Missing unit")]), True, ResultError, False, False),
    (FunctionFailure([]), False, ResultError, False, False),
    # A report run outlived the caller's wait.
    (ReportStillRunning(), False, ReportPendingError, True, False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("outcome", "resendable", "error_class", "retryable", "may_have_committed"),
    TABLE,
    ids=[f"{row[0]!r}-{'resendable' if row[1] else 'write'}" for row in TABLE],
)
def test_each_outcome_maps_to_one_class_and_its_flags(
    outcome: Outcome,
    resendable: bool,
    error_class: type[IntacctError],
    retryable: bool,
    may_have_committed: bool,
) -> None:
    verdict = classify(outcome, resendable=resendable)
    assert verdict == Verdict(error_class, retryable, may_have_committed)
    assert verdict.error_class is error_class  # exact class, not a subclass


@pytest.mark.parametrize("status", [200, 400, 401, 403, 404, 413, 422, 499])
@pytest.mark.parametrize("resendable", [False, True])
def test_statuses_whose_body_decides_have_no_verdict(status: int, resendable: bool) -> None:
    assert classify(HttpStatus(status), resendable=resendable) is None


@pytest.mark.parametrize("resendable", [False, True])
def test_every_http_status_lands_in_exactly_one_row(resendable: bool) -> None:
    seen: dict[str, set[int]] = {}
    for status in range(100, 600):
        verdict = classify(HttpStatus(status), resendable=resendable)
        key = "body" if verdict is None else f"{verdict.error_class.__name__}/{verdict.retryable}"
        seen.setdefault(key, set()).add(status)
    body = {200, *range(400, 429), *range(430, 500)}
    assert seen.pop("body") == body
    assert seen.pop("RateLimitError/True") == {429}
    if resendable:
        assert seen.pop("TransportError/True") == set(range(500, 600))
    else:
        assert seen.pop("TransportError/True") == {502, 503}
        assert seen.pop("UncertainOutcomeError/False") == set(range(500, 600)) - {502, 503}
    assert seen.pop("TransportError/False") == set(range(100, 400)) - {200}
    assert seen == {}


def test_the_default_is_the_worst_case_a_write() -> None:
    assert classify(SendFailed(request_sent=True)).error_class is UncertainOutcomeError
    http = classify(HttpStatus(524))
    assert http is not None
    assert http.error_class is UncertainOutcomeError
    assert classify(UnreadableAnswer(200)).error_class is UncertainResponseError


def test_stamp_puts_the_flags_on_an_existing_error() -> None:
    error = TransportError("lost", request_sent=True)
    assert (error.retryable, error.may_have_committed) == (False, False)
    assert Verdict(TransportError, True, False).stamp(error) is error
    assert (error.retryable, error.may_have_committed) == (True, False)


def test_the_classes_default_flags_agree_with_the_table() -> None:
    assert UncertainOutcomeError("x", function_control_ids=[]).may_have_committed is True
    assert UncertainResponseError("x", function_control_ids=[]).may_have_committed is True
    assert RateLimitError("x").retryable is True
    assert (ControlError("x").retryable, ControlError("x").may_have_committed) == (False, False)


@pytest.mark.parametrize(
    ("request_sent", "retryable", "committed"), [(False, True, False), (True, False, True)]
)
def test_a_transport_flags_its_errors_for_the_worst_case(
    request_sent: bool, retryable: bool, committed: bool
) -> None:
    error = transport_error("boom", request_sent=request_sent, http_status=None)
    assert type(error) is TransportError
    assert (error.request_sent, error.retryable, error.may_have_committed) == (
        request_sent,
        retryable,
        committed,
    )


# -- the callers follow the table ------------------------------------------------------------------


def test_result_and_response_errors_carry_the_verdicts_flags() -> None:
    body = response_xml(
        [
            result_xml("create", "a", status="failure", errors=[error_xml("EMU-UNIQUEID", "repeat")]),
            result_xml("read", "b", status="failure", errors=[error_xml("X", "Temporarily off-line")]),
            result_xml("read", "c", status="aborted", errors=[error_xml("XL03000009", "rolled back")]),
        ]
    )
    duplicate, offline, aborted = (result.error() for result in parse_response(body.encode()).results)
    assert type(duplicate) is DuplicateControlIdError
    assert (duplicate.retryable, duplicate.may_have_committed) == (False, True)
    assert type(offline) is ResultError
    assert (offline.retryable, offline.may_have_committed) == (True, False)
    assert type(aborted) is ResultError
    assert (aborted.retryable, aborted.may_have_committed) == (False, False)

    limited = parse_response(
        response_xml(control_status="failure", control_errors=[error_xml("GW-0010", "slow down")]).encode()
    ).error()
    assert type(limited) is RateLimitError
    assert (limited.retryable, limited.may_have_committed) == (True, False)


def _status(code: int, body: bytes = b"") -> TransportResponse:
    return TransportResponse(code, body, {})


GW_0010 = response_xml(
    control_id="req", control_status="failure", control_errors=[error_xml("GW-0010", "Rate limit")]
).encode()

# (name, a fresh answer, outcome the client must see)
ANSWERS: list[tuple[str, Callable[[], TransportResponse | BaseException], Outcome]] = [
    ("not-sent", lambda: TransportError("refused", request_sent=False), SendFailed(request_sent=False)),
    ("lost-after-sending", lambda: TransportError("lost", request_sent=True), SendFailed(request_sent=True)),
    ("cut-off", lambda: ResponseTooLargeError("too big", http_status=200), UnreadableAnswer(None, too_large=True)),
    ("http-429", lambda: _status(429, GW_0010), HttpStatus(429)),
    ("http-502", lambda: _status(502), HttpStatus(502)),
    ("http-503", lambda: _status(503), HttpStatus(503)),
    ("http-500", lambda: _status(500), HttpStatus(500)),
    ("http-524", lambda: _status(524), HttpStatus(524)),
    ("http-302", lambda: _status(302), HttpStatus(302)),
    ("html-404", lambda: _status(404, b"<html>not found</html>"), UnreadableAnswer(404)),
    ("html-200", lambda: _status(200, b"<html>maintenance</html>"), UnreadableAnswer(200)),
    ("gw-0010", lambda: xml_response(GW_0010), ControlFailure([ErrorDetail("GW-0010")])),
]  # fmt: skip


@pytest.mark.parametrize(("name", "answer", "outcome"), ANSWERS, ids=[row[0] for row in ANSWERS])
@pytest.mark.parametrize("kind", ["read", "write", "read-more"])
def test_the_client_raises_exactly_what_the_table_says(
    transport: FakeTransport,
    login_client: IntacctClient,
    sleeps: Sleeps,
    name: str,
    answer: Callable[[], TransportResponse | BaseException],
    outcome: Outcome,
    kind: str,
) -> None:
    function = {
        "read": Read("X", control_id="f"),
        "write": Create("CLASS", {"CLASSID": "C"}, control_id="f"),
        "read-more": ReadMore("RID", control_id="f"),
    }[kind]
    verdict = classify(outcome, resendable=function.idempotent)
    assert verdict is not None
    transport.queue(*(answer() for _ in range(3)))
    with pytest.raises(IntacctError) as caught:
        login_client.execute(function, RequestConfig(control_id="req", max_retries=2))
    error = caught.value
    assert type(error) is verdict.error_class
    assert (error.retryable, error.may_have_committed) == (verdict.retryable, verdict.may_have_committed)
    assert error.control_id == "req"
    assert len(transport.requests) == (3 if verdict.retryable else 1)
    assert len(sleeps) == (2 if verdict.retryable else 0)
    if isinstance(error, UncertainOutcomeError):
        assert error.function_control_ids == ["f"]
