"""Accounts Payable and Accounts Receivable function shapes (PHP SDK: 32 + 25)."""

from __future__ import annotations

from .base import CUSTOM, JUNE, Shape

_CONTACT = (
    "<PRINTAS>{name} Inc</PRINTAS><COMPANYNAME>{name}</COMPANYNAME><TAXABLE>true</TAXABLE><TAXGROUP>NY</TAXGROUP>"
    "<PREFIX>Ms</PREFIX><FIRSTNAME>Rita</FIRSTNAME><LASTNAME>Ortiz</LASTNAME><INITIAL>J</INITIAL><PHONE1>212-555-0100</PHONE1>"
    "<PHONE2>212-555-0101</PHONE2><CELLPHONE>917-555-0102</CELLPHONE><PAGER>0</PAGER><FAX>212-555-0103</FAX>"
    "<EMAIL1>ap@example.com</EMAIL1><EMAIL2>billing@example.com</EMAIL2><URL1>www.example.com</URL1><URL2>example.com</URL2>"
    "<MAILADDRESS><ADDRESS1>40 Wall St</ADDRESS1><ADDRESS2>Floor 9</ADDRESS2><CITY>New York</CITY><STATE>NY</STATE>"
    "<ZIP>10005</ZIP><COUNTRY>United States</COUNTRY></MAILADDRESS>"
)
_HEADER_FULL = (
    f"<dateposted>{JUNE}</dateposted><batchkey>{{batch}}</batchkey><adjustmentno>ADJ-77</adjustmentno><action>Submit</action>"
    "<{docno}>{docvalue}</{docno}><description>Price correction</description><externalid>EXT-ADJ-1</externalid>"
    f"<basecurr>USD</basecurr><currency>USD</currency><exchratedate>{JUNE}</exchratedate>"
    f"<exchratetype>Intacct Daily Rate</exchratetype><nogl>false</nogl>{CUSTOM}"
)
_PAY = (
    "<create><APPYMT><PAYMENTMETHOD>{method}</PAYMENTMETHOD><FINANCIALENTITY>BA-OPER</FINANCIALENTITY><VENDORID>V100</VENDORID>"
    "{extra}<PAYMENTDATE>06/30/2026</PAYMENTDATE><APPYMTDETAILS>{details}</APPYMTDETAILS></APPYMT></create>"
)
_DETAIL = "<APPYMTDETAIL><RECORDKEY>{bill}</RECORDKEY>{extra}<TRX_PAYMENTAMOUNT>{amount}</TRX_PAYMENTAMOUNT></APPYMTDETAIL>"


def _pay(details: str, method: str = "Printed Check", extra: str = "") -> str:
    return _PAY.replace("{method}", method).replace("{extra}", extra).replace("{details}", details)


def _detail(amount: str, extra: str = "") -> str:
    return _DETAIL.replace("{extra}", extra).replace("{amount}", amount)


def _request(fn: str) -> str:
    return f"<{fn}><appaymentkeys><appaymentkey>{{appayment}}</appaymentkey></appaymentkeys></{fn}>"


def _document(fn: str, party: str, party_id: str, items: str, full: bool, number: str) -> str:
    if not full:
        return (
            f"<{fn}><{party}>{party_id}</{party}><datecreated>{JUNE}</datecreated><termname>N30</termname>"
            f"<{items}><lineitem><glaccountno/><amount>76343.43</amount></lineitem></{items}></{fn}>"
        )
    to = "<payto><contactname>Rita Ortiz</contactname></payto><returnto><contactname>Rita Ortiz</contactname></returnto>"
    if party == "customerid":
        to = "<billto><contactname>Rita Ortiz</contactname></billto><shipto><contactname>Rita Ortiz</contactname></shipto>"
    account = "6200" if party == "vendorid" else "4900"
    return (
        f"<{fn}><{party}>{party_id}</{party}><datecreated>{JUNE}</datecreated><dateposted>{JUNE}</dateposted>"
        f"<datedue>{JUNE.replace('<day>15', '<day>30')}</datedue><termname>N30</termname><action>Submit</action>"
        f"<batchkey>{{batch}}</batchkey><{number}>DOC-8841</{number}><ponumber>PO-2231</ponumber><onhold>false</onhold>"
        f"<description>June services</description><externalid>EXT-{fn}</externalid>{to}<basecurr>USD</basecurr>"
        f"<currency>USD</currency><exchratedate>{JUNE}</exchratedate><exchratetype>Intacct Daily Rate</exchratetype>"
        f"<nogl>false</nogl><supdocid>SUP-1</supdocid>{CUSTOM}<{items}><lineitem><glaccountno>{account}</glaccountno>"
        "<amount>1250.00</amount><memo>June</memo><locationid>US-NY</locationid><departmentid>ENG</departmentid>"
        f"<projectid>P-100</projectid><classid>C1</classid></lineitem></{items}></{fn}>"
    )


