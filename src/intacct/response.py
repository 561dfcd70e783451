"""Hardened parsing of Intacct responses into plain, typed Python objects.

The parser never resolves entities, never loads a DTD, never touches the network and refuses any
document with a DOCTYPE, so XXE and entity-expansion bombs fail fast with :class:`ParseError`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from intacct._shapes import Record, RecordValue
from intacct.errors import (
    ErrorDetail,
    IntacctError,
    ParseError,
    RateLimitError,
    ResponseTooLargeError,
    ResultError,
)
from intacct.outcomes import (
    DUPLICATE_CONTROL_ID_ERRORNOS,
    AuthenticationFailure,
    ControlFailure,
    FunctionFailure,
    classify,
    is_duplicate_control_id,
)

__all__ = [
    "DUPLICATE_CONTROL_ID_ERRORNOS",
    "Authentication",
    "Control",
    "Record",
    "RecordValue",
    "Response",
    "Result",
    "as_list",
    "is_duplicate_control_id",
    "parse_response",
]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def as_list(value: RecordValue | None) -> list[RecordValue]:
    """A repeated element appears as a list only when it occurs twice; this evens that out."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Control:
    status: str
    sender_id: str = ""
    control_id: str = ""
    uniqueid: str = ""
    dtd_version: str = ""


@dataclass(frozen=True)
class Authentication:
    status: str
    user_id: str = ""
    company_id: str = ""
    location_id: str | None = None
    client_id: str | None = None
    session_timestamp: datetime | None = None
    session_timeout: datetime | None = None


@dataclass(frozen=True)
class Result:
    status: str
    function: str
    control_id: str
    data: list[Record] = field(default_factory=list)
    errors: list[ErrorDetail] = field(default_factory=list)
    list_type: str | None = None
    count: int | None = None
    total_count: int | None = None
    num_remaining: int | None = None
    result_id: str | None = None
    offset: int | None = None
    key: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "success"

    @property
    def aborted(self) -> bool:
        return self.status == "aborted"

    @property
    def is_duplicate_control_id(self) -> bool:
        return not self.ok and is_duplicate_control_id(self.errors)

    def error(self) -> ResultError | None:
        """The exception this result stands for, or ``None`` on success."""
        if self.ok:
            return None
        message = f"Result status: {self.status} for control id {self.control_id} ({self.function})"
        verdict = classify(FunctionFailure(self.errors))
        return verdict.stamp(verdict.error_class(message, result=self))

    def raise_for_status(self) -> Result:
        error = self.error()
        if error is not None:
            raise error
        return self


@dataclass(frozen=True)
class Response:
    control: Control
    authentication: Authentication | None = None
    results: list[Result] = field(default_factory=list)
    errors: list[ErrorDetail] = field(default_factory=list)
    acknowledgement: str | None = None
    http_status: int = 200

    @property
    def ok(self) -> bool:
        return self.error() is None

    def error(self) -> IntacctError | None:
        """The control- or authentication-level exception, if the request failed as a whole."""
        control_id = self.control.control_id or None
        if self.control.status != "success":
            verdict = classify(ControlFailure(self.errors))
            message = (
                "Rate limited (GW-0010)"
                if issubclass(verdict.error_class, RateLimitError)
                else "Response control status failure -"
            )
            error = verdict.error_class(
                message, errors=self.errors, control_id=control_id, http_status=self.http_status
            )
            return verdict.stamp(error)
        if self.authentication is not None and self.authentication.status != "success":
            verdict = classify(AuthenticationFailure(self.errors))
            error = verdict.error_class(
                "Response authentication status failure -", errors=self.errors, control_id=control_id
            )
            return verdict.stamp(error)
        return None

    def raise_for_status(self) -> Response:
        error = self.error()
        if error is not None:
            raise error
        return self


class _Parsers(threading.local):
    """lxml parser objects must not be shared between threads."""

    def __init__(self) -> None:
        self.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )


_PARSERS = _Parsers()


# XML 1.0 Appendix F: how a document in a 16- or 32-bit encoding starts. The byte pattern above
# cannot see "<!DOCTYPE" there, so such bodies are decoded before the same check.
_WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_DOCTYPE_TEXT = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _wide_text(body: bytes) -> str:
    for prefix, encoding in _WIDE_ENCODINGS:
        if body.startswith(prefix):
            return body.decode(encoding, "replace")
    return ""


def _parse_document(body: bytes, max_bytes: int) -> etree._Element:
    if len(body) > max_bytes:
        raise ResponseTooLargeError(f"response of {len(body)} bytes exceeds the {max_bytes}-byte limit")
    if not body.strip():
        raise ParseError("response body is empty")
    if _DOCTYPE.search(body) or _DOCTYPE_TEXT.search(_wide_text(body)):
        raise ParseError("response contains a DOCTYPE or entity declaration; refusing to parse it")
    try:
        root = etree.fromstring(body, _PARSERS.parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"response is not well-formed XML: {exc}") from None
    except ValueError as exc:  # e.g. unsupported encoding declarations
        raise ParseError(f"response could not be decoded: {exc}") from None
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
        raise ParseError("response contains a DOCTYPE; refusing to parse it")
    return root


def _text(parent: etree._Element, tag: str) -> str | None:
    child = parent.find(tag)
    if child is None:
        return None
    return (child.text or "").strip()


