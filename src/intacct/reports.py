"""Running a custom report (``readReport``) to completion and paging its results.

``readReport`` starts a run; Intacct answers with a report id and, while the run is not finished,
a ``PENDING`` status. ``readMore`` with that ``<reportId>`` polls until the status is ``DONE`` and
then returns the pages, ``numremaining`` counting down to 0, like ``readByQuery``'s pages.

Intacct documents a run's status answer as ``<data><report_results><REPORTID/><STATUS/>
</report_results></data>`` and the pages as ``<data listtype="report" …>`` with the rows. This
module reads that, still accepts ``reportId``/``status`` attributes of ``<data>`` (the shape it
read before), and treats a page without a status as finished; see the package README.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from intacct.errors import InvalidArgumentError, ParseError, ReportPendingError
from intacct.functions.generic import ReadMore, ReadReport
from intacct.outcomes import ReportStillRunning, classify
from intacct.pagination import Executor, Page
from intacct.response import Record, Result

__all__ = ["DONE", "PENDING", "iter_report_pages", "iter_report_records"]

PENDING = "PENDING"
DONE = "DONE"


def iter_report_pages(
    executor: Executor,
    function: ReadReport | ReadMore,
    *,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
    poll_interval: float = 2.0,
    timeout: float = 300.0,
) -> Iterator[Page]:
    """Pages of a report run, each requested once, waiting while the run is ``PENDING``.

    ``function`` starts a run (``ReadReport``) or continues one (``ReadMore(report_id=…)``),
    so a run whose wait ran out (:class:`ReportPendingError`) can be picked up later by id.
    Each page's ``result_id`` is the report id.
    """
    if isinstance(function, ReadReport) and function.return_definition:
        raise InvalidArgumentError("a ReadReport with return_definition=True returns a definition, not pages")
    if isinstance(function, ReadMore) and not function.report_id:
        raise InvalidArgumentError("page a report with ReadMore(report_id=...)")
    if poll_interval < 0 or timeout < 0:
        raise InvalidArgumentError("poll_interval and timeout must not be negative")
    deadline = clock() + timeout
    report_id = function.report_id if isinstance(function, ReadMore) else None
    result = executor.execute(function)
    while True:
        report_id = result.report_id or report_id
        status = result.report_status
        if status == PENDING:
            if not report_id:
                raise ParseError(f"{result.function} answered {PENDING} without a reportId")
            if clock() >= deadline:
                error = ReportPendingError(
                    f"report {report_id} was still {PENDING} after {timeout:g} s; page it later with "
                    f"ReadMore(report_id={report_id!r})",
                    report_id=report_id,
                    control_id=result.control_id,
                )
                raise classify(ReportStillRunning()).stamp(error)
            sleep(poll_interval)
            result = executor.execute(ReadMore(report_id=report_id))
            continue
        if status not in (None, DONE):
            raise ParseError(
                f"report {report_id or '(no id)'} answered status {status!r}; expected {PENDING} or {DONE}"
            )
        if result.report_results is not None:  # a finished run's status answer holds no rows yet
            if not report_id:
                raise ParseError(f"{result.function} answered {status} without a reportId")
            result = executor.execute(ReadMore(report_id=report_id))
            continue
        page = _page(result, report_id)
        yield page
        if page.is_last:
            return
        if not report_id:
            raise ParseError(f"{result.function} reports {page.num_remaining} remaining but no reportId")
        result = executor.execute(ReadMore(report_id=report_id))


def iter_report_records(
    executor: Executor,
    function: ReadReport | ReadMore,
    *,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
    poll_interval: float = 2.0,
    timeout: float = 300.0,
) -> Iterator[Record]:
    for page in iter_report_pages(
        executor, function, sleep=sleep, clock=clock, poll_interval=poll_interval, timeout=timeout
    ):
        yield from page.records


def _page(result: Result, report_id: str | None) -> Page:
    remaining = result.num_remaining if result.num_remaining is not None else 0
    return Page(result.data, result.total_count, remaining, report_id)
