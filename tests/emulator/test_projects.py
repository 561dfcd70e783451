"""Project costing and company setup: tasks and cost types in their scope, estimates, change
requests, timesheets, percent complete; users, cards, statistical entries, metadata functions."""

from __future__ import annotations

from lxml import etree

from intacct_emulator.testing import EmulatorHandle

from .helpers import envelope, errnos, fn, post, results
from .test_operations import call, ok, one, postings, refused


def _task(task: str, project: str) -> str:
    return f"<create><TASK><TASKID>{task}</TASKID><NAME>{task}</NAME><PROJECTID>{project}</PROJECTID></TASK></create>"


def _je(dims: str) -> str:
    return (
        "<create><GLBATCH><JOURNAL>GJ</JOURNAL><BATCH_DATE>06/30/2026</BATCH_DATE><BATCH_TITLE>Cost</BATCH_TITLE><ENTRIES>"
        f"<GLENTRY><ACCOUNTNO>5200</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>75</TRX_AMOUNT><LOCATION>US-NY</LOCATION>{dims}</GLENTRY>"
        "<GLENTRY><ACCOUNTNO>1000</ACCOUNTNO><TR_TYPE>-1</TR_TYPE><TRX_AMOUNT>75</TRX_AMOUNT><LOCATION>US-NY</LOCATION></GLENTRY>"
        "</ENTRIES></GLBATCH></create>"
    )


def _timesheet(state: str, rate: str = "") -> str:
    cost = f"<EXTCOSTRATE>{rate}</EXTCOSTRATE>" if rate else ""
    return (
        f"<create><TIMESHEET><EMPLOYEEID>E100</EMPLOYEEID><BEGINDATE>06/29/2026</BEGINDATE><STATE>{state}</STATE>"
        "<TIMESHEETENTRIES><TIMESHEETENTRY><ENTRYDATE>06/30/2026</ENTRYDATE><QTY>8</QTY><PROJECTID>P-100</PROJECTID>"
        f"<TASKID>T-100-DES</TASKID><COSTTYPEID>LAB</COSTTYPEID>{cost}</TIMESHEETENTRY><TIMESHEETENTRY>"
        "<ENTRYDATE>07/01/2026</ENTRYDATE><QTY>2</QTY><PROJECTID>P-110</PROJECTID><TASKID>T-110-SUP</TASKID></TIMESHEETENTRY>"
        "</TIMESHEETENTRIES></TIMESHEET></create>"
    )


def test_task_ids_are_unique_within_their_project_and_lines_use_that_scope(emu: EmulatorHandle) -> None:
    ok(emu, _task("T-COMMON", "P-100"))
    ok(emu, _task("T-COMMON", "P-110"))  # the same task ID in another project is another task
    assert refused(emu, _task("T-COMMON", "P-100"))[0] == "BL34000061"
    assert [t["PROJECTID"] for t in emu.records("TASK") if t["TASKID"] == "T-COMMON"] == ["P-100", "P-110"]
    batch = ok(
        emu, _je("<PROJECTID>P-100</PROJECTID><TASKID>T-100-DES</TASKID><COSTTYPEID>MAT</COSTTYPEID>")
    ).findtext("data/glbatch/RECORDNO")
    (line,) = [e for e in emu.records("GLENTRY") if e["BATCHNO"] == batch and e["ACCOUNTNO"] == "5200"]
    assert (line["PROJECTID"], line["TASKID"], line["COSTTYPEID"]) == ("P-100", "T-100-DES", "MAT")
    assert refused(emu, _je("<PROJECTID>P-110</PROJECTID><TASKID>T-100-DES</TASKID>")) == (
        "EMU-REFERENCE",
        "Invalid Task 'T-100-DES' specified.",
    )
    assert refused(
        emu, _je("<PROJECTID>P-100</PROJECTID><TASKID>T-100-PERM</TASKID><COSTTYPEID>MAT</COSTTYPEID>")
    )[0] == ("EMU-REFERENCE")  # MAT is set up on T-100-DES only
    r = ok(
        emu,
        "<readByName><object>TASK</object><keys>T-100-DES</keys><fields>TASKID,PROJECTID</fields></readByName>",
    )
    assert r.findtext("data/TASK/PROJECTID") == "P-100"


