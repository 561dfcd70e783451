"""Hardened parsing of Intacct responses into plain, typed Python objects.

The parser never resolves entities, never loads a DTD, never touches the network and refuses any
document with a DOCTYPE, so XXE and entity-expansion bombs fail fast with :class:`ParseError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from lxml import etree

from intacct._safe_xml import DEFAULT_MAX_BYTES, parse_document
from intacct._shapes import Record, RecordValue
from intacct.errors import (
    ErrorDetail,
    IntacctError,
    ParseError,
    RateLimitError,
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
    data_attributes: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "success"

    @property
    def aborted(self) -> bool:
        return self.status == "aborted"

    @property
    def report_results(self) -> Record | None:
        """The run-status answer Intacct documents for an asynchronous report, or ``None``.

        ``<data><report_results><REPORTID>…</REPORTID><STATUS>PENDING</STATUS></report_results></data>``
        answers ``readReport`` and each ``readMore`` poll until the run is done; the pages that
        follow are ``<data listtype="report" …>`` with the rows.
        """
        if self.list_type == "report" or len(self.data) != 1:
            return None
        record = self.data[0]
        return record if "REPORTID" in record and "STATUS" in record else None

    @property
    def report_id(self) -> str | None:
        """``readReport``/``readMore`` of a report: the id to page the run with."""
        status = self.report_results
        if status is not None:
            return str(status["REPORTID"] or "").strip() or None
        return self.data_attributes.get("reportId") or None

    @property
    def report_status(self) -> str | None:
        """``readReport``/``readMore`` of a report: ``PENDING`` while it runs, then ``DONE``."""
        record = self.report_results
        status = str(record["STATUS"] or "") if record is not None else self.data_attributes.get("status")
        return status.strip().upper() if status else None

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


_T = TypeVar("_T")


def _trusted(cls: type[_T], fields: dict[str, object]) -> _T:
    """A frozen result object filled straight from parser output, every field given.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``; for the four
    objects of a small response that was a sixth of the whole parse. These classes have no
    ``__post_init__``; ``test_parser_builds_complete_objects`` checks every field is set.
    """
    instance = object.__new__(cls)
    instance.__dict__.update(fields)
    return instance


def _index(element: etree._Element) -> dict[str, etree._Element]:
    """Each child element by tag, first occurrence wins (what ``find`` would return).

    One pass over the children instead of a ``find()`` per element: lxml's ``find`` goes through
    its path engine on every call, which made the walk cost several times the parse itself.
    """
    children: dict[str, etree._Element] = {}
    for child in element:
        tag = child.tag
        if tag.__class__ is str and tag not in children:
            children[tag] = child
    return children


def _texts(element: etree._Element) -> dict[str, str]:
    """Each child's stripped text by tag, first occurrence wins (what ``findtext`` would give)."""
    texts: dict[str, str] = {}
    for child in element:
        tag = child.tag
        if tag.__class__ is str and tag not in texts:
            texts[tag] = (child.text or "").strip()
    return texts


def _text(element: etree._Element | None) -> str | None:
    return None if element is None else (element.text or "").strip()


def _required(texts: dict[str, str], tag: str, where: str) -> str:
    value = texts.get(tag)
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


def element_to_value(element: etree._Element) -> RecordValue:
    """An element as a record value: text for a leaf, else a dict (repeated tags become lists).

    One pass over the children (each ``.tag`` read once); a leaf child without attributes, the
    usual record field, is read inline instead of through a recursive call.
    """
    attributes = element.items()
    value: dict[str, RecordValue] | None = None
    for child in element:
        tag = child.tag
        if tag.__class__ is not str:
            continue
        if value is None:
            value = {"@" + str(name): str(text) for name, text in attributes}
        converted = child.text or "" if not len(child) and not child.keys() else element_to_value(child)
        existing = value.get(tag)
        if existing is None:
            value[tag] = converted
        elif existing.__class__ is list:
            existing.append(converted)
        else:
            value[tag] = [existing, converted]
    if value is None:
        if not attributes:
            return element.text or ""
        value = {"@" + str(name): str(text) for name, text in attributes}
        if element.text:
            value["#text"] = element.text
    return value


def _errors(parent: etree._Element | None) -> list[ErrorDetail]:
    if parent is None:
        return []
    errors: list[ErrorDetail] = []
    for error in parent:
        if error.tag != "error":
            continue
        texts = _texts(error)
        errors.append(
            ErrorDetail(
                errorno=texts.get("errorno") or "",
                description=texts.get("description") or "",
                description2=texts.get("description2") or "",
                correction=texts.get("correction") or "",
            )
        )
    return errors