def _adjustment(fn: str, party: str, party_id: str, items: str, full: bool, docno: str, account: str) -> str:
    head = f"<{fn}><{party}>{party_id}</{party}><datecreated>{JUNE}</datecreated>"
    if not full:
        return f"{head}<{items}><lineitem><glaccountno/><amount>76343.43</amount></lineitem></{items}></{fn}>"
    header = _HEADER_FULL.replace("{docno}", docno).replace("{docvalue}", "DOC-19")
    line = f"<lineitem><glaccountno>{account}</glaccountno><amount>-120.50</amount><locationid>US-NY</locationid></lineitem>"
    return f"{head}{header}<{items}>{line}</{items}></{fn}>"


def _batch(fn: str) -> str:
    return f"<{fn}><batchtitle>June summary</batchtitle><datecreated>{JUNE}</datecreated></{fn}>"


_VENDOR_FULL = f"<create><VENDOR><VENDORID>V600</VENDORID><NAME>Hudson Cranes</NAME><DISPLAYCONTACT>{_CONTACT.replace('{name}', 'Hudson Cranes')}</DISPLAYCONTACT></VENDOR></create>"
_CUSTOMER_FULL = f"<create><CUSTOMER><CUSTOMERID>C600</CUSTOMERID><NAME>Bay Area Transit</NAME><DISPLAYCONTACT>{_CONTACT.replace('{name}', 'Bay Area Transit')}</DISPLAYCONTACT></CUSTOMER></create>"

