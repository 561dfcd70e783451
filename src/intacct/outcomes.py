"""The one place that decides what a failure means: which error, retry or not, committed or not.

Every failure the client can observe is described as an *outcome*: the transport raised before
or after the request left (:class:`SendFailed`), the gateway answered with an HTTP status
(:class:`HttpStatus`), an answer could not be read (:class:`UnreadableAnswer`), or Intacct
refused the request, the login or one function (:class:`ControlFailure`,
:class:`AuthenticationFailure`, :class:`FunctionFailure`, by error number and text).
:func:`classify` maps an outcome to a :class:`Verdict`: the error class to raise, whether sending
the same request again may succeed (``retryable``) and whether Intacct may have executed part of
it (``may_have_committed``). The retry loop, ``execute``, ``execute_batch``, ``Result.error()``,
``Response.error()`` and the HTTP transport all ask this function, so the table below is the
whole policy:

================================================  ==================================  =====  =========
outcome                                           error class                         retry  committed
================================================  ==================================  =====  =========
transport failed before sending                   ``TransportError``                  yes    no
transport failed after sending, request resendable ``TransportError``                 yes    no
transport failed after sending, otherwise         ``UncertainOutcomeError``           no     maybe
HTTP 200, or 4xx other than 429                   (none: read the body)
HTTP 429                                          ``RateLimitError``                  yes    no
HTTP 502, 503 (the backend never saw it)          ``TransportError``                  yes    no
other HTTP 5xx, request resendable                ``TransportError``                  yes    no
other HTTP 5xx, otherwise                         ``UncertainOutcomeError``           no     maybe
any other HTTP status (1xx, 2xx, 3xx)             ``TransportError``                  no     no
unreadable 4xx/5xx body                           ``TransportError``                  no     no
unreadable 200 body or body cut off, resendable   ``ParseError`` / ``ResponseTooLarge``  no  no
unreadable 200 body or body cut off, otherwise    ``UncertainResponseError``          no     maybe
control failure GW-0010                           ``RateLimitError``                  yes    no
other control failure                             ``ControlError``                    no     no
authentication failure                            ``AuthenticationError`` subclass    no     no
function refused as a repeated control id         ``DuplicateControlIdError``         no     yes
function failed "temporarily off-line"/rate limit ``ResultError``                     yes    no
other function failure (or abort)                 ``ResultError``                     no     no
report run still pending when the wait ran out    ``ReportPendingError``              yes    no
================================================  ==================================  =====  =========

"Resendable" means every function of the request is idempotent (reads); a write, or a
``readMore`` whose cursor moves, is never re-sent after Intacct may have seen it. Callers that do
not know (a transport, a single result) get the answer for the worst case, a write.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar, overload

from intacct._shapes import ErrorDetail
from intacct.errors import (
    AuthenticationError,
    ControlError,
    CredentialsRejectedError,
    DuplicateControlIdError,
    IntacctError,
    InvalidSessionError,
    ParseError,
    RateLimitError,
    ReportPendingError,
    ResponseTooLargeError,
    ResultError,
    SenderNotAuthorizedError,
    TransportError,
    UncertainOutcomeError,
    UncertainResponseError,
)

__all__ = [
    "DUPLICATE_CONTROL_ID_ERRORNOS",
    "NOTHING_RAN_STATUSES",
    "RATE_LIMIT_ERRORNOS",
    "AuthenticationFailure",
    "ControlFailure",
    "FunctionFailure",
    "HttpStatus",
    "Outcome",
    "ReportStillRunning",
    "SendFailed",
    "UnreadableAnswer",
    "Verdict",
    "classify",
    "is_duplicate_control_id",
    "transport_error",
]

RATE_LIMIT_ERRORNOS = frozenset({"GW-0010"})
# Intacct does not document the refusal of a repeated function control id under uniqueid=true;
# the emulator's number is listed here and the description pattern below catches wording variants.
DUPLICATE_CONTROL_ID_ERRORNOS = frozenset({"EMU-UNIQUEID"})
# Gateway answers for a backend that never received the request: resending cannot duplicate.
NOTHING_RAN_STATUSES = frozenset({502, 503})

_DUPLICATE_TEXT = re.compile(
    r"control\s*id.*\b(already|previously|duplicate|repeated)\b"
    r"|\b(already|previously|duplicate|repeated)\b.*control\s*id",
    re.IGNORECASE | re.DOTALL,
)
# Function errors Intacct uses for a passing condition (maintenance window, throttling).
_TRANSIENT_TEXT = re.compile(r"temporarily off-?line|rate limit exceeded", re.IGNORECASE)


@dataclass(frozen=True)
class SendFailed:
    """The transport raised; ``request_sent`` says whether any of the request may have left."""

    request_sent: bool


@dataclass(frozen=True)
class HttpStatus:
    """The HTTP status of an answer, judged before its body is read."""

    status: int


@dataclass(frozen=True)
class UnreadableAnswer:
    """An answer that is no readable Intacct response: malformed, truncated, hostile or too large.

    ``http_status`` is ``None`` when the transport cut the body off while reading it.
    """

    http_status: int | None
    too_large: bool = False


@dataclass(frozen=True)
class ControlFailure:
    """``control/status`` is not success: the gateway refused the whole request."""

    errors: Sequence[ErrorDetail] = ()


@dataclass(frozen=True)
class AuthenticationFailure:
    """``authentication/status`` is not success: the login or session was refused."""

    errors: Sequence[ErrorDetail] = ()


@dataclass(frozen=True)
class FunctionFailure:
    """One function's ``result/status`` is ``failure`` or ``aborted``."""

    errors: Sequence[ErrorDetail] = ()


