"""The single HTTP chokepoint: every byte to or from Intacct passes through a :class:`Transport`.

Transports translate library exceptions into :class:`TransportError` with ``request_sent`` set,
because only the transport knows whether a failure happened before or after the request left
(:func:`intacct.outcomes.transport_error` builds them; the client decides what they mean).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import httpx

from intacct.errors import ResponseTooLargeError
from intacct.outcomes import transport_error

__all__ = ["HttpxTransport", "Timeout", "Transport", "TransportResponse"]


@dataclass(frozen=True)
class Timeout:
    connect: float = 10.0
    read: float = 300.0
    write: float = 60.0
    pool: float = 30.0
    # Whole-exchange budget. httpx timeouts apply per socket operation, so a server that drips
    # one byte just inside ``read`` would otherwise hold the call open indefinitely.
    total: float | None = None


@dataclass(frozen=True)
class TransportResponse:
    status_code: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return None


@runtime_checkable
class Transport(Protocol):
    def post(
        self, url: str, body: bytes, headers: Mapping[str, str], timeout: Timeout
    ) -> TransportResponse: ...

    def close(self) -> None: ...


class HttpxTransport:
    """Pooled httpx transport; one instance is shared by all threads of a client."""

    def __init__(
        self,
        *,
        max_connections: int = 10,
        max_response_bytes: int = 64 * 1024 * 1024,
        client: httpx.Client | None = None,
    ) -> None:
        self._client = client or httpx.Client(
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            follow_redirects=False,
            trust_env=False,
        )
        self._max_response_bytes = max_response_bytes

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: Timeout) -> TransportResponse:
        httpx_timeout = httpx.Timeout(
            connect=timeout.connect, read=timeout.read, write=timeout.write, pool=timeout.pool
        )
        deadline = None if timeout.total is None else time.monotonic() + timeout.total
        try:
            with self._client.stream(
                "POST", url, content=body, headers=dict(headers), timeout=httpx_timeout
            ) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self._max_response_bytes:
                        raise ResponseTooLargeError(
                            f"response exceeded the {self._max_response_bytes}-byte limit",
                            http_status=response.status_code,
                        )
                    if deadline is not None and time.monotonic() > deadline:
                        raise transport_error(
                            f"response from {url} took longer than {timeout.total} s in total",
                            request_sent=True,
                            http_status=response.status_code,
                        )
                    chunks.append(chunk)
                return TransportResponse(response.status_code, b"".join(chunks), dict(response.headers))
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise transport_error(
                f"could not connect to {url}: {type(exc).__name__}: {exc}", request_sent=False
            ) from exc
        except httpx.TimeoutException as exc:
            raise transport_error(
                f"timed out waiting for {url} after sending: {type(exc).__name__}", request_sent=True
            ) from exc
        except httpx.HTTPError as exc:
            # Dropped connections, protocol errors and undecodable (e.g. corrupt gzip) bodies:
            # the request left, so whether it executed is unknown.
            raise transport_error(
                f"connection to {url} failed after sending: {type(exc).__name__}: {exc}", request_sent=True
            ) from exc

    def close(self) -> None:
        self._client.close()