def test_cost_types_come_from_standard_cost_types_and_are_unique_per_task(emu: EmulatorHandle) -> None:
    body = "<create><COSTTYPE><PROJECTID>P-100</PROJECTID><TASKID>T-100-PERM</TASKID><STANDARDCOSTTYPEID>SUB</STANDARDCOSTTYPEID></COSTTYPE></create>"
    ok(emu, body)
    made = one(emu, "COSTTYPE", TASKID="T-100-PERM", COSTTYPEID="SUB")
    assert (made["NAME"], made["ACCOUNTNO"]) == ("Subcontract", "5100")
    assert refused(emu, body)[0] == "BL34000061"
    assert refused(emu, body.replace("T-100-PERM", "T-999"))[0] == "EMU-REFERENCE"


def test_a_project_with_transactions_cannot_be_deleted(emu: EmulatorHandle) -> None:
    ok(emu, _je("<PROJECTID>P-400</PROJECTID><TASKID>T-400-STU</TASKID>"))
    errno, text = refused(emu, '<delete_project key="P-400" />')
    assert (
        errno,
        text.startswith("Project P-400 cannot be deleted: it is used by its transactions (GLBATCH"),
    ) == (
        "EMU-INUSE",
        True,
    )
    used_task = one(emu, "TASK", TASKID="T-400-STU")["RECORDNO"]
    assert refused(emu, f'<delete_task key="{used_task}" />')[0] == "EMU-INUSE"
    ok(emu, '<delete_task key="' + one(emu, "TASK", TASKID="T-100-DES")["RECORDNO"] + '" />')
    assert [
        c["COSTTYPEID"] for c in emu.records("COSTTYPE") if c["TASKID"] == "T-100-DES"
    ] == []  # they go with it
    ok(
        emu,
        "<create><PROJECT><PROJECTID>P-EMPTY</PROJECTID><NAME>Bid</NAME><PROJECTCATEGORY>Contract</PROJECTCATEGORY></PROJECT></create>",
    )
    ok(emu, _task("T-BID", "P-EMPTY"))
    ok(emu, '<delete_project key="P-EMPTY" />')
    assert [t for t in emu.records("TASK") if t["PROJECTID"] == "P-EMPTY"] == []
    assert any(p["PROJECTID"] == "P-400" for p in emu.records("PROJECT"))


def test_primary_estimate_and_approved_change_requests(emu: EmulatorHandle) -> None:
    def estimate(primary: str, amount: str) -> str:
        return (
            f"<create><PJESTIMATE><PROJECTID>P-100</PROJECTID><DESCRIPTION>Budget {amount}</DESCRIPTION><ISPRIMARY>{primary}</ISPRIMARY>"
            "<PJESTIMATEENTRIES><PJESTIMATEENTRY><TASKID>T-100-DES</TASKID><COSTTYPEID>LAB</COSTTYPEID>"
            f"<QTY>10</QTY><UNITCOST>{amount}</UNITCOST><WFTYPE>original</WFTYPE></PJESTIMATEENTRY></PJESTIMATEENTRIES></PJESTIMATE></create>"
        )

    first = ok(emu, estimate("true", "100")).findtext("data/pjestimate/PJESTIMATEID")
    second = ok(emu, estimate("true", "120")).findtext("data/pjestimate/PJESTIMATEID")
    assert {e["PJESTIMATEID"]: e["ISPRIMARY"] for e in emu.records("PJESTIMATE")} == {
        first: "false",
        second: "true",
    }
    assert one(emu, "PJESTIMATE", PJESTIMATEID=second)["TOTALAMOUNT"] == "1200.00"
    assert refused(emu, estimate("false", "1").replace("original", "guess"))[0] == "EMU-REQUEST"
    change = (
        "<create><CHANGEREQUEST><PROJECTID>P-100</PROJECTID><CHANGEREQUESTDATE>06/20/2026</CHANGEREQUESTDATE><STATE>Approved</STATE>"
        "<CHANGEREQUESTENTRIES><CHANGEREQUESTENTRY><TASKID>T-100-DES</TASKID><COSTTYPEID>MAT</COSTTYPEID><QTY>4</QTY><UNITCOST>50</UNITCOST>"
        "<PRICE>300</PRICE></CHANGEREQUESTENTRY></CHANGEREQUESTENTRIES></CHANGEREQUEST></create>"
    )
    key = ok(emu, change).findtext("data/changerequest/RECORDNO")
    primary = one(emu, "PJESTIMATE", PJESTIMATEID=second)
    entries = primary["PJESTIMATEENTRIES"]["PJESTIMATEENTRY"]
    assert [(e["WFTYPE"], e["AMOUNT"], e.get("COSTTYPEID")) for e in entries] == [
        ("original", "1200.00", "LAB"),
        ("approved change", "200.00", "MAT"),
    ]
    assert primary["TOTALAMOUNT"] == "1400.00"
    update = f"<update><CHANGEREQUEST><RECORDNO>{key}</RECORDNO><DESCRIPTION>later</DESCRIPTION></CHANGEREQUEST></update>"
    assert refused(emu, update)[0] == "EMU-REQUEST"


