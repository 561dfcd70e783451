"""Order Entry, Purchasing and Projects function shapes (PHP SDK: 7 + 7 + 12)."""

from __future__ import annotations

from .base import CUSTOM, JUNE, Shape, d

_FX = f"<basecurr>USD</basecurr><currency>USD</currency><exchratedate>{JUNE}</exchratedate><exchratetype>Intacct Daily Rate</exchratetype>"
_SO_ITEM = "<sotransitem><itemid>I100</itemid><quantity>{qty}</quantity><locationid>US-NY</locationid><projectid>P-100</projectid></sotransitem>"
_PO_ITEM = (
    "<potransitem><itemid>I300</itemid><quantity>{qty}</quantity><price>150</price><locationid>US-NY</locationid>"
    "<projectid>P-100</projectid><taskid>T-100-DES</taskid></potransitem>"
)
_SUBTOTALS = "<subtotals><subtotal><description>Subtotal description</description><total>1200</total></subtotal></subtotals>"
_DUE = d(2026, 7, 15)
_HEADER = (
    f"<dateposted>{JUNE}</dateposted><referenceno>REF-234235</referenceno><termname>N30</termname><datedue>{_DUE}</datedue>"
    "<message>Submit</message><shippingmethod>USPS</shippingmethod>"
)
_TIMESHEET = "<EMPLOYEEID>E100</EMPLOYEEID><BEGINDATE>06/29/2026</BEGINDATE>"
_ENTRY = "<TIMESHEETENTRY><ENTRYDATE>06/30/2026</ENTRYDATE><QTY>1.75</QTY></TIMESHEETENTRY>"


def _so(kind: str, body: str, items: str) -> str:
    return (
        f"<create_sotransaction><transactiontype>{kind}</transactiontype><datecreated>{JUNE}</datecreated>"
        f"{body}<sotransitems>{items}</sotransitems>{{subtotals}}</create_sotransaction>"
    )


def _po(kind: str, body: str, items: str) -> str:
    return (
        f"<create_potransaction><transactiontype>{kind}</transactiontype><datecreated>{JUNE}</datecreated>"
        f"{body}<potransitems>{items}</potransitems>{{subtotals}}</create_potransaction>"
    )


def _workflow(verb: str, obj: str, body: str) -> str:
    return f"<{verb}><{obj}>{body}</{obj}></{verb}>"


ORDERS = [
    Shape(
        "php:OrderEntry/OrderEntryTransactionCreate",
        _so("Sales Order", "<customerid>C100</customerid>", _SO_ITEM.format(qty=1200)).replace(
            "{subtotals}", ""
        ),
    ),
    Shape(
        "php:OrderEntry/OrderEntryTransactionCreate",
        _so("Sales Order", "<customerid>C100</customerid>", _SO_ITEM.format(qty=12)).replace(
            "{subtotals}", _SUBTOTALS
        ),
    ),
    Shape(
        "php:OrderEntry/OrderEntryTransactionCreate",
        _so(
            "Sales Invoice",
            f"<dateposted>{JUNE}</dateposted><createdfrom>{{so_order}}</createdfrom><customerid>C100</customerid><documentno>INV-23430</documentno>"
            f"<origdocdate>{d(2026, 6, 1)}</origdocdate><referenceno>REF-234235</referenceno><termname>N30</termname><datedue>{_DUE}</datedue>"
            "<message>Submit</message><shippingmethod>USPS</shippingmethod><shipto><contactname>Rita Ortiz</contactname></shipto>"
            f"<billto><contactname>Rita Ortiz</contactname></billto><supdocid>6942</supdocid><externalid>20394</externalid>{_FX}"
            f"<vsoepricelist>VSOEPricing</vsoepricelist>{CUSTOM}<state>Pending</state><projectid>P-100</projectid>",
            _SO_ITEM.format(qty=8),
        ).replace("{subtotals}", _SUBTOTALS.replace("1200", "1480")),
        setup=("so_order",),
    ),
    Shape(
        "php:OrderEntry/OrderEntryTransactionDelete",
        '<delete_sotransaction key="{so_order}" />',
        setup=("so_order",),
    ),
    Shape(
        "php:OrderEntry/OrderEntryTransactionUpdate",
        '<update_sotransaction key="{so_order}"/>',
        setup=("so_order",),
    ),
    Shape(
        "php:OrderEntry/OrderEntryTransactionUpdate",
        '<update_sotransaction key="{so_order}"><updatesotransitems><updatesotransitem line_num="1"><itemid>I100</itemid>'
        f"<quantity>12</quantity></updatesotransitem>{_SO_ITEM.format(qty=3)}</updatesotransitems><updatesubtotals><updatesubtotal>"
        "<description>Subtotal Description</description><total>1200</total></updatesubtotal></updatesubtotals></update_sotransaction>",
        setup=("so_order",),
    ),
    Shape(
        "php:OrderEntry/OrderEntryTransactionUpdate",
        f'<update_sotransaction key="{{so_order}}"><datecreated>{JUNE}</datecreated>{_HEADER}'
        f"<origdocdate>{d(2026, 6, 1)}</origdocdate><shipto><contactname>Rita Ortiz</contactname></shipto><supdocid>6942</supdocid>"
        f"<externalid>20394</externalid>{_FX}{CUSTOM}<state>Pending</state></update_sotransaction>",
        setup=("so_order",),
    ),
]

