"""Records shapes need to exist before they run (a bill to delete, a submitted timesheet to approve)."""

from __future__ import annotations

from .base import JUNE, Setup

_LINE = "<lineitem><glaccountno>6200</glaccountno><amount>{amount}</amount><locationid>US-NY</locationid></lineitem>"


def _bill(extra: str = "", amount: str = "500") -> str:
    return (
        f"<create_bill><vendorid>V100</vendorid><datecreated>{JUNE}</datecreated><billno>SET-B</billno>{extra}"
        f"<billitems>{_LINE.format(amount=amount)}</billitems></create_bill>"
    )


def _invoice(extra: str = "") -> str:
    return (
        f"<create_invoice><customerid>C100</customerid><datecreated>{JUNE}</datecreated><invoiceno>SET-I</invoiceno>"
        f"{extra}<invoiceitems><lineitem><glaccountno>4900</glaccountno><amount>500</amount>"
        "<locationid>US-NY</locationid></lineitem></invoiceitems></create_invoice>"
    )


def _batch(fn: str) -> str:
    return f"<{fn}><batchtitle>Setup summary</batchtitle><datecreated>{JUNE}</datecreated></{fn}>"


def _timesheet(state: str) -> str:
    return (
        "<create><TIMESHEET><EMPLOYEEID>E100</EMPLOYEEID><BEGINDATE>06/29/2026</BEGINDATE>"
        f"<STATE>{state}</STATE><TIMESHEETENTRIES><TIMESHEETENTRY><ENTRYDATE>06/30/2026</ENTRYDATE><QTY>7.5</QTY>"
        "<PROJECTID>P-100</PROJECTID><TASKID>T-100-DES</TASKID><COSTTYPEID>LAB</COSTTYPEID></TIMESHEETENTRY>"
        "<TIMESHEETENTRY><ENTRYDATE>07/01/2026</ENTRYDATE><QTY>4</QTY><PROJECTID>P-100</PROJECTID>"
        "<TASKID>T-100-PERM</TASKID></TIMESHEETENTRY></TIMESHEETENTRIES></TIMESHEET></create>"
    )


def _po(extra: str = "") -> str:
    return (
        f"<create_potransaction><transactiontype>Purchase Order</transactiontype><datecreated>{JUNE}</datecreated>"
        f"<vendorid>V100</vendorid>{extra}<potransitems><potransitem><itemid>I300</itemid><quantity>10</quantity>"
        "<price>150</price><locationid>US-NY</locationid><projectid>P-100</projectid></potransitem></potransitems>"
        "</create_potransaction>"
    )


