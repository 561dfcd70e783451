"""Subledger documents beside bills and invoices: AP/AR adjustments, summaries (batches), expense
reports and adjustments, reimbursements, charge card transactions, other receipts and deposits.

They are created by the legacy functions (``create_apadjustment``, ``record_cctransaction`` …)
and read, queried and deleted through the generic functions like in Intacct.
"""

from __future__ import annotations

from ..schema import define

DOC_FIELDS = (
    "RECORDID DOCNUMBER DESCRIPTION WHENCREATED WHENPOSTED WHENDUE STATE RAWSTATE CURRENCY BASECURR "
    "EXCHANGE_RATE EXCH_RATE_DATE EXCH_RATE_TYPE_ID TOTALENTERED TOTALPAID TOTALDUE TRX_TOTALENTERED "
    "TRX_TOTALPAID TRX_TOTALDUE PRBATCHKEY EXTERNALID SUPDOCID RECORDTYPE MODULEKEY"
)
for _obj, _label, _party, _party_label, _module in (
    ("APADJUSTMENT", "AP Adjustment", "VENDORID", "Vendor ID", "Accounts Payable"),
    ("ARADJUSTMENT", "AR Adjustment", "CUSTOMERID", "Customer ID", "Accounts Receivable"),
    ("EEXPENSES", "Expense Report", "EMPLOYEEID", "Employee ID", "Employee Expense"),
    ("EXPENSEADJUSTMENTS", "Expense Adjustment", "EMPLOYEEID", "Employee ID", "Employee Expense"),
):
    define(
        _obj,
        _label,
        "RECORDNO",
        "RECORDID",
        f"{_party}:{_party_label}|WHENCREATED:Date",
        f"{_party} {_party[:-2]}NAME {DOC_FIELDS}",
        owned=f"{_obj}ITEMS:{_obj}ITEM",
        writable=False,
        module=_module,
    )
for _obj, _label, _module in (
    ("APBILLBATCH", "Bill Summary", "Accounts Payable"),
    ("APADJUSTMENTBATCH", "AP Adjustment Summary", "Accounts Payable"),
    ("ARINVOICEBATCH", "Invoice Summary", "Accounts Receivable"),
    ("ARADJUSTMENTBATCH", "AR Adjustment Summary", "Accounts Receivable"),
    ("ARPAYMENTBATCH", "Receipt Summary", "Accounts Receivable"),
    ("EEXPENSESBATCH", "Expense Report Summary", "Employee Expense"),
):
    define(
        _obj,
        _label,
        "RECORDNO",
        "TITLE",
        "TITLE:Summary title|CREATED:Summary date",
        "TITLE CREATED OPEN BANKACCOUNTID",
        writable=False,
        module=_module,
    )
define(
    "EPPAYMENT",
    "Reimbursement",
    "RECORDNO",
    "DOCNUMBER",
    "EMPLOYEEID:Employee|PAYMENTMETHOD:Payment method|PAYMENTDATE:Payment date",
    "EMPLOYEEID BANKACCOUNTID PAYMENTMETHOD PAYMENTDATE DOCNUMBER DESCRIPTION PAYMENTCONTACT CURRENCY "
    "TOTALENTERED TRX_TOTALENTERED STATE",
    owned="EPPAYMENTDETAILS:EPPAYMENTDETAIL",
    writable=False,
    module="Employee Expense",
)
define(
    "CCTRANSACTION",
    "Charge Card Transaction",
    "RECORDNO",
    "RECORDID",
    "FINANCIALENTITY:Charge card|WHENCREATED:Payment date",
    f"FINANCIALENTITY PAYEE REFERENCENO {DOC_FIELDS}",
    owned="CCTRANSACTIONENTRIES:CCTRANSACTIONENTRY",
    writable=False,
    module="Cash Management",
)
define(
    "OTHERRECEIPTS",
    "Other Receipt",
    "RECORDNO",
    "RECORDID",
    "PAYEE:Payer|WHENCREATED:Receipt date|PAYMENTMETHOD:Payment method",
    f"PAYEE PAYMENTMETHOD FINANCIALENTITY UNDEPOSITEDACCOUNTNO RECEIVEDDATE DEPOSITDATE DEPOSITKEY {DOC_FIELDS}",
    owned="OTHERRECEIPTSENTRIES:OTHERRECEIPTSENTRY",
    writable=False,
    module="Cash Management",
)
define(
    "DEPOSIT",
    "Deposit",
    "RECORDNO",
    "DEPOSITID",
    "FINANCIALENTITY:Bank account|DEPOSITDATE:Deposit date|DEPOSITID:Deposit slip ID",
    "FINANCIALENTITY DEPOSITDATE DEPOSITID DESCRIPTION SUPDOCID TOTALENTERED STATE",
    owned="DEPOSITENTRIES:DEPOSITENTRY",
    writable=False,
    module="Cash Management",
)
