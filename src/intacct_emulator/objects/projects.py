"""Project costing: tasks and cost types, estimates, change requests, timesheets, percent complete.

Rules Intacct enforces and the project-cost feature relies on: a task ID is unique within its
project, a cost type within its project and task; only one estimate per project is primary; an
approved change request adds its entries to the primary estimate and can no longer be edited; a
timesheet can be changed while Draft (or Declined), approved only from Submitted, and its
approved hours post labour cost; one observed percent complete per project, task or cost type
and date; and a project with transactions cannot be deleted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .. import errors
from ..context import Ctx, fmt_date, parse_date
from ..model import DOC_LINE_DIMENSIONS
from ..registry import hooks
from ..schema import SCOPE_SEP
from ..store import Record
from .company import money, validate_line
from .generic import uses
from .ledger import ZERO, check_open

WFTYPES = ("original", "revision", "forecast", "pending change", "approved change", "other")
TASK_STATES = ("Not Started", "Planned", "In Progress", "Completed", "On Hold")
_TIMESHEET_DIMS = {k: v for k, v in DOC_LINE_DIMENSIONS.items() if k != "VENDORID"}


def _lines(rec: Record, collection: str, tag: str) -> list[Record]:
    holder = rec.get(collection)
    return [x for x in holder.get(tag, []) if isinstance(x, dict)] if isinstance(holder, dict) else []


def _date(value: Any, label: str) -> dt.date:
    d = parse_date(str(value or ""))
    if d is None:
        raise (
            errors.missing_field(label, "record")
            if not value
            else errors.data_error(f"Invalid {label} '{value}'")
        )
    return d


def _task(ctx: Ctx, project: str, task: str) -> Record:
    found = ctx.store.get_by_id(ctx.company, "TASK", f"{project}{SCOPE_SEP}{task}")
    if found is None:
        raise errors.invalid_reference("Task", f"{task} in project {project}")
    return found


def _cost_line(ctx: Ctx, line: Record, project: str) -> None:
    """A task and cost type on an estimate or change request line must belong to the project."""
    line["PROJECTID"] = project
    if line.get("TASKID"):
        _task(ctx, project, str(line["TASKID"]))
    if line.get("COSTTYPEID"):
        key = SCOPE_SEP.join((project, str(line.get("TASKID") or ""), str(line["COSTTYPEID"])))
        if ctx.store.get_by_id(ctx.company, "COSTTYPE", key) is None:
            raise errors.invalid_reference("Cost type", str(line["COSTTYPEID"]))
    if line.get("QTY") not in (None, "") and line.get("UNITCOST") not in (None, ""):
        qty, unit = money(line["QTY"], "Quantity"), money(line["UNITCOST"], "Unit cost")
        line["AMOUNT"] = str((qty * unit).quantize(Decimal("0.01")))


def _prepare_task(ctx: Ctx, rec: Record, old: Record | None) -> None:
    project = ctx.dimension("PROJECT", str(rec.get("PROJECTID") or ""), "Project", ctx.entity)
    rec["PROJECTNAME"] = project.get("NAME", "")
    rec["PROJECTKEY"] = project["RECORDNO"]
    status = str(rec.get("TASKSTATUS") or "")
    if status and status not in TASK_STATES:
        raise errors.bad_request(f"TASKSTATUS must be one of {', '.join(TASK_STATES)}, not {status}")
    std = str(rec.get("STANDARDTASKID") or "")
    if std and ctx.store.get_by_id(ctx.company, "STANDARDTASK", std) is None:
        raise errors.invalid_reference("Standard task", std)


def _prepare_cost_type(ctx: Ctx, rec: Record, old: Record | None) -> None:
    project = str(rec.get("PROJECTID") or "")
    task = _task(ctx, project, str(rec.get("TASKID") or ""))
    std_id = str(rec.get("STANDARDCOSTTYPEID") or "")
    std = ctx.store.get_by_id(ctx.company, "STANDARDCOSTTYPE", std_id) if std_id else None
    if std is not None:
        rec.setdefault("COSTTYPEID", std_id)
        rec.setdefault("NAME", std.get("NAME", ""))
        rec.setdefault("ACCOUNTNO", std.get("ACCOUNTNO", ""))
    for field, label in (("COSTTYPEID", "Cost type ID"), ("NAME", "Name")):
        if not str(rec.get(field) or "").strip():
            raise errors.missing_field(label, "Cost Type")
    rec["PROJECTKEY"], rec["TASKKEY"] = task.get("PROJECTKEY", ""), task["RECORDNO"]


def _prepare_estimate(ctx: Ctx, rec: Record, old: Record | None) -> None:
    project = str(rec["PROJECTID"])
    total = ZERO
    for line in _lines(rec, "PJESTIMATEENTRIES", "PJESTIMATEENTRY"):
        _cost_line(ctx, line, project)
        wftype = str(line.get("WFTYPE") or "original").lower()
        if wftype not in WFTYPES:
            raise errors.bad_request(f"WFTYPE must be one of {', '.join(WFTYPES)}, not {wftype}")
        line["WFTYPE"] = wftype
        if line.get("EFFECTIVEDATE"):
            line["EFFECTIVEDATE"] = fmt_date(_date(line["EFFECTIVEDATE"], "Effective date"))
        total += money(line.get("AMOUNT"), "Amount")
        if not str(line.get("RECORDNO") or "").isdigit():
            line["RECORDNO"] = str(ctx.allocate())
    rec["TOTALAMOUNT"] = str(total)
    rec["ISPRIMARY"] = "true" if str(rec.get("ISPRIMARY") or "false").lower() == "true" else "false"
    rec["POSTED"] = "true" if str(rec.get("POSTED") or "false").lower() == "true" else "false"


def _after_estimate(ctx: Ctx, recordno: int, rec: Record) -> None:
    if rec["ISPRIMARY"] != "true":
        return
    for other in ctx.store.records(ctx.company, "PJESTIMATE"):
        if (
            other["RECORDNO"] != rec["RECORDNO"]
            and other.get("PROJECTID") == rec["PROJECTID"]
            and other.get("ISPRIMARY") == "true"
        ):
            ctx.store.put(
                ctx.company,
                "PJESTIMATE",
                int(other["RECORDNO"]),
                {**other, "ISPRIMARY": "false"},
                other["PJESTIMATEID"],
            )


def _prepare_change_request(ctx: Ctx, rec: Record, old: Record | None) -> None:
    if old is not None and old.get("STATE") == "Approved":
        raise errors.bad_request(
            f"Change request {old['CHANGEREQUESTID']} is approved and can no longer be edited"
        )
    rec["CHANGEREQUESTDATE"] = fmt_date(_date(rec.get("CHANGEREQUESTDATE"), "Change request date"))
    state = str(rec.get("STATE") or "Draft")
    if state not in ("Draft", "Pending", "Approved", "Declined"):
        raise errors.bad_request(f"STATE must be Draft, Pending, Approved or Declined, not {state}")
    rec["STATE"] = state
    cost = price = ZERO
    for line in _lines(rec, "CHANGEREQUESTENTRIES", "CHANGEREQUESTENTRY"):
        _cost_line(ctx, line, str(rec["PROJECTID"]))
        if line.get("AMOUNT") and not line.get("COST"):
            line["COST"] = line["AMOUNT"]
        cost += money(line.get("COST") or 0, "Cost")
        price += money(line.get("PRICE") or 0, "Price")
    rec["TOTALCOST"], rec["TOTALPRICE"] = str(cost), str(price)


def _after_change_request(ctx: Ctx, recordno: int, rec: Record) -> None:
    """An approved change request becomes approved-change entries of the project's primary estimate."""
    if rec.get("STATE") != "Approved" or rec.get("PJESTIMATEID"):
        return
    estimate = next(
        (
            e
            for e in ctx.store.records(ctx.company, "PJESTIMATE")
            if e.get("PROJECTID") == rec["PROJECTID"] and e.get("ISPRIMARY") == "true"
        ),
        None,
    )
    if estimate is None:
        raise errors.bad_request(
            f"Project {rec['PROJECTID']} has no primary estimate to post the change request to"
        )
    entries = list(_lines(estimate, "PJESTIMATEENTRIES", "PJESTIMATEENTRY"))
    for line in _lines(rec, "CHANGEREQUESTENTRIES", "CHANGEREQUESTENTRY"):
        entries.append(
            {
                "RECORDNO": str(ctx.allocate()),
                "PROJECTID": rec["PROJECTID"],
                "TASKID": line.get("TASKID", ""),
                "COSTTYPEID": line.get("COSTTYPEID", ""),
                "AMOUNT": line.get("COST", "0"),
                "WFTYPE": "approved change",
                "EFFECTIVEDATE": rec["CHANGEREQUESTDATE"],
                "CHANGEREQUESTID": rec["CHANGEREQUESTID"],
            }
        )
    total = sum((Decimal(str(e.get("AMOUNT") or 0)) for e in entries), ZERO)
    changed = {**estimate, "PJESTIMATEENTRIES": {"PJESTIMATEENTRY": entries}, "TOTALAMOUNT": str(total)}
    ctx.stamp(changed, created=False)
    ctx.store.put(ctx.company, "PJESTIMATE", int(estimate["RECORDNO"]), changed, estimate["PJESTIMATEID"])
    rec["PJESTIMATEID"] = estimate["PJESTIMATEID"]


