"""Cash Management, Employee Expense, General Ledger, Global Consolidations and Inventory Control
function shapes (PHP SDK: 9 + 16 + 12 + 2 + 9)."""

from __future__ import annotations

from .base import CUSTOM, JUNE, NOT_MODELLED, Shape

_FX = f"<currency>USD</currency><exchratedate>{JUNE}</exchratedate><exchratetype>Intacct Daily Rate</exchratetype>"
_CC_FULL = f"<referenceno>CC-321</referenceno><payee>Hotel Riverside</payee><description>Site visit</description><supdocid>SUP-1</supdocid>{_FX}{CUSTOM}"
_CC_LINE = "<ccpayitem><glaccountno>6200</glaccountno><description>Lodging</description><paymentamount>76.20</paymentamount><locationid>US-NY</locationid></ccpayitem>"
_RECEIPT = f"<record_otherreceipt><paymentdate>{JUNE}</paymentdate><payee>Metro Transit Authority</payee><receiveddate>{JUNE}</receiveddate><paymentmethod>Printed Check</paymentmethod>"
_EXPENSE = (
    "<expense><expensetype>Travel</expensetype><amount>210.40</amount><currency>USD</currency><expensedate>"
    f"{JUNE}</expensedate><memo>Train to site</memo><locationid>US-NY</locationid><departmentid>ENG</departmentid>"
    "<projectid>P-100</projectid><billable>true</billable></expense>"
)
_EE_HEAD = f"<employeeid>E100</employeeid><datecreated>{JUNE}</datecreated>"
_JE_FULL = (
    "<create><GLBATCH><JOURNAL>{journal}</JOURNAL><BATCH_DATE>06/30/2026</BATCH_DATE><REVERSEDATE>07/01/2026</REVERSEDATE>"
    "<BATCH_TITLE>Accrual</BATCH_TITLE><HISTORY_COMMENT>comment</HISTORY_COMMENT><REFERENCENO>ACR-6</REFERENCENO>"
    "{base}<SUPDOCID>SUP-1</SUPDOCID><STATE>Posted</STATE><CUSTOMFIELD01>test01</CUSTOMFIELD01><ENTRIES>{lines}</ENTRIES></GLBATCH></create>"
)
_GL_LINES = (
    "<GLENTRY><ACCOUNTNO>6200</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>340.00</TRX_AMOUNT><LOCATION>US-NY</LOCATION>"
    "<DEPARTMENT>ENG</DEPARTMENT><DESCRIPTION>Travel accrual</DESCRIPTION></GLENTRY><GLENTRY><ACCOUNTNO>2100</ACCOUNTNO>"
    "<TR_TYPE>-1</TR_TYPE><TRX_AMOUNT>340.00</TRX_AMOUNT><LOCATION>US-NY</LOCATION></GLENTRY>"
)
_JE_EMPTY = (
    "<create><GLBATCH><JOURNAL/><BATCH_DATE/><BATCH_TITLE/><ENTRIES>{lines}</ENTRIES></GLBATCH></create>"
)
_EMPTY_LINE = "<GLENTRY><ACCOUNTNO/><TR_TYPE>1</TR_TYPE><TRX_AMOUNT/></GLENTRY>"
_IC = f"<create_ictransaction><transactiontype>{{kind}}</transactiontype><datecreated>{JUNE}</datecreated>"

