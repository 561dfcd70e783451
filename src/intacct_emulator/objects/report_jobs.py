"""Asynchronous ``readReport`` for Intacct's standard reports, paged with ``readMore``.

As documented for ``get_accountbalancesbydimensions`` (developer.intacct.com, account-balances,
"Asynchronous"): ``<readReport type="STANDARD">`` answers at once with
``<report_results><REPORTID/><STATUS>PENDING</STATUS></report_results>``; the client polls with
``<readMore><reportId>``, which answers PENDING until the report is ready and then the first page
(``<data listtype="report" count totalcount numremaining>``); reading the last page deletes the
report, so a further ``readMore`` on that id is an error. Limits: ``pagesize`` 1-1000 (default
100), ``waitTime`` 0-30, one report job per company at a time (Intacct's "one offline report job"),
a report kept 30 minutes. The emulator's report is ready after ``PENDING_POLLS`` polls, so a
client that never handles PENDING fails its tests. Custom (memorized) reports are not modelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .. import errors
from ..context import Ctx, ResultSet
from ..registry import FUNCTIONS, function
from ..serializer import Payload
from ..store import Record
from .meta import CUSTOM_REPORTS_REASON
from .reporting import balances_by_dimensions_rows, trial_balance_rows

PENDING_POLLS = 1
REPORT_TTL = dt.timedelta(minutes=30)
MAX_PAGE = 1000
STANDARD_REPORTS: dict[str, tuple[str, Callable[[Ctx, etree._Element], list[dict[str, Any]]]]] = {
    "get_accountbalancesbydimensions": ("accountbalance", balances_by_dimensions_rows),
    "get_trialbalance": ("trialbalance", trial_balance_rows),
}


@dataclass
class ReportJob(ResultSet):
    """A finished standard report waiting to be paged; kept with readByQuery's result sets."""

    company: str = ""
    report: str = ""
    polls_left: int = PENDING_POLLS

    @property
    def pending(self) -> bool:
        return self.polls_left > 0


def _report_error(detail: str, correction: str = "") -> errors.FunctionFailure:
    return errors.FunctionFailure(
        errors.ErrorDetail("EMU-REPORT", description2=detail, correction=correction)
    )


def _jobs(ctx: Ctx) -> list[tuple[str, ReportJob]]:
    now = ctx.emu.clock.now()
    for key in [k for k, v in ctx.emu.results.items() if isinstance(v, ReportJob) and v.expires < now]:
        del ctx.emu.results[key]
    return [
        (k, v) for k, v in ctx.emu.results.items() if isinstance(v, ReportJob) and v.company == ctx.company
    ]


def _number(el: etree._Element, name: str, default: int, low: int, high: int) -> int:
    text = (el.findtext(name) or "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise errors.data_error(f"{name} must be a whole number, not '{text}'") from None
    if not low <= value <= high:
        raise errors.data_error(f"{name} must be between {low} and {high}, not {value}")
    return value


def _status(report_id: str, status: str) -> Payload:
    return Payload(items=[("report_results", {"REPORTID": report_id, "STATUS": status})])


@function("readReport", "READ_REPORT")
def read_report(ctx: Ctx, el: etree._Element) -> Payload:
    name = (el.findtext("report") or "").strip()
    kind = (el.get("type") or "").strip().upper()
    if kind != "STANDARD" or el.get("returnDef", "false").strip().lower() == "true":
        # custom (memorized) reports and their definitions: the SDKs' ReadReport shapes
        raise errors.not_modelled("readReport", CUSTOM_REPORTS_REASON)
    if name not in STANDARD_REPORTS:
        raise _report_error(
            f"Report '{name}' is not memorized in this company.",
            'Run a standard report with type="STANDARD": ' + ", ".join(STANDARD_REPORTS) + ".",
        )
    pagesize = _number(el, "pagesize", 100, 1, MAX_PAGE)
    _number(el, "waitTime", 0, 0, 30)
    arguments = el.find("arguments")
    inner = arguments.find(name) if arguments is not None else None
    if inner is None:
        raise errors.missing_field(f"arguments/{name}", "report")
    busy = [k for k, job in _jobs(ctx) if job.pending]
    if busy:
        raise _report_error(
            "Another report is still running for this company; only one report job runs at a time.",
            f"Poll report {busy[0]} with readMore until it is done, then start the next one.",
        )
    element, run = STANDARD_REPORTS[name]
    rows: list[Record] = run(ctx, inner)  # argument errors surface now, like Intacct's validation
    report_id = ctx.emu.token(48)
    ctx.emu.results[report_id] = ReportJob(
        ctx.sessionid,
        name,
        element,
        rows,
        0,
        pagesize,
        ctx.emu.clock.now() + REPORT_TTL,
        company=ctx.company,
        report=name,
    )
    return _status(report_id, "PENDING")


_read_more = FUNCTIONS["readMore"].handler


@function("readMore", "READ_MORE")
def read_more(ctx: Ctx, el: etree._Element) -> Payload | None:
    report_id = (el.findtext("reportId") or "").strip()
    if not report_id:
        return _read_more(ctx, el)
    job = dict(_jobs(ctx)).get(report_id)
    if job is None:
        raise _report_error(
            f"Report id '{report_id}' is unknown, expired, or its last page was already read (which deletes it).",
            "Send the readReport request again to get a new report id.",
        )
    if job.pending:
        job.polls_left -= 1
        return _status(report_id, "PENDING")
    chunk = job.rows[job.offset : job.offset + job.pagesize]
    job.offset += len(chunk)
    remaining = len(job.rows) - job.offset
    if remaining <= 0:
        del ctx.emu.results[report_id]
    return Payload(
        attrs=[
            ("listtype", "report"),
            ("count", str(len(chunk))),
            ("totalcount", str(len(job.rows))),
            ("numremaining", str(max(remaining, 0))),
        ],
        items=[(job.listtype, r) for r in chunk],
    )
