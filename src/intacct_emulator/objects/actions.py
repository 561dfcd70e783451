"""Workflow functions on existing records: approve/decline (timesheets, purchasing documents) and
hold/resume (contract lines).

``<approve><TIMESHEET>`` approves Submitted entries (all, or those in ENTRYKEYS) and posts the
labour cost of the approved hours (QTY × EXTCOSTRATE) to the labour account against accrued
labour; ``<approve><PODOCUMENT>`` releases a Submitted purchasing document (which then posts if
its definition posts). Anything not waiting for approval is refused, as in Intacct.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from .. import errors
from ..context import Ctx, fmt_date, parse_date
from ..currency import entity_base
from ..model import GL_LINE_DIMENSIONS, OBJECTS
from ..registry import function
from ..serializer import Payload
from ..store import Record
from ..xmlio import to_value
from .company import validate_line
from .documents import post_document
from .generic import find_visible, require_write
from .ledger import ZERO, check_open, post_lines

_OPEN_TIMESHEET = ("Submitted", "Partially Approved", "Partially Declined")


def _approver(ctx: Ctx, data: dict[str, object]) -> str:
    approver = str(data.get("APPROVEDBY") or ctx.userid)
    if ctx.store.get_by_id(ctx.company, "USERINFO", approver) is None:
        raise errors.invalid_reference("Approver", approver)
    return approver


def _labour_lines(ctx: Ctx, rec: Record, entries: list[Record]) -> list[Record]:
    employee = ctx.store.get_by_id(ctx.company, "EMPLOYEE", str(rec["EMPLOYEEID"])) or {}
    labour = str(ctx.company_rec.get("LABOR_ACCOUNT", "5000"))
    accrued = str(ctx.company_rec.get("ACCRUED_LABOR_ACCOUNT", "2100"))
    lines: list[Record] = []
    for e in entries:
        rate = Decimal(str(e.get("EXTCOSTRATE") or employee.get("LABORRATE") or 0))
        cost = (Decimal(str(e.get("QTY") or 0)) * rate).quantize(Decimal("0.01"))
        if cost <= ZERO:
            continue
        dims = {k: e[k] for k in ("PROJECTID", "TASKID", "COSTTYPEID", "EMPLOYEEID", "CLASSID") if e.get(k)}
        loc, dept = e.get("LOCATIONID", ""), e.get("DEPARTMENTID", "")
        memo = f"Timesheet {rec['RECORDNO']} {e['ENTRYDATE']}"
        for acct, tr, extra in ((labour, "1", {"DEPARTMENT": dept, **dims}), (accrued, "-1", {})):
            line: Record = {"ACCOUNTNO": acct, "TR_TYPE": tr, "TRX_AMOUNT": str(cost), "AMOUNT": str(cost)}
            line.update({"LOCATION": loc, "DESCRIPTION": memo, **extra})
            _, entity = validate_line(ctx, line, GL_LINE_DIMENSIONS, "ACCOUNTNO")
            line["CURRENCY"] = line["BASECURR"] = entity_base(ctx, entity)
            lines.append(line)
    return lines


def _timesheet(ctx: Ctx, data: dict[str, object], approve: bool) -> Payload:
    recordno, rec = find_visible(ctx, OBJECTS["TIMESHEET"], str(data.get("RECORDNO") or ""))
    if rec.get("STATE") not in _OPEN_TIMESHEET:
        raise errors.bad_request(
            f"Timesheet {recordno} is {rec.get('STATE')}; only Submitted timesheets can be approved or declined"
        )
    approver = _approver(ctx, data)
    entries = [dict(e) for e in rec.get("TIMESHEETENTRIES", {}).get("TIMESHEETENTRY", [])]
    wanted = {k.strip() for k in str(data.get("ENTRYKEYS") or "").split(",") if k.strip()}
    known = {str(e["RECORDNO"]) for e in entries}
    if wanted - known:
        raise errors.invalid_reference("Timesheet entry", ", ".join(sorted(wanted - known)))
    chosen = [
        e for e in entries if (not wanted or str(e["RECORDNO"]) in wanted) and e.get("STATE") == "Submitted"
    ]
    if not chosen:
        raise errors.bad_request(
            f"Timesheet {recordno} has no Submitted entries to {'approve' if approve else 'decline'}"
        )
    for e in chosen:
        e["STATE"] = "Approved" if approve else "Declined"
    states = {e["STATE"] for e in entries}
    if states == {"Approved"} or states == {"Declined"}:
        rec_state = states.pop()
    else:
        rec_state = "Partially Approved" if "Approved" in states else "Partially Declined"
    rec = {**rec, "STATE": rec_state, "APPROVEDBY": approver, "COMMENT": data.get("COMMENT", "")}
    rec["TIMESHEETENTRIES"] = {"TIMESHEETENTRY": entries}
    if approve:
        lines = _labour_lines(ctx, rec, chosen)
        if lines:
            when = str(
                rec.get("GLPOSTDATE")
                or max(parse_date(e["ENTRYDATE"]) or ctx.today() for e in chosen).strftime("%m/%d/%Y")
            )
            check_open(ctx, when, "GL posting date")
            from_line = {"STATE": "Posted"}
            post_lines(
                ctx,
                "TSJ",
                recordno,
                from_line,
                lines,
                when,
                "TSJ",
                f"Timesheet {recordno}",
                str(rec["EMPLOYEEID"]),
            )
            rec["_GLKEYS"] = [*rec.get("_GLKEYS", []), *(ln["RECORDNO"] for ln in lines)]
    ctx.stamp(rec, created=False)
    ctx.store.put(ctx.company, "TIMESHEET", recordno, rec, None)
    return Payload(no_data=True)


def _document(ctx: Ctx, obj: str, data: dict[str, object], approve: bool) -> Payload:
    recordno, rec = find_visible(ctx, OBJECTS[obj], str(data.get("DOCID") or data.get("RECORDNO") or ""))
    if rec.get("STATE") != "Submitted":
        raise errors.bad_request(
            f"{rec['DOCID']} is {rec.get('STATE')}; only a Submitted document can be approved or declined"
        )
    rec = {**rec, "STATE": "Pending" if approve else "Declined", "APPROVEDBY": ctx.userid}
    rec["COMMENT"] = data.get("COMMENT", "")
    ctx.stamp(rec, created=False)
    ctx.store.put(ctx.company, obj, recordno, rec, str(rec["DOCID"]))
    if approve:
        post_document(ctx, obj, rec)
    return Payload(no_data=True)


def _workflow(ctx: Ctx, el: etree._Element, approve: bool) -> Payload:
    child = next((c for c in el if isinstance(c.tag, str)), None)
    if child is None:
        raise errors.bad_request("Name the record to approve or decline, e.g. <TIMESHEET><RECORDNO>…")
    obj = str(child.tag).upper()
    require_write(ctx, "APPROVE" if approve else "DECLINE", obj)
    data = to_value(child)
    data = data if isinstance(data, dict) else {}
    if obj == "TIMESHEET":
        return _timesheet(ctx, data, approve)
    if obj in ("PODOCUMENT", "SODOCUMENT"):
        return _document(ctx, obj, data, approve)
    raise errors.unsupported(f"{'approve' if approve else 'decline'} on {obj}")


@function("approve", "APPROVE", writes=True)
def approve(ctx: Ctx, el: etree._Element) -> Payload:
    return _workflow(ctx, el, True)


@function("decline", "DECLINE", writes=True)
def decline(ctx: Ctx, el: etree._Element) -> Payload:
    return _workflow(ctx, el, False)


def _contract_line(ctx: Ctx, el: etree._Element, hold: bool) -> Payload:
    child = el.find("CONTRACTDETAIL")
    if child is None:
        raise errors.bad_request("Name the contract line: <CONTRACTDETAIL><RECORDNO>…</RECORDNO>")
    require_write(ctx, "UPDATE", "CONTRACTDETAIL")
    data = to_value(child)
    data = data if isinstance(data, dict) else {}
    recordno, rec = find_visible(ctx, OBJECTS["CONTRACTDETAIL"], str(data.get("RECORDNO") or ""))
    state = str(rec.get("STATE") or "In progress")
    if hold == (state == "On hold"):
        raise errors.bad_request(
            f"Contract line {recordno} is {state}; it cannot be {'held' if hold else 'resumed'}"
        )
    when = parse_date(str(data.get("ASOFDATE") or ""))
    if when is None:
        raise errors.missing_field("As of date", "Contract Line")
    rec = {
        **rec,
        "STATE": "On hold" if hold else "In progress",
        "HOLDDATE" if hold else "RESUMEDATE": fmt_date(when),
    }
    for flag in ("BILLING", "REVENUE", "EXPENSE"):
        if str(data.get(flag) or "").lower() == "true":
            rec[f"{flag}HOLD"] = "true" if hold else "false"
    ctx.stamp(rec, created=False)
    ctx.store.put(ctx.company, "CONTRACTDETAIL", recordno, rec, None)
    return Payload(no_data=True)


@function("hold", "UPDATE", writes=True)
def hold(ctx: Ctx, el: etree._Element) -> Payload:
    return _contract_line(ctx, el, True)


@function("resume", "UPDATE", writes=True)
def resume(ctx: Ctx, el: etree._Element) -> Payload:
    return _contract_line(ctx, el, False)
