"""Company, platform and setup objects: contacts, users, allocations, attachments, account labels,
statistical accounts, bank and charge card accounts, customer charge cards, contracts."""

from __future__ import annotations

from ..schema import define

_CONTACT = (
    "CONTACTNAME PRINTAS COMPANYNAME TAXABLE TAXGROUP PREFIX FIRSTNAME LASTNAME INITIAL PHONE1 PHONE2 "
    "CELLPHONE PAGER FAX EMAIL1 EMAIL2 URL1 URL2 MAILADDRESS"
)
define(
    "CONTACT",
    "Contact",
    "CONTACTNAME",
    "PRINTAS",
    "CONTACTNAME:Contact name|PRINTAS:Print as",
    _CONTACT,
)
define(
    "USERINFO",
    "User",
    "LOGINID",
    "DESCRIPTION",
    "LOGINID:User ID|USERTYPE:User type|CONTACTINFO.LASTNAME:Last name|CONTACTINFO.FIRSTNAME:First name"
    "|CONTACTINFO.EMAIL1:Primary email address",
    "LOGINID USERTYPE DESCRIPTION CONTACTINFO USERLOCATIONS USERDEPARTMENTS SSO_ENABLED SSO_FEDERATED_ID",
    hidden="PASSWORD WRITE ADMIN",
)
define(
    "ALLOCATION",
    "Allocation",
    "ALLOCATIONID",
    "DESCRIPTION",
    "ALLOCATIONID:Allocation ID|TYPE:Allocate by",
    "ALLOCATIONID TYPE DESCRIPTION DOCNUMBER SUPDOCID",
    owned="ALLOCATIONENTRIES:ALLOCATIONENTRY",
)
define(
    "SUPDOCFOLDER",
    "Attachment Folder",
    "SUPDOCFOLDERNAME",
    "SUPDOCFOLDERNAME",
    "SUPDOCFOLDERNAME:Folder name",
    "SUPDOCFOLDERNAME SUPDOCFOLDERDESCRIPTION SUPDOCPARENTFOLDERNAME",
    refs="SUPDOCPARENTFOLDERNAME:SUPDOCFOLDER:Parent folder",
    writable=False,
)
define(
    "SUPDOC",
    "Attachment",
    "SUPDOCID",
    "SUPDOCNAME",
    "SUPDOCNAME:Attachment name|SUPDOCFOLDERNAME:Folder",
    "SUPDOCID SUPDOCNAME SUPDOCFOLDERNAME SUPDOCDESCRIPTION ATTACHMENTS",
    refs="SUPDOCFOLDERNAME:SUPDOCFOLDER:Attachment folder",
    writable=False,
    auto_id=True,
)
for _obj, _label, _module in (
    ("APACCOUNTLABEL", "AP Account Label", "Accounts Payable"),
    ("ARACCOUNTLABEL", "AR Account Label", "Accounts Receivable"),
    ("EEACCOUNTLABEL", "Expense Type", "Employee Expense"),
):
    define(
        _obj,
        _label,
        "ACCOUNTLABEL",
        "DESCRIPTION",
        "ACCOUNTLABEL:Account label|DESCRIPTION:Description|GLACCOUNTNO:GL account",
        "ACCOUNTLABEL DESCRIPTION GLACCOUNTNO OFFSETGLACCOUNTNO",
        refs="GLACCOUNTNO:GLACCOUNT:GL account|OFFSETGLACCOUNTNO:GLACCOUNT:Offset GL account",
        module=_module,
    )
define(
    "STATACCOUNT",
    "Statistical Account",
    "ACCOUNTNO",
    "TITLE",
    "ACCOUNTNO:Account Number|TITLE:Title",
    "ACCOUNTNO TITLE ACCOUNTTYPE CATEGORY",
    module="General Ledger",
)
define(
    "CHECKINGACCOUNT",
    "Checking Account",
    "BANKACCOUNTID",
    "BANKNAME",
    "BANKACCOUNTID:Bank account ID|GLACCOUNTNO:GL account",
    "BANKACCOUNTID BANKNAME GLACCOUNTNO CURRENCY LOCATIONID",
    refs="GLACCOUNTNO:GLACCOUNT:GL account|LOCATIONID:LOCATION:Location",
    hidden="BANKACCOUNTNO",
    module="Cash Management",
)
define(
    "CREDITCARD",
    "Charge Card Account",
    "CARDID",
    "DESCRIPTION",
    "CARDID:Card ID|GLACCOUNTNO:Liability account",
    "CARDID CARDTYPE DESCRIPTION GLACCOUNTNO VENDORID CURRENCY",
    refs="GLACCOUNTNO:GLACCOUNT:GL account|VENDORID:VENDOR:Vendor",
    module="Cash Management",
)
define(
    "CUSTOMERCHARGECARD",
    "Customer Charge Card",
    "RECORDNO",
    "CARDNUM",
    "CUSTOMERID:Customer|CARDNUM:Card number|CARDTYPE:Card type|EXP_MONTH:Expiration month|EXP_YEAR:Expiration year",
    "CUSTOMERID CARDNUM CARDTYPE EXP_MONTH EXP_YEAR DESCRIPTION DEFAULTCARD",
    refs="CUSTOMERID:CUSTOMER:Customer",
    writable=False,
    module="Accounts Receivable",
)
define(
    "SMARTEVENTLOG",
    "Smart Event Log",
    "RECORDNO",
    "DESCRIPTION",
    fields="SMARTLINKID OWNEROBJECT OBJECTKEY EVENTTYPE DESCRIPTION",
    readonly=True,
    module="Platform Services",
)
define(
    "CONTRACT",
    "Contract",
    "CONTRACTID",
    "NAME",
    "CONTRACTID:Contract ID|CUSTOMERID:Customer|NAME:Name|BEGINDATE:Start date|ENDDATE:End date",
    "CONTRACTID CUSTOMERID NAME BEGINDATE ENDDATE BILLINGFREQUENCY TERMNAME STATE",
    refs="CUSTOMERID:CUSTOMER:Customer",
    dimension=True,
    module="Contracts",
)
define(
    "CONTRACTDETAIL",
    "Contract Line",
    "RECORDNO",
    "ITEMID",
    "CONTRACTID:Contract|ITEMID:Item",
    "CONTRACTID ITEMID BILLINGMETHOD LOCATIONID DEPARTMENTID STATE HOLDDATE RESUMEDATE BILLINGHOLD "
    "REVENUEHOLD EXPENSEHOLD",
    refs="CONTRACTID:CONTRACT:Contract|ITEMID:ITEM:Item|LOCATIONID:LOCATION:Location|DEPARTMENTID:DEPARTMENT:Department",
    module="Contracts",
)