PURCHASES = [
    Shape(
        "php:Purchasing/PurchasingTransactionApprove",
        _workflow(
            "approve", "PODOCUMENT", "<DOCID>{po}</DOCID><COMMENT>Final approval for the quarter</COMMENT>"
        ),
        setup=("po",),
    ),
    Shape(
        "php:Purchasing/PurchasingTransactionCreate",
        _po(
            "Purchase Order",
            f"<vendorid>V100</vendorid><datedue>{_DUE}</datedue><returnto><contactname></contactname></returnto><payto><contactname></contactname></payto>",
            _PO_ITEM.format(qty=1200),
        ).replace("{subtotals}", ""),
    ),
    Shape(
        "php:Purchasing/PurchasingTransactionCreate",
        _po(
            "Vendor Invoice",
            f"<dateposted>{JUNE}</dateposted><createdfrom>{{po}}</createdfrom><vendorid>V100</vendorid><documentno>VI-23430</documentno>"
            f"<referenceno>REF-234235</referenceno><termname>N30</termname><datedue>{_DUE}</datedue><message>Submit</message>"
            "<shippingmethod>USPS</shippingmethod><returnto><contactname>Rita Ortiz</contactname></returnto><payto><contactname>Rita Ortiz"
            f"</contactname></payto><supdocid>6942</supdocid><externalid>20394</externalid>{_FX}{CUSTOM}<state>Pending</state>",
            _PO_ITEM.format(qty=10),
        ).replace("{subtotals}", _SUBTOTALS.replace("1200", "1500")),
        setup=("po", "approve_po"),
    ),
    Shape(
        "php:Purchasing/PurchasingTransactionDecline",
        _workflow("decline", "PODOCUMENT", "<DOCID>{po}</DOCID><COMMENT>Need to wait on this</COMMENT>"),
        setup=("po",),
    ),
    Shape("php:Purchasing/PurchasingTransactionDelete", '<delete_potransaction key="{po}" />', setup=("po",)),
    Shape("php:Purchasing/PurchasingTransactionUpdate", '<update_potransaction key="{po}" />', setup=("po",)),
    Shape(
        "php:Purchasing/PurchasingTransactionUpdate",
        f"<update_potransaction key='EXT-PO-1' externalkey=\"true\"><datecreated>{JUNE}</datecreated>{_HEADER}"
        "<returnto><contactname>Rita Ortiz</contactname></returnto><payto><contactname>Rita Ortiz</contactname></payto>"
        f"<supdocid>6942</supdocid>{_FX}{CUSTOM}<state>Pending</state></update_potransaction>",
        setup=("po_ext",),
    ),
]

PROJECTS = [
    Shape(
        "php:Projects/ProjectCreate",
        "<create><PROJECT><NAME>Riverside Bridge Inspection</NAME><PROJECTCATEGORY>Contract</PROJECTCATEGORY></PROJECT></create>",
    ),
    Shape("php:Projects/ProjectDelete", '<delete_project key="P-DEL" />', setup=("project",)),
    Shape(
        "php:Projects/ProjectUpdate",
        "<update><PROJECT><PROJECTID>P-400</PROJECTID><NAME>Gulf Coast Pipeline Study</NAME></PROJECT></update>",
    ),
    Shape(
        "php:Projects/TaskCreate",
        "<create><TASK><NAME>Geotechnical survey</NAME><PROJECTID>P-100</PROJECTID></TASK></create>",
    ),
    Shape("php:Projects/TaskDelete", '<delete_task key="{task}" />', setup=("task",)),
    Shape(
        "php:Projects/TaskUpdate",
        "<update><TASK><RECORDNO>{task}</RECORDNO><PROJECTID>P-100</PROJECTID></TASK></update>",
        setup=("task",),
    ),
    Shape(
        "php:Projects/TimesheetApprove",
        _workflow(
            "approve",
            "TIMESHEET",
            "<RECORDNO>{timesheet}</RECORDNO><ENTRYKEYS>{ts_entries}</ENTRYKEYS><APPROVEDBY>api_sync</APPROVEDBY><COMMENT>Approved</COMMENT>",
        ),
        setup=("timesheet", "ts_entries"),
    ),
    Shape(
        "php:Projects/TimesheetCreate",
        f"<create><TIMESHEET>{_TIMESHEET}<TIMESHEETENTRIES>{_ENTRY}</TIMESHEETENTRIES></TIMESHEET></create>",
    ),
    Shape(
        "php:Projects/TimesheetCreate",
        f"<create><TIMESHEET>{_TIMESHEET}<DESCRIPTION>Week 27</DESCRIPTION><SUPDOCID>A1234</SUPDOCID><STATE>Submitted</STATE>"
        f"<TIMESHEETENTRIES>{_ENTRY}</TIMESHEETENTRIES><customfield1>customvalue1</customfield1></TIMESHEET></create>",
    ),
    Shape(
        "php:Projects/TimesheetDecline",
        _workflow(
            "decline",
            "TIMESHEET",
            "<RECORDNO>{timesheet}</RECORDNO><ENTRYKEYS>{ts_entries}</ENTRYKEYS><APPROVEDBY>api_sync</APPROVEDBY><COMMENT>Declined</COMMENT>",
        ),
        setup=("timesheet", "ts_entries"),
    ),
    Shape("php:Projects/TimesheetDelete", '<delete_timesheet key="{timesheet}" />', setup=("timesheet",)),
    Shape(
        "php:Projects/TimesheetUpdate",
        f"<update><TIMESHEET><RECORDNO>{{timesheet_draft}}</RECORDNO>{_TIMESHEET}<TIMESHEETENTRIES><TIMESHEETENTRY><RECORDNO>{{ts_entry}}</RECORDNO>"
        "<ENTRYDATE>06/30/2026</ENTRYDATE><QTY>5</QTY></TIMESHEETENTRY></TIMESHEETENTRIES></TIMESHEET></update>",
        setup=("timesheet_draft", "ts_entry"),
    ),
]