PAYABLES = [
    Shape(
        "php:AccountsPayable/ApAccountLabelCreate",
        "<create><APACCOUNTLABEL><ACCOUNTLABEL>Equipment hire</ACCOUNTLABEL><DESCRIPTION>Plant hire</DESCRIPTION><GLACCOUNTNO>5100</GLACCOUNTNO></APACCOUNTLABEL></create>",
    ),
    Shape("php:AccountsPayable/ApAccountLabelDelete", '<delete_apaccountlabel accountlabel="Travel" />'),
    Shape(
        "php:AccountsPayable/ApAccountLabelUpdate",
        "<update><APACCOUNTLABEL><ACCOUNTLABEL>Subcontract</ACCOUNTLABEL><DESCRIPTION>Subcontractors</DESCRIPTION><GLACCOUNTNO>5100</GLACCOUNTNO></APACCOUNTLABEL></update>",
    ),
    Shape(
        "php:AccountsPayable/ApAdjustmentCreate",
        _adjustment("create_apadjustment", "vendorid", "V100", "apadjustmentitems", False, "billno", "6200"),
        "PL01000127",
    ),
    Shape(
        "php:AccountsPayable/ApAdjustmentCreate",
        _adjustment(
            "create_apadjustment", "vendorid", "V100", "apadjustmentitems", True, "billno", "6200"
        ).replace("{batch}", "{apadjbatch}"),
        setup=("apadjbatch",),
    ),
    Shape(
        "php:AccountsPayable/ApAdjustmentDelete",
        '<delete_apadjustment key="{apadjustment}" />',
        setup=("apadjustment",),
    ),
    Shape("php:AccountsPayable/ApAdjustmentSummaryCreate", _batch("create_apadjustmentbatch")),
    Shape(
        "php:AccountsPayable/ApPaymentApprove",
        _request("approve_appaymentrequest"),
        setup=("approvals_on", "bill", "appayment"),
    ),
    Shape(
        "php:AccountsPayable/ApPaymentConfirm",
        _request("confirm_appaymentrequest"),
        setup=("approvals_on", "bill", "appayment", "approve_appayment"),
    ),
    Shape("php:AccountsPayable/ApPaymentCreate", _pay(_detail("100.12")), setup=("bill",)),
    Shape(
        "php:AccountsPayable/ApPaymentCreate",
        _pay(_detail("100.12", "<ENTRYKEY>1</ENTRYKEY>"), "EFT", "<DOCNUMBER>EFT-12345</DOCNUMBER>"),
        setup=("bill",),
    ),
    Shape(
        "php:AccountsPayable/ApPaymentCreate",
        _pay(_detail("294", "<DISCOUNTDATE>06/29/2026</DISCOUNTDATE>")),
        setup=("bill",),
    ),
    Shape(
        "php:AccountsPayable/ApPaymentCreate",
        _pay(
            "<APPYMTDETAIL><POSADJKEY>{apadjustment}</POSADJKEY><TRX_PAYMENTAMOUNT>1</TRX_PAYMENTAMOUNT></APPYMTDETAIL>"
            "<APPYMTDETAIL><POSADJKEY>{apadjustment}</POSADJKEY><ADJUSTMENTKEY>{debitmemo}</ADJUSTMENTKEY>"
            "<TRX_ADJUSTMENTAMOUNT>1.01</TRX_ADJUSTMENTAMOUNT></APPYMTDETAIL>"
        ),
        setup=("apadjustment", "debitmemo"),
    ),
    Shape(
        "php:AccountsPayable/ApPaymentCreate",
        _pay(
            _detail("1")
            + "<APPYMTDETAIL><RECORDKEY>{bill}</RECORDKEY><ADVANCEKEY>1</ADVANCEKEY><TRX_POSTEDADVANCEAMOUNT>2.49</TRX_POSTEDADVANCEAMOUNT></APPYMTDETAIL>"
        ),
        "EMU-UNSUPPORTED",
        setup=("bill",),
    ),
    Shape(
        "php:AccountsPayable/ApPaymentCreate",
        _pay(
            _detail("8.8", "<INLINEKEY>1</INLINEKEY><TRX_INLINEAMOUNT>70</TRX_INLINEAMOUNT>"),
            "Cash",
            "<CURRENCY>USD</CURRENCY>",
        ),
        setup=("bill",),
    ),
    Shape("php:AccountsPayable/ApPaymentCreate", _pay(_detail("100.12")), setup=("bill",)),
    Shape(
        "php:AccountsPayable/ApPaymentCreate",
        _pay(
            _detail("100.12", "<DISCOUNTTOAPPLY>1.21</DISCOUNTTOAPPLY>"),
            extra="<PAYMENTREQUESTMETHOD>vendorpref</PAYMENTREQUESTMETHOD><GROUPPAYMENTS>true</GROUPPAYMENTS>"
            "<EXCH_RATE_DATE>06/30/2026</EXCH_RATE_DATE><EXCH_RATE_TYPE_ID>Intacct Daily Rate</EXCH_RATE_TYPE_ID>"
            "<DOCNUMBER>10000</DOCNUMBER><DESCRIPTION>Memo</DESCRIPTION><PAYMENTCONTACT>Rita Ortiz</PAYMENTCONTACT>",
        ),
        setup=("bill",),
    ),
    Shape(
        "php:AccountsPayable/ApPaymentDecline",
        _request("decline_appaymentrequest"),
        setup=("approvals_on", "bill", "appayment"),
    ),
    Shape(
        "php:AccountsPayable/ApPaymentDelete",
        "<delete><object>APPYMT</object><keys>{appayment}</keys></delete>",
        setup=("bill", "appayment"),
    ),
    Shape(
        "php:AccountsPayable/ApPaymentReverse",
        f'<reverse_appayment key="{{appayment}}"><datereversed>{JUNE.replace("<day>15", "<day>25")}</datereversed></reverse_appayment>',
        setup=("bill", "appayment"),
    ),
    Shape(
        "php:AccountsPayable/ApPaymentSend",
        _request("send_appaymentrequest"),
        setup=("approvals_on", "bill", "appayment", "approve_appayment"),
    ),
    Shape(
        "php:AccountsPayable/ApPaymentVoid", _request("void_appaymentrequest"), setup=("bill", "appayment")
    ),
    Shape(
        "php:AccountsPayable/BillCreate",
        _document("create_bill", "vendorid", "V100", "billitems", False, "billno"),
        "PL01000127",
    ),
    Shape(
        "php:AccountsPayable/BillCreate",
        _document("create_bill", "vendorid", "V100", "billitems", True, "billno").replace(
            "{batch}", "{billbatch}"
        ),
        setup=("billbatch",),
    ),
    Shape("php:AccountsPayable/BillDelete", '<delete_bill key="{bill}" />', setup=("bill",)),
    Shape(
        "php:AccountsPayable/BillReverse",
        f'<reverse_bill key="{{bill}}"><datereversed>{JUNE}</datereversed></reverse_bill>',
        setup=("bill",),
    ),
    Shape("php:AccountsPayable/BillSummaryCreate", _batch("create_billbatch")),
    Shape(
        "php:AccountsPayable/VendorCreate",
        "<create><VENDOR><NAME>Harbor Electric</NAME><DISPLAYCONTACT><PRINTAS>Harbor Electric Inc</PRINTAS></DISPLAYCONTACT></VENDOR></create>",
    ),
    Shape("php:AccountsPayable/VendorCreate", _VENDOR_FULL),
    Shape("php:AccountsPayable/VendorDelete", '<delete_vendor vendorid="V500" />'),
    Shape(
        "php:AccountsPayable/VendorUpdate",
        "<update><VENDOR><VENDORID>V100</VENDORID><DISPLAYCONTACT/></VENDOR></update>",
    ),
    Shape(
        "php:AccountsPayable/VendorUpdate", _VENDOR_FULL.replace("create>", "update>").replace("V600", "V200")
    ),
]

