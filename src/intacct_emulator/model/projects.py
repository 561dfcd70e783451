"""Project costing objects: standard tasks and cost types, cost types, estimates, change requests,
timesheets and observed percent complete (projects and tasks themselves are in ``core``)."""

from __future__ import annotations

from ..schema import define

define(
    "STANDARDTASK",
    "Standard Task",
    "STANDARDTASKID",
    "NAME",
    "STANDARDTASKID:Standard task ID|NAME:Name",
    "STANDARDTASKID NAME DESCRIPTION TASKNO STANDARDCOSTTYPES",
    module="Projects",
)
define(
    "STANDARDCOSTTYPE",
    "Standard Cost Type",
    "STANDARDCOSTTYPEID",
    "NAME",
    "STANDARDCOSTTYPEID:Standard cost type ID|NAME:Name",
    "STANDARDCOSTTYPEID NAME DESCRIPTION ACCOUNTNO ACCUMULATIONTYPE",
    refs="ACCOUNTNO:GLACCOUNT:GL account",
    module="Projects",
)
define(
    "COSTTYPE",
    "Cost Type",
    "COSTTYPEID",
    "NAME",
    "PROJECTID:Project|TASKID:Task",
    "COSTTYPEID NAME PROJECTID TASKID STANDARDCOSTTYPEID ACCOUNTNO PROJECTKEY TASKKEY",
    refs="PROJECTID:PROJECT:Project|STANDARDCOSTTYPEID:STANDARDCOSTTYPE:Standard cost type|ACCOUNTNO:GLACCOUNT:GL account",
    dimension=True,
    module="Projects",
)
define(
    "PJESTIMATE",
    "Project Estimate",
    "PJESTIMATEID",
    "DESCRIPTION",
    "PROJECTID:Project",
    "PJESTIMATEID PROJECTID DESCRIPTION ESTIMATEDATE ISPRIMARY POSTED GLBUDGETID POSTTO TOTALAMOUNT",
    owned="PJESTIMATEENTRIES:PJESTIMATEENTRY",
    refs="PROJECTID:PROJECT:Project|GLBUDGETID:GLBUDGETHEADER:GL budget",
    auto_id=True,
    module="Projects",
)
define(
    "CHANGEREQUEST",
    "Change Request",
    "CHANGEREQUESTID",
    "DESCRIPTION",
    "PROJECTID:Project|CHANGEREQUESTDATE:Change request date",
    "CHANGEREQUESTID PROJECTID CHANGEREQUESTDATE DESCRIPTION STATE TOTALCOST TOTALPRICE PJESTIMATEID",
    owned="CHANGEREQUESTENTRIES:CHANGEREQUESTENTRY",
    refs="PROJECTID:PROJECT:Project",
    auto_id=True,
    module="Projects",
)
define(
    "TIMESHEET",
    "Timesheet",
    "RECORDNO",
    "DESCRIPTION",
    "EMPLOYEEID:Employee|BEGINDATE:Begin date",
    "EMPLOYEEID BEGINDATE ENDDATE GLPOSTDATE DESCRIPTION SUPDOCID STATE APPROVEDBY COMMENT TOTALHOURS",
    owned="TIMESHEETENTRIES:TIMESHEETENTRY",
    refs="EMPLOYEEID:EMPLOYEE:Employee",
    module="Projects",
)
define(
    "TIMESHEETENTRY",
    "Timesheet Entry",
    "RECORDNO",
    "ENTRYDATE",
    fields="TIMESHEETKEY EMPLOYEEID ENTRYDATE QTY PROJECTID TASKID COSTTYPEID TIMETYPE BILLABLE LOCATIONID "
    "DEPARTMENTID EXTCOSTRATE EXTBILLRATE NOTES STATE",
    readonly=True,
    module="Projects",
)
define(
    "OBSPCTCOMPLETED",
    "Observed Percent Completed",
    "RECORDNO",
    "NOTE",
    "TYPE:Type|ASOFDATE:As of date|PERCENT:Percent",
    "TYPE PROJECTKEY TASKKEY COSTTYPEKEY ASOFDATE PERCENT NOTE PROJECTID TASKID COSTTYPEID",
    module="Projects",
)
