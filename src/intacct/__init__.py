"""A typed, hardened client for the Sage Intacct XML Web Services API.

Everything a caller needs is importable from here; functions live in :mod:`intacct.functions`,
query building in :mod:`intacct.query` and the exception hierarchy in :mod:`intacct.errors`.
"""

from intacct._function import Function, deterministic_control_id
from intacct._xml import Fields
from intacct.batching import split_into_requests
from intacct.client import IntacctClient, OnlineClient
from intacct.config import DEFAULT_ENDPOINT_URL, ClientConfig, RequestConfig
from intacct.errors import (
    AuthenticationError,
    ControlError,
    CredentialsRejectedError,
    DuplicateControlIdError,
    ErrorDetail,
    IntacctError,
    InvalidArgumentError,
    InvalidSessionError,
    ParseError,
    RateLimitError,
    ReportPendingError,
    ResultError,
    SenderNotAuthorizedError,
    TransportError,
    UncertainOutcomeError,
    UncertainResponseError,
)
from intacct.pagination import Page, iter_pages, iter_records
from intacct.response import Authentication, Control, Record, Response, Result, as_list, parse_response
from intacct.session import Session, SessionProvider
from intacct.transport import HttpxTransport, Timeout, Transport, TransportResponse

__all__ = [
    "DEFAULT_ENDPOINT_URL",
    "Authentication",
    "AuthenticationError",
    "ClientConfig",
    "Control",
    "ControlError",
    "CredentialsRejectedError",
    "DuplicateControlIdError",
    "ErrorDetail",
    "Fields",
    "Function",
    "HttpxTransport",
    "IntacctClient",
    "IntacctError",
    "InvalidArgumentError",
    "InvalidSessionError",
    "OnlineClient",
    "Page",
    "ParseError",
    "RateLimitError",
    "Record",
    "ReportPendingError",
    "RequestConfig",
    "Response",
    "Result",
    "ResultError",
    "SenderNotAuthorizedError",
    "Session",
    "SessionProvider",
    "Timeout",
    "Transport",
    "TransportError",
    "TransportResponse",
    "UncertainOutcomeError",
    "UncertainResponseError",
    "as_list",
    "deterministic_control_id",
    "iter_pages",
    "iter_records",
    "parse_response",
    "split_into_requests",
]