SETUPS: dict[str, Setup] = {
    "bill": Setup(_bill()),
    "bill_ext": Setup(_bill("<externalid>EXT-BILL-1</externalid>")),
    "invoice": Setup(_invoice()),
    "invoice_ext": Setup(_invoice("<externalid>EXT-INV-1</externalid>")),
    "billbatch": Setup(_batch("create_billbatch")),
    "invoicebatch": Setup(_batch("create_invoicebatch")),
    "apadjbatch": Setup(_batch("create_apadjustmentbatch")),
    "aradjbatch": Setup(_batch("create_aradjustmentbatch")),
    "arpaymentbatch": Setup(_batch("create_arpaymentbatch")),
    "eebatch": Setup(_batch("create_expensereportbatch")),
    "apadjustment": Setup(
        f"<create_apadjustment><vendorid>V100</vendorid><datecreated>{JUNE}</datecreated>"
        f"<apadjustmentitems>{_LINE.format(amount='50')}</apadjustmentitems></create_apadjustment>"
    ),
    "debitmemo": Setup(
        f"<create_apadjustment><vendorid>V100</vendorid><datecreated>{JUNE}</datecreated>"
        f"<apadjustmentitems>{_LINE.format(amount='-20')}</apadjustmentitems></create_apadjustment>"
    ),
    "aradjustment": Setup(
        f"<create_aradjustment><customerid>C100</customerid><datecreated>{JUNE}</datecreated><aradjustmentitems>"
        "<lineitem><glaccountno>4900</glaccountno><amount>30</amount><locationid>US-NY</locationid></lineitem>"
        "</aradjustmentitems></create_aradjustment>"
    ),
    "appayment": Setup(
        "<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BA-OPER</FINANCIALENTITY>"
        "<VENDORID>V100</VENDORID><PAYMENTDATE>06/20/2026</PAYMENTDATE><APPYMTDETAILS><APPYMTDETAIL>"
        "<RECORDKEY>{bill}</RECORDKEY><TRX_PAYMENTAMOUNT>100</TRX_PAYMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS>"
        "</APPYMT></create>",
        "recordno",
    ),
    "approvals_on": Setup(control=("companies/TRUE-DEMO/settings", {"AP_PAYMENT_APPROVAL": True})),
    "approve_appayment": Setup(
        "<approve_appaymentrequest><appaymentkeys><appaymentkey>{appayment}</appaymentkey></appaymentkeys>"
        "</approve_appaymentrequest>",
        "none",
    ),
    "arpayment": Setup(
        "<create_arpayment><customerid>C100</customerid><paymentamount>300</paymentamount>"
        f"<datereceived>{JUNE}</datereceived><paymentmethod>EFT</paymentmethod></create_arpayment>"
    ),
    "card": Setup(
        "<create_customerchargecard><customerid>C100</customerid><cardnum>4111111111111111</cardnum>"
        "<cardtype>Visa</cardtype><exp_month>June</exp_month><exp_year>2029</exp_year></create_customerchargecard>"
    ),
    "cctransaction": Setup(
        f"<record_cctransaction><chargecardid>CC-AMEX</chargecardid><paymentdate>{JUNE}</paymentdate>"
        "<ccpayitems><ccpayitem><glaccountno>6200</glaccountno><paymentamount>40</paymentamount>"
        "<locationid>US-NY</locationid></ccpayitem></ccpayitems></record_cctransaction>"
    ),
    "receipt": Setup(
        f"<record_otherreceipt><paymentdate>{JUNE}</paymentdate><payee>Metro Transit Authority</payee>"
        f"<receiveddate>{JUNE}</receiveddate><paymentmethod>Printed Check</paymentmethod>"
        "<undepglaccountno>1010</undepglaccountno><receiptitems><lineitem><glaccountno>4900</glaccountno>"
        "<amount>120</amount><locationid>US-NY</locationid></lineitem></receiptitems></record_otherreceipt>"
    ),
    "resultid": Setup(
        "<readByQuery><object>CLASS</object><query/><pagesize>1</pagesize></readByQuery>",
        "attr:data@resultId",
    ),
    "allocation": Setup(
        "<create><ALLOCATION><ALLOCATIONID>SPLIT-OLD</ALLOCATIONID><TYPE>Percentage</TYPE></ALLOCATION></create>"
    ),
    "folder": Setup(
        "<create_supdocfolder><supdocfoldername>Site documents</supdocfoldername></create_supdocfolder>"
    ),
    "supdoc": Setup(
        "<create_supdoc><supdocid>SUP-SITE-1</supdocid><supdocname>Site photos</supdocname>"
        "<supdocfoldername>Site documents</supdocfoldername></create_supdoc>"
    ),
    "contact": Setup(
        "<create><CONTACT><CONTACTNAME>Jordan Lee</CONTACTNAME><PRINTAS>Jordan Lee</PRINTAS></CONTACT></create>"
    ),
    "location": Setup(
        "<create><LOCATION><LOCATIONID>US-BOS</LOCATIONID><NAME>Boston Office</NAME><PARENTID>US</PARENTID></LOCATION></create>"
    ),
    "customer": Setup(
        "<create><CUSTOMER><CUSTOMERID>C-DEL</CUSTOMERID><NAME>Short-lived Ltd</NAME></CUSTOMER></create>"
    ),
    "employee": Setup(
        "<create><EMPLOYEE><EMPLOYEEID>E-DEL</EMPLOYEEID><PERSONALINFO><CONTACTNAME>Sam Temp</CONTACTNAME>"
        "</PERSONALINFO></EMPLOYEE></create>"
    ),
    "warehouse": Setup(
        "<create><WAREHOUSE><WAREHOUSEID>W-DEL</WAREHOUSEID><NAME>Overflow yard</NAME><LOC><LOCATIONID>US-TX</LOCATIONID>"
        "</LOC></WAREHOUSE></create>",
        "recordno",
    ),
    "project": Setup(
        "<create><PROJECT><PROJECTID>P-DEL</PROJECTID><NAME>Cancelled bid</NAME><PROJECTCATEGORY>Contract</PROJECTCATEGORY>"
        "</PROJECT></create>"
    ),
    "task": Setup(
        "<create><TASK><TASKID>T-100-X</TASKID><NAME>Extra</NAME><PROJECTID>P-100</PROJECTID></TASK></create>",
        "recordno",
    ),
    "p100": Setup(
        "<readByName><object>PROJECT</object><keys>P-100</keys></readByName>", "path:data/PROJECT/RECORDNO"
    ),
    "t100": Setup(
        "<readByQuery><object>TASK</object><query>TASKID = 'T-100-DES'</query><fields>RECORDNO</fields></readByQuery>",
        "path:data/task/RECORDNO",
    ),
    "obspct": Setup(
        "<create><OBSPCTCOMPLETED><TYPE>Project</TYPE><PROJECTKEY>{p100}</PROJECTKEY><ASOFDATE>05/31/2026</ASOFDATE>"
        "<PERCENT>20</PERCENT></OBSPCTCOMPLETED></create>",
        "recordno",
    ),
    "obspct_task": Setup(
        "<create><OBSPCTCOMPLETED><TYPE>Task</TYPE><TASKKEY>{t100}</TASKKEY><ASOFDATE>05/31/2026</ASOFDATE>"
        "<PERCENT>25</PERCENT></OBSPCTCOMPLETED></create>",
        "recordno",
    ),
    "expensereport": Setup(
        f"<create_expensereport><employeeid>E100</employeeid><datecreated>{JUNE}</datecreated><expenses><expense>"
        "<expensetype>Travel</expensetype><amount>250</amount><locationid>US-NY</locationid></expense></expenses>"
        "</create_expensereport>"
    ),
    "expenseadjustment": Setup(
        f"<create_expenseadjustmentreport><employeeid>E100</employeeid><datecreated>{JUNE}</datecreated>"
        "<expenseadjustments><expenseadjustment><glaccountno>6200</glaccountno><amount>-15</amount>"
        "<locationid>US-NY</locationid></expenseadjustment></expenseadjustments></create_expenseadjustmentreport>"
    ),
    "glbatch": Setup(
        "<create><GLBATCH><JOURNAL>GJ</JOURNAL><BATCH_DATE>06/30/2026</BATCH_DATE><BATCH_TITLE>Setup entry</BATCH_TITLE>"
        "<ENTRIES><GLENTRY><ACCOUNTNO>6200</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>10</TRX_AMOUNT><LOCATION>US-NY</LOCATION>"
        "</GLENTRY><GLENTRY><ACCOUNTNO>1000</ACCOUNTNO><TR_TYPE>-1</TR_TYPE><TRX_AMOUNT>10</TRX_AMOUNT><LOCATION>US-NY</LOCATION>"
        "</GLENTRY></ENTRIES></GLBATCH></create>",
        "recordno",
    ),
    "statje": Setup(
        "<create><GLBATCH><JOURNAL>SJ</JOURNAL><BATCH_DATE>06/30/2026</BATCH_DATE><BATCH_TITLE>Headcount</BATCH_TITLE>"
        "<ENTRIES><GLENTRY><ACCOUNTNO>9100</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>12</TRX_AMOUNT>"
        "<LOCATION>US-NY</LOCATION></GLENTRY></ENTRIES></GLBATCH></create>",
        "recordno",
    ),
    "timesheet": Setup(_timesheet("Submitted"), "recordno"),
    "timesheet_draft": Setup(_timesheet("Draft"), "recordno"),
    "ts_entries": Setup(
        "<readByQuery><object>TIMESHEETENTRY</object><query>TIMESHEETKEY = '{timesheet}'</query>"
        "<fields>RECORDNO</fields></readByQuery>",
        "all:data/timesheetentry/RECORDNO",
    ),
    "ts_entry": Setup(
        "<readByQuery><object>TIMESHEETENTRY</object><query>TIMESHEETKEY = '{timesheet_draft}'</query>"
        "<fields>RECORDNO</fields><pagesize>1</pagesize></readByQuery>",
        "path:data/timesheetentry/RECORDNO",
    ),
    "so_order": Setup(
        f"<create_sotransaction><transactiontype>Sales Order</transactiontype><datecreated>{JUNE}</datecreated>"
        "<customerid>C100</customerid><sotransitems><sotransitem><itemid>I100</itemid><quantity>10</quantity>"
        "<locationid>US-NY</locationid><projectid>P-100</projectid></sotransitem></sotransitems></create_sotransaction>"
    ),
    "po": Setup(_po()),
    "po_ext": Setup(_po("<externalid>EXT-PO-1</externalid>")),
    "approve_po": Setup("<approve><PODOCUMENT><DOCID>{po}</DOCID></PODOCUMENT></approve>", "none"),
    "ic_receipt": Setup(
        f"<create_ictransaction><transactiontype>Inventory Receipt</transactiontype><datecreated>{JUNE}</datecreated>"
        "<ictransitems><ictransitem><itemid>I400</itemid><warehouseid>W-NY</warehouseid><quantity>20</quantity>"
        "<cost>420</cost></ictransitem></ictransitems></create_ictransaction>"
    ),
    "contract": Setup(
        "<create><CONTRACT><CONTRACTID>CT-SET</CONTRACTID><CUSTOMERID>C100</CUSTOMERID><NAME>Design services</NAME>"
        "<BEGINDATE>01/01/2026</BEGINDATE><ENDDATE>12/31/2026</ENDDATE></CONTRACT></create>",
        "recordno",
    ),
    "contractline": Setup(
        "<create><CONTRACTDETAIL><CONTRACTID>CT-SET</CONTRACTID><ITEMID>I100</ITEMID><BILLINGMETHOD>Fixed price</BILLINGMETHOD>"
        "<LOCATIONID>US-NY</LOCATIONID></CONTRACTDETAIL></create>",
        "recordno",
    ),
    "contractline_hold": Setup(
        "<hold><CONTRACTDETAIL><RECORDNO>{contractline}</RECORDNO><ASOFDATE>07/31/2026</ASOFDATE><BILLING>true</BILLING>"
        "</CONTRACTDETAIL></hold>",
        "none",
    ),
}