CASH = [
    Shape(
        "php:CashManagement/ChargeCardTransactionCreate",
        f"<record_cctransaction><chargecardid>CC-AMEX</chargecardid><paymentdate>{JUNE}</paymentdate><ccpayitems><ccpayitem><glaccountno/><paymentamount>76343.43</paymentamount></ccpayitem></ccpayitems></record_cctransaction>",
        "PL01000127",
    ),
    Shape(
        "php:CashManagement/ChargeCardTransactionCreate",
        f"<record_cctransaction><chargecardid>CC-AMEX</chargecardid><paymentdate>{JUNE}</paymentdate>{_CC_FULL}<ccpayitems>{_CC_LINE}</ccpayitems></record_cctransaction>",
    ),
    Shape(
        "php:CashManagement/ChargeCardTransactionReverse",
        f'<reverse_cctransaction key="{{cctransaction}}"><datereversed>{JUNE}</datereversed></reverse_cctransaction>',
        setup=("cctransaction",),
    ),
    Shape(
        "php:CashManagement/ChargeCardTransactionUpdate",
        '<update_cctransaction key="{cctransaction}" />',
        setup=("cctransaction",),
    ),
    Shape(
        "php:CashManagement/ChargeCardTransactionUpdate",
        f'<update_cctransaction key="{{cctransaction}}"><paymentdate>{JUNE}</paymentdate>{_CC_FULL}<updateccpayitems>'
        '<updateccpayitem line_num="1"><glaccountno>6300</glaccountno></updateccpayitem>'
        f"{_CC_LINE}</updateccpayitems></update_cctransaction>",
        setup=("cctransaction",),
    ),
    Shape(
        "php:CashManagement/DepositCreate",
        f"<record_deposit><bankaccountid>BA-OPER</bankaccountid><depositdate>{JUNE}</depositdate><depositid>Deposit slip 2026-06-15</depositid><receiptkeys><receiptkey>{{receipt}}</receiptkey></receiptkeys></record_deposit>",
        setup=("receipt",),
    ),
    Shape(
        "php:CashManagement/DepositCreate",
        f"<record_deposit><bankaccountid>BA-OPER</bankaccountid><depositdate>{JUNE}</depositdate><depositid>Deposit slip 2</depositid><receiptkeys><receiptkey>{{receipt}}</receiptkey></receiptkeys><description>Desc</description><supdocid>SUP-2</supdocid>{CUSTOM}</record_deposit>",
        setup=("receipt",),
    ),
    Shape(
        "php:CashManagement/OtherReceiptCreate",
        f"{_RECEIPT}<undepglaccountno>1010</undepglaccountno><receiptitems><lineitem><glaccountno/><amount>76343.43</amount></lineitem></receiptitems></record_otherreceipt>",
        "PL01000127",
    ),
    Shape(
        "php:CashManagement/OtherReceiptCreate",
        f"{_RECEIPT}<bankaccountid>BA-OPER</bankaccountid><depositdate>{JUNE}</depositdate><refid>transno</refid><description>Refund</description>"
        f"<supdocid>SUP-3</supdocid>{_FX}{CUSTOM}<receiptitems><lineitem><glaccountno>4900</glaccountno><amount>300</amount>"
        "<memo>Deposit refund</memo><locationid>US-NY</locationid></lineitem></receiptitems></record_otherreceipt>",
    ),
]

