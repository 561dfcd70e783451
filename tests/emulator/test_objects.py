"""Object functions beyond GLBATCH: updates, deletes, AP/AR documents, budgets, metadata, reporting."""

from __future__ import annotations

from typing import Any

import httpx
from lxml import etree

from intacct_emulator.testing import EmulatorHandle

from .helpers import SENDER, envelope, errnos, fn, post, results, simple_je


def call(emu: EmulatorHandle, body: str, **kw: Any) -> etree._Element:
    _, root = post(emu.url, envelope(fn("f", body), **kw))
    return results(root)[0]


def ok(emu: EmulatorHandle, body: str, **kw: Any) -> etree._Element:
    r = call(emu, body, **kw)
    assert (r.findtext("status"), errnos(r)) == ("success", [])
    return r


def test_update_and_delete_master_data(emu: EmulatorHandle) -> None:
    r = ok(emu, "<create><CUSTOMER><CUSTOMERID>C900</CUSTOMERID><NAME>Bridgeworks</NAME></CUSTOMER></create>")
    recordno = r.findtext("data/customer/RECORDNO")
    ok(
        emu,
        f"<update><CUSTOMER><RECORDNO>{recordno}</RECORDNO><NAME>Bridgeworks Ltd</NAME></CUSTOMER></update>",
    )
    ok(
        emu,
        "<update><CUSTOMER><CUSTOMERID>C900</CUSTOMERID><CREDITLIMIT>5000</CREDITLIMIT></CUSTOMER></update>",
    )
    r = ok(
        emu,
        "<readByName><object>CUSTOMER</object><keys>C900</keys><fields>NAME,CREDITLIMIT,CREATEDBY</fields>"
        "</readByName>",
    )
    assert [(c.tag, c.text) for c in r.find("data/CUSTOMER")] == [  # type: ignore[union-attr]
        ("NAME", "Bridgeworks Ltd"),
        ("CREDITLIMIT", "5000"),
        ("CREATEDBY", "api_sync"),
    ]
    r = ok(emu, f"<delete><object>CUSTOMER</object><keys>{recordno}</keys></delete>")
    assert r.find("data") is None
    r = call(emu, f"<delete><object>CUSTOMER</object><keys>{recordno}</keys></delete>")
    assert errnos(r) == ["EMU-NOTFOUND"]


def test_glbatch_update_replaces_lines_and_delete_unposts(emu: EmulatorHandle) -> None:
    recordno = ok(emu, simple_je("UPD-1", "10")).findtext("data/glbatch/RECORDNO")
    ok(
        emu,
        f"<update><GLBATCH><RECORDNO>{recordno}</RECORDNO><ENTRIES>"
        "<GLENTRY><ACCOUNTNO>6300</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>20</TRX_AMOUNT><LOCATION>US-NY</LOCATION></GLENTRY>"
        "<GLENTRY><ACCOUNTNO>1000</ACCOUNTNO><TR_TYPE>-1</TR_TYPE><TRX_AMOUNT>20</TRX_AMOUNT><LOCATION>US-NY</LOCATION></GLENTRY>"
        "</ENTRIES></GLBATCH></update>",
    )
    assert sorted((x["ACCOUNTNO"], x["AMOUNT"]) for x in emu.records("GLENTRY")) == [
        ("1000", "20"),
        ("6300", "20"),
    ]
    ok(emu, f"<delete><object>GLBATCH</object><keys>{recordno}</keys></delete>")
    assert emu.records("GLENTRY") == []