def _prepare_timesheet(ctx: Ctx, rec: Record, old: Record | None) -> None:
    if old is not None and old.get("STATE") not in ("Draft", "Declined"):
        raise errors.bad_request(
            f"Timesheet {old['RECORDNO']} is {old.get('STATE')}; only Draft timesheets can be changed"
        )
    employee = ctx.store.get_by_id(ctx.company, "EMPLOYEE", str(rec["EMPLOYEEID"])) or {}
    begin = _date(rec.get("BEGINDATE"), "Begin date")
    rec["BEGINDATE"], rec["ENDDATE"] = fmt_date(begin), fmt_date(begin + dt.timedelta(days=6))
    if rec.get("GLPOSTDATE"):
        rec["GLPOSTDATE"] = fmt_date(check_open(ctx, str(rec["GLPOSTDATE"]), "GL posting date"))
    state = str(rec.get("STATE") or "Draft")
    if state not in ("Draft", "Submitted"):
        raise errors.bad_request(f"STATE must be Draft or Submitted, not {state}")
    rec["STATE"] = state
    entries = _lines(rec, "TIMESHEETENTRIES", "TIMESHEETENTRY")
    if not entries:
        raise errors.missing_field("Timesheet entries", "Timesheet")
    hours = ZERO
    for entry in entries:
        when = _date(entry.get("ENTRYDATE"), "Entry date")
        if not begin <= when <= begin + dt.timedelta(days=6):
            raise errors.bad_request(
                f"Entry date {fmt_date(when)} is outside the timesheet week starting {rec['BEGINDATE']}"
            )
        entry["ENTRYDATE"] = fmt_date(when)
        qty = money(entry.get("QTY"), "Quantity")
        if qty <= ZERO:
            raise errors.bad_request(f"Timesheet hours must be positive, not {qty}")
        task_key = str(entry.get("TASKKEY") or "")
        if task_key and not entry.get("TASKID"):
            task = ctx.store.get(ctx.company, "TASK", int(task_key)) if task_key.isdigit() else None
            if task is None:
                raise errors.invalid_reference("Task", task_key)
            entry["TASKID"], entry["PROJECTID"] = task["TASKID"], task["PROJECTID"]
        entry.setdefault("LOCATIONID", employee.get("LOCATIONID", ""))
        entry.setdefault("DEPARTMENTID", employee.get("DEPARTMENTID", ""))
        validate_line(ctx, entry, _TIMESHEET_DIMS, None)
        entry["QTY"], entry["STATE"], entry["EMPLOYEEID"] = str(qty), state, rec["EMPLOYEEID"]
        if not str(entry.get("RECORDNO") or "").isdigit():
            entry["RECORDNO"] = str(ctx.allocate())
        hours += qty
    rec["TOTALHOURS"] = str(hours)