EXPENSES = [
    Shape(
        "php:EmployeeExpense/EmployeeCreate",
        "<create><EMPLOYEE><PERSONALINFO><CONTACTNAME>Grace Park</CONTACTNAME></PERSONALINFO></EMPLOYEE></create>",
    ),
    Shape(
        "php:EmployeeExpense/EmployeeDelete", '<delete_employee employeeid="E-DEL" />', setup=("employee",)
    ),
    Shape(
        "php:EmployeeExpense/EmployeeUpdate",
        "<update><EMPLOYEE><EMPLOYEEID>E100</EMPLOYEEID></EMPLOYEE></update>",
    ),
    Shape(
        "php:EmployeeExpense/ExpenseAdjustmentCreate",
        f"<create_expenseadjustmentreport>{_EE_HEAD}<expenseadjustments><expenseadjustment><glaccountno/><amount/></expenseadjustment></expenseadjustments></create_expenseadjustmentreport>",
        "PL01000127",
    ),
    Shape(
        "php:EmployeeExpense/ExpenseAdjustmentCreate",
        f"<create_expenseadjustmentreport>{_EE_HEAD}<dateposted>{JUNE}</dateposted><batchkey>{{eebatch}}</batchkey><adjustmentno>ADJ001</adjustmentno>"
        "<docnumber>EXP001</docnumber><description>Hotel refund</description><basecurr>USD</basecurr><currency>USD</currency>"
        "<expenseadjustments><expenseadjustment><glaccountno>6200</glaccountno><amount>-35.00</amount><locationid>US-NY</locationid>"
        "</expenseadjustment></expenseadjustments></create_expenseadjustmentreport>",
        setup=("eebatch",),
    ),
    Shape(
        "php:EmployeeExpense/ExpenseAdjustmentDelete",
        '<delete_expenseadjustmentreport key="{expenseadjustment}" />',
        setup=("expenseadjustment",),
    ),
    Shape(
        "php:EmployeeExpense/ExpenseReportCreate",
        f"<create_expensereport>{_EE_HEAD}<expenses><expense><glaccountno/></expense></expenses></create_expensereport>",
        "PL01000127",
    ),
    Shape(
        "php:EmployeeExpense/ExpenseReportCreate",
        f"<create_expensereport>{_EE_HEAD}<dateposted>{JUNE}</dateposted><batchkey>{{eebatch}}</batchkey><expensereportno>ER001</expensereportno>"
        "<state>Submitted</state><description>Site visit</description><memo>Memo</memo><externalid>122</externalid><basecurr>USD</basecurr>"
        f"<currency>USD</currency>{CUSTOM}<supdocid>AT122</supdocid><expenses>{_EXPENSE}</expenses></create_expensereport>",
        setup=("eebatch",),
    ),
    Shape(
        "php:EmployeeExpense/ExpenseReportDelete",
        '<delete_expensereport key="{expensereport}" />',
        setup=("expensereport",),
    ),
    Shape(
        "php:EmployeeExpense/ExpenseReportReverse",
        f'<reverse_expensereport key="{{expensereport}}"><datereversed>{JUNE}</datereversed></reverse_expensereport>',
        setup=("expensereport",),
    ),
    Shape(
        "php:EmployeeExpense/ExpenseReportSummaryCreate",
        f"<create_expensereportbatch><batchtitle>June expenses</batchtitle><datecreated>{JUNE}</datecreated></create_expensereportbatch>",
    ),
    Shape(
        "php:EmployeeExpense/ExpenseTypeCreate",
        "<create><EEACCOUNTLABEL><ACCOUNTLABEL>Mileage</ACCOUNTLABEL><DESCRIPTION>Car mileage</DESCRIPTION><GLACCOUNTNO>6200</GLACCOUNTNO></EEACCOUNTLABEL></create>",
    ),
    Shape("php:EmployeeExpense/ExpenseTypeDelete", '<delete_expensetype expensetype="Meals" />'),
    Shape(
        "php:EmployeeExpense/ExpenseTypeUpdate",
        "<update><EEACCOUNTLABEL><ACCOUNTLABEL>Travel</ACCOUNTLABEL><DESCRIPTION>Travel and lodging</DESCRIPTION><GLACCOUNTNO>6200</GLACCOUNTNO></EEACCOUNTLABEL></update>",
    ),
    Shape(
        "php:EmployeeExpense/ReimbursementRequestCreate",
        f"<create_reimbursementrequest><bankaccountid>BA-OPER</bankaccountid><employeeid>E100</employeeid><paymentmethod>Printed Check</paymentmethod>"
        f"<paymentdate>{JUNE.replace('<day>15', '<day>30')}</paymentdate><eppaymentrequestitems><eppaymentrequestitem><key>{{expensereport}}</key>"
        "<paymentamount>100.12</paymentamount></eppaymentrequestitem></eppaymentrequestitems></create_reimbursementrequest>",
        setup=("expensereport",),
    ),
    Shape(
        "php:EmployeeExpense/ReimbursementRequestCreate",
        f"<create_reimbursementrequest><bankaccountid>BA-OPER</bankaccountid><employeeid>E100</employeeid><memo>Memo</memo>"
        f"<paymentmethod>Printed Check</paymentmethod><paymentdate>{JUNE.replace('<day>15', '<day>30')}</paymentdate><paymentoption>vendorpref</paymentoption>"
        "<eppaymentrequestitems><eppaymentrequestitem><key>{expensereport}</key><paymentamount>100.12</paymentamount>"
        "<credittoapply>8.12</credittoapply></eppaymentrequestitem></eppaymentrequestitems><documentnumber>10000</documentnumber>"
        "<paymentdescription>Memo</paymentdescription><paymentcontact>Alice Morgan</paymentcontact></create_reimbursementrequest>",
        setup=("expensereport",),
    ),
]

LEDGER = [
    Shape(
        "php:GeneralLedger/AccountCreate",
        "<create><GLACCOUNT><ACCOUNTNO>1020</ACCOUNTNO><TITLE>Cash - Petty</TITLE><ACCOUNTTYPE>balancesheet</ACCOUNTTYPE><NORMALBALANCE>debit</NORMALBALANCE><CLOSINGTYPE>non-closing account</CLOSINGTYPE></GLACCOUNT></create>",
    ),
    Shape("php:GeneralLedger/AccountDelete", '<delete_glaccount glaccountno="6900" />'),
    Shape(
        "php:GeneralLedger/AccountUpdate",
        "<update><GLACCOUNT><ACCOUNTNO>6900</ACCOUNTNO><TITLE>Depreciation expense</TITLE></GLACCOUNT></update>",
    ),
    Shape(
        "php:GeneralLedger/JournalEntryCreate", _JE_EMPTY.replace("{lines}", _EMPTY_LINE * 2), "PL01000127"
    ),
    Shape(
        "php:GeneralLedger/JournalEntryCreate",
        _JE_FULL.replace("{journal}", "GJ")
        .replace("{base}", "<BASELOCATION_NO>US</BASELOCATION_NO>")
        .replace("{lines}", _GL_LINES),
    ),
    Shape(
        "php:GeneralLedger/JournalEntryDelete",
        "<delete><object>GLBATCH</object><keys>{glbatch}</keys></delete>",
        setup=("glbatch",),
    ),
    Shape(
        "php:GeneralLedger/StatisticalAccountCreate",
        "<create><STATACCOUNT><ACCOUNTNO>9200</ACCOUNTNO><TITLE>Square feet</TITLE><ACCOUNTTYPE>forperiod</ACCOUNTTYPE></STATACCOUNT></create>",
    ),
    Shape("php:GeneralLedger/StatisticalAccountDelete", '<delete_statglaccount glaccountno="9100" />'),
    Shape(
        "php:GeneralLedger/StatisticalAccountUpdate",
        "<update><STATACCOUNT><ACCOUNTNO>9100</ACCOUNTNO><TITLE>Headcount (FTE)</TITLE></STATACCOUNT></update>",
    ),
    Shape(
        "php:GeneralLedger/StatisticalJournalEntryCreate",
        _JE_EMPTY.replace("{lines}", _EMPTY_LINE),
        "PL01000127",
    ),
    Shape(
        "php:GeneralLedger/StatisticalJournalEntryCreate",
        _JE_FULL.replace("{journal}", "SJ")
        .replace("{base}", "")
        .replace(
            "{lines}",
            "<GLENTRY><ACCOUNTNO>9100</ACCOUNTNO><TR_TYPE>1</TR_TYPE><TRX_AMOUNT>3</TRX_AMOUNT><LOCATION>US-NY</LOCATION></GLENTRY>",
        ),
    ),
    Shape(
        "php:GeneralLedger/StatisticalJournalEntryDelete",
        "<delete><object>GLBATCH</object><keys>{statje}</keys></delete>",
        setup=("statje",),
    ),
]

