"""Client behaviour against the in-process fake transport: execution, batching, sessions."""

from __future__ import annotations

import threading
import time

import pytest

from intacct import ClientConfig, HttpxTransport, IntacctClient, RequestConfig
from intacct.errors import (
    ControlError,
    CredentialsRejectedError,
    DuplicateControlIdError,
    EndpointError,
    InvalidArgumentError,
    InvalidSessionError,
    ParseError,
    ResultError,
)
from intacct.functions import ApiSessionCreate, Create, Read, ReadByQuery
from intacct.testing import FakeTransport, error_xml, response_xml, result_xml, xml_response

from .conftest import USER_PASSWORD, Sleeps, fixture_bytes, make_config
from .helpers import SESSION_ENDPOINT, ScriptedIntacct, decode


def ok(*pairs: tuple[str, str]) -> str:
    return response_xml([result_xml(name, cid, data="<x><A>1</A></x>") for name, cid in pairs])


def test_execute_logs_in_and_returns_the_result(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    transport.queue(ok(("read", "r1")))
    result = login_client.execute(Read("VENDOR", [1], control_id="r1"))
    assert result.data == [{"A": "1"}]
    (request,) = transport.requests
    assert request.url == "https://api.intacct.com/ia/xml/xmlgw.phtml"
    assert request.headers["Content-Type"] == "application/xml"
    sent = decode(request)
    assert sent.auth == "login"
    assert sent.functions == [("read", "r1")]
    assert sent.control["uniqueid"] == "false"
    assert f"<password>{USER_PASSWORD}</password>" in request.text


def test_execute_raises_result_error_on_function_failure(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    transport.queue(fixture_bytes("response-create-failure-duplicate-id.xml"))
    with pytest.raises(ResultError) as caught:
        login_client.execute(Create("PROJECT", {"PROJECTID": "Fellow PD1"}, control_id="testFunctionId"))
    assert caught.value.errors[0].errorno == "BL34000061"
    assert caught.value.retryable is False
    assert "Use a unique value instead." in str(caught.value)


def test_execute_batch_returns_results_in_order_with_flags(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    transport.queue(
        response_xml(
            [
                result_xml("create", "a"),
                result_xml("create", "b", status="failure", errors=[error_xml("BL01001973", "", "nope")]),
                result_xml("create", "c"),
            ]
        )
    )
    functions = [Create("CLASS", {"CLASSID": cid}, control_id=cid) for cid in "abc"]
    results = login_client.execute_batch(functions, transaction=False, uniqueid=True, control_id="batch-1")
    assert [(r.control_id, r.status) for r in results] == [
        ("a", "success"),
        ("b", "failure"),
        ("c", "success"),
    ]
    sent = decode(transport.requests[0])
    assert sent.control["uniqueid"] == "true"
    assert sent.control["controlid"] == "batch-1"
    assert sent.transaction == "false"


def test_results_are_mapped_back_by_control_id_when_reordered(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    transport.queue(response_xml([result_xml("read", "b"), result_xml("read", "a")]))
    results = login_client.execute_batch([Read("X", control_id="a"), Read("X", control_id="b")])
    assert [r.control_id for r in results] == ["a", "b"]


def test_results_not_matching_the_request_raise(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    transport.queue(response_xml([result_xml("read", "zzz")]))
    with pytest.raises(ParseError, match="do not match"):
        login_client.execute(Read("X", control_id="a"))


def test_duplicate_control_ids_in_one_batch_are_refused_before_sending(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    with pytest.raises(InvalidArgumentError, match="appears twice"):
        login_client.execute_batch([Read("X", control_id="a"), Read("X", control_id="a")])
    assert transport.requests == []


def test_invalid_values_are_refused_before_sending(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    with pytest.raises(InvalidArgumentError):
        login_client.execute(Create("X", {"BATCH_DATE": "13/01/2026"}))
    with pytest.raises(InvalidArgumentError):
        login_client.execute_batch([])
    # A lone surrogate (e.g. from a badly decoded file name) cannot be encoded: typed error, no request.
    with pytest.raises(InvalidArgumentError):
        login_client.execute(Create("X", {"NAME": "caf\udce9"}))
    with pytest.raises(InvalidArgumentError):
        login_client.execute(Read("X"), RequestConfig(control_id="req-\ud800"))
    assert transport.requests == []


def test_transaction_true_aborted_batch_reports_every_function(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    transport.queue(fixture_bytes("response-transaction-true-aborted.xml"))
    results = login_client.execute_batch(
        [ApiSessionCreate(control_id="func1UnitTest"), ApiSessionCreate(control_id="func2UnitTest")],
        transaction=True,
    )
    assert [r.status for r in results] == ["aborted", "failure"]
    assert decode(transport.requests[0]).transaction == "true"


@pytest.mark.parametrize(
    "description",
    [
        "Function control id fn-1 was already executed under uniqueid=true",
        "A request with this controlid has previously been processed",
        "Duplicate control ID: fn-1",
    ],
)
def test_refused_repeated_control_id_is_its_own_error(
    login_client: IntacctClient, transport: FakeTransport, description: str
) -> None:
    transport.queue(
        response_xml(
            [result_xml("create", "fn-1", status="failure", errors=[error_xml("XLXX", "", description)])]
        )
    )
    with pytest.raises(DuplicateControlIdError) as caught:
        login_client.execute(
            Create("CLASS", {"CLASSID": "C"}, control_id="fn-1"), RequestConfig(uniqueid=True)
        )
    assert caught.value.result.control_id == "fn-1"


def test_control_and_authentication_failures_are_not_retried(
    login_client: IntacctClient, transport: FakeTransport, sleeps: Sleeps
) -> None:
    transport.queue(fixture_bytes("response-control-failure-bad-sender-credentials.xml"))
    with pytest.raises(ControlError):
        login_client.execute(Read("X"))
    transport.queue(fixture_bytes("response-auth-failure-invalid-login.xml"))
    with pytest.raises(CredentialsRejectedError):
        login_client.execute(Read("X"))
    assert len(transport.requests) == 2
    assert sleeps == []


def test_sessions_are_opened_once_and_used_at_the_returned_endpoint(sleeps: Sleeps) -> None:
    intacct = ScriptedIntacct()
    transport = FakeTransport(intacct)
    client = IntacctClient(make_config(), transport=transport, sleep=sleeps)
    client.execute(Read("X"))
    client.execute(Read("X"))
    assert [(s.auth, s.functions[0][0], s.url) for s in intacct.seen] == [
        ("login", "getAPISession", "https://api.intacct.com/ia/xml/xmlgw.phtml"),
        ("session", "read", SESSION_ENDPOINT),
        ("session", "read", SESSION_ENDPOINT),
    ]
    assert intacct.seen[1].session_id == "S1.."
    assert intacct.seen[0].control["controlid"] == "sessionProvider"


def test_session_slides_with_use_and_is_renewed_shortly_before_its_timeout(sleeps: Sleeps) -> None:
    now = [1_000_000.0]
    # Server clock says 2026 and an 800 s lifetime; the local clock is far away (skew is irrelevant).
    intacct = ScriptedIntacct(session_timeout="2026-01-01T00:13:20+00:00")
    client = IntacctClient(
        make_config(session_renew_margin=300),
        transport=FakeTransport(intacct),
        sleep=sleeps,
        clock=lambda: now[0],
    )
    for moment in (1_000_000.0, 1_000_400.0, 1_000_850.0, 1_001_400.0):
        now[0] = moment
        client.execute(Read("X"))
    # 1_000_850 is past the first timeout but every call slid it by 800 s; 1_001_400 is within
    # 300 s of the slid timeout (1_001_650), so the session is renewed there.
    assert [s.session_id for s in intacct.seen if s.auth == "session"] == ["S1..", "S1..", "S1..", "S2.."]
    assert intacct.sessions == 2


def test_invalid_session_logs_in_again_exactly_once(sleeps: Sleeps) -> None:
    intacct = ScriptedIntacct()
    client = IntacctClient(make_config(), transport=FakeTransport(intacct), sleep=sleeps)
    client.execute(Read("X"))
    intacct.valid_sessions.clear()  # Intacct forgets S1
    client.execute(Read("X"))
    assert [(s.auth, s.session_id) for s in intacct.seen] == [
        ("login", None),
        ("session", "S1.."),
        ("session", "S1.."),
        ("login", None),
        ("session", "S2.."),
    ]


def test_invalid_session_twice_in_a_row_raises(sleeps: Sleeps) -> None:
    intacct = ScriptedIntacct()
    original = intacct.__call__

    def forget_every_session(request):
        answer = original(request)
        if decode(request).functions[0][0] == "getAPISession":
            intacct.valid_sessions.clear()
        return answer

    client = IntacctClient(make_config(), transport=FakeTransport(forget_every_session), sleep=sleeps)
    with pytest.raises(InvalidSessionError):
        client.execute(Read("X"))
    assert intacct.sessions == 2
    assert len(intacct.seen) == 4


def test_session_id_only_config_cannot_relogin(sleeps: Sleeps) -> None:
    intacct = ScriptedIntacct()
    config = make_config(user_id="", user_password="", session_id="given..")
    client = IntacctClient(config, transport=FakeTransport(intacct), sleep=sleeps)
    client.execute(Read("X"))
    intacct.valid_sessions.clear()
    with pytest.raises(InvalidSessionError):
        client.execute(Read("X"))
    assert [(s.auth, s.session_id, s.functions[0][0]) for s in intacct.seen] == [
        ("session", "given..", "getAPISession"),
        ("session", "S1..", "read"),
        ("session", "S1..", "read"),
    ]


def test_entity_sessions_are_separate_and_share_the_transport(sleeps: Sleeps) -> None:
    intacct = ScriptedIntacct()
    transport = FakeTransport(intacct)
    client = IntacctClient(make_config(), transport=transport, sleep=sleeps)
    uk = client.for_entity("UK")
    uk.execute(Read("X"))
    client.execute(Read("X"))
    uk.execute(Read("X"))
    logins = [s for s in intacct.seen if s.auth == "login"]
    assert [s.login_entity for s in logins] == ["UK", None]
    assert uk.session_provider.key == ("TRUE-DEMO", "api_sync", "UK")
    assert uk.session_provider is client.for_entity("UK").session_provider
    assert [s.session_id for s in intacct.seen if s.auth == "session"] == ["S1..", "S2..", "S1.."]


def test_foreign_session_endpoint_is_refused(sleeps: Sleeps) -> None:
    intacct = ScriptedIntacct(endpoint="https://evil.example.com/ia/xml/xmlgw.phtml")
    client = IntacctClient(make_config(), transport=FakeTransport(intacct), sleep=sleeps)
    with pytest.raises(EndpointError):
        client.execute(Read("X"))
    assert len(intacct.seen) == 1


def test_concurrent_threads_open_exactly_one_session(sleeps: Sleeps) -> None:
    intacct = ScriptedIntacct()
    lock = threading.Lock()

    def slow(request):
        time.sleep(0.01)
        with lock:
            return intacct(request)

    client = IntacctClient(make_config(max_in_flight=4), transport=FakeTransport(slow), sleep=sleeps)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                client.execute(Read("X"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert intacct.sessions == 1
    assert len(intacct.seen) == 1 + 8 * 3


def test_requests_in_flight_never_exceed_the_limit(sleeps: Sleeps) -> None:
    active = [0]
    peak = [0]
    lock = threading.Lock()

    def responder(request):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1
        sent = decode(request)
        return xml_response(ok(*sent.functions))

    client = IntacctClient(
        make_config(use_sessions=False, max_in_flight=2), transport=FakeTransport(responder), sleep=sleeps
    )
    threads = [threading.Thread(target=lambda: client.execute(Read("X"))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak[0] == 2


def test_emulator_endpoint_needs_explicit_opt_in() -> None:
    url = "http://127.0.0.1:8300/ia/xml/xmlgw.phtml"
    with pytest.raises(EndpointError, match="allow_custom_endpoint"):
        ClientConfig(endpoint_url=url)
    assert ClientConfig(endpoint_url=url, allow_custom_endpoint=True).endpoint_url == url


def test_read_by_query_page_size_is_sent(login_client: IntacctClient, transport: FakeTransport) -> None:
    transport.queue(ok(("readByQuery", "q")))
    login_client.execute(ReadByQuery("VENDOR", "STATUS = 'active'", page_size=5, control_id="q"))
    assert "<pagesize>5</pagesize>" in transport.requests[0].text


def test_client_closes_only_a_transport_it_created() -> None:
    transport = FakeTransport()
    with IntacctClient(make_config(), transport=transport):
        pass
    assert transport.closed is False


def test_offline_request_carries_the_policy_id_and_returns_the_acknowledgement(
    login_client: IntacctClient, transport: FakeTransport
) -> None:
    transport.queue(fixture_bytes("response-offline-acknowledgement.xml"))
    response = login_client.execute_offline(
        [Read("X", control_id="r")], RequestConfig(control_id="ControlIdHere", policy_id="trueerp_async")
    )
    assert response.acknowledgement == "success"
    assert (
        "<dtdversion>3.0</dtdversion><policyid>trueerp_async</policyid><includewhitespace>"
        in transport.requests[0].text
    )
    with pytest.raises(InvalidArgumentError):
        login_client.send([Read("X")], RequestConfig(policy_id="p"))
    assert len(transport.requests) == 1


def test_sessions_shorter_than_the_renew_margin_are_still_reused(sleeps: Sleeps) -> None:
    now = [1_000_000.0]
    # A 200 s session with the default 300 s margin: renewing "300 s before expiry" would mean
    # opening a session for every call. Renewal waits for the second half of the lifetime instead.
    intacct = ScriptedIntacct(session_timeout="2026-01-01T00:03:20+00:00")
    client = IntacctClient(
        make_config(), transport=FakeTransport(intacct), sleep=sleeps, clock=lambda: now[0]
    )
    for moment in (1_000_000.0, 1_000_050.0, 1_000_090.0):
        now[0] = moment
        client.execute(Read("X"))
    assert intacct.sessions == 1
    now[0] = 1_000_090.0 + 101.0  # past the middle of the (slid) lifetime
    client.execute(Read("X"))
    assert intacct.sessions == 2


def test_closing_an_entity_client_leaves_the_shared_pool_open() -> None:
    client = IntacctClient(make_config())  # creates (and owns) an HttpxTransport; nothing is sent
    transport = client._shared.transport
    assert isinstance(transport, HttpxTransport)
    with client.for_entity("UK") as uk:
        assert uk._shared.transport is transport
    assert not transport._client.is_closed
    client.close()
    assert transport._client.is_closed