def _required(parent: etree._Element, tag: str, where: str) -> str:
    value = _text(parent, tag)
    if value is None:
        raise ParseError(f"{where} block is missing its <{tag}> element")
    return value


def _int(value: str | None, what: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise ParseError(f"{what} is not an integer: {value!r}") from None


def _datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ParseError(f"not an ISO-8601 timestamp: {value!r}") from None


def _str(value: str | bytes) -> str:
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def _attributes(element: etree._Element) -> dict[str, str]:
    return {_str(name): _str(text) for name, text in element.attrib.items()}


def element_to_value(element: etree._Element) -> RecordValue:
    children = [child for child in element if isinstance(child.tag, str)]
    if not children and not element.attrib:
        return element.text or ""
    value: dict[str, RecordValue] = {f"@{name}": text for name, text in _attributes(element).items()}
    for child in children:
        tag = str(child.tag)
        converted = element_to_value(child)
        existing = value.get(tag)
        if existing is None:
            value[tag] = converted
        elif isinstance(existing, list):
            existing.append(converted)
        else:
            value[tag] = [existing, converted]
    if not children and element.text:
        value["#text"] = element.text
    return value


def _errors(parent: etree._Element | None) -> list[ErrorDetail]:
    if parent is None:
        return []
    return [
        ErrorDetail(
            errorno=_text(error, "errorno") or "",
            description=_text(error, "description") or "",
            description2=_text(error, "description2") or "",
            correction=_text(error, "correction") or "",
        )
        for error in parent.iterfind("error")
    ]


def _child_text(children: dict[str, etree._Element], tag: str) -> str | None:
    child = children.get(tag)
    return None if child is None else (child.text or "").strip()


def _required_child(children: dict[str, etree._Element], tag: str) -> str:
    value = _child_text(children, tag)
    if value is None:
        raise ParseError(f"Result block is missing its <{tag}> element")
    return value


def _result(element: etree._Element) -> Result:
    # One pass over the result's children instead of a find() per element: parsing a large
    # batch response is dominated by this Python walk, not by lxml.
    children: dict[str, etree._Element] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in children:
            children[tag] = child
    records: list[Record] = []
    attrs: dict[str, str] = {}
    data_element = children.get("data")
    if data_element is not None:
        attrs = _attributes(data_element)
        for child in data_element:
            if not isinstance(child.tag, str):
                continue
            converted = element_to_value(child)
            records.append(converted if isinstance(converted, dict) else {"#text": converted})
    legacy_list = children.get("listtype")
    list_type = attrs.get("listtype")
    if list_type is None and legacy_list is not None:
        list_type = (legacy_list.text or "").strip()
    count = _int(attrs.get("count"), "count")
    total = _int(attrs.get("totalcount"), "totalcount")
    if legacy_list is not None and total is None:
        total = _int(_attributes(legacy_list).get("total"), "total")
    return Result(
        status=_required_child(children, "status"),
        function=_required_child(children, "function"),
        control_id=_required_child(children, "controlid"),
        data=records,
        errors=_errors(children.get("errormessage")),
        list_type=list_type,
        count=count,
        total_count=total,
        num_remaining=_int(attrs.get("numremaining"), "numremaining"),
        result_id=attrs.get("resultId") or None,
        offset=_int(attrs.get("offset"), "offset"),
        key=_child_text(children, "key"),
    )


def parse_response(body: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, http_status: int = 200) -> Response:
    root = _parse_document(body, max_bytes)
    if root.tag != "response":
        raise ParseError(f"expected a <response> document, got <{root.tag}>")
    control_element = root.find("control")
    if control_element is None:
        raise ParseError("Response is missing control block")
    control = Control(
        status=_required(control_element, "status", "Control"),
        sender_id=_text(control_element, "senderid") or "",
        control_id=_text(control_element, "controlid") or "",
        uniqueid=_text(control_element, "uniqueid") or "",
        dtd_version=_text(control_element, "dtdversion") or "",
    )
    acknowledgement_element = root.find("acknowledgement")
    if acknowledgement_element is not None:
        return Response(
            control=control,
            acknowledgement=_required(acknowledgement_element, "status", "Acknowledgement"),
            errors=_errors(root.find("errormessage")),
            http_status=http_status,
        )
    if control.status != "success":
        return Response(control=control, errors=_errors(root.find("errormessage")), http_status=http_status)
    operation = root.find("operation")
    if operation is None:
        raise ParseError("Response is missing operation block")
    auth_element = operation.find("authentication")
    if auth_element is None:
        raise ParseError("Authentication block is missing from operation element")
    authentication = Authentication(
        status=_required(auth_element, "status", "Authentication"),
        user_id=_text(auth_element, "userid") or "",
        company_id=_text(auth_element, "companyid") or "",
        location_id=_text(auth_element, "locationid"),
        client_id=_text(auth_element, "clientid"),
        session_timestamp=_datetime(_text(auth_element, "sessiontimestamp")),
        session_timeout=_datetime(_text(auth_element, "sessiontimeout")),
    )
    results = [_result(element) for element in operation.iterfind("result")]
    if authentication.status == "success" and not results:
        raise ParseError("Result block is missing from operation element")
    return Response(
        control=control,
        authentication=authentication,
        results=results,
        errors=_errors(operation.find("errormessage")),
        http_status=http_status,
    )