def _before_delete_timesheet(ctx: Ctx, recordno: int, rec: Record) -> None:
    if rec.get("_GLKEYS") or rec.get("STATE") in ("Approved", "Partially Approved"):
        raise errors.bad_request(
            f"Timesheet {recordno} has approved hours posted to the GL; it cannot be deleted"
        )


def _prepare_percent(ctx: Ctx, rec: Record, old: Record | None) -> None:
    kind = str(rec.get("TYPE") or "")
    targets = {
        "Project": ("PROJECTKEY", "PROJECT"),
        "Task": ("TASKKEY", "TASK"),
        "CostType": ("COSTTYPEKEY", "COSTTYPE"),
    }
    if kind not in targets:
        raise errors.bad_request(f"TYPE must be Project, Task or CostType, not {kind or '(missing)'}")
    key_field, obj = targets[kind]
    key = str(rec.get(key_field) or "")
    target = ctx.store.get(ctx.company, obj, int(key)) if key.isdigit() else None
    if target is None:
        raise errors.invalid_reference(obj.title(), key or "(missing)")
    rec["PROJECTID"] = target.get("PROJECTID", "")
    rec["TASKID"] = target.get("TASKID", "")
    rec["COSTTYPEID"] = target.get("COSTTYPEID", "")
    percent = money(rec.get("PERCENT"), "Percent")
    if not ZERO <= percent <= 100:
        raise errors.bad_request(f"PERCENT must be between 0 and 100, not {percent}")
    rec["ASOFDATE"] = fmt_date(_date(rec.get("ASOFDATE"), "As of date"))
    for other in ctx.store.records(ctx.company, "OBSPCTCOMPLETED"):
        same = (other.get("TYPE"), other.get(key_field), other.get("ASOFDATE")) == (
            kind,
            key,
            rec["ASOFDATE"],
        )
        if same and other.get("RECORDNO") != rec.get("RECORDNO"):
            raise errors.duplicate(
                "Observed Percent Completed", f"{kind} {key} {rec['ASOFDATE']}", "Observed Percent Completed"
            )


