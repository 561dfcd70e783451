"""Generic (API 3.0) object functions: create, update, delete and the read family."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from intacct._function import Function, check_object_name
from intacct._xml import Fields, Record, XmlWriter, check_name
from intacct.errors import InvalidArgumentError
from intacct.query import Filter

__all__ = [
    "ApiSessionCreate",
    "Create",
    "Delete",
    "GetDimensions",
    "Inspect",
    "Lookup",
    "Read",
    "ReadByName",
    "ReadByQuery",
    "ReadMore",
    "ReadReport",
    "Update",
]

MAX_READ_KEYS = 100
_RETURN_FORMATS = frozenset({"xml", "json", "csv"})


def _records(records: Record | Sequence[Record]) -> list[Record]:
    if records.__class__ is dict:  # the common case, without the slower ABC checks below
        return [records]
    items: list[Record] = [records] if isinstance(records, Mapping | Fields) else list(records)
    if not items:
        raise InvalidArgumentError("at least one record is required")
    for item in items:
        if not isinstance(item, Mapping | Fields):
            raise InvalidArgumentError(f"a record must be a mapping or Fields, got {type(item).__name__}")
    return items


def _keys(keys: Sequence[str | int] | str | int) -> str:
    items = [keys] if isinstance(keys, str | int) else list(keys)
    text = [str(key) for key in items]
    if len(text) > MAX_READ_KEYS:
        raise InvalidArgumentError(f"at most {MAX_READ_KEYS} keys per call, got {len(text)}")
    for key in text:
        if not key or "," in key:
            raise InvalidArgumentError(f"invalid key {key!r}")
    return ",".join(text)


def _fields(fields: Sequence[str] | str) -> str:
    items = [fields] if isinstance(fields, str) else list(fields)
    if not items:
        return "*"
    for name in items:
        if name != "*":
            check_name(name)
    return ",".join(items)


def _return_format(value: str) -> str:
    if value not in _RETURN_FORMATS:
        raise InvalidArgumentError(f"return format must be one of {sorted(_RETURN_FORMATS)}")
    return value


class ApiSessionCreate(Function):
    """getAPISession; ``entity_id=""`` asks for a top-level session from an entity session."""

    element = "getAPISession"

    def __init__(self, entity_id: str | None = None, *, control_id: str | None = None) -> None:
        super().__init__(control_id=control_id)
        self.entity_id = entity_id

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        if self.entity_id is not None:
            writer.text_element("locationid", self.entity_id)
        writer.end(self.element)


class _RecordsFunction(Function):
    writes = True
    idempotent = False

    def __init__(
        self, object_name: str, records: Record | Sequence[Record], *, control_id: str | None = None
    ) -> None:
        super().__init__(control_id=control_id)
        self.object_name = check_name(check_object_name(object_name))
        self.records = _records(records)

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        for record in self.records:
            writer.start(self.object_name)
            writer.fields(record)
            writer.end(self.object_name)
        writer.end(self.element)


class Create(_RecordsFunction):
    """Generic create of one or more records of one object type in a single function."""

    element = "create"


class Update(_RecordsFunction):
    """Generic update; each record must carry RECORDNO or the object's ID field."""

    element = "update"


class Delete(Function):
    element = "delete"
    writes = True
    idempotent = False

    def __init__(
        self, object_name: str, keys: Sequence[str | int] | str | int, *, control_id: str | None = None
    ) -> None:
        super().__init__(control_id=control_id)
        self.object_name = check_object_name(object_name)
        self.keys = _keys(keys)
        if not self.keys:
            raise InvalidArgumentError("delete needs at least one key")

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        writer.text_element("object", self.object_name)
        writer.text_element("keys", self.keys)
        writer.end(self.element)


