"""Reporting functions: trial balance, balances by dimensions (actual and budget), account groups,
GL line aggregates and asynchronous readReport paging, with Intacct's limits and errors."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from intacct_emulator.testing import EmulatorHandle

from .helpers import envelope, errnos, fn, glbatch, post, results

DATES = (
    "<startdate><year>2026</year><month>06</month><day>01</day></startdate>"
    "<enddate><year>2026</year><month>06</month><day>30</day></enddate>"
)


def call(emu: EmulatorHandle, body: str, entity: str = "") -> etree._Element:
    _status, root = post(emu.url, envelope(fn("f1", body), entity=entity))
    (result,) = results(root)
    return result


def ok(emu: EmulatorHandle, body: str, entity: str = "") -> etree._Element:
    result = call(emu, body, entity)
    assert result.findtext("status") == "success", etree.tostring(result)
    return result


def rows(result: etree._Element, tag: str) -> list[dict[str, str]]:
    return [{c.tag: c.text or "" for c in r} for r in result.iter(tag)]


def seed_ledger(emu: EmulatorHandle) -> None:
    """May: opening; June: revenue in two entities and departments, one adjusting entry."""
    ok(
        emu,
        glbatch(
            "OPEN",
            [
                ("1000", "1", "1000.00", {"LOCATION": "US-NY"}),
                ("3000", "-1", "1000.00", {"LOCATION": "US-NY"}),
            ],
            "05/15/2026",
        ),
    )
    rev = {"LOCATION": "US-NY", "PROJECTID": "P-100", "DEPARTMENT": "ENG", "GLDIMFUND": "F1"}
    ok(
        emu,
        glbatch("R1", [("1100", "1", "500.00", {"LOCATION": "US-NY"}), ("4000", "-1", "500.00", rev)]),
    )
    rev2 = {**rev, "DEPARTMENT": "CON", "GLDIMFUND": "F2"}
    ok(
        emu,
        glbatch(
            "R2",
            [
                ("1100", "1", "200.00", {"LOCATION": "US-TX"}),
                ("4000", "-1", "200.00", rev2 | {"LOCATION": "US-TX"}),
            ],
        ),
    )
    ok(
        emu,
        glbatch(
            "CA1",
            [
                ("1100", "1", "300.00", {"LOCATION": "CA-ON"}),
                ("4000", "-1", "300.00", {"LOCATION": "CA-ON", "PROJECTID": "P-200", "DEPARTMENT": "CON"}),
            ],
        ),
    )
    ok(
        emu,
        glbatch(
            "ADJ1",
            [("6200", "1", "40.00", {"LOCATION": "US-NY"}), ("2100", "-1", "40.00", {"LOCATION": "US-NY"})],
            journal="ADJ",
        ),
    )


def test_trial_balance_per_entity_ties_to_the_lines(emu: EmulatorHandle) -> None:
    seed_ledger(emu)
    r = ok(emu, f"<get_trialbalance>{DATES}<locationid>US</locationid></get_trialbalance>")
    tb = {row["glaccountno"]: row for row in rows(r, "trialbalance")}
    assert {k: (v["startbalance"], v["debits"], v["credits"], v["endbalance"]) for k, v in tb.items()} == {
        "1000": ("1000.00", "0", "0", "1000.00"),
        "1100": ("0", "700.00", "0", "700.00"),
        "2100": ("0", "0", "40.00", "-40.00"),
        "3000": ("-1000.00", "0", "0", "-1000.00"),
        "4000": ("0", "0", "700.00", "-700.00"),
        "6200": ("0", "40.00", "0", "40.00"),
    }
    assert {row["currency"] for row in tb.values()} == {"USD"}
    ca = ok(emu, f"<get_trialbalance>{DATES}<locationid>CA</locationid></get_trialbalance>")
    assert {row["glaccountno"]: row["endbalance"] for row in rows(ca, "trialbalance")} == {
        "1100": "300.00",
        "4000": "-300.00",
    }
    assert {row["currency"] for row in rows(ca, "trialbalance")} == {"CAD"}


def test_top_level_sum_across_base_currencies_is_refused(emu: EmulatorHandle) -> None:
    seed_ledger(emu)
    r = call(emu, f"<get_trialbalance>{DATES}</get_trialbalance>")
    assert r.findtext("status") == "failure"
    assert errnos(r) == ["BL03000018"]
    assert "Location ID is required in a multi-base currency company" in (
        r.findtext("errormessage/error/description2") or ""
    )
    # an entity session needs no locationid
    assert rows(ok(emu, f"<get_trialbalance>{DATES}</get_trialbalance>", entity="CA"), "trialbalance")


def test_adjustment_book_and_reporting_book(emu: EmulatorHandle) -> None:
    seed_ledger(emu)
    only_adj = ok(
        emu,
        f"<get_trialbalance>{DATES}<reportingbook>ACCRUAL</reportingbook><adjbooks><adjbook>GAAP</adjbook>"
        "</adjbooks><includereportingbook>false</includereportingbook><locationid>US</locationid></get_trialbalance>",
    )
    assert {row["glaccountno"]: row["endbalance"] for row in rows(only_adj, "trialbalance")} == {
        "2100": "-40.00",
        "6200": "40.00",
    }
    cash = call(emu, f"<get_trialbalance>{DATES}<reportingbook>CASH</reportingbook></get_trialbalance>")
    assert errnos(cash) == ["DL02000001"]
    assert "Reporting book CASH is not enabled" in (cash.findtext("errormessage/error/description2") or "")


def test_balances_grouped_by_dimensions_and_udd_filter(emu: EmulatorHandle) -> None:
    seed_ledger(emu)
    r = ok(
        emu,
        f"<get_accountbalancesbydimensions>{DATES}<startaccountno>4000</startaccountno>"
        "<endaccountno>4999</endaccountno><locationid>US</locationid><groupby>department,fund</groupby>"
        "</get_accountbalancesbydimensions>",
    )
    got = {
        (x["departmentid"], x["fundid"]): (x["periodbalance"], x["departmentname"])
        for x in rows(r, "accountbalance")
    }
    assert got == {("CON", "F2"): ("-200.00", "Construction"), ("ENG", "F1"): ("-500.00", "Engineering")}
    filtered = ok(
        emu,
        f"<get_accountbalancesbydimensions>{DATES}<glaccountno>4000</glaccountno><locationid>US</locationid>"
        "<userDefinedDimensions><userDefinedDimension><objectName>fund</objectName><recordId>F1</recordId>"
        "</userDefinedDimension></userDefinedDimensions><groupby>location</groupby>"
        "</get_accountbalancesbydimensions>",
    )
    assert [(x["locationid"], x["periodbalance"]) for x in rows(filtered, "accountbalance")] == [
        ("US-NY", "-500.00")
    ]
    bad = call(
        emu,
        f"<get_accountbalancesbydimensions>{DATES}<groupby>planet</groupby></get_accountbalancesbydimensions>",
    )
    assert errnos(bad) == ["DL02000001"]
    assert "'planet' is not a dimension of this company" in (
        bad.findtext("errormessage/error/description2") or ""
    )


def test_budget_vs_actual_from_the_default_budget(emu: EmulatorHandle) -> None:
    seed_ledger(emu)
    ok(
        emu,
        "<create><GLBUDGETHEADER><BUDGETID>FY26</BUDGETID><DESCRIPTION>Plan</DESCRIPTION>"
        "<DEFAULT_BUDGET>true</DEFAULT_BUDGET><GLBUDGETITEMS>"
        "<GLBUDGETITEM><ACCT_NO>4000</ACCT_NO><PERIODNAME>Month Ended June 2026</PERIODNAME>"
        "<AMOUNT>650.00</AMOUNT><LOCATION_NO>US-NY</LOCATION_NO><PROJECTID>P-100</PROJECTID></GLBUDGETITEM>"
        "<GLBUDGETITEM><ACCT_NO>6200</ACCT_NO><PERIODNAME>Month Ended June 2026</PERIODNAME>"
        "<AMOUNT>25.00</AMOUNT><LOCATION_NO>US-NY</LOCATION_NO></GLBUDGETITEM>"
        "<GLBUDGETITEM><ACCT_NO>6200</ACCT_NO><PERIODNAME>Month Ended July 2026</PERIODNAME>"
        "<AMOUNT>99.00</AMOUNT><LOCATION_NO>US-NY</LOCATION_NO></GLBUDGETITEM>"
        "</GLBUDGETITEMS></GLBUDGETHEADER></create>",
    )
    r = ok(
        emu,
        "<get_accountbalancesbydimensions><reportingperiodname>Month Ended June 2026</reportingperiodname>"
        "<contentselection>Actual and Budget</contentselection><locationid>US</locationid>"
        "<groupby>location</groupby></get_accountbalancesbydimensions>",
    )
    got = {
        (x["glaccountno"], x["locationid"]): (x["periodbalance"], x["budgetbalance"], x["difference"])
        for x in rows(r, "accountbalance")
        if x["glaccountno"] in ("4000", "6200")
    }
    # debit-positive like the actuals: a budget on credit-normal revenue (4000) counts as a credit
    assert got[("6200", "US-NY")] == ("40.00", "25.00", "-15.00")
    assert got[("4000", "US-NY")] == ("-500.00", "-650.00", "-150.00")
    assert got[("4000", "US-TX")] == ("-200.00", "0", "200.00")
    budget_only = ok(
        emu,
        "<get_accountbalancesbydimensions><reportingperiodname>Month Ended June 2026</reportingperiodname>"
        "<contentselection>Budget</contentselection><budgetid>FY26</budgetid><glaccountno>6200</glaccountno>"
        "<locationid>US</locationid><groupby>location</groupby></get_accountbalancesbydimensions>",
    )
    assert [(x["budgetbalance"], "periodbalance" in x) for x in rows(budget_only, "accountbalance")] == [
        ("25.00", False)
    ]
    missing = call(
        emu,
        "<get_accountbalancesbydimensions><reportingperiodname>Month Ended June 2026</reportingperiodname>"
        "<contentselection>Budget</contentselection><budgetid>NOPE</budgetid></get_accountbalancesbydimensions>",
    )
    assert errnos(missing)[0] == "EMU-REFERENCE"


def test_account_groups_filter_balances_and_flatten_to_hierarchy(emu: EmulatorHandle) -> None:
    seed_ledger(emu)
    ok(
        emu,
        "<create><GLACCTGRP><NAME>Cash and receivables</NAME><MEMBERTYPE>Accounts</MEMBERTYPE><GLACCTRANGES>"
        "<ACCTRANGE><RANGEFROM>1000</RANGEFROM><RANGETO>1099</RANGETO></ACCTRANGE>"
        "<ACCTRANGE><RANGEFROM>1100</RANGEFROM><RANGETO>1100</RANGETO></ACCTRANGE></GLACCTRANGES></GLACCTGRP>"
        "<GLACCTGRP><NAME>Revenue</NAME><MEMBERTYPE>Accounts</MEMBERTYPE><NORMAL_BALANCE>credit</NORMAL_BALANCE>"
        "<GLACCTRANGES><ACCTRANGE><RANGEFROM>4000</RANGEFROM><RANGETO>4999</RANGETO></ACCTRANGE></GLACCTRANGES>"
        "</GLACCTGRP></create>",
    )
    ok(
        emu,
        "<create><GLACCTGRP><NAME>Everything</NAME><MEMBERTYPE>Groups</MEMBERTYPE><GLACCTGRPS>"
        "<GLACCTGRPMEMBER><CHILDNAME>Cash and receivables</CHILDNAME></GLACCTGRPMEMBER>"
        "<GLACCTGRPMEMBER><CHILDNAME>Revenue</CHILDNAME></GLACCTGRPMEMBER></GLACCTGRPS></GLACCTGRP></create>",
    )
    r = ok(
        emu,
        f"<get_accountbalancesbydimensions>{DATES}<accountgroupname>Everything</accountgroupname>"
        "<locationid>US</locationid><groupby>location</groupby></get_accountbalancesbydimensions>",
    )
    assert sorted({x["glaccountno"] for x in rows(r, "accountbalance")}) == ["1000", "1100", "4000"]
    h = ok(
        emu,
        "<query><object>GLACCTGRPHIERARCHY</object><select><field>GLACCTGRPNAME</field><field>ACCOUNTNO</field>"
        "</select><filter><equalto><field>GLACCTGRPNAME</field><value>Revenue</value></equalto></filter></query>",
    )
    assert [x["ACCOUNTNO"] for x in rows(h, "GLACCTGRPHIERARCHY")] == ["4000", "4100", "4900"]
    bad = call(
        emu,
        "<create><GLACCTGRP><NAME>Loop</NAME><MEMBERTYPE>Groups</MEMBERTYPE><GLACCTGRPS><GLACCTGRPMEMBER>"
        "<CHILDNAME>Missing</CHILDNAME></GLACCTGRPMEMBER></GLACCTGRPS></GLACCTGRP></create>",
    )
    assert errnos(bad)[0] == "EMU-REFERENCE"
    unknown = call(
        emu, f"<get_trialbalance>{DATES}<accountgroupname>Nope</accountgroupname></get_trialbalance>"
    )
    assert errnos(unknown)[0] == "EMU-REFERENCE"


def test_gl_line_query_with_aggregates_matches_the_balance(emu: EmulatorHandle) -> None:
    seed_ledger(emu)
    r = ok(
        emu,
        "<query><object>GLENTRY</object><select><field>ACCOUNTNO</field><field>TR_TYPE</field>"
        "<sum>AMOUNT</sum><count>RECORDNO</count></select><filter><and>"
        "<equalto><field>ACCOUNTNO</field><value>4000</value></equalto>"
        "<between><field>ENTRY_DATE</field><value>06/01/2026</value><value>06/30/2026</value></between>"
        "</and></filter></query>",
    )
    (agg,) = rows(r, "GLENTRY")
    assert (agg["TR_TYPE"], Decimal(agg["SUM.AMOUNT"]), agg["COUNT.RECORDNO"]) == (
        "-1",
        Decimal("1000.00"),
        "3",
    )


def test_async_read_report_pending_then_pages_then_deleted(emu: EmulatorHandle) -> None:
    seed_ledger(emu)
    args = (
        f"<get_accountbalancesbydimensions>{DATES}<locationid>US</locationid><groupby>location,department</groupby>"
        "</get_accountbalancesbydimensions>"
    )
    started = ok(
        emu,
        f'<readReport type="STANDARD" returnDef="false"><report>get_accountbalancesbydimensions</report>'
        f"<arguments>{args}</arguments><pagesize>3</pagesize></readReport>",
    )
    report_id = started.findtext("data/report_results/REPORTID") or ""
    assert (len(report_id), started.findtext("data/report_results/STATUS")) == (48, "PENDING")
    busy = call(
        emu,
        f'<readReport type="STANDARD"><report>get_accountbalancesbydimensions</report><arguments>{args}</arguments>'
        "</readReport>",
    )
    assert errnos(busy) == ["EMU-REPORT"]
    poll = ok(emu, f"<readMore><reportId>{report_id}</reportId></readMore>")
    assert poll.findtext("data/report_results/STATUS") == "PENDING"
    pages: list[list[dict[str, str]]] = []
    remaining = []
    while True:
        page = ok(emu, f"<readMore><reportId>{report_id}</reportId></readMore>")
        data = page.find("data")
        assert data is not None
        assert data.get("listtype") == "report"
        pages.append(rows(page, "accountbalance"))
        remaining.append(data.get("numremaining"))
        if data.get("numremaining") == "0":
            break
    sync = ok(emu, args)
    assert [row for p in pages for row in p] == rows(sync, "accountbalance")
    assert [len(p) for p in pages] == [3, 3, 2]
    assert remaining == ["5", "2", "0"]
    gone = call(emu, f"<readMore><reportId>{report_id}</reportId></readMore>")
    assert errnos(gone) == ["EMU-REPORT"]
    assert "last page was already read" in (gone.findtext("errormessage/error/description2") or "")


def test_read_report_limits(emu: EmulatorHandle) -> None:
    big = call(
        emu,
        '<readReport type="STANDARD"><report>get_trialbalance</report><arguments><get_trialbalance>'
        f"{DATES}</get_trialbalance></arguments><pagesize>1001</pagesize></readReport>",
    )
    assert "pagesize must be between 1 and 1000" in (big.findtext("errormessage/error/description2") or "")
    custom = call(emu, "<readReport><report>My P&amp;L</report></readReport>")  # custom: not modelled
    assert errnos(custom) == ["EMU-UNSUPPORTED"]
    assert "Function readReport is not modelled by the emulator: custom reports" in (
        custom.findtext("errormessage/error/description2") or ""
    )
    unknown = call(emu, '<readReport type="STANDARD"><report>get_pnl</report></readReport>')
    assert errnos(unknown) == ["EMU-REPORT"]
    assert "Report 'get_pnl' is not memorized" in (unknown.findtext("errormessage/error/description2") or "")
    wait = call(
        emu,
        '<readReport type="STANDARD"><report>get_trialbalance</report><arguments><get_trialbalance>'
        f"{DATES}</get_trialbalance></arguments><waitTime>31</waitTime></readReport>",
    )
    assert "waitTime must be between 0 and 30" in (wait.findtext("errormessage/error/description2") or "")
