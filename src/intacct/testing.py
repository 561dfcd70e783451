"""An in-process transport and response builders, for tests of code that uses the client.

Nothing here opens a socket. ``FakeTransport`` records every request and answers from a queue or
a callable, so tests can assert exactly what was (or was not) sent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from intacct.transport import Timeout, TransportResponse

__all__ = [
    "FakeTransport",
    "RecordedRequest",
    "error_xml",
    "response_xml",
    "result_xml",
    "session_result_xml",
    "xml_response",
]

Answer = TransportResponse | BaseException


@dataclass(frozen=True)
class RecordedRequest:
    url: str
    body: bytes
    headers: Mapping[str, str]
    timeout: Timeout = field(default_factory=Timeout)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class FakeTransport:
    def __init__(self, responder: Callable[[RecordedRequest], Answer] | None = None) -> None:
        self.requests: list[RecordedRequest] = []
        self._queue: list[Answer] = []
        self._responder = responder
        self._lock = threading.Lock()
        self.closed = False

    def queue(self, *answers: Answer | bytes | str) -> FakeTransport:
        for answer in answers:
            if isinstance(answer, bytes | str):
                self._queue.append(xml_response(answer))
            else:
                self._queue.append(answer)
        return self

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: Timeout) -> TransportResponse:
        request = RecordedRequest(url, body, dict(headers), timeout)
        with self._lock:
            self.requests.append(request)
            queued = self._queue.pop(0) if self._queue else None
        # The responder runs outside the lock so concurrency tests see real overlap.
        if queued is not None:
            answer = queued
        elif self._responder is not None:
            answer = self._responder(request)
        else:
            raise AssertionError(f"FakeTransport got an unexpected request:\n{request.text}")
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def close(self) -> None:
        self.closed = True


def xml_response(
    body: bytes | str, status_code: int = 200, headers: Mapping[str, str] | None = None
) -> TransportResponse:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return TransportResponse(
        status_code, data, dict(headers or {"Content-Type": 'text/xml; encoding="UTF-8"'})
    )


def error_xml(errorno: str, description: str = "", description2: str = "", correction: str = "") -> str:
    return (
        f"<error><errorno>{escape(errorno)}</errorno><description>{escape(description)}</description>"
        f"<description2>{escape(description2)}</description2><correction>{escape(correction)}</correction></error>"
    )


def result_xml(
    function: str,
    control_id: str,
    *,
    status: str = "success",
    data: str | None = None,
    data_attributes: Mapping[str, str | int] | None = None,
    errors: Iterable[str] = (),
) -> str:
    parts = [
        f"<result><status>{status}</status><function>{escape(function)}</function>"
        f"<controlid>{escape(control_id)}</controlid>"
    ]
    if data is not None or data_attributes:
        attrs = "".join(f' {key}="{escape(str(value))}"' for key, value in (data_attributes or {}).items())
        parts.append(f"<data{attrs}>{data or ''}</data>")
    error_list = list(errors)
    if error_list:
        parts.append(f"<errormessage>{''.join(error_list)}</errormessage>")
    parts.append("</result>")
    return "".join(parts)


def session_result_xml(control_id: str, session_id: str, endpoint: str, entity_id: str = "") -> str:
    return result_xml(
        "getAPISession",
        control_id,
        data=(
            f"<api><sessionid>{escape(session_id)}</sessionid><endpoint>{escape(endpoint)}</endpoint>"
            f"<locationid>{escape(entity_id)}</locationid></api>"
        ),
    )


def response_xml(
    results: Iterable[str] = (),
    *,
    control_id: str = "request",
    control_status: str = "success",
    control_errors: Iterable[str] = (),
    auth_status: str = "success",
    auth_errors: Iterable[str] = (),
    user_id: str = "user",
    company_id: str = "COMPANY",
    entity_id: str = "",
    session_timeout: str | None = "2099-01-01T00:00:00+00:00",
) -> str:
    head = (
        '<?xml version="1.0" encoding="UTF-8"?><response><control>'
        f"<status>{control_status}</status><senderid>sender</senderid>"
        f"<controlid>{escape(control_id)}</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion>"
        "</control>"
    )
    if control_status != "success":
        return f"{head}<errormessage>{''.join(control_errors)}</errormessage></response>"
    auth = (
        f"<authentication><status>{auth_status}</status><userid>{escape(user_id)}</userid>"
        f"<companyid>{escape(company_id)}</companyid>"
    )
    if auth_status == "success":
        auth += f"<locationid>{escape(entity_id)}</locationid>"
        auth += "<sessiontimestamp>2026-01-01T00:00:00+00:00</sessiontimestamp>"
        if session_timeout:
            auth += f"<sessiontimeout>{session_timeout}</sessiontimeout>"
        return f"{head}<operation>{auth}</authentication>{''.join(results)}</operation></response>"
    return (
        f"{head}<operation>{auth}</authentication><errormessage>{''.join(auth_errors)}</errormessage>"
        "</operation></response>"
    )
