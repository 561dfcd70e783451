"""The real httpx transport against loopback sockets: it must tell 'not sent' from 'maybe sent'."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from intacct import IntacctClient
from intacct.errors import ResponseTooLargeError, TransportError, UncertainOutcomeError
from intacct.functions import Create
from intacct.transport import HttpxTransport, Timeout

from .conftest import make_config

FAST = Timeout(connect=1.0, read=0.3, write=1.0, pool=1.0)
Handler = Callable[[socket.socket], None]


def read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(
        next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")).split(b":")[
            1
        ]
    )
    while len(body) < length:
        body += conn.recv(65536)
    return body


@pytest.fixture
def server() -> Iterator[Callable[[Handler], str]]:
    sockets: list[socket.socket] = []

    def start(handler: Handler) -> str:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        sockets.append(listener)

        def serve() -> None:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                handler(conn)

        threading.Thread(target=serve, daemon=True).start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}/ia/xml/xmlgw.phtml"

    yield start
    for listener in sockets:
        listener.close()


def respond(body: bytes, status: str = "200 OK") -> Handler:
    def handler(conn: socket.socket) -> None:
        read_request(conn)
        conn.sendall(
            f"HTTP/1.1 {status}\r\nContent-Type: text/xml\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body
        )

    return handler


def test_successful_post_returns_status_headers_and_body(server: Callable[[Handler], str]) -> None:
    url = server(respond(b"<response/>"))
    transport = HttpxTransport()
    answer = transport.post(url, b"<request/>", {"Content-Type": "application/xml"}, FAST)
    transport.close()
    assert (answer.status_code, answer.body, answer.header("content-type")) == (
        200,
        b"<response/>",
        "text/xml",
    )


def test_refused_connection_is_marked_not_sent() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with pytest.raises(TransportError) as caught:
        HttpxTransport().post(f"http://127.0.0.1:{port}/", b"x", {}, FAST)
    assert (caught.value.request_sent, caught.value.retryable) == (False, True)


def drop_after_reading(conn: socket.socket) -> None:
    read_request(conn)


def stall_after_reading(conn: socket.socket) -> None:
    read_request(conn)
    time.sleep(1.0)


def test_response_larger_than_the_limit_is_cut_off(server: Callable[[Handler], str]) -> None:
    url = server(respond(b"x" * 5000))
    with pytest.raises(ResponseTooLargeError):
        HttpxTransport(max_response_bytes=4096).post(url, b"<request/>", {}, FAST)


def corrupt_gzip(conn: socket.socket) -> None:
    read_request(conn)
    body = b"this is not gzip"
    conn.sendall(
        f"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    )


def trickle(conn: socket.socket) -> None:
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n")
    for _ in range(1000):
        try:
            conn.sendall(b" ")
        except OSError:
            return
        time.sleep(0.05)  # each byte arrives well inside the 0.3 s read timeout


def test_a_server_dripping_bytes_is_cut_off_at_the_total_timeout(server: Callable[[Handler], str]) -> None:
    url = server(trickle)
    started = time.monotonic()
    with pytest.raises(TransportError, match="in total") as caught:
        HttpxTransport().post(
            url, b"<request/>", {}, Timeout(connect=1.0, read=0.3, write=1.0, pool=1.0, total=0.5)
        )
    assert time.monotonic() - started < 2.0  # the drip alone would take 50 s
    assert caught.value.request_sent is True


SENT_THEN_FAILED = pytest.mark.parametrize(
    ("handler", "message"),
    [
        (drop_after_reading, "failed after sending"),
        (stall_after_reading, "timed out"),
        (corrupt_gzip, "DecodingError"),  # an httpx error that is not an httpx.TransportError
    ],
    ids=["dropped", "read-timeout", "corrupt-gzip"],
)


@SENT_THEN_FAILED
def test_failures_after_sending_are_transport_errors_marked_sent(
    server: Callable[[Handler], str], handler: Handler, message: str
) -> None:
    url = server(handler)
    with pytest.raises(TransportError, match=message) as caught:
        HttpxTransport().post(url, b"<request/>", {}, FAST)
    assert (caught.value.request_sent, caught.value.retryable) == (True, False)


@SENT_THEN_FAILED
def test_client_turns_a_write_that_failed_after_sending_into_uncertain_outcome(
    server: Callable[[Handler], str], handler: Handler, message: str
) -> None:
    url = server(handler)
    config = make_config(endpoint_url=url, allow_custom_endpoint=True, use_sessions=False, read_timeout=0.3)
    with IntacctClient(config) as client, pytest.raises(UncertainOutcomeError, match=message) as caught:
        client.execute(Create("CLASS", {"CLASSID": "C"}, control_id="w-1"))
    assert caught.value.function_control_ids == ["w-1"]
