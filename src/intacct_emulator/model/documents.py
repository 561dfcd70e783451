"""Order Entry, Purchasing and Inventory Control: transaction definitions, documents, warehouses.

A document's key is ``DOCID`` = "<transaction definition>-<document number>", e.g.
"Purchase Order-PO0001", which is what the legacy update/delete functions and ``createdfrom`` use.
"""

from __future__ import annotations

from ..schema import define

_DOC = (
    "DOCID DOCPARID DOCNO WHENCREATED WHENPOSTED WHENDUE STATE CREATEDFROM REFERENCENO TERMNAME MESSAGE "
    "SHIPVIAKEY EXTERNALID SUPDOCID CURRENCY BASECURR EXCHANGE_RATE EXCH_RATE_DATE EXCH_RATE_TYPE_ID "
    "PROJECTID TOTAL TRX_TOTAL PRRECORDKEY PRRECORDTYPE APPROVEDBY COMMENT ORIGDOCDATE"
)
_LINES = (
    "LINE_NO ITEMID ITEMDESC WAREHOUSEID QUANTITY UNIT PRICE TOTAL LOCATIONID DEPARTMENTID PROJECTID TASKID "
    "COSTTYPEID CUSTOMERID VENDORID EMPLOYEEID CLASSID CONTRACTID MEMO QTY_CONVERTED"
)
for _obj, _label, _party, _module in (
    ("SODOCUMENT", "Order Entry Transaction", "CUSTOMERID CUSTVENDNAME", "Order Entry"),
    ("PODOCUMENT", "Purchasing Transaction", "VENDORID CUSTVENDNAME", "Purchasing"),
    ("INVDOCUMENT", "Inventory Transaction", "", "Inventory Control"),
):
    define(
        _obj,
        _label,
        "DOCID",
        "DOCID",
        "DOCPARID:Transaction definition|WHENCREATED:Date",
        f"{_party} {_DOC}",
        owned=f"{_obj}ENTRIES:{_obj}ENTRY",
        writable=False,
        module=_module,
    )
    define(
        f"{_obj}ENTRY",
        f"{_label} Line",
        "RECORDNO",
        "ITEMID",
        fields=f"DOCHDRID DOCPARID STATE {_LINES}",
        readonly=True,
        module=_module,
    )
    define(
        f"{_obj}PARAMS",
        "Transaction Definition",
        "DOCID",
        "DOCID",
        fields="DOCID CATEGORY POSTTO APPROVAL CREATEFROM DOCNOPREFIX INVENTORYEFFECT COMMITMENT",
        readonly=True,
        module=_module,
    )
define(
    "WAREHOUSE",
    "Warehouse",
    "WAREHOUSEID",
    "NAME",
    "WAREHOUSEID:Warehouse ID|NAME:Name|LOC.LOCATIONID:Location",
    "WAREHOUSEID NAME LOC PARENTID MANAGERID",
    refs="LOC.LOCATIONID:LOCATION:Location|PARENTID:WAREHOUSE:Parent warehouse",
    dimension=True,
    module="Inventory Control",
)
define(
    "ITEMWAREHOUSEINFO",
    "Item Warehouse Quantity",
    "RECORDNO",
    "ITEMID",
    fields="ITEMID WAREHOUSEID QTYONHAND QTYONORDER",
    readonly=True,
    module="Inventory Control",
)
