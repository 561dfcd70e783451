"""The WSGI application: gateway endpoint, control plane and console behind one router.

A plain WSGI callable keeps the emulator dependency-free apart from lxml and lets the same object
run under waitress (CLI, tests) or be called in-process.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from . import console, control
from .context import Emulator
from .faults import Faults
from .gateway import CONTENT_TYPE, Gateway
from .seed import apply_seed
from .store import Store
from .xmlio import MAX_REQUEST_BYTES

GATEWAY_PATH = "/ia/xml/xmlgw.phtml"
StartResponse = Callable[..., Any]

_STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    413: "413 Payload Too Large",
    429: "429 Too Many Requests",
    502: "502 Bad Gateway",
    503: "503 Service Unavailable",
    524: "524 A Timeout Occurred",
}


class EmulatorApp:
    def __init__(self, data: str = ":memory:", seed: str | None = "demo") -> None:
        self.emu = Emulator(Store(data), faults=Faults())
        self.gateway = Gateway(self.emu)
        if seed and self.emu.store.is_empty():
            apply_seed(self.emu, seed)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        method = environ.get("REQUEST_METHOD", "GET")
        if path == GATEWAY_PATH:
            if method != "POST":
                return _reply(start_response, 405, b"POST only", "text/plain")
            return self._gateway(environ, start_response)
        if path.startswith("/__emulator__"):
            sub = path[len("/__emulator__") :] or "/"
            if sub.startswith("/api/"):
                status, payload = control.dispatch(
                    self.emu, method, sub[len("/api") :], _body(environ), str(environ.get("QUERY_STRING", ""))
                )
                return _reply(
                    start_response, status, json.dumps(payload, indent=1).encode(), "application/json"
                )
            host = str(environ.get("HTTP_HOST") or "")
            status, html = console.render(self.emu, sub, environ.get("QUERY_STRING", ""), host)
            return _reply(start_response, status, html.encode(), "text/html; charset=utf-8")
        if path == "/":
            start_response("302 Found", [("Location", "/__emulator__/"), ("Content-Length", "0")])
            return [b""]
        return _reply(start_response, 404, b"Not found", "text/plain")

    def _gateway(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        body = _body(environ)
        if body is None:
            return _reply(start_response, 413, b"Request too large", "text/plain")
        ctype = str(environ.get("CONTENT_TYPE", "")).lower()
        if "x-www-form-urlencoded" in ctype or body.startswith(b"xmlrequest="):
            values = parse_qs(body.decode("utf-8", "replace")).get("xmlrequest", [""])
            body = values[0].encode("utf-8")
        fault = self.emu.faults.draw() if self.emu.faults else None
        if fault in ("http_502", "http_503"):
            code = 502 if fault == "http_502" else 503
            return _reply(
                start_response, code, f"<html><body>{_STATUS[code]}</body></html>".encode(), "text/html"
            )
        if fault == "malformed_body":
            return _reply(
                start_response,
                200,
                b'<?xml version="1.0" encoding="UTF-8"?><response><control><stat',
                CONTENT_TYPE,
            )
        host = str(environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}")
        reply = self.gateway.handle(body, host, fault)
        if fault == "http_524_after_commit":
            return _reply(start_response, 524, b"<html><body>A timeout occurred</body></html>", "text/html")
        if fault == "drop_after_commit":
            # Promise more bytes than are sent: the server closes the connection mid-body, which
            # clients see as a dropped connection after the work was committed.
            start_response(
                "200 OK", [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(reply.body) + 4096))]
            )
            return [reply.body[: len(reply.body) // 2]]
        return _reply(start_response, reply.status, reply.body, CONTENT_TYPE)


def _body(environ: dict[str, Any]) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_REQUEST_BYTES:
        return None
    stream = environ.get("wsgi.input")
    if stream is None or length <= 0:
        return b""
    data: bytes = stream.read(length)
    return data


def _reply(start_response: StartResponse, status: int, body: bytes, ctype: str) -> list[bytes]:
    start_response(
        _STATUS.get(status, f"{status} Status"), [("Content-Type", ctype), ("Content-Length", str(len(body)))]
    )
    return [body]