def test_bill_payment_and_reversal(emu: EmulatorHandle) -> None:
    r = ok(
        emu,
        "<create><APBILL><VENDORID>V100</VENDORID><WHENCREATED>06/01/2026</WHENCREATED><RECORDID>AB-1</RECORDID>"
        "<DOCNUMBER>PO-1</DOCNUMBER><APBILLITEMS><APBILLITEM><ACCOUNTNO>5200</ACCOUNTNO><TRX_AMOUNT>400</TRX_AMOUNT>"
        "<PROJECTID>P-100</PROJECTID><LOCATIONID>US-NY</LOCATIONID></APBILLITEM></APBILLITEMS></APBILL></create>",
    )
    bill = r.findtext("data/apbill/RECORDNO")
    ok(
        emu,
        f"<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BOA</FINANCIALENTITY><VENDORID>V100</VENDORID>"
        f"<PAYMENTDATE>06/20/2026</PAYMENTDATE><APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>{bill}</RECORDKEY>"
        "<TRX_PAYMENTAMOUNT>150</TRX_PAYMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>",
    )
    r = ok(
        emu,
        "<readByQuery><object>APBILL</object><query>DOCNUMBER = 'PO-1'</query>"
        "<fields>RECORDID,TOTALENTERED,TOTALPAID,TOTALDUE,STATE,VENDORNAME,MEGAENTITYID</fields></readByQuery>",
    )
    assert [(c.tag, c.text) for c in r.find("data/apbill")] == [  # type: ignore[union-attr]
        ("RECORDID", "AB-1"),
        ("TOTALENTERED", "400"),
        ("TOTALPAID", "150"),
        ("TOTALDUE", "250"),
        ("STATE", "Partially Paid"),
        ("VENDORNAME", "Atlas Concrete Supply"),
        ("MEGAENTITYID", None),
    ]
    reverse_bill = (
        f'<reverse_bill key="{bill}"><datereversed><year>2026</year><month>7</month><day>1</day>'
        "</datereversed></reverse_bill>"
    )
    refused = call(emu, reverse_bill)
    assert refused.findtext("status") == "failure"
    assert "has payments applied" in (refused.findtext("errormessage/error/description2") or "")
    payment = emu.records("APPYMT")[0]["RECORDNO"]
    ok(emu, f'<reverse_appayment key="{payment}"></reverse_appayment>')
    restored = emu.records("APBILL")[0]
    assert (restored["STATE"], restored["TOTALPAID"], restored["TOTALDUE"]) == ("Posted", "0", "400")
    r = ok(emu, reverse_bill)
    assert r.findtext("key") == bill
    assert emu.records("APBILL")[0]["STATE"] == "Reversed"
    # bill, payment and both reversals leave nothing on AP or cash
    assert _balances(emu) == {"1000": "0", "2000": "0", "5200": "0"}


def _balances(emu: EmulatorHandle) -> dict[str, str]:
    r = ok(
        emu,
        "<get_trialbalance><startdate><year>2026</year><month>1</month><day>1</day></startdate></get_trialbalance>",
    )
    return {
        t.findtext("glaccountno") or "": t.findtext("endbalance") or ""
        for t in r.findall("data/trialbalance")
    }


def test_glbatch_auto_reversal_and_header_update_repost(emu: EmulatorHandle) -> None:
    je = simple_je("ACCR-1", "250.00").replace(
        "</BATCH_DATE>", "</BATCH_DATE><REVERSEDATE>07/01/2026</REVERSEDATE>"
    )
    recordno = ok(emu, je).findtext("data/glbatch/RECORDNO")
    june = (
        "<get_trialbalance><startdate><year>2026</year><month>6</month><day>1</day></startdate>"
        "<enddate><year>2026</year><month>6</month><day>30</day></enddate></get_trialbalance>"
    )
    r = ok(emu, june)
    assert {t.findtext("glaccountno"): t.findtext("endbalance") for t in r.findall("data/trialbalance")} == {
        "1000": "-250.00",
        "6200": "250.00",
    }
    assert _balances(emu) == {"1000": "0.00", "6200": "0.00"}  # reversed on 07/01
    page = httpx.get(f"{emu.base_url}/__emulator__/companies/TRUE-DEMO/GLBATCH/{recordno}").text
    assert "Auto-reversal on 07/01/2026" in page
    # moving the posting date moves the GL lines; a reverse date before it is refused
    ok(
        emu,
        f"<update><GLBATCH><RECORDNO>{recordno}</RECORDNO><BATCH_DATE>06/15/2026</BATCH_DATE></GLBATCH></update>",
    )
    dates = sorted({g["ENTRY_DATE"] for g in emu.records("GLENTRY")})
    assert dates == ["06/15/2026", "07/01/2026"]
    bad = f"<update><GLBATCH><RECORDNO>{recordno}</RECORDNO><REVERSEDATE>06/01/2026</REVERSEDATE></GLBATCH></update>"
    assert call(emu, bad).findtext("status") == "failure"
    ok(emu, f"<delete><object>GLBATCH</object><keys>{recordno}</keys></delete>")
    assert emu.records("GLENTRY") == []