RECEIVABLES = [
    Shape(
        "php:AccountsReceivable/ArAccountLabelCreate",
        "<create><ARACCOUNTLABEL><ACCOUNTLABEL>Change orders</ACCOUNTLABEL><DESCRIPTION>Change order revenue</DESCRIPTION><GLACCOUNTNO>4100</GLACCOUNTNO></ARACCOUNTLABEL></create>",
    ),
    Shape(
        "php:AccountsReceivable/ArAccountLabelDelete", '<delete_araccountlabel accountlabel="Other income" />'
    ),
    Shape(
        "php:AccountsReceivable/ArAccountLabelUpdate",
        "<update><ARACCOUNTLABEL><ACCOUNTLABEL>Other income</ACCOUNTLABEL><DESCRIPTION>Sundry income</DESCRIPTION><GLACCOUNTNO>4900</GLACCOUNTNO></ARACCOUNTLABEL></update>",
    ),
    Shape(
        "php:AccountsReceivable/ArAdjustmentCreate",
        _adjustment(
            "create_aradjustment", "customerid", "C100", "aradjustmentitems", False, "invoiceno", "4900"
        ),
        "PL01000127",
    ),
    Shape(
        "php:AccountsReceivable/ArAdjustmentCreate",
        _adjustment(
            "create_aradjustment", "customerid", "C100", "aradjustmentitems", True, "invoiceno", "4900"
        ).replace("{batch}", "{aradjbatch}"),
        setup=("aradjbatch",),
    ),
    Shape(
        "php:AccountsReceivable/ArAdjustmentDelete",
        '<delete_aradjustment key="{aradjustment}" />',
        setup=("aradjustment",),
    ),
    Shape("php:AccountsReceivable/ArAdjustmentSummaryCreate", _batch("create_aradjustmentbatch")),
    Shape(
        "php:AccountsReceivable/ArPaymentApply",
        f"<apply_arpayment><arpaymentkey>{{arpayment}}</arpaymentkey><paymentdate>{JUNE.replace('<day>15', '<day>28')}</paymentdate>"
        "<arpaymentitems><arpaymentitem><invoicekey>{invoice}</invoicekey><amount>100</amount></arpaymentitem></arpaymentitems>"
        "</apply_arpayment>",
        setup=("invoice", "arpayment"),
    ),
    Shape(
        "php:AccountsReceivable/ArPaymentCreate",
        f"<create_arpayment><customerid>C100</customerid><paymentamount>1922.12</paymentamount><batchkey>{{arpaymentbatch}}</batchkey>"
        f"<datereceived>{JUNE}</datereceived><paymentmethod>Printed Check</paymentmethod></create_arpayment>",
        setup=("arpaymentbatch",),
    ),
    Shape(
        "php:AccountsReceivable/ArPaymentReverse",
        f'<reverse_arpayment key="{{arpayment}}"><datereversed>{JUNE}</datereversed></reverse_arpayment>',
        setup=("arpayment",),
    ),
    Shape("php:AccountsReceivable/ArPaymentSummaryCreate", _batch("create_arpaymentbatch")),
    Shape(
        "php:AccountsReceivable/CustomerCreate",
        "<create><CUSTOMER><NAME>Lakeside Utilities</NAME><DISPLAYCONTACT><PRINTAS>Lakeside Utilities Inc</PRINTAS></DISPLAYCONTACT></CUSTOMER></create>",
    ),
    Shape(
        "php:AccountsReceivable/CustomerCreate",
        "<create><CUSTOMER><NAME>Lakeside Ports</NAME><DISPLAYCONTACT><PRINTAS>Lakeside Ports</PRINTAS><EMAIL1/></DISPLAYCONTACT></CUSTOMER></create>",
    ),
    Shape("php:AccountsReceivable/CustomerCreate", _CUSTOMER_FULL),
    Shape(
        "php:AccountsReceivable/CustomerDelete", '<delete_customer customerid="C-DEL" />', setup=("customer",)
    ),
    Shape(
        "php:AccountsReceivable/CustomerUpdate",
        "<update><CUSTOMER><CUSTOMERID>C100</CUSTOMERID><DISPLAYCONTACT /></CUSTOMER></update>",
    ),
    Shape(
        "php:AccountsReceivable/CustomerUpdate",
        _CUSTOMER_FULL.replace("create>", "update>").replace("C600", "C400"),
    ),
    Shape(
        "php:AccountsReceivable/InvoiceCreate",
        _document("create_invoice", "customerid", "C100", "invoiceitems", False, "invoiceno"),
        "PL01000127",
    ),
    Shape(
        "php:AccountsReceivable/InvoiceCreate",
        _document("create_invoice", "customerid", "C100", "invoiceitems", True, "invoiceno").replace(
            "{batch}", "{invoicebatch}"
        ),
        setup=("invoicebatch",),
    ),
    Shape("php:AccountsReceivable/InvoiceDelete", '<delete_invoice key="{invoice}" />', setup=("invoice",)),
    Shape(
        "php:AccountsReceivable/InvoiceReverse",
        f'<reverse_invoice key="{{invoice}}"><datereversed>{JUNE}</datereversed></reverse_invoice>',
        setup=("invoice",),
    ),
    Shape("php:AccountsReceivable/InvoiceSummaryCreate", _batch("create_invoicebatch")),
    Shape(
        "php:AccountsReceivable/PaymentServices/CustomerChargeCardCreate",
        "<create_customerchargecard><customerid>C100</customerid><cardnum>4111111111111111</cardnum><cardtype>Visa</cardtype>"
        "<exp_month>June</exp_month><exp_year>2029</exp_year><mailaddress/></create_customerchargecard>",
    ),
    Shape(
        "php:AccountsReceivable/PaymentServices/CustomerChargeCardDelete",
        '<delete_customerchargecard recordno="{card}" />',
        setup=("card",),
    ),
    Shape(
        "php:AccountsReceivable/PaymentServices/CustomerChargeCardUpdate",
        '<update_customerchargecard recordno="{card}" />',
        setup=("card",),
    ),
]
