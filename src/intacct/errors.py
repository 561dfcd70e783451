"""One exception hierarchy for everything that can go wrong talking to Intacct.

Callers branch on the class (or on ``retryable``) instead of parsing messages. Every error keeps
Intacct's own fields so that support tickets can quote them verbatim.
"""

from __future__ import annotations

from collections.abc import Sequence

from intacct._shapes import ErrorDetail, FunctionResult

__all__ = [
    "AuthenticationError",
    "ControlError",
    "CredentialsRejectedError",
    "DuplicateControlIdError",
    "EndpointError",
    "ErrorDetail",
    "IntacctError",
    "InvalidArgumentError",
    "InvalidSessionError",
    "ParseError",
    "RateLimitError",
    "ReportPendingError",
    "ResponseTooLargeError",
    "ResultError",
    "SenderNotAuthorizedError",
    "TransportError",
    "UncertainOutcomeError",
    "UncertainResponseError",
]


def format_errors(errors: Sequence[ErrorDetail]) -> str:
    """Same joining rule as the official SDKs so messages look familiar in Intacct support threads."""
    return " - ".join(str(error) for error in errors)


class IntacctError(Exception):
    """Base class.

    ``retryable``: sending the same request again may succeed (and cannot run a write twice).
    ``may_have_committed``: Intacct may have executed a write (or moved a cursor) of this
    request, so look before sending it again. :func:`intacct.outcomes.classify` sets both.
    """

    retryable: bool = False
    may_have_committed: bool = False

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[ErrorDetail] = (),
        control_id: str | None = None,
        http_status: int | None = None,
        retryable: bool | None = None,
        may_have_committed: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[ErrorDetail] = list(errors)
        self.control_id = control_id
        self.http_status = http_status
        if retryable is not None:
            self.retryable = retryable
        if may_have_committed is not None:
            self.may_have_committed = may_have_committed

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses take required keyword-only arguments, which Exception's default pickling
        # cannot pass; rebuild from the message and restore every attribute instead, so errors
        # survive multiprocessing pools and task queues.
        return (_rebuild, (type(self), self.message), self.__dict__)

    @property
    def support_ids(self) -> list[str]:
        return [sid for sid in (error.support_id for error in self.errors) if sid]

    def __str__(self) -> str:
        parts = [self.message]
        if self.errors:
            parts.append(format_errors(self.errors))
        if self.control_id:
            parts.append(f"(control id {self.control_id})")
        if self.http_status is not None:
            parts.append(f"(HTTP {self.http_status})")
        return " ".join(parts)


def _rebuild(cls: type[IntacctError], message: str) -> IntacctError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    return error


class InvalidArgumentError(IntacctError, ValueError):
    """Raised while building a request, so nothing was sent."""


class EndpointError(InvalidArgumentError):
    """The endpoint is not an Intacct host and the caller did not opt in to a custom one."""


class ControlError(IntacctError):
    """The gateway rejected the whole request (sender, XML, policy); nothing executed."""


class AuthenticationError(IntacctError):
    """The operation's authentication failed; no function executed."""

    kind: str = "other"


class InvalidSessionError(AuthenticationError):
    """The session id expired or is unknown; logging in again fixes it."""

    kind = "invalid_session"


class CredentialsRejectedError(AuthenticationError):
    """User id, company id or user password is wrong; retrying cannot help."""

    kind = "credentials"


class SenderNotAuthorizedError(AuthenticationError):
    """The Web Services sender is not authorised for the company; an admin must grant it."""

    kind = "sender_not_authorized"


class ResultError(IntacctError):
    """One function failed (or was rolled back); other functions may have succeeded.

    ``result`` is the function's :class:`intacct.response.Result`.
    """

    def __init__(self, message: str, *, result: FunctionResult, errors: Sequence[ErrorDetail] = ()) -> None:
        super().__init__(message, errors=errors or result.errors, control_id=result.control_id)
        self.result = result

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def function(self) -> str:
        return self.result.function


class DuplicateControlIdError(ResultError):
    """Intacct refused a function whose control id already executed under ``uniqueid=true``.

    This usually means an earlier attempt of the same write committed; reconcile, do not resend.
    """

    may_have_committed = True


class TransportError(IntacctError):
    """HTTP-level failure; ``request_sent`` tells whether the server may have seen the request."""

    def __init__(
        self,
        message: str,
        *,
        request_sent: bool,
        http_status: int | None = None,
        retryable: bool | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(message, http_status=http_status, retryable=retryable, control_id=control_id)
        self.request_sent = request_sent


class RateLimitError(IntacctError):
    """GW-0010 / HTTP 429 after the retry budget ran out."""

    retryable = True

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        errors: Sequence[ErrorDetail] = (),
        http_status: int | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(message, errors=errors, http_status=http_status, control_id=control_id)
        self.retry_after = retry_after


class ReportPendingError(IntacctError):
    """A report run was still ``PENDING`` when the wait ran out; nothing is lost.

    Page it later with ``client.iter_report_pages(ReadMore(report_id=error.report_id))``.
    """

    retryable = True

    def __init__(self, message: str, *, report_id: str, control_id: str | None = None) -> None:
        super().__init__(message, control_id=control_id)
        self.report_id = report_id


class UncertainOutcomeError(IntacctError):
    """The request may or may not have executed (HTTP 524, read timeout, connection dropped).

    Writes are never re-sent automatically in this state: the caller must look the records up
    (or re-send with ``uniqueid=true`` and the same function control ids) before trying again.
    """

    may_have_committed = True

    def __init__(
        self,
        message: str,
        *,
        function_control_ids: Sequence[str],
        control_id: str | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message, control_id=control_id, http_status=http_status)
        self.function_control_ids: list[str] = list(function_control_ids)

    def __str__(self) -> str:
        return f"{super().__str__()} functions: {', '.join(self.function_control_ids)}"


class ParseError(IntacctError):
    """The response was not a well-formed, safe Intacct response document."""


class ResponseTooLargeError(ParseError):
    """The body exceeded the configured byte limit, so it was not parsed."""


class UncertainResponseError(UncertainOutcomeError, ParseError):
    """A write got an answer that could not be read (malformed, truncated or too large).

    Intacct may have committed it, so it is an :class:`UncertainOutcomeError` (reconcile before
    re-sending); it is also a :class:`ParseError`, which is what reads get in the same situation.
    """