def test_payments_post_to_cash_and_deleting_one_reopens_the_bill(emu: EmulatorHandle) -> None:
    r = ok(
        emu,
        "<create><APBILL><VENDORID>V100</VENDORID><WHENCREATED>06/01/2026</WHENCREATED><RECORDID>AB-2</RECORDID>"
        "<APBILLITEMS><APBILLITEM><ACCOUNTNO>6200</ACCOUNTNO><TRX_AMOUNT>300</TRX_AMOUNT>"
        "<LOCATIONID>CA-ON</LOCATIONID></APBILLITEM></APBILLITEMS></APBILL></create>",
    )
    bill = r.findtext("data/apbill/RECORDNO")
    pay = ok(
        emu,
        "<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><VENDORID>V100</VENDORID><PAYMENTDATE>06/20/2026"
        f"</PAYMENTDATE><APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>{bill}</RECORDKEY><TRX_PAYMENTAMOUNT>300"
        "</TRX_PAYMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>",
    ).findtext("data/appymt/RECORDNO")
    assert emu.records("APBILL")[0]["STATE"] == "Paid"
    assert _balances(emu) == {"1000": "-300", "2000": "0", "6200": "300"}
    cash = [g for g in emu.records("GLENTRY") if g["ACCOUNTNO"] == "1000"]
    assert [(g["JOURNAL"], g["LOCATION"], g["MEGAENTITYID"]) for g in cash] == [("APJ", "CA-ON", "CA")]
    # a paid bill can be neither changed nor deleted; a payment cannot be updated
    assert (
        call(emu, f"<delete><object>APBILL</object><keys>{bill}</keys></delete>").findtext("status")
        == "failure"
    )
    update = (
        f"<update><APPYMT><RECORDNO>{pay}</RECORDNO><PAYMENTMETHOD>Cash</PAYMENTMETHOD></APPYMT></update>"
    )
    assert call(emu, update).findtext("status") == "failure"
    ok(emu, f"<delete><object>APPYMT</object><keys>{pay}</keys></delete>")
    reopened = emu.records("APBILL")[0]
    assert (reopened["STATE"], reopened["TOTALDUE"]) == ("Posted", "300")
    assert _balances(emu) == {"2000": "-300", "6200": "300"}  # the payment's GL lines are gone
    # an unpaid bill's header change re-posts its GL lines on the new date
    ok(
        emu,
        f"<update><APBILL><RECORDNO>{bill}</RECORDNO><WHENPOSTED>06/05/2026</WHENPOSTED></APBILL></update>",
    )
    lines = [g for g in emu.records("GLENTRY") if g["SOURCE"] == "APJ"]
    assert sorted(g["ENTRY_DATE"] for g in lines) == ["06/05/2026", "06/05/2026"]
    assert "_GL" not in emu.records("APBILL")[0]