def test_timesheets_are_approved_only_from_submitted_and_post_labour_cost(emu: EmulatorHandle) -> None:
    draft = ok(emu, _timesheet("Draft")).findtext("data/timesheet/RECORDNO")
    approve = "<approve><TIMESHEET><RECORDNO>{key}</RECORDNO></TIMESHEET></approve>"
    assert refused(emu, approve.format(key=draft)) == (
        "EMU-REQUEST",
        f"Timesheet {draft} is Draft; only Submitted timesheets can be approved or declined",
    )
    submitted = ok(emu, _timesheet("Submitted", rate="90")).findtext("data/timesheet/RECORDNO") or ""
    entries = [
        e["RECORDNO"] for e in one(emu, "TIMESHEET", RECORDNO=submitted)["TIMESHEETENTRIES"]["TIMESHEETENTRY"]
    ]
    ok(
        emu,
        f"<approve><TIMESHEET><RECORDNO>{submitted}</RECORDNO><ENTRYKEYS>{entries[0]}</ENTRYKEYS></TIMESHEET></approve>",
    )
    assert one(emu, "TIMESHEET", RECORDNO=submitted)["STATE"] == "Partially Approved"
    # 8 h at the entry's 90 cost rate to labour (5000) on the project, against accrued labour (2100)
    assert postings(emu, submitted) == [("5000", "1", "720.00", "P-100"), ("2100", "-1", "720.00", "")]
    ok(emu, f"<decline><TIMESHEET><RECORDNO>{submitted}</RECORDNO></TIMESHEET></decline>")
    states = [
        e["STATE"] for e in one(emu, "TIMESHEET", RECORDNO=submitted)["TIMESHEETENTRIES"]["TIMESHEETENTRY"]
    ]
    assert (one(emu, "TIMESHEET", RECORDNO=submitted)["STATE"], states) == (
        "Partially Approved",
        ["Approved", "Declined"],
    )
    assert refused(emu, f'<delete_timesheet key="{submitted}" />') == (
        "EMU-REQUEST",
        f"Timesheet {submitted} has approved hours posted to the GL; it cannot be deleted",
    )
    update = f"<update><TIMESHEET><RECORDNO>{submitted}</RECORDNO><DESCRIPTION>x</DESCRIPTION></TIMESHEET></update>"
    assert refused(emu, update)[0] == "EMU-REQUEST"
    outside = _timesheet("Draft").replace("07/01/2026", "07/09/2026")
    assert refused(emu, outside)[0] == "EMU-REQUEST"


def test_observed_percent_complete_is_one_per_target_and_date(emu: EmulatorHandle) -> None:
    key = one(emu, "PROJECT", PROJECTID="P-100")["RECORDNO"]
    body = (
        f"<create><OBSPCTCOMPLETED><TYPE>Project</TYPE><PROJECTKEY>{key}</PROJECTKEY><ASOFDATE>06/30/2026</ASOFDATE>"
        "<PERCENT>{pct}</PERCENT></OBSPCTCOMPLETED></create>"
    )
    ok(emu, body.format(pct="40"))
    assert refused(emu, body.format(pct="45"))[0] == "BL34000061"
    assert refused(emu, body.format(pct="140").replace("06/30", "07/31"))[0] == "EMU-REQUEST"
    assert one(emu, "OBSPCTCOMPLETED", ASOFDATE="06/30/2026")["PROJECTID"] == "P-100"


