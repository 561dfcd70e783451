"""The client: sessions, retries, concurrency limits and result mapping around one transport."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any

from intacct._function import Function
from intacct._logging import body_for_log, http_logger, retry_logger
from intacct._retry import Backoff, parse_retry_after
from intacct.config import ClientConfig, RequestConfig
from intacct.errors import (
    IntacctError,
    InvalidArgumentError,
    InvalidSessionError,
    ParseError,
    RateLimitError,
    ResponseTooLargeError,
    TransportError,
    UncertainOutcomeError,
    UncertainResponseError,
)
from intacct.functions.generic import ReadMore, ReadReport
from intacct.outcomes import HttpStatus, SendFailed, UnreadableAnswer, classify
from intacct.pagination import Page, iter_pages, iter_records
from intacct.reports import iter_report_pages, iter_report_records
from intacct.request import LoginAuth, SessionAuth, build_request
from intacct.response import Record, Response, Result, parse_response
from intacct.session import SessionKey, SessionProvider
from intacct.transport import HttpxTransport, Timeout, Transport, TransportResponse

__all__ = ["IntacctClient", "OnlineClient"]


class _Shared:
    """State shared by a client and the entity-scoped clients derived from it."""

    def __init__(self, config: ClientConfig, transport: Transport, owns_transport: bool) -> None:
        self.transport = transport
        self.owns_transport = owns_transport
        self.in_flight = threading.BoundedSemaphore(config.max_in_flight)
        self.providers: dict[SessionKey, SessionProvider] = {}
        self.providers_lock = threading.Lock()


class IntacctClient:
    """Sends functions to Intacct.

    ``execute`` raises on any failure; ``execute_batch`` returns one :class:`Result` per function,
    in request order, and raises only for failures of the request as a whole.
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: Transport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
        _shared: _Shared | None = None,
    ) -> None:
        self.config = config
        # Clients from for_entity() borrow the pool; only the client that made it may close it.
        self._is_root = _shared is None
        if _shared is None:
            owns = transport is None
            transport = transport or HttpxTransport(
                max_connections=config.max_in_flight, max_response_bytes=config.max_response_bytes
            )
            _shared = _Shared(config, transport, owns)
        self._shared = _shared
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._clock = clock
        self._backoff = Backoff(config.backoff_initial, config.backoff_max, config.max_retry_after)

    # -- public API -------------------------------------------------------------------------------

    def for_entity(self, entity_id: str | None) -> IntacctClient:
        """A client for another entity sharing this client's connections, limits and sessions."""
        return IntacctClient(
            replace(self.config, entity_id=entity_id),
            sleep=self._sleep,
            rng=self._rng,
            clock=self._clock,
            _shared=self._shared,
        )

    @property
    def session_provider(self) -> SessionProvider:
        key: SessionKey = (self.config.company_id, self.config.user_id, self.config.entity_id or "")
        with self._shared.providers_lock:
            provider = self._shared.providers.get(key)
            if provider is None:
                provider = SessionProvider(self.config, self._exchange, clock=self._clock)
                self._shared.providers[key] = provider
            return provider

    def execute(self, function: Function, request_config: RequestConfig | None = None) -> Result:
        response = self.send([function], request_config)
        return response.results[0].raise_for_status()

    def execute_batch(
        self,
        functions: Sequence[Function],
        request_config: RequestConfig | None = None,
        *,
        transaction: bool | None = None,
        uniqueid: bool | None = None,
        control_id: str | None = None,
    ) -> list[Result]:
        """Results come back in the order of ``functions``; check ``result.ok`` on each."""
        config = request_config or RequestConfig()
        overrides: dict[str, Any] = {}
        if transaction is not None:
            overrides["transaction"] = transaction
        if uniqueid is not None:
            overrides["uniqueid"] = uniqueid
        if control_id is not None:
            overrides["control_id"] = control_id
        if overrides:
            config = replace(config, **overrides)
        return self.send(functions, config).results

    def send(self, functions: Sequence[Function], request_config: RequestConfig | None = None) -> Response:
        """One request; control and authentication failures raise, function failures do not."""
        functions = list(functions)
        if not functions:
            raise InvalidArgumentError("a request needs at least one function")
        config = request_config or RequestConfig()
        if config.policy_id:
            raise InvalidArgumentError("use execute_offline for requests with a policy id")
        if not self._uses_sessions:
            auth = self._login_auth()
            response = self._exchange(self.config.endpoint_url, auth, functions, config)
            return self._checked(response, functions)
        provider = self.session_provider
        relogged = False
        while True:
            session = provider.get()
            try:
                response = self._exchange(
                    session.endpoint_url, SessionAuth(session.session_id), functions, config
                )
            except InvalidSessionError:
                # Authentication failed, so nothing executed: logging in again and resending is safe.
                if relogged or not provider.can_login:
                    raise
                retry_logger.info("session rejected as invalid; logging in again once")
                provider.invalidate(session.session_id)
                relogged = True
                continue
            provider.touch(session.session_id, response.authentication)
            return self._checked(response, functions)

    def execute_offline(self, functions: Sequence[Function], request_config: RequestConfig) -> Response:
        """Asynchronous request (``policy_id`` required); returns the acknowledgement response."""
        if not request_config.policy_id:
            raise InvalidArgumentError("offline execution needs a policy id")
        return self._exchange(self.config.endpoint_url, self._login_auth(), list(functions), request_config)

    def iter_pages(self, function: Function) -> Iterator[Page]:
        """Pages of a ReadByQuery/ReadMore/Query, each requested exactly once."""
        return iter_pages(self, function)

    def iter_records(self, function: Function) -> Iterator[Record]:
        return iter_records(self, function)

    def iter_report_pages(
        self, function: ReadReport | ReadMore, *, poll_interval: float = 2.0, timeout: float = 300.0
    ) -> Iterator[Page]:
        """Pages of a custom report run, polling every ``poll_interval`` s while it is pending.

        Raises :class:`~intacct.errors.ReportPendingError` (with the report id) if the run is
        still pending after ``timeout`` seconds.
        """
        return iter_report_pages(
            self, function, sleep=self._sleep, clock=self._clock, poll_interval=poll_interval, timeout=timeout
        )

    def iter_report_records(
        self, function: ReadReport | ReadMore, *, poll_interval: float = 2.0, timeout: float = 300.0
    ) -> Iterator[Record]:
        return iter_report_records(
            self, function, sleep=self._sleep, clock=self._clock, poll_interval=poll_interval, timeout=timeout
        )

    def close(self) -> None:
        """Close the connection pool if this client created it (clients from ``for_entity`` never do)."""
        if self._is_root and self._shared.owns_transport:
            self._shared.transport.close()

    def __enter__(self) -> IntacctClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"IntacctClient({self.config!r})"

    # -- internals --------------------------------------------------------------------------------

    @property
    def _uses_sessions(self) -> bool:
        return self.config.use_sessions or not self.config.has_login_credentials

    def _login_auth(self) -> LoginAuth:
        config = self.config
        if not config.has_login_credentials:
            raise InvalidArgumentError("login needs user id, company id and user password")
        return LoginAuth(
            config.user_id, config.company_id, config.user_password, config.entity_id, config.client_id
        )

    def _checked(self, response: Response, functions: Sequence[Function]) -> Response:
        """Results must line up with the functions sent, or control-id mapping would be a guess."""
        expected = [function.control_id for function in functions]
        got = [result.control_id for result in response.results]
        if got == expected:
            return response
        by_id = {result.control_id: result for result in response.results}
        if len(by_id) == len(response.results) and set(by_id) == set(expected):
            return replace(response, results=[by_id[control_id] for control_id in expected])
        raise ParseError(f"response results {got} do not match the functions sent {expected}")

    def _exchange(
        self,
        url: str,
        auth: LoginAuth | SessionAuth,
        functions: Sequence[Function],
        request_config: RequestConfig,
    ) -> Response:
        body = build_request(self.config, auth, functions, request_config)
        response = self._post_with_retries(url, body, functions, request_config)
        response.raise_for_status()
        return response

    def _post_with_retries(
        self, url: str, body: bytes, functions: Sequence[Function], request_config: RequestConfig
    ) -> Response:
        max_retries = (
            self.config.max_retries if request_config.max_retries is None else request_config.max_retries
        )
        request = _Sent(
            control_id=request_config.control_id,
            function_control_ids=[function.control_id for function in functions],
            resendable=all(function.idempotent for function in functions),
        )
        secrets = self.config.secrets() + _session_ids(body)
        headers = {
            "Content-Type": "application/xml",
            "Accept-Encoding": "gzip,deflate",
            "User-Agent": self.config.user_agent,
        }
        read_timeout = request_config.read_timeout or self.config.read_timeout
        timeout = Timeout(
            connect=self.config.connect_timeout,
            read=read_timeout,
            write=self.config.write_timeout,
            pool=self.config.pool_timeout,
            # A longer per-call read timeout is an explicit request for patience; honour it.
            total=max(self.config.total_timeout, read_timeout),
        )
        retry = 0
        while True:
            if http_logger.isEnabledFor(logging.DEBUG):
                http_logger.debug(
                    "POST %s control_id=%s attempt=%d body=%s",
                    url,
                    request.control_id,
                    retry + 1,
                    body_for_log(body, secrets),
                )
            started = time.monotonic()
            answer: Response | IntacctError
            reason: str | None = None
            try:
                with self._shared.in_flight:
                    raw = self._shared.transport.post(url, body, headers, timeout)
            except ResponseTooLargeError as exc:
                answer = self._unreadable(exc, UnreadableAnswer(None, too_large=True), request)
            except TransportError as exc:
                answer = self._send_failed(exc, request)
                reason = f"transport error {exc.message}"
            else:
                elapsed_ms = (time.monotonic() - started) * 1000
                if http_logger.isEnabledFor(logging.DEBUG):
                    http_logger.debug(
                        "HTTP %d from %s in %.0f ms control_id=%s body=%s",
                        raw.status_code,
                        url,
                        elapsed_ms,
                        request.control_id,
                        body_for_log(raw.body, secrets),
                    )
                answer = self._interpret(raw, request)
            if isinstance(answer, Response):
                return answer
            if answer.retryable and retry < max_retries:
                retry_after = answer.retry_after if isinstance(answer, RateLimitError) else None
                retry = self._wait(retry, retry_after, reason or str(answer))
                continue
            raise answer

    @staticmethod
    def _send_failed(exc: TransportError, request: _Sent) -> IntacctError:
        """The transport raised: before sending, or after, when only a read may go again."""
        exc.control_id = request.control_id
        verdict = classify(SendFailed(exc.request_sent), resendable=request.resendable)
        if issubclass(verdict.error_class, UncertainOutcomeError):
            error = UncertainOutcomeError(
                f"request {request.control_id} may have executed: {exc.message}",
                function_control_ids=request.function_control_ids,
                control_id=request.control_id,
            )
            return _caused_by(verdict.stamp(error), exc)
        return verdict.stamp(exc)

    def _interpret(self, raw: TransportResponse, request: _Sent) -> Response | IntacctError:
        """A parsed response, or the error this answer stands for (retried if it is retryable)."""
        status = raw.status_code
        control_id = request.control_id
        verdict = classify(HttpStatus(status), resendable=request.resendable)
        if verdict is not None:
            error: IntacctError
            if issubclass(verdict.error_class, RateLimitError):
                parsed = self._parse_or_none(raw)
                error = RateLimitError(
                    "Intacct rate limit (HTTP 429)",
                    retry_after=parse_retry_after(raw.header("Retry-After")),
                    errors=parsed.errors if parsed is not None else [],
                    http_status=status,
                    control_id=control_id,
                )
            elif issubclass(verdict.error_class, UncertainOutcomeError):
                error = UncertainOutcomeError(
                    f"HTTP {status}: request {control_id} may have executed",
                    function_control_ids=request.function_control_ids,
                    control_id=control_id,
                    http_status=status,
                )
            else:
                described = (
                    f"HTTP {status} from Intacct"
                    if status >= 500
                    else f"unexpected HTTP {status} from Intacct"
                )
                error = TransportError(
                    described, request_sent=True, http_status=status, control_id=control_id
                )
            return verdict.stamp(error)
        try:
            response = parse_response(raw.body, max_bytes=self.config.max_response_bytes, http_status=status)
        except ParseError as exc:
            outcome = UnreadableAnswer(status, too_large=isinstance(exc, ResponseTooLargeError))
            return self._unreadable(exc, outcome, request)
        failure = response.error()
        if failure is not None and failure.retryable:
            if isinstance(failure, RateLimitError):
                failure.retry_after = parse_retry_after(raw.header("Retry-After"))
            return failure
        return response

    @staticmethod
    def _unreadable(error: ParseError, outcome: UnreadableAnswer, request: _Sent) -> IntacctError:
        """A read's unreadable answer is a ParseError; a write's may hide a commit, so it is uncertain."""
        error.control_id = request.control_id
        verdict = classify(outcome, resendable=request.resendable)
        if issubclass(verdict.error_class, UncertainOutcomeError):
            uncertain = UncertainResponseError(
                f"the response to request {request.control_id} could not be read, so it may have "
                f"executed: {error.message}",
                function_control_ids=request.function_control_ids,
                control_id=request.control_id,
                http_status=error.http_status,
            )
            return _caused_by(verdict.stamp(uncertain), error)
        if issubclass(verdict.error_class, TransportError):
            transport = TransportError(
                f"HTTP {outcome.http_status} from Intacct without an XML response",
                request_sent=True,
                http_status=outcome.http_status,
                control_id=request.control_id,
            )
            return _caused_by(verdict.stamp(transport), error)
        return verdict.stamp(error)

    def _parse_or_none(self, raw: TransportResponse) -> Response | None:
        try:
            return parse_response(
                raw.body, max_bytes=self.config.max_response_bytes, http_status=raw.status_code
            )
        except ParseError:
            return None

    def _wait(self, retry: int, retry_after: float | None, reason: str) -> int:
        delay = self._backoff.delay(retry, self._rng, retry_after)
        retry_logger.info("retry %d in %.2f s after: %s", retry + 1, delay, reason)
        self._sleep(delay)
        return retry + 1


@dataclass(frozen=True)
class _Sent:
    """What every failure of one request needs to know about it."""

    control_id: str
    function_control_ids: list[str]
    resendable: bool  # every function is idempotent, so Intacct running it twice changes nothing


def _caused_by(error: IntacctError, cause: BaseException) -> IntacctError:
    """``raise error from cause``, for an error raised later, outside the ``except`` block."""
    error.__cause__ = cause
    error.__suppress_context__ = True
    return error


def _session_ids(body: bytes) -> list[str]:
    start = body.find(b"<sessionid>")
    if start < 0:
        return []
    end = body.find(b"</sessionid>", start)
    return [body[start + len(b"<sessionid>") : end].decode("utf-8", "replace")] if end > start else []


OnlineClient = IntacctClient