def test_invoice_and_arpayment_legacy(emu: EmulatorHandle) -> None:
    r = ok(
        emu,
        "<create_invoice><customerid>C200</customerid><datecreated><year>2026</year><month>6</month><day>30</day>"
        "</datecreated><invoiceno>INV-9</invoiceno><invoiceitems><lineitem><glaccountno>4000</glaccountno>"
        "<amount>5000</amount><locationid>CA-ON</locationid><projectid>P-200</projectid></lineitem>"
        "</invoiceitems></create_invoice>",
    )
    key = r.findtext("key")
    assert r.find("data") is None
    ok(
        emu,
        f"<create_arpayment><customerid>C200</customerid><paymentamount>5000</paymentamount><refid>CHK-1</refid>"
        "<datereceived><year>2026</year><month>7</month><day>15</day></datereceived>"
        f"<arpaymentitem><invoicekey>{key}</invoicekey><amount>5000</amount></arpaymentitem></create_arpayment>",
    )
    r = ok(
        emu,
        "<query><select><field>RECORDID</field><field>STATE</field><field>TOTALDUE</field><field>CUSTOMER.NAME</field>"
        "</select><object>ARINVOICE</object><filter><equalto><field>RECORDID</field><value>INV-9</value>"
        "</equalto></filter><options><showprivate>true</showprivate></options></query>",
    )
    row = r.find("data/ARINVOICE")
    assert row is not None
    assert [c.text for c in row] == ["INV-9", "Paid", "0", "Harbourfront Developments Inc."]
    r = ok(
        emu,
        "<readByQuery><object>ARPYMT</object><query>DOCNUMBER = 'CHK-1'</query><fields>TOTALENTERED</fields>"
        "</readByQuery>",
    )
    assert r.findtext("data/arpymt/TOTALENTERED") == "5000"
    assert _balances(emu) == {"1000": "5000", "1100": "0", "4000": "-5000"}
    receipt = emu.records("ARPYMT")[0]["RECORDNO"]
    ok(emu, f'<reverse_arpayment key="{receipt}"></reverse_arpayment>')
    assert (emu.records("ARINVOICE")[0]["STATE"], emu.records("ARINVOICE")[0]["TOTALDUE"]) == (
        "Posted",
        "5000",
    )
    assert _balances(emu) == {"1000": "0", "1100": "5000", "4000": "-5000"}


def test_invoice_with_private_project_at_top_level_without_location_is_refused(emu: EmulatorHandle) -> None:
    r = call(
        emu,
        "<create_invoice><customerid>C200</customerid><datecreated><year>2026</year><month>6</month>"
        "<day>30</day></datecreated><invoiceitems><lineitem><glaccountno>4100</glaccountno><amount>10</amount>"
        "<projectid>P-200</projectid></lineitem></invoiceitems></create_invoice>",
    )
    assert errnos(r) == ["EMU-PRIVATE"]


def test_budget_with_items(emu: EmulatorHandle) -> None:
    ok(
        emu,
        "<create><GLBUDGETHEADER><BUDGETID>FY2026</BUDGETID><DESCRIPTION>Operating budget</DESCRIPTION>"
        "<GLBUDGETITEMS><GLBUDGETITEM><ACCT_NO>6200</ACCT_NO><PERIODNAME>Month Ended June 2026</PERIODNAME>"
        "<AMOUNT>1200</AMOUNT><LOCATION_NO>US-NY</LOCATION_NO></GLBUDGETITEM></GLBUDGETITEMS></GLBUDGETHEADER></create>",
    )
    r = call(
        emu,
        "<create><GLBUDGETHEADER><BUDGETID>FY2027</BUDGETID><DESCRIPTION>x</DESCRIPTION><GLBUDGETITEMS>"
        "<GLBUDGETITEM><ACCT_NO>6000</ACCT_NO><PERIODNAME>Month Ended June 2026</PERIODNAME><AMOUNT>1</AMOUNT>"
        "</GLBUDGETITEM></GLBUDGETITEMS></GLBUDGETHEADER></create>",
    )
    assert errnos(r) == ["BL03000018", "BL01001973"]


