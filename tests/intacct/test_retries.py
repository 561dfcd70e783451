"""Retry policy: what is retried, how long it waits, and what is never re-sent."""

from __future__ import annotations

import random
from datetime import UTC

import pytest

from intacct import IntacctClient, RequestConfig
from intacct._retry import Backoff, parse_retry_after
from intacct.errors import (
    ParseError,
    RateLimitError,
    ResponseTooLargeError,
    TransportError,
    UncertainOutcomeError,
    UncertainResponseError,
)
from intacct.functions import Create, Read, ReadMore
from intacct.testing import FakeTransport, error_xml, response_xml, result_xml, xml_response
from intacct.transport import TransportResponse

from .conftest import Sleeps


def ok(name: str, control_id: str) -> TransportResponse:
    return xml_response(response_xml([result_xml(name, control_id)]))


def status(code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> TransportResponse:
    return TransportResponse(code, body, headers or {})


def not_sent() -> TransportError:
    return TransportError("connection refused", request_sent=False, retryable=True)


def sent_then_lost() -> TransportError:
    return TransportError("read timeout", request_sent=True, retryable=False)


GW_0010 = response_xml(
    control_status="failure", control_errors=[error_xml("GW-0010", "Rate limit exceeded")]
).encode()


@pytest.mark.parametrize("code", [502, 503])
def test_gateway_errors_are_retried_for_writes_and_reads(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps, code: int
) -> None:
    transport.queue(status(code), status(code), ok("create", "w"))
    result = login_client.execute(Create("CLASS", {"CLASSID": "C"}, control_id="w"))
    assert result.ok
    assert len(transport.requests) == 3
    assert len({request.body for request in transport.requests}) == 1  # same control ids every time
    assert len(sleeps) == 2


def test_retries_stop_at_the_budget(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps
) -> None:
    transport.queue(*[status(503)] * 3)
    with pytest.raises(TransportError) as caught:
        login_client.execute(Read("X"), RequestConfig(max_retries=2))
    assert caught.value.http_status == 503
    assert caught.value.retryable is True
    assert len(transport.requests) == 3
    assert len(sleeps) == 2


def test_rate_limit_honours_retry_after(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps
) -> None:
    transport.queue(status(429, GW_0010, {"Retry-After": "7"}), ok("read", "r"))
    assert login_client.execute(Read("X", control_id="r")).ok
    assert sleeps == [7.0]


def test_gw_0010_in_a_200_response_is_retried(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps
) -> None:
    transport.queue(xml_response(GW_0010), ok("create", "w"))
    assert login_client.execute(Create("CLASS", {"CLASSID": "C"}, control_id="w")).ok
    assert len(sleeps) == 1


def test_rate_limit_after_the_budget_raises_rate_limit_error(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps
) -> None:
    transport.queue(*[status(429, GW_0010, {"Retry-After": "1"})] * 2)
    with pytest.raises(RateLimitError) as caught:
        login_client.execute(Read("X"), RequestConfig(max_retries=1))
    assert caught.value.retry_after == 1.0
    assert caught.value.errors[0].errorno == "GW-0010"
    assert caught.value.retryable is True


def test_connection_errors_before_sending_are_retried_for_writes(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps
) -> None:
    transport.queue(not_sent(), ok("create", "w"))
    assert login_client.execute(Create("CLASS", {"CLASSID": "C"}, control_id="w")).ok
    assert len(transport.requests) == 2


def test_write_is_never_resent_after_an_ambiguous_failure(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps
) -> None:
    transport.queue(sent_then_lost())
    functions = [Create("CLASS", {"CLASSID": "C"}, control_id="w1"), Read("X", control_id="r1")]
    with pytest.raises(UncertainOutcomeError) as caught:
        login_client.execute_batch(functions, control_id="req-9")
    assert caught.value.function_control_ids == ["w1", "r1"]
    assert caught.value.control_id == "req-9"
    assert caught.value.retryable is False
    assert len(transport.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize("code", [524, 500, 504])
def test_write_gets_uncertain_outcome_on_ambiguous_http_status(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps, code: int
) -> None:
    transport.queue(status(code))
    with pytest.raises(UncertainOutcomeError) as caught:
        login_client.execute(Create("CLASS", {"CLASSID": "C"}, control_id="w"))
    assert caught.value.http_status == code
    assert caught.value.function_control_ids == ["w"]
    assert len(transport.requests) == 1


def test_reads_are_resent_after_ambiguous_failures(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps
) -> None:
    transport.queue(sent_then_lost(), status(524), ok("read", "r"))
    assert login_client.execute(Read("X", control_id="r")).ok
    assert len(transport.requests) == 3


def test_read_more_is_not_resent_because_the_cursor_moves(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    transport.queue(sent_then_lost())
    with pytest.raises(UncertainOutcomeError):
        login_client.execute(ReadMore("RID", control_id="m"))
    assert len(transport.requests) == 1


def test_unparseable_200_is_a_parse_error_not_retried(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps
) -> None:
    transport.queue(status(200, b"<html>oops</html>"))
    with pytest.raises(ParseError):
        login_client.execute(Read("X"))
    assert len(transport.requests) == 1


def test_non_xml_4xx_is_a_permanent_transport_error(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps
) -> None:
    transport.queue(status(404, b"not found"))
    with pytest.raises(TransportError) as caught:
        login_client.execute(Read("X"))
    assert (caught.value.http_status, caught.value.retryable) == (404, False)
    assert sleeps == []


def test_oversized_response_is_not_retried(login_client: IntacctClient, transport: FakeTransport) -> None:
    transport.queue(ResponseTooLargeError("too big"))
    with pytest.raises(ResponseTooLargeError):
        login_client.execute(Read("X"))
    assert len(transport.requests) == 1


def test_backoff_is_capped_exponential_with_jitter() -> None:
    backoff = Backoff(initial=0.5, maximum=4.0)
    rng = random.Random(7)
    delays = [backoff.delay(n, rng) for n in range(8)]
    ceilings = [0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0, 4.0]
    for delay, ceiling in zip(delays, ceilings, strict=True):
        assert ceiling / 2 <= delay <= ceiling
    assert len(set(delays)) == len(delays)
    assert backoff.delay(0, rng, retry_after=500.0) == 120.0


def test_retry_after_parsing() -> None:
    from datetime import datetime

    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("Thu, 01 Jan 2026 00:00:30 GMT", now) == 30.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize(
    "answer",
    [
        status(200, b"<response><control><status>success</status></control><operation><authentica"),
        status(200, b"<html>maintenance</html>"),
        ResponseTooLargeError("response exceeded the 1024-byte limit", http_status=200),
    ],
    ids=["truncated", "html", "too-large"],
)
def test_a_write_whose_answer_cannot_be_read_is_uncertain_not_just_a_parse_error(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps, answer: object
) -> None:
    # Intacct answered, so the write may have committed: the caller needs the control ids to
    # reconcile. It stays a ParseError too, so existing handlers keep working.
    transport.queue(answer)  # type: ignore[arg-type]
    with pytest.raises(UncertainResponseError) as caught:
        login_client.execute_batch([Create("CLASS", {"CLASSID": "C"}, control_id="w")], control_id="req-5")
    assert isinstance(caught.value, UncertainOutcomeError)
    assert isinstance(caught.value, ParseError)
    assert caught.value.function_control_ids == ["w"]
    assert caught.value.control_id == "req-5"
    assert isinstance(caught.value.__cause__, ParseError)
    assert len(transport.requests) == 1
    assert sleeps == []


def test_a_read_whose_answer_cannot_be_read_stays_a_plain_parse_error(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    transport.queue(status(200, b"<html>maintenance</html>"))
    with pytest.raises(ParseError) as caught:
        login_client.execute(Read("X"), RequestConfig(control_id="req-6"))
    assert not isinstance(caught.value, UncertainOutcomeError)
    assert caught.value.control_id == "req-6"