def _project_in_use(ctx: Ctx, recordno: int, rec: Record) -> None:
    used = uses(ctx, {"PROJECTID": str(rec["PROJECTID"])}, rec, ("TASK", "COSTTYPE"))
    if used:
        raise errors.in_use("Project", str(rec["PROJECTID"]), f"its transactions ({used})")


def _task_in_use(ctx: Ctx, recordno: int, rec: Record) -> None:
    used = uses(ctx, {"PROJECTID": str(rec["PROJECTID"]), "TASKID": str(rec["TASKID"])}, rec, ("COSTTYPE",))
    if used:
        raise errors.in_use("Task", str(rec["TASKID"]), f"its transactions ({used})")


def _delete_project_tasks(ctx: Ctx, recordno: int, rec: Record) -> None:
    """A project without transactions goes with its tasks and cost types."""
    for obj in ("COSTTYPE", "TASK"):
        for child in list(ctx.store.records(ctx.company, obj)):
            if child.get("PROJECTID") == rec["PROJECTID"]:
                ctx.store.remove(ctx.company, obj, int(child["RECORDNO"]))


def _delete_task_cost_types(ctx: Ctx, recordno: int, rec: Record) -> None:
    for child in list(ctx.store.records(ctx.company, "COSTTYPE")):
        if (child.get("PROJECTID"), child.get("TASKID")) == (rec["PROJECTID"], rec["TASKID"]):
            ctx.store.remove(ctx.company, "COSTTYPE", int(child["RECORDNO"]))


def _timesheet_entries(ctx: Ctx) -> list[Record]:
    return [
        {**e, "TIMESHEETKEY": t["RECORDNO"], "MEGAENTITYID": t.get("MEGAENTITYID", "")}
        for t in ctx.store.records(ctx.company, "TIMESHEET")
        for e in _lines(t, "TIMESHEETENTRIES", "TIMESHEETENTRY")
    ]


hooks("TASK").prepare = _prepare_task
hooks("TASK").in_use.append(_task_in_use)
hooks("TASK").before_delete = _delete_task_cost_types
hooks("PROJECT").in_use.append(_project_in_use)
hooks("PROJECT").before_delete = _delete_project_tasks
hooks("COSTTYPE").prepare = _prepare_cost_type
hooks("PJESTIMATE").prepare = _prepare_estimate
hooks("PJESTIMATE").after_write = _after_estimate
hooks("PJESTIMATE").repost_on_update = True
hooks("CHANGEREQUEST").prepare = _prepare_change_request
hooks("CHANGEREQUEST").after_write = _after_change_request
hooks("CHANGEREQUEST").repost_on_update = True
hooks("TIMESHEET").prepare = _prepare_timesheet
hooks("TIMESHEET").before_delete = _before_delete_timesheet
hooks("TIMESHEETENTRY").virtual_rows = _timesheet_entries
hooks("OBSPCTCOMPLETED").prepare = _prepare_percent