class Read(Function):
    """read by RECORDNO (at most 100 keys)."""

    element = "read"

    def __init__(
        self,
        object_name: str,
        keys: Sequence[str | int] | str | int = (),
        *,
        fields: Sequence[str] | str = "*",
        return_format: str = "xml",
        docparid: str | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(control_id=control_id)
        self.object_name = check_object_name(object_name)
        self.keys = _keys(keys)
        self.fields = _fields(fields)
        self.return_format = _return_format(return_format)
        self.docparid = docparid

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        writer.text_element("object", self.object_name)
        writer.text_element("keys", self.keys)
        writer.text_element("fields", self.fields)
        writer.text_element("returnFormat", self.return_format)
        if self.docparid is not None:
            writer.text_element("docparid", self.docparid)
        writer.end(self.element)


class ReadByName(Read):
    """read by the object's name/ID field (at most 100 keys)."""

    element = "readByName"


class ReadByQuery(Function):
    """Legacy query; page with :class:`ReadMore` using the returned ``resultId``."""

    element = "readByQuery"
    MAX_PAGE_SIZE = 2000

    def __init__(
        self,
        object_name: str,
        query: str | Filter | None = None,
        *,
        fields: Sequence[str] | str = "*",
        page_size: int = 1000,
        return_format: str = "xml",
        docparid: str | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(control_id=control_id)
        self.object_name = check_object_name(object_name)
        self.query = query.to_legacy_query() if isinstance(query, Filter) else (query or "")
        self.fields = _fields(fields)
        if not 1 <= page_size <= self.MAX_PAGE_SIZE:
            raise InvalidArgumentError(f"page size must be 1-{self.MAX_PAGE_SIZE}")
        self.page_size = page_size
        self.return_format = _return_format(return_format)
        self.docparid = docparid

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        writer.text_element("object", self.object_name)
        writer.text_element("query", self.query)
        writer.text_element("fields", self.fields)
        writer.text_element("pagesize", str(self.page_size))
        writer.text_element("returnFormat", self.return_format)
        if self.docparid is not None:
            writer.text_element("docparid", self.docparid)
        writer.end(self.element)


class ReadMore(Function):
    """Next page of a readByQuery (``result_id``), an object's last query, or a report run.

    Not idempotent: Intacct advances the cursor on every call, so a lost answer loses a page.
    """

    element = "readMore"
    idempotent = False

    def __init__(
        self,
        result_id: str | None = None,
        *,
        object_name: str | None = None,
        report_id: str | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(control_id=control_id)
        given = [value for value in (result_id, object_name, report_id) if value]
        if len(given) != 1:
            raise InvalidArgumentError("readMore needs exactly one of result_id, object_name, report_id")
        self.result_id = result_id
        self.object_name = object_name
        self.report_id = report_id

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        if self.result_id:
            writer.text_element("resultId", self.result_id)
        elif self.object_name:
            writer.text_element("object", self.object_name)
        elif self.report_id:
            writer.text_element("reportId", self.report_id)
        writer.end(self.element)


class Inspect(Function):
    element = "inspect"

    def __init__(
        self, object_name: str = "*", *, detail: bool = False, control_id: str | None = None
    ) -> None:
        super().__init__(control_id=control_id)
        self.object_name = check_object_name(object_name)
        self.detail = detail

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element, {"detail": "1"} if self.detail else None)
        writer.text_element("object", self.object_name)
        writer.end(self.element)


class Lookup(Function):
    element = "lookup"

    def __init__(
        self, object_name: str, *, docparid: str | None = None, control_id: str | None = None
    ) -> None:
        super().__init__(control_id=control_id)
        self.object_name = check_object_name(object_name)
        self.docparid = docparid

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        writer.text_element("object", self.object_name)
        if self.docparid is not None:
            writer.text_element("docparid", self.docparid)
        writer.end(self.element)


class GetDimensions(Function):
    element = "getDimensions"

    def write_body(self, writer: XmlWriter) -> None:
        writer.empty(self.element)


class ReadReport(Function):
    """Run a custom report; page the run with ``ReadMore(report_id=…)``."""

    element = "readReport"

    def __init__(
        self,
        report_name: str,
        *,
        arguments: Record | None = None,
        wait_time: int | None = None,
        page_size: int | None = None,
        return_format: str | None = None,
        list_separator: str | None = None,
        return_definition: bool = False,
        interactive: bool = False,
        control_id: str | None = None,
    ) -> None:
        super().__init__(control_id=control_id)
        self.report_name = check_object_name(report_name)
        if wait_time is not None and not 0 <= wait_time <= 30:
            raise InvalidArgumentError("wait time must be 0-30 seconds")
        if page_size is not None and not 1 <= page_size <= 1000:
            raise InvalidArgumentError("report page size must be 1-1000")
        self.arguments = arguments
        self.wait_time = wait_time
        self.page_size = page_size
        self.return_format = None if return_format is None else _return_format(return_format)
        self.list_separator = list_separator
        self.return_definition = return_definition
        self.interactive = interactive

    def write_body(self, writer: XmlWriter) -> None:
        attributes: dict[str, str] = {}
        if self.interactive:
            attributes["type"] = "interactive"
        if self.return_definition:
            attributes["returnDef"] = "true"
        writer.start(self.element, attributes)
        writer.text_element("report", self.report_name)
        if self.arguments is not None:
            writer.element("arguments", self.arguments)
        if self.wait_time is not None:
            writer.text_element("waitTime", str(self.wait_time))
        if self.page_size is not None:
            writer.text_element("pagesize", str(self.page_size))
        if self.return_format is not None:
            writer.text_element("returnFormat", self.return_format)
        if self.list_separator is not None:
            writer.text_element("listSeparator", self.list_separator)
        writer.end(self.element)