def test_users_never_expose_or_take_passwords(emu: EmulatorHandle) -> None:
    r = ok(emu, "<readByQuery><object>USERINFO</object><query/><fields>*</fields></readByQuery>")
    assert [u.findtext("LOGINID") for u in r.iter("userinfo")] == ["api_sync", "api_readonly"]
    assert b"PASSWORD" not in etree.tostring(r)
    ok(
        emu,
        "<update><USERINFO><LOGINID>api_readonly</LOGINID><PASSWORD>hijack</PASSWORD><WRITE>true</WRITE></USERINFO></update>",
    )
    _, root = post(emu.url, envelope(fn("s", "<getAPISession/>"), user="api_readonly", password="hijack"))
    assert root.findtext("operation/authentication/status") == "failure"
    _, root = post(
        emu.url,
        envelope(
            fn("c", "<create><CLASS><CLASSID>CX</CLASSID><NAME>x</NAME></CLASS></create>"),
            user="api_readonly",
            password="demo-readonly-pass",
        ),
    )
    assert errnos(results(root)[0]) == ["PL04000005"]


def test_customer_card_numbers_are_stored_masked(emu: EmulatorHandle) -> None:
    ok(
        emu,
        "<create_customerchargecard><customerid>C100</customerid><cardnum>4111 1111 1111 1234</cardnum><cardtype>Visa</cardtype>"
        "<exp_month>June</exp_month><exp_year>2029</exp_year></create_customerchargecard>",
    )
    assert [c["CARDNUM"] for c in emu.records("CUSTOMERCHARGECARD")] == ["************1234"]
    bad = "<create_customerchargecard><customerid>C100</customerid><cardnum>42</cardnum><cardtype>Visa</cardtype><exp_month>1</exp_month><exp_year>2029</exp_year></create_customerchargecard>"
    assert refused(emu, bad)[0] == "EMU-REQUEST"


def test_statistical_entries_stay_out_of_the_financial_balances(emu: EmulatorHandle) -> None:
    ok(
        emu,
        "<create><GLBATCH><JOURNAL>SJ</JOURNAL><BATCH_DATE>06/30/2026</BATCH_DATE><BATCH_TITLE>Headcount</BATCH_TITLE><ENTRIES>"
        "<GLENTRY><ACCOUNTNO>9100</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>12</TRX_AMOUNT><LOCATION>US-NY</LOCATION></GLENTRY>"
        "</ENTRIES></GLBATCH></create>",
    )
    assert [(e["ACCOUNTNO"], e["STATISTICAL"]) for e in emu.records("GLENTRY")] == [("9100", "true")]
    r = ok(
        emu,
        "<get_trialbalance><startdate><year>2026</year><month>1</month><day>1</day></startdate></get_trialbalance>",
    )
    assert r.findall("data/trialbalance") == []
    wrong = "<create><GLBATCH><JOURNAL>SJ</JOURNAL><BATCH_DATE>06/30/2026</BATCH_DATE><BATCH_TITLE>x</BATCH_TITLE><ENTRIES><GLENTRY><ACCOUNTNO>6200</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>1</TRX_AMOUNT></GLENTRY></ENTRIES></GLBATCH></create>"
    assert refused(emu, wrong)[0] == "EMU-REFERENCE"


def test_metadata_functions_and_the_documented_not_modelled_answer(emu: EmulatorHandle) -> None:
    r = ok(
        emu,
        "<readRelated><object>PROJECT</object><relation>TASK</relation><keys>P-100</keys><fields>TASKID</fields></readRelated>",
    )
    assert [t.text for t in r.iter("TASKID")] == ["T-100-DES", "T-100-PERM"]
    r = ok(emu, "<getObjectTrail><object>VENDOR</object><objectKey>V100</objectKey></getObjectTrail>")
    assert [(x.findtext("ACCESSMODE"), x.findtext("USERID")) for x in r.iter("audittrail")] == [
        ("C", "api_sync")
    ]
    r = ok(emu, '<get_companyprefs application="AP" />')
    assert [(p.findtext("preference"), p.findtext("prefvalue")) for p in r.iter("companypref")] == [
        ("APACCOUNT", "2000"),
        ("PAYMENTAPPROVAL", "false"),
    ]
    errno, text = refused(emu, "<readReport><report>Project cost by task</report></readReport>")
    assert (
        errno,
        text.startswith("Function readReport is not modelled by the emulator: custom reports"),
    ) == (
        "EMU-UNSUPPORTED",
        True,
    )
    r = call(emu, "<getDdsDdl><object>GLACCOUNT</object></getDdsDdl>")
    assert (r.findtext("data/Ddl/ddl") or "").startswith("CREATE TABLE GLACCOUNT (")
