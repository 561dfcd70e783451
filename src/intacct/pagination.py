"""Iterators over paged reads that request every page exactly once.

Each :class:`Page` carries the cursor for the next page (``result_id`` or ``next_offset``), so a
caller can checkpoint between pages and resume later by paging ``ReadMore(result_id)`` or
``query.with_offset(next_offset)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from intacct._function import Function
from intacct.errors import InvalidArgumentError, ParseError
from intacct.functions.generic import ReadByQuery, ReadMore
from intacct.query import Query
from intacct.response import Record, Result

__all__ = ["Executor", "Page", "iter_pages", "iter_records"]


class Executor(Protocol):
    """Anything that runs one function and returns its result or raises: an
    :class:`~intacct.client.IntacctClient`, or a test double. Paging needs nothing more, so it
    does not depend on the client (the client depends on paging)."""

    def execute(self, function: Function) -> Result: ...


@dataclass(frozen=True)
class Page:
    records: list[Record]
    total_count: int | None
    num_remaining: int
    result_id: str | None = None
    next_offset: int | None = None

    @property
    def is_last(self) -> bool:
        return self.num_remaining <= 0


def _page(result: Result, next_offset: int | None) -> Page:
    remaining = result.num_remaining if result.num_remaining is not None else 0
    return Page(result.data, result.total_count, remaining, result.result_id, next_offset)


def iter_pages(client: Executor, function: Function) -> Iterator[Page]:
    if isinstance(function, Query):
        yield from _query_pages(client, function)
    elif isinstance(function, ReadByQuery | ReadMore):
        yield from _read_more_pages(client, function)
    else:
        raise InvalidArgumentError(f"{type(function).__name__} is not a paged function")


def iter_records(client: Executor, function: Function) -> Iterator[Record]:
    for page in iter_pages(client, function):
        yield from page.records


def _read_more_pages(client: Executor, function: ReadByQuery | ReadMore) -> Iterator[Page]:
    result = client.execute(function)
    while True:
        page = _page(result, None)
        yield page
        if page.is_last:
            return
        if not page.result_id:
            raise ParseError(f"{result.function} reports {page.num_remaining} remaining but no resultId")
        result = client.execute(ReadMore(page.result_id))


def _query_pages(client: Executor, query: Query) -> Iterator[Page]:
    offset = query.offset or 0
    function = query
    while True:
        result = client.execute(function)
        count = result.count if result.count is not None else len(result.data)
        next_offset = offset + count
        page = _page(result, next_offset)
        yield page
        if page.is_last or count == 0:
            return
        offset = next_offset
        function = query.with_offset(offset)
