"""The ledger and master-data objects: accounts, dimensions, journal entries, bills, invoices, payments."""

from __future__ import annotations

from ..schema import define

_REQUIRE = "REQUIREDEPT REQUIRELOC REQUIREPROJECT REQUIRECUSTOMER REQUIREVENDOR REQUIREEMPLOYEE REQUIREITEM REQUIRECLASS"
define(
    "GLACCOUNT",
    "GL Account",
    "ACCOUNTNO",
    "TITLE",
    "ACCOUNTNO:Account Number|TITLE:Title",
    f"ACCOUNTNO TITLE ACCOUNTTYPE NORMALBALANCE CLOSINGTYPE CATEGORY {_REQUIRE}",
    module="General Ledger",
)
define(
    "LOCATION",
    "Location",
    "LOCATIONID",
    "NAME",
    "LOCATIONID:Location ID|NAME:Name",
    "LOCATIONID NAME PARENTID PARENTKEY CURRENCY ENTITY LOCATIONTYPE",
    dimension=True,
    module="Company",
)
define(
    "LOCATIONENTITY",
    "Entity",
    "LOCATIONID",
    "NAME",
    fields="LOCATIONID NAME CURRENCY LOCATIONTYPE COUNTRY",
    readonly=True,
    module="Company",
)
define(
    "DEPARTMENT",
    "Department",
    "DEPARTMENTID",
    "TITLE",
    "DEPARTMENTID:Department ID|TITLE:Title",
    "DEPARTMENTID TITLE PARENTID",
    dimension=True,
    module="Company",
)
define(
    "CLASS",
    "Class",
    "CLASSID",
    "NAME",
    "CLASSID:Class ID|NAME:Name",
    "CLASSID NAME DESCRIPTION PARENTID",
    dimension=True,
    module="Company",
)
define(
    "PROJECTTYPE",
    "Project Type",
    "NAME",
    "NAME",
    "NAME:Name",
    "NAME PARENTNAME",
    module="Projects",
)
define(
    "PROJECTSTATUS",
    "Project Status",
    "NAME",
    "NAME",
    "NAME:Name",
    "NAME DESCRIPTION",
    module="Projects",
)
define(
    "PROJECT",
    "Project",
    "PROJECTID",
    "NAME",
    "NAME:Name|PROJECTCATEGORY:Project Category",
    "PROJECTID NAME PROJECTCATEGORY PROJECTTYPE PROJECTSTATUS PARENTID CUSTOMERID CUSTOMERNAME MANAGERID "
    "DEPARTMENTID LOCATIONID CLASSID BEGINDATE ENDDATE CURRENCY BUDGETAMOUNT CONTRACTAMOUNT BUDGETEDCOST "
    "BUDGETQTY BUDGETID BILLINGTYPE TERMNAME OBSPERCENTCOMPLETE",
    relations="CUSTOMER:CUSTOMER:CUSTOMERID LOCATION:LOCATION:LOCATIONID DEPARTMENT:DEPARTMENT:DEPARTMENTID",
    auto_id=True,
    dimension=True,
    module="Projects",
)
define(
    "TASK",
    "Task",
    "TASKID",
    "NAME",
    "NAME:Name|PROJECTID:Project",
    "TASKID NAME PROJECTID PROJECTNAME DESCRIPTION STANDARDTASKID TASKSTATUS TASKNO PARENTKEY BUDGETQTY "
    "OBSPERCENTCOMPLETE BEGINDATE ENDDATE",
    relations="PROJECT:PROJECT:PROJECTID",
    auto_id=True,
    dimension=True,
    module="Projects",
)
define(
    "CUSTOMER",
    "Customer",
    "CUSTOMERID",
    "NAME",
    "NAME:Name",
    "CUSTOMERID NAME CUSTTYPE TERMNAME CURRENCY CREDITLIMIT ONHOLD OBJECTRESTRICTION RESTRICTEDLOCATIONS",
    auto_id=True,
    dimension=True,
    module="Accounts Receivable",
)
define(
    "VENDOR",
    "Vendor",
    "VENDORID",
    "NAME",
    "NAME:Name",
    "VENDORID NAME NAME1099 TAXID TERMNAME CURRENCY CREDITLIMIT ONHOLD",
    auto_id=True,
    dimension=True,
    module="Accounts Payable",
)
define(
    "EMPLOYEE",
    "Employee",
    "EMPLOYEEID",
    "TITLE",
    "",
    "EMPLOYEEID TITLE CONTACT_NAME LOCATIONID DEPARTMENTID",
    auto_id=True,
    dimension=True,
    module="Employee Expense",
)
define(
    "ITEM",
    "Item",
    "ITEMID",
    "NAME",
    "ITEMID:Item ID|NAME:Name",
    "ITEMID NAME ITEMTYPE BASEPRICE GLGROUP UOM INCOMEGLACCOUNT EXPENSEGLACCOUNT",
    dimension=True,
    module="Inventory Control",
)
define(
    "GLBATCH",
    "Journal Entry",
    "RECORDNO",
    "BATCH_TITLE",
    "JOURNAL:Journal|BATCH_DATE:Posting date|BATCH_TITLE:Description",
    "BATCHNO JOURNAL BATCH_DATE BATCH_TITLE REFERENCENO REVERSEDATE HISTORY_COMMENT SUPDOCID BASELOCATION_NO "
    "STATE MODULE",
    owned="ENTRIES:GLENTRY",
    module="General Ledger",
)
_GL_LINE = (
    "BATCHNO LINE_NO ACCOUNTNO ACCOUNTTITLE TR_TYPE TRX_AMOUNT AMOUNT CURRENCY ENTRY_DATE BATCH_DATE "
    "BATCH_TITLE JOURNAL REFERENCENO LOCATION DEPARTMENT PROJECTID TASKID COSTTYPEID CUSTOMERID VENDORID "
    "EMPLOYEEID ITEMID CLASSID WAREHOUSEID CONTRACTID DESCRIPTION STATE SOURCE ISIET BASECURR EXCHANGE_RATE "
    "EXCH_RATE_DATE EXCH_RATE_TYPE_ID STATISTICAL"
)
define(
    "GLENTRY",
    "GL Entry",
    None,
    None,
    fields=_GL_LINE,
    relations="GLACCOUNT:GLACCOUNT:ACCOUNTNO",
    readonly=True,
    module="General Ledger",
)
define(
    "GLDETAIL",
    "GL Detail",
    None,
    None,
    fields=f"{_GL_LINE} DEBITAMOUNT CREDITAMOUNT",
    relations="GLACCOUNT:GLACCOUNT:ACCOUNTNO",
    readonly=True,
    module="General Ledger",
)
define(
    "APBILL",
    "Bill",
    "RECORDNO",
    "RECORDID",
    "VENDORID:Vendor|WHENCREATED:Date",
    "RECORDID DOCNUMBER VENDORID VENDORNAME WHENPOSTED WHENDUE DESCRIPTION CURRENCY BASECURR STATE RAWSTATE "
    "RECORDTYPE TOTALENTERED TOTALPAID TOTALDUE TRX_TOTALENTERED TRX_TOTALPAID TRX_TOTALDUE MODULEKEY TERMNAME "
    "EXCHANGE_RATE EXCH_RATE_DATE EXCH_RATE_TYPE_ID",
    owned="APBILLITEMS:APBILLITEM",
    relations="VENDOR:VENDOR:VENDORID",
    module="Accounts Payable",
)
define(
    "APPYMT",
    "AP Payment",
    "RECORDNO",
    "DOCNUMBER",
    "VENDORID:Vendor|PAYMENTMETHOD:Payment method|PAYMENTDATE:Payment date",
    "VENDORID PAYMENTMETHOD FINANCIALENTITY DOCNUMBER PAYMENTDATE CURRENCY AMOUNTTOPAY STATE TRX_AMOUNTTOPAY "
    "BASECURR EXCHANGE_RATE EXCH_RATE_DATE EXCH_RATE_TYPE_ID",
    owned="APPYMTDETAILS:APPYMTDETAIL",
    relations="VENDOR:VENDOR:VENDORID",
    module="Accounts Payable",
)
define(
    "ARINVOICE",
    "Invoice",
    "RECORDNO",
    "RECORDID",
    "CUSTOMERID:Customer",
    "RECORDID DOCNUMBER CUSTOMERID CUSTOMERNAME WHENPOSTED WHENDUE DESCRIPTION CURRENCY BASECURR STATE RAWSTATE "
    "RECORDTYPE TOTALENTERED TOTALPAID TOTALDUE TRX_TOTALENTERED TRX_TOTALPAID TRX_TOTALDUE MODULEKEY TERMNAME "
    "EXCHANGE_RATE EXCH_RATE_DATE EXCH_RATE_TYPE_ID",
    owned="ARINVOICEITEMS:ARINVOICEITEM",
    relations="CUSTOMER:CUSTOMER:CUSTOMERID",
    writable=False,
    module="Accounts Receivable",
)
define(
    "ARPYMT",
    "AR Payment",
    "RECORDNO",
    "DOCNUMBER",
    "",
    "CUSTOMERID DOCNUMBER RECEIPTDATE PAYMENTMETHOD TOTALENTERED TRX_TOTALENTERED CURRENCY BANKACCOUNTID STATE",
    relations="CUSTOMER:CUSTOMER:CUSTOMERID",
    writable=False,
    module="Accounts Receivable",
)
define(
    "GLBUDGETHEADER",
    "Budget",
    "BUDGETID",
    "DESCRIPTION",
    "BUDGETID:Budget ID|DESCRIPTION:Description",
    "BUDGETID DESCRIPTION DEFAULT_BUDGET ISCONSOLIDATED CURRENCY",
    owned="GLBUDGETITEMS:GLBUDGETITEM",
    module="General Ledger",
)
define(
    "GLJOURNAL",
    "Journal",
    "SYMBOL",
    "TITLE",
    "SYMBOL:Symbol|TITLE:Title",
    "SYMBOL TITLE ADJUSTING",
    module="General Ledger",
)
define(
    "REPORTINGPERIOD",
    "Reporting Period",
    "NAME",
    "HEADER1",
    fields="NAME HEADER1 START_DATE END_DATE BUDGETING CLOSED",
    readonly=True,
    module="General Ledger",
)
define(
    "EXCHANGERATETYPES",
    "Exchange Rate Type",
    "ID",
    "NAME",
    fields="ID NAME ISDEFAULT",
    readonly=True,
    module="Company",
)
define(
    "EXCHANGERATE",
    "Exchange Rate",
    "RECORDNO",
    "TYPENAME",
    fields="TYPENAME FROM_CURRENCY TO_CURRENCY",
    owned="EXCHANGERATEENTRIES:EXCHANGERATEENTRY",
    readonly=True,
    module="Company",
)
define(
    "EXCHANGERATEENTRY",
    "Exchange Rate Entry",
    "RECORDNO",
    None,
    fields="EXCHANGERATEID TYPENAME FROM_CURRENCY TO_CURRENCY EFFECTIVE_START_DATE EXCHANGE_RATE RECIPROCAL_RATE",
    readonly=True,
    module="Company",
)