CONSOLIDATIONS = [
    Shape(
        "php:GlobalConsolidations/ConsolidationCreate",
        "<consolidate><bookid>USD Books</bookid><reportingperiodname>Month Ended June 2026</reportingperiodname></consolidate>",
        NOT_MODELLED,
    ),
    Shape(
        "php:GlobalConsolidations/ConsolidationCreate",
        "<consolidate><bookid>USD Books</bookid><reportingperiodname>Month Ended June 2026</reportingperiodname><offline>T</offline>"
        "<updatesucceedingperiods>false</updatesucceedingperiods><changesonly>true</changesonly><email>controller@example.com</email>"
        "<entities><csnentity><entityid>CA</entityid><bsrate>0.73</bsrate><warate>0.74</warate></csnentity></entities></consolidate>",
        NOT_MODELLED,
    ),
]

INVENTORY = [
    Shape(
        "php:InventoryControl/InventoryTransactionCreate",
        _IC.replace("{kind}", "Inventory Receipt")
        + "<ictransitems><ictransitem><itemid>I400</itemid><warehouseid>W-NY</warehouseid><quantity>1200</quantity></ictransitem></ictransitems></create_ictransaction>",
    ),
    Shape(
        "php:InventoryControl/InventoryTransactionCreate",
        _IC.replace("{kind}", "Inventory Shipper")
        + "<createdfrom></createdfrom><documentno>IS-23430</documentno><referenceno>234235</referenceno><message>Submit</message>"
        f"<externalid>20394</externalid><basecurr>USD</basecurr>{CUSTOM}<state>Pending</state><ictransitems><ictransitem>"
        "<itemid>I400</itemid><warehouseid>W-NY</warehouseid><quantity>5</quantity></ictransitem></ictransitems><subtotals>"
        "<subtotal><description>Subtotal description</description><total>5</total></subtotal></subtotals></create_ictransaction>",
        setup=("ic_receipt",),
    ),
    Shape(
        "php:InventoryControl/InventoryTransactionDelete",
        '<delete_ictransaction key="{ic_receipt}" />',
        setup=("ic_receipt",),
    ),
    Shape(
        "php:InventoryControl/ItemCreate",
        "<create><ITEM><ITEMID>I500</ITEMID><NAME>Rebar bundle</NAME><ITEMTYPE>Inventory</ITEMTYPE></ITEM></create>",
    ),
    Shape("php:InventoryControl/ItemDelete", '<delete_item itemid="I200" />'),
    Shape(
        "php:InventoryControl/ItemUpdate",
        "<update><ITEM><ITEMID>I100</ITEMID><NAME>Engineering services (hour)</NAME></ITEM></update>",
    ),
    Shape(
        "php:InventoryControl/WarehouseCreate",
        "<create><WAREHOUSE><WAREHOUSEID>W-BOS</WAREHOUSEID><NAME>Boston yard</NAME><LOC><LOCATIONID>US-NY</LOCATIONID></LOC></WAREHOUSE></create>",
    ),
    Shape(
        "php:InventoryControl/WarehouseDelete",
        "<delete><object>WAREHOUSE</object><keys>{warehouse}</keys></delete>",
        setup=("warehouse",),
    ),
    Shape(
        "php:InventoryControl/WarehouseUpdate",
        "<update><WAREHOUSE><WAREHOUSEID>W-NY</WAREHOUSEID></WAREHOUSE></update>",
    ),
]
