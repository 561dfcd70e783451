"""The exception hierarchy: classification, printing and surviving process boundaries."""

from __future__ import annotations

import pickle

import pytest

from intacct.errors import (
    AuthenticationError,
    ControlError,
    CredentialsRejectedError,
    DuplicateControlIdError,
    EndpointError,
    ErrorDetail,
    IntacctError,
    InvalidArgumentError,
    InvalidSessionError,
    ParseError,
    RateLimitError,
    ResponseTooLargeError,
    ResultError,
    SenderNotAuthorizedError,
    TransportError,
    UncertainOutcomeError,
    UncertainResponseError,
)
from intacct.response import Result

DETAIL = ErrorDetail(
    "BL34000061",
    "Another Project with the given value(s) Fellow PD1  already exists",
    "Could not create Project record! [Support ID: abc%7E1]",
    "Use a unique value instead.",
)
FAILED = Result("failure", "create", "fn-1", errors=[DETAIL])

EVERY_ERROR: list[IntacctError] = [
    IntacctError("base", errors=[DETAIL], control_id="req-1", http_status=200),
    InvalidArgumentError("bad input"),
    EndpointError("not intacct"),
    ControlError("control", errors=[DETAIL], control_id="req-1"),
    AuthenticationError("auth", errors=[DETAIL]),
    InvalidSessionError("session", errors=[DETAIL]),
    CredentialsRejectedError("credentials", errors=[DETAIL]),
    SenderNotAuthorizedError("sender", errors=[DETAIL]),
    ResultError("result", result=FAILED),
    DuplicateControlIdError("duplicate", result=FAILED),
    TransportError("HTTP 503", request_sent=True, http_status=503, retryable=True, control_id="req-1"),
    RateLimitError("GW-0010", retry_after=7.0, errors=[DETAIL], http_status=429),
    UncertainOutcomeError(
        "maybe", function_control_ids=["fn-1", "fn-2"], control_id="req-1", http_status=524
    ),
    UncertainResponseError("unreadable", function_control_ids=["fn-1"], control_id="req-1"),
    ParseError("broken"),
    ResponseTooLargeError("too big", http_status=200),
]


@pytest.mark.parametrize("error", EVERY_ERROR, ids=lambda error: type(error).__name__)
def test_every_error_survives_pickling_with_all_its_fields(error: IntacctError) -> None:
    # Task queues and process pools pickle exceptions; required keyword-only arguments used to
    # make unpickling raise TypeError, losing the original failure.
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, just produced
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)
    assert copy.retryable == error.retryable


def test_str_shows_every_intacct_field_and_the_support_id() -> None:
    text = str(ResultError("Result status: failure for control id fn-1 (create)", result=FAILED))
    for part in (DETAIL.errorno, DETAIL.description, DETAIL.description2, DETAIL.correction, "fn-1"):
        assert part in text
    assert FAILED.error().support_ids == ["abc~1"]  # type: ignore[union-attr]


def test_retryable_classification() -> None:
    retryable = {type(error).__name__ for error in EVERY_ERROR if error.retryable}
    assert retryable == {"TransportError", "RateLimitError"}


def test_uncertain_response_is_both_uncertain_and_a_parse_error() -> None:
    error = UncertainResponseError("unreadable", function_control_ids=["fn-1"])
    assert isinstance(error, UncertainOutcomeError)
    assert isinstance(error, ParseError)
    assert "fn-1" in str(error)
