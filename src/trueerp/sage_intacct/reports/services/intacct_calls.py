"""The Intacct reads a report run makes, built on the client's generic function mechanism.

The ``intacct`` client's typed ``GetTrialBalance`` does not take a reporting book, every dimension
filter or ``groupby`` yet (that is the client branch's task), so the balance functions are written
here as small ``Function`` subclasses; asynchronous ``readReport`` is driven with the client's
``ReadMore(report_id=…)``. Every call goes through ``IntacctClient.execute``, so retries, rate
limits and session renewal are the client's.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from intacct import IntacctClient
from intacct._xml import XmlWriter
from intacct.functions import Function, ReadMore
from intacct.query import Filter, Query

Record = dict[str, Any]
REPORT_PAGE_SIZE = 1000  # Intacct's maximum for readReport pages
QUERY_PAGE_SIZE = 2000  # Intacct's maximum for query pages


class Balances(Function):
    """``get_trialbalance`` or ``get_accountbalancesbydimensions`` with any documented option."""

    legacy_dates = True

    def __init__(
        self,
        element: str,
        start: dt.date,
        end: dt.date,
        *,
        options: Sequence[tuple[str, str]] = (),
        user_defined: Sequence[tuple[str, str]] = (),
        control_id: str | None = None,
    ) -> None:
        super().__init__(control_id=control_id)
        if element not in ("get_trialbalance", "get_accountbalancesbydimensions"):
            raise ValueError(element)
        self.element = element  # type: ignore[misc]
        self.start, self.end = start, end
        self.options = [(k, v) for k, v in options if v != ""]
        self.user_defined = list(user_defined)

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        self.write_arguments(writer)
        writer.end(self.element)

    def write_arguments(self, writer: XmlWriter) -> None:
        writer.element("startdate", self.start)
        writer.element("enddate", self.end)
        for name, value in self.options:
            writer.element(name, value)
        if self.user_defined:
            writer.start("userDefinedDimensions")
            for object_name, record_id in self.user_defined:
                writer.element("userDefinedDimension", {"objectName": object_name, "recordId": record_id})
            writer.end("userDefinedDimensions")


class StandardReport(Function):
    """The asynchronous form: ``<readReport type="STANDARD">`` around a balance function."""

    element = "readReport"
    legacy_dates = True

    def __init__(
        self, inner: Balances, *, page_size: int = REPORT_PAGE_SIZE, control_id: str | None = None
    ) -> None:
        super().__init__(control_id=control_id)
        self.inner = inner
        self.page_size = page_size

    def write_body(self, writer: XmlWriter) -> None:
        writer.start("readReport", {"type": "STANDARD", "returnDef": "false"})
        writer.text_element("report", self.inner.element)
        writer.start("arguments")
        writer.start(self.inner.element)
        self.inner.write_arguments(writer)
        writer.end(self.inner.element)
        writer.end("arguments")
        writer.text_element("pagesize", str(self.page_size))
        writer.end("readReport")


class ReportNotReady(Exception):
    """The asynchronous report stayed PENDING longer than we are willing to wait."""


def run_balances(
    client: IntacctClient, fn: Balances, *, asynchronous: bool, max_wait_s: float = 900.0
) -> list[Record]:
    """All rows of a balance function, synchronously or through readReport/readMore pages."""
    if not asynchronous:
        return list(client.execute(fn).data)
    started = client.execute(StandardReport(fn))
    status = started.data[0] if started.data else {}
    report_id = str(status.get("REPORTID") or "")
    rows: list[Record] = []
    deadline = time.monotonic() + max_wait_s
    delay = 0.05
    while True:
        page = client.execute(ReadMore(report_id=report_id))
        first = page.data[0] if page.data else {}
        if page.list_type != "report" and first.get("STATUS") == "PENDING":
            if time.monotonic() > deadline:
                raise ReportNotReady(
                    f"Intacct's report {report_id} was still pending after {max_wait_s:.0f} s"
                )
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
            continue
        rows.extend(page.data)
        if not page.num_remaining:
            return rows


def query_all(
    client: IntacctClient, object_name: str, select: Sequence[Any], where: Filter | None, *, order: Any = ()
) -> Iterator[Record]:
    """Every row of a ``query``, paged by offset at Intacct's 2,000-row maximum."""
    offset = 0
    while True:
        q = Query(object_name, select, filter=where, order_by=order, page_size=QUERY_PAGE_SIZE, offset=offset)
        result = client.execute(q)
        yield from result.data
        offset += len(result.data)
        if not result.num_remaining or not result.data:
            return


Progress = Callable[[str, int, int], None]