def _result(element: etree._Element) -> Result:
    texts: dict[str, str] = {}
    data_element = errors_element = legacy_list = None
    for child in element:
        tag = child.tag
        if tag.__class__ is not str or tag in texts:
            continue
        texts[tag] = (child.text or "").strip()
        if tag == "data":
            data_element = child
        elif tag == "errormessage":
            errors_element = child
        elif tag == "listtype":
            legacy_list = child
    records: list[Record] = []
    attrs: dict[str, str] = {}
    count = total = remaining = offset = None
    if data_element is not None:
        attrs = dict(data_element.items())  # type: ignore[arg-type]  # str pairs on Python 3
        for child in data_element:
            if child.tag.__class__ is str:
                converted = element_to_value(child)
                records.append(converted if converted.__class__ is dict else {"#text": converted})
        if attrs:
            count, total, remaining, offset = _counts(attrs)
    list_type = attrs.get("listtype")
    if list_type is None and legacy_list is not None:
        list_type = texts["listtype"]
    if legacy_list is not None and total is None:
        total = _int(legacy_list.get("total"), "total")
    status = texts.get("status")
    function = texts.get("function")
    control_id = texts.get("controlid")
    if status is None or function is None or control_id is None:
        missing = next(tag for tag in ("status", "function", "controlid") if tag not in texts)
        raise ParseError(f"Result block is missing its <{missing}> element")
    return _trusted(
        Result,
        {
            "status": status,
            "function": function,
            "control_id": control_id,
            "data": records,
            "errors": [] if errors_element is None else _errors(errors_element),
            "list_type": list_type,
            "count": count,
            "total_count": total,
            "num_remaining": remaining,
            "result_id": attrs.get("resultId") or None,
            "offset": offset,
            "key": texts.get("key"),
            "data_attributes": attrs,
        },
    )


def _counts(attrs: dict[str, str]) -> tuple[int | None, int | None, int | None, int | None]:
    """count, totalcount, numremaining and offset of a ``<data>`` element, when present."""
    count, total, remaining, offset = values = (
        attrs.get("count"),
        attrs.get("totalcount"),
        attrs.get("numremaining"),
        attrs.get("offset"),
    )
    try:
        return (
            int(count) if count else None,
            int(total) if total else None,
            int(remaining) if remaining else None,
            int(offset) if offset else None,
        )
    except ValueError:
        for name, value in zip(("count", "totalcount", "numremaining", "offset"), values, strict=True):
            _int(value, name)  # raises, naming the attribute
        raise


def _response(
    control: Control,
    *,
    authentication: Authentication | None = None,
    results: list[Result] | None = None,
    errors: list[ErrorDetail],
    acknowledgement: str | None = None,
    http_status: int,
) -> Response:
    return _trusted(
        Response,
        {
            "control": control,
            "authentication": authentication,
            "results": [] if results is None else results,
            "errors": errors,
            "acknowledgement": acknowledgement,
            "http_status": http_status,
        },
    )


def parse_response(body: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, http_status: int = 200) -> Response:
    root = parse_document(body, max_bytes)
    if root.tag != "response":
        raise ParseError(f"expected a <response> document, got <{root.tag}>")
    top = _index(root)
    control_element = top.get("control")
    if control_element is None:
        raise ParseError("Response is missing control block")
    texts = _texts(control_element)
    control = _trusted(
        Control,
        {
            "status": _required(texts, "status", "Control"),
            "sender_id": texts.get("senderid") or "",
            "control_id": texts.get("controlid") or "",
            "uniqueid": texts.get("uniqueid") or "",
            "dtd_version": texts.get("dtdversion") or "",
        },
    )
    acknowledgement_element = top.get("acknowledgement")
    if acknowledgement_element is not None:
        return _response(
            control,
            acknowledgement=_required(_texts(acknowledgement_element), "status", "Acknowledgement"),
            errors=_errors(top.get("errormessage")),
            http_status=http_status,
        )
    if control.status != "success":
        return _response(control, errors=_errors(top.get("errormessage")), http_status=http_status)
    operation = top.get("operation")
    if operation is None:
        raise ParseError("Response is missing operation block")
    result_elements: list[etree._Element] = []
    blocks: dict[str, etree._Element] = {}
    for child in operation:
        tag = child.tag
        if tag == "result":
            result_elements.append(child)
        elif tag.__class__ is str and tag not in blocks:
            blocks[tag] = child
    auth_element = blocks.get("authentication")
    if auth_element is None:
        raise ParseError("Authentication block is missing from operation element")
    texts = _texts(auth_element)
    authentication = _trusted(
        Authentication,
        {
            "status": _required(texts, "status", "Authentication"),
            "user_id": texts.get("userid") or "",
            "company_id": texts.get("companyid") or "",
            "location_id": texts.get("locationid"),
            "client_id": texts.get("clientid"),
            "session_timestamp": _datetime(texts.get("sessiontimestamp")),
            "session_timeout": _datetime(texts.get("sessiontimeout")),
        },
    )
    results = [_result(element) for element in result_elements]
    if authentication.status == "success" and not results:
        raise ParseError("Result block is missing from operation element")
    return _response(
        control,
        authentication=authentication,
        results=results,
        errors=_errors(blocks.get("errormessage")),
        http_status=http_status,
    )
