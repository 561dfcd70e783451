"""Query building: a filter tree usable both by ``query`` (as XML) and ``readByQuery`` (as text).

Values are never spliced into a query without escaping: XML filters go through the XML writer,
legacy query strings quote and backslash-escape every string.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from intacct._function import Function, check_object_name
from intacct._xml import XmlWriter, format_date, format_datetime, format_decimal, format_scalar
from intacct.errors import InvalidArgumentError

__all__ = [
    "AGGREGATES",
    "Comparison",
    "Filter",
    "Logical",
    "Order",
    "Query",
    "QueryBuilder",
    "QueryValue",
    "and_",
    "between",
    "equal_to",
    "greater_than",
    "greater_than_or_equal_to",
    "in_",
    "is_not_null",
    "is_null",
    "less_than",
    "less_than_or_equal_to",
    "like",
    "not_equal_to",
    "not_in",
    "not_like",
    "or_",
    "quote_legacy_value",
]

QueryValue = str | int | Decimal | float | bool | date | datetime
AGGREGATES = frozenset({"count", "sum", "avg", "min", "max"})
_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")

_LEGACY_OPERATORS = {
    "equalto": "=",
    "notequalto": "!=",
    "lessthan": "<",
    "lessthanorequalto": "<=",
    "greaterthan": ">",
    "greaterthanorequalto": ">=",
    "like": "like",
    "notlike": "not like",
    "in": "in",
    "notin": "not in",
    "isnull": "IS NULL",
    "isnotnull": "IS NOT NULL",
}


def check_field(name: str) -> str:
    if not isinstance(name, str) or not _FIELD.match(name):
        raise InvalidArgumentError(f"{name!r} is not a valid field name")
    return name


def quote_legacy_value(value: QueryValue) -> str:
    """Render a value for a readByQuery string: strings quoted with backslash escapes."""
    if isinstance(value, bool):
        return "'true'" if value else "'false'"
    if isinstance(value, int | Decimal | float):
        return format_decimal(value)
    if isinstance(value, datetime):
        return f"'{format_datetime(value)}'"
    if isinstance(value, date):
        return f"'{format_date(value)}'"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        return f"'{escaped}'"
    raise InvalidArgumentError(f"cannot use a {type(value).__name__} in a query")


class Filter(ABC):
    @abstractmethod
    def write(self, writer: XmlWriter) -> None: ...

    @abstractmethod
    def to_legacy_query(self) -> str: ...

    def __and__(self, other: Filter) -> Filter:
        return and_(self, other)

    def __or__(self, other: Filter) -> Filter:
        return or_(self, other)


@dataclass(frozen=True)
class Comparison(Filter):
    operator: str
    field: str
    values: tuple[QueryValue, ...] = ()

    def __post_init__(self) -> None:
        check_field(self.field)
        if self.operator not in _LEGACY_OPERATORS and self.operator != "between":
            raise InvalidArgumentError(f"unknown filter operator {self.operator!r}")
        expected = {"isnull": 0, "isnotnull": 0, "between": 2}.get(self.operator)
        if expected is not None and len(self.values) != expected:
            raise InvalidArgumentError(f"{self.operator} takes {expected} values")
        if self.operator in ("in", "notin") and not self.values:
            raise InvalidArgumentError(f"{self.operator} needs at least one value")
        if expected is None and self.operator not in ("in", "notin") and len(self.values) != 1:
            raise InvalidArgumentError(f"{self.operator} takes exactly one value")
        for value in self.values:
            format_scalar(value)

    def write(self, writer: XmlWriter) -> None:
        writer.start(self.operator)
        writer.text_element("field", self.field)
        for value in self.values:
            writer.text_element("value", format_scalar(value))
        writer.end(self.operator)

    def to_legacy_query(self) -> str:
        if self.operator == "between":
            low, high = (quote_legacy_value(value) for value in self.values)
            return f"({self.field} >= {low} AND {self.field} <= {high})"
        operator = _LEGACY_OPERATORS[self.operator]
        if self.operator in ("isnull", "isnotnull"):
            return f"{self.field} {operator}"
        if self.operator in ("in", "notin"):
            joined = ",".join(quote_legacy_value(value) for value in self.values)
            return f"{self.field} {operator} ({joined})"
        return f"{self.field} {operator} {quote_legacy_value(self.values[0])}"


@dataclass(frozen=True)
class Logical(Filter):
    operator: Literal["and", "or"]
    children: tuple[Filter, ...]

    def __post_init__(self) -> None:
        if len(self.children) < 2:
            raise InvalidArgumentError(f"{self.operator} needs at least two filters")

    def write(self, writer: XmlWriter) -> None:
        writer.start(self.operator)
        for child in self.children:
            child.write(writer)
        writer.end(self.operator)

    def to_legacy_query(self) -> str:
        joiner = f" {self.operator.upper()} "
        return "(" + joiner.join(child.to_legacy_query() for child in self.children) + ")"


def _logical(operator: Literal["and", "or"], filters: Sequence[Filter]) -> Filter:
    if not filters:
        raise InvalidArgumentError(f"{operator}_ needs at least one filter")
    if len(filters) == 1:
        return filters[0]
    return Logical(operator, tuple(filters))


def and_(*filters: Filter) -> Filter:
    return _logical("and", filters)


def or_(*filters: Filter) -> Filter:
    return _logical("or", filters)


def equal_to(field: str, value: QueryValue) -> Filter:
    return Comparison("equalto", field, (value,))


def not_equal_to(field: str, value: QueryValue) -> Filter:
    return Comparison("notequalto", field, (value,))


def less_than(field: str, value: QueryValue) -> Filter:
    return Comparison("lessthan", field, (value,))


def less_than_or_equal_to(field: str, value: QueryValue) -> Filter:
    return Comparison("lessthanorequalto", field, (value,))


def greater_than(field: str, value: QueryValue) -> Filter:
    return Comparison("greaterthan", field, (value,))


def greater_than_or_equal_to(field: str, value: QueryValue) -> Filter:
    return Comparison("greaterthanorequalto", field, (value,))


def between(field: str, low: QueryValue, high: QueryValue) -> Filter:
    return Comparison("between", field, (low, high))


def in_(field: str, values: Sequence[QueryValue]) -> Filter:
    return Comparison("in", field, tuple(values))


def not_in(field: str, values: Sequence[QueryValue]) -> Filter:
    return Comparison("notin", field, tuple(values))


def like(field: str, pattern: str) -> Filter:
    return Comparison("like", field, (pattern,))


def not_like(field: str, pattern: str) -> Filter:
    return Comparison("notlike", field, (pattern,))


def is_null(field: str) -> Filter:
    return Comparison("isnull", field)


def is_not_null(field: str) -> Filter:
    return Comparison("isnotnull", field)


@dataclass(frozen=True)
class Order:
    field: str
    descending: bool = False

    def __post_init__(self) -> None:
        check_field(self.field)


SelectItem = str | tuple[str, str]


class Query(Function):
    """The ``query`` function; ``select`` items are field names or ``(aggregate, field)`` pairs."""

    element = "query"
    MAX_PAGE_SIZE = 2000

    def __init__(
        self,
        object_name: str,
        select: Sequence[SelectItem],
        *,
        filter: Filter | None = None,
        order_by: Sequence[Order] = (),
        case_insensitive: bool | None = None,
        show_private: bool | None = None,
        return_format: str | None = None,
        page_size: int | None = None,
        offset: int | None = None,
        docparid: str | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(control_id=control_id)
        self.object_name = check_object_name(object_name)
        if not select:
            raise InvalidArgumentError("query needs at least one selected field")
        self.select: tuple[SelectItem, ...] = tuple(select)
        for item in self.select:
            if isinstance(item, tuple):
                aggregate, field = item
                if aggregate not in AGGREGATES:
                    raise InvalidArgumentError(f"unknown aggregate {aggregate!r}")
                check_field(field)
            else:
                check_field(item)
        self.filter = filter
        self.order_by = tuple(order_by)
        self.case_insensitive = case_insensitive
        self.show_private = show_private
        if return_format is not None and return_format not in ("xml", "json", "csv"):
            raise InvalidArgumentError("return format must be xml, json or csv")
        self.return_format = return_format
        if page_size is not None and not 1 <= page_size <= self.MAX_PAGE_SIZE:
            raise InvalidArgumentError(f"page size must be 1-{self.MAX_PAGE_SIZE}")
        if offset is not None and offset < 0:
            raise InvalidArgumentError("offset must not be negative")
        self.page_size = page_size
        self.offset = offset
        self.docparid = docparid

    def with_offset(self, offset: int, *, control_id: str | None = None) -> Query:
        """The same query at another offset (a fresh control id unless given): for paging."""
        return Query(
            self.object_name,
            self.select,
            filter=self.filter,
            order_by=self.order_by,
            case_insensitive=self.case_insensitive,
            show_private=self.show_private,
            return_format=self.return_format,
            page_size=self.page_size,
            offset=offset,
            docparid=self.docparid,
            control_id=control_id,
        )

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        writer.start("select")
        for item in self.select:
            if isinstance(item, tuple):
                writer.text_element(item[0], item[1])
            else:
                writer.text_element("field", item)
        writer.end("select")
        writer.text_element("object", self.object_name)
        if self.docparid is not None:
            writer.text_element("docparid", self.docparid)
        if self.filter is not None:
            writer.start("filter")
            self.filter.write(writer)
            writer.end("filter")
        if self.order_by:
            writer.start("orderby")
            for order in self.order_by:
                writer.start("order")
                writer.text_element("field", order.field)
                writer.empty("descending" if order.descending else "ascending")
                writer.end("order")
            writer.end("orderby")
        options = [
            ("caseinsensitive", self.case_insensitive),
            ("showprivate", self.show_private),
            ("returnformat", self.return_format),
        ]
        if any(value is not None for _, value in options):
            writer.start("options")
            for name, value in options:
                writer.element(name, value)
            writer.end("options")
        if self.page_size is not None:
            writer.text_element("pagesize", str(self.page_size))
        if self.offset is not None:
            writer.text_element("offset", str(self.offset))
        writer.end(self.element)


class QueryBuilder:
    """Fluent construction of :class:`Query`; each call returns the builder."""

    def __init__(self, object_name: str) -> None:
        self._object_name = check_object_name(object_name)
        self._select: list[SelectItem] = []
        self._filters: list[Filter] = []
        self._order: list[Order] = []
        self._case_insensitive: bool | None = None
        self._show_private: bool | None = None
        self._return_format: str | None = None
        self._page_size: int | None = None
        self._offset: int | None = None
        self._docparid: str | None = None

    def select(self, *fields: str) -> QueryBuilder:
        self._select.extend(check_field(field) for field in fields)
        return self

    def aggregate(self, function: str, field: str) -> QueryBuilder:
        if function not in AGGREGATES:
            raise InvalidArgumentError(f"unknown aggregate {function!r}")
        self._select.append((function, check_field(field)))
        return self

    def count(self, field: str) -> QueryBuilder:
        return self.aggregate("count", field)

    def sum(self, field: str) -> QueryBuilder:
        return self.aggregate("sum", field)

    def avg(self, field: str) -> QueryBuilder:
        return self.aggregate("avg", field)

    def min(self, field: str) -> QueryBuilder:
        return self.aggregate("min", field)

    def max(self, field: str) -> QueryBuilder:
        return self.aggregate("max", field)

    def where(self, *filters: Filter) -> QueryBuilder:
        """Filters given across calls are combined with AND."""
        self._filters.extend(filters)
        return self

    def order_by(self, field: str, *, descending: bool = False) -> QueryBuilder:
        self._order.append(Order(field, descending))
        return self

    def case_insensitive(self, value: bool = True) -> QueryBuilder:
        self._case_insensitive = value
        return self

    def show_private(self, value: bool = True) -> QueryBuilder:
        self._show_private = value
        return self

    def return_format(self, value: str) -> QueryBuilder:
        self._return_format = value
        return self

    def page_size(self, value: int) -> QueryBuilder:
        self._page_size = value
        return self

    def offset(self, value: int) -> QueryBuilder:
        self._offset = value
        return self

    def docparid(self, value: str) -> QueryBuilder:
        self._docparid = value
        return self

    def build(self, *, control_id: str | None = None) -> Query:
        return Query(
            self._object_name,
            self._select,
            filter=and_(*self._filters) if self._filters else None,
            order_by=self._order,
            case_insensitive=self._case_insensitive,
            show_private=self._show_private,
            return_format=self._return_format,
            page_size=self._page_size,
            offset=self._offset,
            docparid=self._docparid,
            control_id=control_id,
        )