def test_udd_and_dimension_metadata(emu: EmulatorHandle) -> None:
    r = ok(emu, "<getDimensions/>")
    names = [(d.findtext("objectName"), d.findtext("userDefinedDimension")) for d in r.iter("dimension")]
    assert names[-1] == ("fund", "true")
    assert ("DEPARTMENT", "false") in names
    r = ok(emu, "<query><select><field>id</field><field>name</field></select><object>fund</object></query>")
    assert [x.text for x in r.iter("id")] == ["F1", "F2", "F3"]
    ok(emu, "<create><FUND><id>F4</id><name>Joint venture</name></FUND></create>")
    r = call(
        emu,
        simple_je("UDD-1").replace(
            "<LOCATION>US-NY</LOCATION></GLENTRY>",
            "<LOCATION>US-NY</LOCATION><GLDIMFUND>F9</GLDIMFUND></GLENTRY>",
            1,
        ),
    )
    assert errnos(r) == ["EMU-REFERENCE", "BL01001973"]


def test_inspect_lookup_and_entities(emu: EmulatorHandle) -> None:
    r = ok(emu, '<inspect detail="1"><object>GLBATCH</object></inspect>')
    assert r.find("data/Type").get("Name") == "GLBATCH"  # type: ignore[union-attr]
    assert r.findtext("data/Type/Attributes/SingularName") == "Journal Entry"
    r = ok(emu, "<lookup><object>APBILL</object></lookup>")
    assert r.findtext("data/Type/Relationships/Relationship/OBJECTPATH") == "VENDOR"
    r = ok(
        emu,
        "<readByQuery><object>LOCATIONENTITY</object><query/><fields>LOCATIONID,CURRENCY</fields></readByQuery>",
    )
    assert [(x.findtext("LOCATIONID"), x.findtext("CURRENCY")) for x in r.iter("locationentity")] == [
        ("US", "USD"),
        ("CA", "CAD"),
        ("UK", "GBP"),
    ]
    r = call(emu, "<readByQuery><object>NOPE</object><query/></readByQuery>")
    assert errnos(r) == ["Query Failed"]


def test_gldetail_and_balances_by_dimension(emu: EmulatorHandle) -> None:
    ok(emu, simple_je("D-1", "70"))
    r = ok(
        emu,
        "<query><select><field>ACCOUNTNO</field><field>DEBITAMOUNT</field><field>CREDITAMOUNT</field>"
        "<field>REFERENCENO</field></select><object>GLDETAIL</object><orderby><order><field>ACCOUNTNO</field>"
        "<ascending/></order></orderby></query>",
    )
    assert [[c.text for c in row] for row in r.iter("GLDETAIL")] == [
        ["1000", "0", "70", "D-1"],
        ["6200", "70", "0", "D-1"],
    ]
    r = ok(
        emu,
        "<get_accountbalancesbydimensions><startdate><year>2026</year><month>1</month><day>1</day></startdate>"
        "<enddate><year>2026</year><month>12</month><day>31</day></enddate><glaccountno>6200</glaccountno>"
        "</get_accountbalancesbydimensions>",
    )
    row = r.find("data/accountbalance")
    assert row is not None
    assert (row.findtext("endbalance"), row.findtext("locationid")) == ("70", "US-NY")


def test_sender_authorisation_policy_and_result_id_binding(emu: EmulatorHandle) -> None:
    xml = envelope(fn("a", "<getAPISession/>")).replace(
        f"<senderid>{SENDER[0]}", "<senderid>unauthorized_sender"
    )
    _, root = post(emu.url, xml)
    assert root.findtext("operation/errormessage/error/description") == "Invalid Web Services Authorization"
    _, root = post(emu.url, envelope(fn("a", "<getAPISession/>"), policy="no-such-policy"))
    assert root.findtext("control/status") == "failure"
    assert (
        root.findtext("errormessage/error/description2") == "no-such-policy is not a valid transport policy."
    )
    r = ok(emu, "<readByQuery><object>GLACCOUNT</object><query/><pagesize>2</pagesize></readByQuery>")
    rid = r.find("data").get("resultId")  # type: ignore[union-attr]
    r = call(
        emu,
        f"<readMore><resultId>{rid}</resultId></readMore>",
        user="api_readonly",
        password="demo-readonly-pass",
    )
    assert errnos(r) == ["EMU-RESULTID"]


