"""Function classes the .NET and JS SDKs have and the PHP SDK does not (22 shapes): bill and invoice
updates, subscriptions, effective permissions, contracts and observed percent complete."""

from __future__ import annotations

from .base import JUNE, Shape

_UPDATE_FULL = (
    '<{fn} key="{ext}" externalkey="true"><{party}>{party_id}</{party}><datecreated>{date}</datecreated><dateposted>{date}</dateposted>'
    "<datedue>{date}</datedue><termname>N30</termname><action>Submit</action><{number}>DOC-99</{number}><ponumber>PO-99</ponumber>"
    "<description>Corrected</description><currency>USD</currency><exchratedate>{date}</exchratedate><exchratetype>Intacct Daily Rate</exchratetype></{fn}>"
)


def _full(fn: str, ext: str, party: str, party_id: str, number: str) -> str:
    return (
        _UPDATE_FULL.replace("{fn}", fn)
        .replace("{ext}", ext)
        .replace("{party}", party)
        .replace("{party_id}", party_id)
        .replace("{number}", number)
        .replace("{date}", JUNE)
    )


_LINES = (
    '<{container}><updatelineitem line_num="1"><{field}>{value}</{field}></updatelineitem><lineitem><glaccountno>{account}</glaccountno>'
    "<amount>50</amount><locationid>US-NY</locationid></lineitem></{container}>"
)
_PCT = "<create><OBSPCTCOMPLETED><TYPE>{kind}</TYPE><{key}>{{{setup}}}</{key}><ASOFDATE>06/30/2026</ASOFDATE><PERCENT>33.33</PERCENT><NOTE>One third complete</NOTE></OBSPCTCOMPLETED></create>"

EXTRAS = [
    Shape("net:AccountsPayable/BillUpdate", '<update_bill key="{bill}" />', setup=("bill",)),
    Shape(
        "net:AccountsPayable/BillUpdate",
        '<update_bill key="{bill}">'
        + _LINES.replace("{container}", "updatebillitems")
        .replace("{field}", "glaccountno")
        .replace("{value}", "6300")
        .replace("{account}", "6200")
        + "</update_bill>",
        setup=("bill",),
    ),
    Shape(
        "net:AccountsPayable/BillUpdate",
        _full("update_bill", "EXT-BILL-1", "vendorid", "V100", "billno"),
        setup=("bill_ext",),
    ),
    Shape("net:AccountsReceivable/InvoiceUpdate", '<update_invoice key="{invoice}" />', setup=("invoice",)),
    Shape(
        "net:AccountsReceivable/InvoiceUpdate",
        '<update_invoice key="{invoice}">'
        + _LINES.replace("{container}", "updateinvoiceitems")
        .replace("{field}", "memo")
        .replace("{value}", "hello world")
        .replace("{account}", "4900")
        + "</update_invoice>",
        setup=("invoice",),
    ),
    Shape(
        "net:AccountsReceivable/InvoiceUpdate",
        _full("update_invoice", "EXT-INV-1", "customerid", "C100", "invoiceno"),
        setup=("invoice_ext",),
    ),
    Shape("net:Company/SubscriptionList", "<get_applications />"),
    Shape(
        "net:Company/UserEffectivePermissionList",
        "<getUserPermissions><userId>api_sync</userId></getUserPermissions>",
    ),
    Shape(
        "net:ContractsRevMgmt/ContractCreate",
        "<create><CONTRACT><CONTRACTID>CT1234</CONTRACTID><CUSTOMERID>C100</CUSTOMERID><NAME>Maintenance 2026</NAME><BEGINDATE>01/01/2026</BEGINDATE>"
        "<ENDDATE>12/31/2026</ENDDATE><BILLINGFREQUENCY>Monthly</BILLINGFREQUENCY><TERMNAME>N30</TERMNAME></CONTRACT></create>",
    ),
    Shape(
        "net:ContractsRevMgmt/ContractDelete",
        "<delete><object>CONTRACT</object><keys>{contract}</keys></delete>",
        setup=("contract",),
    ),
    Shape(
        "net:ContractsRevMgmt/ContractLineCreate",
        "<create><CONTRACTDETAIL><CONTRACTID>CT-SET</CONTRACTID><ITEMID>I100</ITEMID><BILLINGMETHOD>Fixed price</BILLINGMETHOD>"
        "<LOCATIONID>US</LOCATIONID></CONTRACTDETAIL></create>",
        setup=("contract",),
    ),
    Shape(
        "net:ContractsRevMgmt/ContractLineDelete",
        "<delete><object>CONTRACTDETAIL</object><keys>{contractline}</keys></delete>",
        setup=("contract", "contractline"),
    ),
    Shape(
        "net:ContractsRevMgmt/ContractLineHold",
        "<hold><CONTRACTDETAIL><RECORDNO>{contractline}</RECORDNO><ASOFDATE>07/31/2026</ASOFDATE><BILLING>true</BILLING><REVENUE>true</REVENUE>"
        "<EXPENSE>true</EXPENSE></CONTRACTDETAIL></hold>",
        setup=("contract", "contractline"),
    ),
    Shape(
        "net:ContractsRevMgmt/ContractLineResume",
        "<resume><CONTRACTDETAIL><RECORDNO>{contractline}</RECORDNO><ASOFDATE>08/31/2026</ASOFDATE><BILLING>true</BILLING><REVENUE>true</REVENUE>"
        "<EXPENSE>true</EXPENSE></CONTRACTDETAIL></resume>",
        setup=("contract", "contractline", "contractline_hold"),
    ),
    Shape(
        "net:ContractsRevMgmt/ContractLineUpdate",
        "<update><CONTRACTDETAIL><RECORDNO>{contractline}</RECORDNO><DEPARTMENTID>ENG</DEPARTMENTID></CONTRACTDETAIL></update>",
        setup=("contract", "contractline"),
    ),
    Shape(
        "net:ContractsRevMgmt/ContractUpdate",
        "<update><CONTRACT><RECORDNO>{contract}</RECORDNO><NAME>Design services 2026</NAME></CONTRACT></update>",
        setup=("contract",),
    ),
    Shape(
        "net:Projects/ProjectObservedPercentCompletedCreate",
        _PCT.format(kind="Project", key="PROJECTKEY", setup="p100"),
        setup=("p100",),
    ),
    Shape(
        "net:Projects/ProjectObservedPercentCompletedDelete",
        "<delete><object>OBSPCTCOMPLETED</object><keys>{obspct}</keys></delete>",
        setup=("p100", "obspct"),
    ),
    Shape(
        "net:Projects/ProjectObservedPercentCompletedUpdate",
        "<update><OBSPCTCOMPLETED><RECORDNO>{obspct}</RECORDNO><PERCENT>22.00</PERCENT></OBSPCTCOMPLETED></update>",
        setup=("p100", "obspct"),
    ),
    Shape(
        "net:Projects/TaskObservedPercentCompletedCreate",
        _PCT.format(kind="Task", key="TASKKEY", setup="t100"),
        setup=("t100",),
    ),
    Shape(
        "net:Projects/TaskObservedPercentCompletedDelete",
        "<delete><object>OBSPCTCOMPLETED</object><keys>{obspct_task}</keys></delete>",
        setup=("t100", "obspct_task"),
    ),
    Shape(
        "net:Projects/TaskObservedPercentCompletedUpdate",
        "<update><OBSPCTCOMPLETED><RECORDNO>{obspct_task}</RECORDNO><PERCENT>22.00</PERCENT></OBSPCTCOMPLETED></update>",
        setup=("t100", "obspct_task"),
    ),
]
