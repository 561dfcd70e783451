"""Run the emulator inside a test: a real HTTP server on a free loopback port, in a thread.

Tests talk to it over HTTP exactly like a client would, so transport code is exercised too;
the control helpers wrap the ``/__emulator__/api`` endpoints so tests read as intent
(``emu.inject_fault("http_503", count=1)``) rather than URLs.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from waitress import wasyncore
from waitress.server import create_server

from .app import GATEWAY_PATH, EmulatorApp
from .seed import COMPANY, SENDER, USERS

DEMO_CREDENTIALS: dict[str, str] = {
    "sender_id": SENDER[0],
    "sender_password": SENDER[1],
    "company_id": COMPANY,
    "user_id": USERS[0][0],
    "user_password": USERS[0][1],
    "readonly_user_id": USERS[1][0],
    "readonly_user_password": USERS[1][1],
}


@dataclass
class EmulatorHandle:
    app: EmulatorApp
    host: str
    port: int
    _server: Any = field(repr=False, default=None)
    _thread: threading.Thread | None = field(repr=False, default=None)
    _stop: threading.Event = field(repr=False, default_factory=threading.Event)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return self.base_url + GATEWAY_PATH

    @property
    def credentials(self) -> dict[str, str]:
        return dict(DEMO_CREDENTIALS)

    def control(self, endpoint: str, payload: dict[str, Any] | None = None, method: str | None = None) -> Any:
        """Call a control-plane endpoint, e.g. ``control("faults", {"kind": "http_503", "count": 1})``."""
        data = json.dumps(payload).encode() if payload is not None else None
        req = urllib.request.Request(  # noqa: S310 - loopback URL built from our own host/port
            f"{self.base_url}/__emulator__/api/{endpoint.lstrip('/')}",
            data=data,
            method=method or ("POST" if payload is not None else "GET"),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310
            return json.loads(resp.read())

    def reset(self, seed: str | None = "demo") -> Any:
        return self.control("reset", {"seed": seed})

    def inject_fault(self, kind: str, *, count: int | None = None, probability: float = 0.0) -> Any:
        payload: dict[str, Any] = {"kind": kind, "probability": probability}
        if count is not None:
            payload["count"] = count
        return self.control("faults", payload)

    def clear_faults(self) -> Any:
        return self.control("faults", None, method="DELETE")

    def set_latency(self, ms: int, functions: dict[str, int] | None = None) -> Any:
        return self.control("latency", {"ms": ms, "functions": functions or {}})

    def set_concurrency_limit(self, limit: int, company: str | None = None) -> Any:
        payload: dict[str, Any] = {"limit": limit}
        if company:
            payload["company"] = company
        return self.control("concurrency", payload)

    def set_clock(self, now: str) -> Any:
        return self.control("clock", {"now": now})

    def expire_sessions(self) -> Any:
        return self.control("sessions/expire", {})

    def usage(self, company: str = COMPANY) -> Any:
        return self.control(f"usage?company={company}")

    def records(self, obj: str, company: str = COMPANY) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.control(f"records/{company}/{obj}")["records"]
        return result

    def close(self) -> None:
        # Stop the loop first and close sockets afterwards from this thread: closing them under a
        # running select() is a race that surfaces as EBADF in the server thread.
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._server is not None:
            self._server.close()
            self._server.task_dispatcher.shutdown()
            self._server = None
        self.app.emu.store.close()

    def __enter__(self) -> EmulatorHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_emulator(
    seed: str | None = "demo",
    data: str = ":memory:",
    host: str = "127.0.0.1",
    port: int = 0,
    threads: int = 8,
) -> EmulatorHandle:
    app = EmulatorApp(data=data, seed=seed)
    # Any: the stubs' union (single vs multi-socket server) hides the attributes both share
    server: Any = create_server(app, host=host, port=port, threads=threads, ident="intacct-emulator")
    actual_port = int(server.effective_port)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=server._map, use_poll=True, count=1)

    thread = threading.Thread(target=serve, name="intacct-emulator", daemon=True)
    thread.start()
    return EmulatorHandle(app, host, actual_port, server, thread, stop)


@contextmanager
def run_emulator(
    seed: str | None = "demo", data: str = ":memory:", **kwargs: Any
) -> Iterator[EmulatorHandle]:
    handle = start_emulator(seed=seed, data=data, **kwargs)
    try:
        yield handle
    finally:
        handle.close()


def emulator_fixture(scope: str = "session", seed: str = "demo") -> Any:
    """Build a pytest fixture: ``intacct_emulator = emulator_fixture()`` in a conftest."""
    import pytest  # only needed when used from tests

    def _fixture() -> Iterator[EmulatorHandle]:
        with run_emulator(seed=seed) as handle:
            yield handle

    return pytest.fixture(_fixture, scope=scope)  # type: ignore[call-overload]