def test_create_gltransaction_legacy(emu: EmulatorHandle) -> None:
    r = ok(
        emu,
        "<create_gltransaction><journalid>ADJ</journalid><datecreated><year>2026</year><month>6</month><day>30</day>"
        "</datecreated><description>Year-end adjustment</description><referenceno>ADJ-7</referenceno>"
        "<gltransactionentries><glentry><trtype>debit</trtype><amount>80</amount><glaccountno>6400</glaccountno>"
        "<locationid>UK-LDN</locationid></glentry><glentry><trtype>credit</trtype><amount>80</amount>"
        "<glaccountno>2100</glaccountno><locationid>UK-LDN</locationid></glentry></gltransactionentries>"
        "</create_gltransaction>",
    )
    batch = next(b for b in emu.records("GLBATCH") if b["RECORDNO"] == r.findtext("key"))
    assert (batch["JOURNAL"], batch["REFERENCENO"], batch["BATCH_TITLE"]) == (
        "ADJ",
        "ADJ-7",
        "Year-end adjustment",
    )
    assert [(x["ACCOUNTNO"], x["TR_TYPE"], x["CURRENCY"]) for x in batch["ENTRIES"]["GLENTRY"]] == [
        ("6400", "1", "GBP"),
        ("2100", "-1", "GBP"),
    ]


def test_inspect_all_objects(emu: EmulatorHandle) -> None:
    r = ok(emu, "<inspect><object>*</object></inspect>")
    types = {t.get("typename"): t.text for t in r.iter("type")}
    assert types["GLBATCH"] == "Journal Entry"
    assert types["APBILL"] == "Bill"


def test_entity_session_writes_are_private_and_scoped(emu: EmulatorHandle) -> None:
    _, root = post(emu.url, envelope(fn("s", "<getAPISession><locationid>CA</locationid></getAPISession>")))
    ca = f"<sessionid>{root.findtext('operation/result/data/api/sessionid')}</sessionid>"
    r = call(emu, simple_je("CA-X"), auth=ca)  # US-NY lines from a CA session
    assert errnos(r) == ["EMU-PRIVATE"]
    r = ok(emu, "<create><CLASS><CLASSID>CA-ONLY</CLASSID><NAME>Canada only</NAME></CLASS></create>", auth=ca)
    _, root = post(emu.url, envelope(fn("s", "<getAPISession><locationid>UK</locationid></getAPISession>")))
    uk = f"<sessionid>{root.findtext('operation/result/data/api/sessionid')}</sessionid>"
    q = "<readByQuery><object>CLASS</object><query/><fields>CLASSID,MEGAENTITYID</fields></readByQuery>"
    assert [x.text for x in call(emu, q, auth=uk).iter("CLASSID")] == ["C1", "C2", "C3"]
    assert [x.text for x in call(emu, q, auth=ca).iter("CLASSID")] == ["C1", "C2", "C3", "CA-ONLY"]
    r = call(emu, "<update><CLASS><CLASSID>CA-ONLY</CLASSID><NAME>hijack</NAME></CLASS></update>", auth=uk)
    assert errnos(r) == ["EMU-NOTFOUND"]


def test_legacy_get_list(emu: EmulatorHandle) -> None:
    body = (
        '<get_list object="class" maxitems="2"><filter><logical logical_operator="or">'
        "<expression><field>classid</field><operator>=</operator><value>C1</value></expression>"
        "<expression><field>name</field><operator>like</operator><value>Res%</value></expression>"
        "</logical></filter></get_list>"
    )
    r = ok(emu, body)
    listtype = r.find("listtype")
    assert listtype is not None
    assert (listtype.text, listtype.get("start"), listtype.get("end"), listtype.get("total")) == (
        "class",
        "0",
        "1",
        "2",
    )
    assert [x.findtext("classid") for x in r.iter("class")] == ["C1", "C3"]
