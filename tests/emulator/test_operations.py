"""Order Entry, Purchasing, Inventory, Cash Management, Employee Expense and AP/AR adjustments:
states, references and GL effects, and what Intacct refuses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from intacct_emulator.testing import EmulatorHandle

from .helpers import envelope, errnos, fn, post, results

JUNE = "<year>2026</year><month>06</month><day>15</day>"


def call(emu: EmulatorHandle, body: str) -> etree._Element:
    _, root = post(emu.url, envelope(fn("f", body)))
    return results(root)[0]


def ok(emu: EmulatorHandle, body: str) -> etree._Element:
    r = call(emu, body)
    assert (r.findtext("status"), errnos(r)) == ("success", []), etree.tostring(r).decode()
    return r


def refused(emu: EmulatorHandle, body: str) -> tuple[str, str]:
    r = call(emu, body)
    assert r.findtext("status") == "failure", etree.tostring(r).decode()
    return errnos(r)[0], r.findtext("errormessage/error/description2") or ""


def postings(emu: EmulatorHandle, key: str) -> list[tuple[str, str, str, str]]:
    rows = sorted(
        (e for e in emu.records("GLENTRY") if e["BATCHNO"] == key), key=lambda e: int(e["RECORDNO"])
    )
    return [(e["ACCOUNTNO"], e["TR_TYPE"], e["AMOUNT"], e.get("PROJECTID", "")) for e in rows]


def one(emu: EmulatorHandle, obj: str, **match: str | None) -> dict[str, Any]:
    (rec,) = [r for r in emu.records(obj) if all(r.get(k) == v for k, v in match.items())]
    return rec


def _po(item: str = "I300", qty: str = "10", extra: str = "") -> str:
    return (
        f"<create_potransaction><transactiontype>Purchase Order</transactiontype><datecreated>{JUNE}</datecreated>"
        f"<vendorid>V100</vendorid>{extra}<potransitems><potransitem><itemid>{item}</itemid><quantity>{qty}</quantity>"
        "<price>150</price><locationid>US-NY</locationid><projectid>P-100</projectid><taskid>T-100-DES</taskid>"
        "<costtypeid>MAT</costtypeid></potransitem></potransitems></create_potransaction>"
    )


def _vendor_invoice(source: str, qty: str = "10") -> str:
    return (
        f"<create_potransaction><transactiontype>Vendor Invoice</transactiontype><datecreated>{JUNE}</datecreated>"
        f"<createdfrom>{source}</createdfrom><vendorid>V100</vendorid><potransitems><potransitem><itemid>I300</itemid>"
        f"<quantity>{qty}</quantity><price>150</price><locationid>US-NY</locationid><projectid>P-100</projectid>"
        "</potransitem></potransitems></create_potransaction>"
    )


def test_purchase_order_needs_approval_then_converts_into_a_posted_vendor_invoice(
    emu: EmulatorHandle,
) -> None:
    docid = ok(emu, _po()).findtext("key") or ""
    assert docid == "Purchase Order-PO0001"
    assert one(emu, "PODOCUMENT", DOCID=docid)["STATE"] == "Submitted"
    assert refused(emu, _vendor_invoice(docid)) == (
        "EMU-REQUEST",
        f"{docid} is Submitted and cannot be converted",
    )
    r = ok(
        emu,
        "<query><object>PODOCUMENTENTRY</object><select><field>DOCID</field><field>PROJECTID</field>"
        "<field>TOTAL</field><field>COMMITMENT</field></select></query>",
    )
    assert [
        (x.findtext("DOCID"), x.findtext("PROJECTID"), x.findtext("TOTAL"), x.findtext("COMMITMENT"))
        for x in r.iter("PODOCUMENTENTRY")
    ] == [(docid, "P-100", "1500.00", "true")]
    ok(emu, f"<approve><PODOCUMENT><DOCID>{docid}</DOCID><COMMENT>ok</COMMENT></PODOCUMENT></approve>")
    assert one(emu, "PODOCUMENT", DOCID=docid)["STATE"] == "Pending"
    assert (
        refused(emu, f"<approve><PODOCUMENT><DOCID>{docid}</DOCID></PODOCUMENT></approve>")[0]
        == "EMU-REQUEST"
    )
    invoice = ok(emu, _vendor_invoice(docid)).findtext("key") or ""
    assert one(emu, "PODOCUMENT", DOCID=docid)["STATE"] == "Converted"
    bill = one(emu, "APBILL", RECORDID=invoice)
    assert (bill["VENDORID"], bill["TOTALENTERED"], bill["CREATEDBYDOCUMENT"]) == ("V100", "1500.00", invoice)
    assert postings(emu, bill["RECORDNO"]) == [
        ("5200", "1", "1500.00", "P-100"),
        ("2000", "-1", "1500.00", ""),
    ]
    # a converted PO can no longer change, and the bill belongs to its document
    assert (
        refused(emu, f'<update_potransaction key="{docid}"><message>x</message></update_potransaction>')[0]
        == "EMU-REQUEST"
    )
    assert refused(emu, f'<delete_potransaction key="{docid}" />')[0] == "EMU-INUSE"
    assert refused(emu, f'<delete_bill key="{bill["RECORDNO"]}" />')[0] == "EMU-INUSE"
    # editing the vendor invoice re-creates its bill (a new RECORDNO), as Intacct does
    ok(emu, f'<update_potransaction key="{invoice}"><referenceno>VI-REF</referenceno></update_potransaction>')
    recreated = one(emu, "APBILL", RECORDID=invoice)
    assert recreated["RECORDNO"] != bill["RECORDNO"]
    assert postings(emu, bill["RECORDNO"]) == []
    # once the bill is paid, the vendor invoice cannot be changed or deleted
    ok(
        emu,
        "<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BA-OPER</FINANCIALENTITY><VENDORID>V100</VENDORID>"
        f"<PAYMENTDATE>06/20/2026</PAYMENTDATE><APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>{recreated['RECORDNO']}</RECORDKEY>"
        "<TRX_PAYMENTAMOUNT>100</TRX_PAYMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>",
    )
    assert refused(emu, f'<delete_potransaction key="{invoice}" />')[0] == "EMU-REQUEST"
    assert len(emu.records("APBILL")) == 1


def test_declined_po_and_unknown_definitions_or_items(emu: EmulatorHandle) -> None:
    docid = ok(emu, _po()).findtext("key")
    ok(emu, f"<decline><PODOCUMENT><DOCID>{docid}</DOCID></PODOCUMENT></decline>")
    assert one(emu, "PODOCUMENT", DOCID=docid)["STATE"] == "Declined"
    assert refused(emu, _po().replace("Purchase Order", "Purchase Ordr")) == (
        "EMU-REFERENCE",
        "Invalid Transaction definition 'Purchase Ordr' specified.",
    )
    assert refused(emu, _po(item="I999"))[0] == "EMU-REFERENCE"
    assert refused(emu, _po(qty="0"))[0] == "EMU-REQUEST"
    assert (
        refused(emu, _po().replace("<costtypeid>MAT", "<costtypeid>SUB"))[0] == "EMU-REFERENCE"
    )  # not on T-100-DES


def test_sales_invoice_posts_to_ar_with_the_items_revenue_account(emu: EmulatorHandle) -> None:
    body = (
        f"<create_sotransaction><transactiontype>Sales Invoice</transactiontype><datecreated>{JUNE}</datecreated>"
        "<customerid>C100</customerid><sotransitems><sotransitem><itemid>I100</itemid><quantity>8</quantity>"
        "<locationid>US-NY</locationid>{project}</sotransitem></sotransitems></create_sotransaction>"
    )
    assert refused(emu, body.format(project=""))[0] == "BL03000018"  # 4000 requires a project
    assert emu.records("SODOCUMENT") == []
    docid = ok(emu, body.format(project="<projectid>P-100</projectid>")).findtext("key")
    invoice = one(emu, "ARINVOICE", RECORDID=docid)
    assert invoice["TOTALENTERED"] == "1480.00"  # 8 hours at the item's 185 base price
    assert postings(emu, invoice["RECORDNO"]) == [
        ("4000", "-1", "1480.00", "P-100"),
        ("1100", "1", "1480.00", ""),
    ]


def test_inventory_quantities_and_refusals(emu: EmulatorHandle) -> None:
    def ic(kind: str, qty: str, item: str = "I400") -> str:
        return (
            f"<create_ictransaction><transactiontype>{kind}</transactiontype><datecreated>{JUNE}</datecreated><ictransitems>"
            f"<ictransitem><itemid>{item}</itemid><warehouseid>W-NY</warehouseid><quantity>{qty}</quantity></ictransitem>"
            "</ictransitems></create_ictransaction>"
        )

    ok(emu, ic("Inventory Receipt", "20"))
    assert refused(emu, ic("Inventory Shipper", "25")) == (
        "EMU-REQUEST",
        "Line 1: only 20 of item I400 on hand in warehouse W-NY",
    )
    ok(emu, ic("Inventory Shipper", "5"))
    r = ok(
        emu,
        "<query><object>ITEMWAREHOUSEINFO</object><select><field>ITEMID</field><field>QTYONHAND</field></select></query>",
    )
    assert [(x.findtext("ITEMID"), x.findtext("QTYONHAND")) for x in r.iter("ITEMWAREHOUSEINFO")] == [
        ("I400", "15")
    ]
    assert refused(emu, ic("Inventory Receipt", "1", item="I100"))[0] == "EMU-REQUEST"  # a service item


def test_expense_report_and_reimbursement(emu: EmulatorHandle) -> None:
    report = (
        ok(
            emu,
            f"<create_expensereport><employeeid>E100</employeeid><datecreated>{JUNE}</datecreated><expenses><expense>"
            "<expensetype>Travel</expensetype><amount>250</amount><locationid>US-NY</locationid></expense></expenses>"
            "</create_expensereport>",
        ).findtext("key")
        or ""
    )
    assert postings(emu, report) == [("6200", "1", "250", ""), ("2100", "-1", "250", "")]
    pay = (
        "<create_reimbursementrequest><bankaccountid>{bank}</bankaccountid><employeeid>E100</employeeid>"
        f"<paymentmethod>EFT</paymentmethod><paymentdate>{JUNE}</paymentdate><eppaymentrequestitems><eppaymentrequestitem>"
        f"<key>{report}</key><paymentamount>250</paymentamount></eppaymentrequestitem></eppaymentrequestitems>"
        "</create_reimbursementrequest>"
    )
    assert refused(emu, pay.format(bank="BA-NOPE"))[0] == "EMU-REFERENCE"
    paid = ok(emu, pay.format(bank="BA-OPER")).findtext("key") or ""
    assert (
        one(emu, "EEXPENSES", RECORDNO=report)["TOTALDUE"],
        one(emu, "EEXPENSES", RECORDNO=report)["STATE"],
    ) == ("0", "Paid")
    assert postings(emu, paid) == [("2100", "1", "250", ""), ("1000", "-1", "250", "")]
    assert refused(emu, f'<delete_expensereport key="{report}" />')[0] == "EMU-REQUEST"  # it has been paid


def test_charge_card_other_receipt_and_deposit(emu: EmulatorHandle) -> None:
    card = (
        ok(
            emu,
            f"<record_cctransaction><chargecardid>CC-AMEX</chargecardid><paymentdate>{JUNE}</paymentdate><ccpayitems>"
            "<ccpayitem><accountlabel>Travel</accountlabel><paymentamount>40</paymentamount><locationid>US-NY</locationid>"
            "</ccpayitem></ccpayitems></record_cctransaction>",
        ).findtext("key")
        or ""
    )
    assert postings(emu, card) == [("6200", "1", "40", ""), ("2100", "-1", "40", "")]
    assert (
        refused(
            emu,
            f"<record_cctransaction><chargecardid>CC-NONE</chargecardid><paymentdate>{JUNE}</paymentdate>"
            "<ccpayitems><ccpayitem><glaccountno>6200</glaccountno><paymentamount>1</paymentamount></ccpayitem>"
            "</ccpayitems></record_cctransaction>",
        )[0]
        == "EMU-REFERENCE"
    )
    receipt = (
        ok(
            emu,
            f"<record_otherreceipt><paymentdate>{JUNE}</paymentdate><payee>Metro</payee><paymentmethod>Printed Check</paymentmethod>"
            "<undepglaccountno>1010</undepglaccountno><receiptitems><lineitem><glaccountno>4900</glaccountno><amount>120</amount>"
            "<locationid>US-NY</locationid></lineitem></receiptitems></record_otherreceipt>",
        ).findtext("key")
        or ""
    )
    assert postings(emu, receipt) == [("4900", "-1", "120", ""), ("1010", "1", "120", "")]
    deposit = (
        f"<record_deposit><bankaccountid>BA-OPER</bankaccountid><depositdate>{JUNE}</depositdate><depositid>DS-1</depositid>"
        f"<receiptkeys><receiptkey>{receipt}</receiptkey></receiptkeys></record_deposit>"
    )
    key = ok(emu, deposit).findtext("key") or ""
    assert postings(emu, key) == [("1000", "1", "120", ""), ("1010", "-1", "120", "")]
    assert refused(emu, deposit)[0] == "EMU-REQUEST"  # already deposited
    assert (
        refused(emu, f"<delete><object>OTHERRECEIPTS</object><keys>{receipt}</keys></delete>")[0]
        == "EMU-INUSE"
    )
    ok(emu, f"<delete><object>DEPOSIT</object><keys>{key}</keys></delete>")
    ok(emu, f"<delete><object>OTHERRECEIPTS</object><keys>{receipt}</keys></delete>")
    assert postings(emu, receipt) == []


def test_debit_memo_applied_as_a_credit_in_an_ap_payment(emu: EmulatorHandle) -> None:
    def adjustment(amount: str) -> str:
        return (
            f"<create_apadjustment><vendorid>V100</vendorid><datecreated>{JUNE}</datecreated><apadjustmentitems><lineitem>"
            f"<glaccountno>6200</glaccountno><amount>{amount}</amount><locationid>US-NY</locationid></lineitem>"
            "</apadjustmentitems></create_apadjustment>"
        )

    memo = ok(emu, adjustment("-20")).findtext("key") or ""
    assert postings(emu, memo) == [("6200", "1", "-20", ""), ("2000", "-1", "-20", "")]
    bill = (
        ok(
            emu,
            f"<create_bill><vendorid>V100</vendorid><datecreated>{JUNE}</datecreated><billitems><lineitem><glaccountno>6200"
            "</glaccountno><amount>100</amount><locationid>US-NY</locationid></lineitem></billitems></create_bill>",
        ).findtext("key")
        or ""
    )
    ok(
        emu,
        "<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BA-OPER</FINANCIALENTITY><VENDORID>V100</VENDORID>"
        f"<PAYMENTDATE>06/20/2026</PAYMENTDATE><APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>{bill}</RECORDKEY>"
        f"<TRX_PAYMENTAMOUNT>80</TRX_PAYMENTAMOUNT><ADJUSTMENTKEY>{memo}</ADJUSTMENTKEY><TRX_ADJUSTMENTAMOUNT>20"
        "</TRX_ADJUSTMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>",
    )
    assert one(emu, "APBILL", RECORDNO=bill)["STATE"] == "Paid"
    assert one(emu, "APADJUSTMENT", RECORDNO=memo)["TRX_TOTALDUE"] == "0"
    (payment,) = emu.records("APPYMT")
    assert sum(Decimal(a) * (1 if t == "1" else -1) for _, t, a, _ in postings(emu, payment["RECORDNO"])) == 0


def test_ap_payment_requests_post_only_when_approved_and_void_undoes_them(emu: EmulatorHandle) -> None:
    emu.control("companies/TRUE-DEMO/settings", {"AP_PAYMENT_APPROVAL": True})
    bill = (
        ok(
            emu,
            f"<create_bill><vendorid>V100</vendorid><datecreated>{JUNE}</datecreated><billitems><lineitem><glaccountno>6200"
            "</glaccountno><amount>100</amount><locationid>US-NY</locationid></lineitem></billitems></create_bill>",
        ).findtext("key")
        or ""
    )
    pay = (
        ok(
            emu,
            "<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BA-OPER</FINANCIALENTITY><VENDORID>V100</VENDORID>"
            f"<PAYMENTDATE>06/20/2026</PAYMENTDATE><APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>{bill}</RECORDKEY>"
            "<TRX_PAYMENTAMOUNT>100</TRX_PAYMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>",
        ).findtext("data/appymt/RECORDNO")
        or ""
    )

    def move(name: str) -> etree._Element:
        return call(
            emu, f"<{name}><appaymentkeys><appaymentkey>{pay}</appaymentkey></appaymentkeys></{name}>"
        )

    assert (one(emu, "APPYMT", RECORDNO=pay)["STATE"], postings(emu, pay)) == ("Submitted", [])
    assert errnos(move("send_appaymentrequest"))[0] == "EMU-REQUEST"  # not approved yet
    assert move("approve_appaymentrequest").findtext("status") == "success"
    assert postings(emu, pay) == [("2000", "1", "100", ""), ("1000", "-1", "100", "")]
    assert move("void_appaymentrequest").findtext("status") == "success"
    assert (one(emu, "APPYMT", RECORDNO=pay)["STATE"], postings(emu, pay)) == ("Voided", [])
    assert one(emu, "APBILL", RECORDNO=bill)["STATE"] == "Posted"


def test_master_data_in_use_cannot_be_deleted(emu: EmulatorHandle) -> None:
    ok(
        emu,
        f"<create_bill><vendorid>V200</vendorid><datecreated>{JUNE}</datecreated><billitems><lineitem><glaccountno>6300"
        "</glaccountno><amount>10</amount><locationid>US-NY</locationid><classid>C2</classid></lineitem></billitems></create_bill>",
    )
    for body, what in (
        ('<delete_vendor vendorid="V200" />', "Vendor V200"),
        ('<delete_glaccount glaccountno="6300" />', "GL Account 6300"),
        ('<delete_class key="C2" />', "Class C2"),
        ('<delete_location locationid="US-NY" />', "Location US-NY"),
    ):
        errno, text = refused(emu, body)
        assert (errno, text.split(" cannot")[0]) == ("EMU-INUSE", what)
    assert [v["VENDORID"] for v in emu.records("VENDOR")].count("V200") == 1
    assert refused(emu, '<delete_vendor vendorid="V999" />')[0] == "EMU-NOTFOUND"