@dataclass(frozen=True)
class ReportStillRunning:
    """A ``readReport`` run still answered ``PENDING`` when the caller's wait ran out."""


Outcome: TypeAlias = (
    SendFailed
    | HttpStatus
    | UnreadableAnswer
    | ControlFailure
    | AuthenticationFailure
    | FunctionFailure
    | ReportStillRunning
)

E = TypeVar("E", bound=IntacctError, covariant=True)
Stamped = TypeVar("Stamped", bound=IntacctError)


@dataclass(frozen=True)
class Verdict(Generic[E]):
    """The error class an outcome stands for, and the two flags every caller acts on."""

    error_class: type[E]
    retryable: bool
    may_have_committed: bool

    def stamp(self, error: Stamped) -> Stamped:
        """Put this verdict's flags on an error built (or received) for the outcome."""
        error.retryable = self.retryable
        error.may_have_committed = self.may_have_committed
        return error


def is_duplicate_control_id(errors: Sequence[ErrorDetail]) -> bool:
    return any(
        error.errorno in DUPLICATE_CONTROL_ID_ERRORNOS or _DUPLICATE_TEXT.search(error.text)
        for error in errors
    )


def _authentication_class(errors: Sequence[ErrorDetail]) -> type[AuthenticationError]:
    text = " ".join(f"{error.errorno} {error.text}" for error in errors).lower()
    if "invalid session" in text or ("session" in text and "expired" in text):
        return InvalidSessionError
    if "web services authorization" in text or ("sender" in text and "not authorized" in text):
        return SenderNotAuthorizedError
    if "sign-in information is incorrect" in text or "password" in text or "login" in text:
        return CredentialsRejectedError
    return AuthenticationError


def _verdict(error_class: type[E], *, retryable: bool = False, committed: bool = False) -> Verdict[E]:
    return Verdict(error_class, retryable, committed)


@overload
def classify(outcome: FunctionFailure, *, resendable: bool = False) -> Verdict[ResultError]: ...


@overload
def classify(outcome: HttpStatus, *, resendable: bool = False) -> Verdict[IntacctError] | None: ...


@overload
def classify(outcome: ReportStillRunning, *, resendable: bool = False) -> Verdict[ReportPendingError]: ...


@overload
def classify(
    outcome: SendFailed | UnreadableAnswer | ControlFailure | AuthenticationFailure,
    *,
    resendable: bool = False,
) -> Verdict[IntacctError]: ...


def classify(
    outcome: Outcome, *, resendable: bool = False
) -> Verdict[IntacctError] | Verdict[ResultError] | Verdict[ReportPendingError] | None:
    """The verdict for ``outcome``; ``None`` only for an HTTP status whose body decides.

    ``resendable``: every function of the request is idempotent, so Intacct executing it twice
    changes nothing. The default is the worst case, a write.
    """
    if isinstance(outcome, SendFailed):
        if not outcome.request_sent or resendable:
            return _verdict(TransportError, retryable=True)
        return _verdict(UncertainOutcomeError, committed=True)
    if isinstance(outcome, HttpStatus):
        status = outcome.status
        if status == 200 or (400 <= status < 500 and status != 429):
            return None  # like the SDKs: an XML body on a 4xx is a normal Intacct response
        if status == 429:
            return _verdict(RateLimitError, retryable=True)
        if status in NOTHING_RAN_STATUSES or (status >= 500 and resendable):
            return _verdict(TransportError, retryable=True)
        if status >= 500:
            # 500/504/524: the gateway may have run the request before failing or timing out.
            return _verdict(UncertainOutcomeError, committed=True)
        return _verdict(TransportError)
    if isinstance(outcome, UnreadableAnswer):
        if outcome.http_status is not None and outcome.http_status != 200:
            return _verdict(TransportError)
        if resendable:
            return _verdict(ResponseTooLargeError if outcome.too_large else ParseError)
        return _verdict(UncertainResponseError, committed=True)
    if isinstance(outcome, ControlFailure):
        if any(detail.errorno in RATE_LIMIT_ERRORNOS for detail in outcome.errors):
            return _verdict(RateLimitError, retryable=True)
        return _verdict(ControlError)
    if isinstance(outcome, AuthenticationFailure):
        return _verdict(_authentication_class(outcome.errors))
    if isinstance(outcome, ReportStillRunning):
        return _verdict(ReportPendingError, retryable=True)
    if is_duplicate_control_id(outcome.errors):
        # An earlier attempt of this very function executed: it is in Intacct already.
        return _verdict(DuplicateControlIdError, committed=True)
    transient = any(_TRANSIENT_TEXT.search(detail.text) for detail in outcome.errors)
    return _verdict(ResultError, retryable=transient)


def transport_error(message: str, *, request_sent: bool, http_status: int | None = None) -> TransportError:
    """The error a transport raises, flagged for the worst case (a write).

    A transport cannot know whether the request is safe to repeat; the client classifies the
    failure again with the request in hand before it retries or raises.
    """
    error = TransportError(message, request_sent=request_sent, http_status=http_status)
    return classify(SendFailed(request_sent)).stamp(error)
