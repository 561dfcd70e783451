"""Object definitions: the emulator's equivalent of Intacct's object dictionary.

One table drives create/update validation (required fields, ID field, owned line collections),
``inspect``/``lookup`` output and the dotted relationships ``query`` can follow, so adding an
object is a data change rather than new handler code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Dimension field on a line → (dimension object, label, account REQUIRE* flag)
GL_LINE_DIMENSIONS: dict[str, tuple[str, str, str]] = {
    "LOCATION": ("LOCATION", "Location", "REQUIRELOC"),
    "DEPARTMENT": ("DEPARTMENT", "Department", "REQUIREDEPT"),
    "PROJECTID": ("PROJECT", "Project", "REQUIREPROJECT"),
    "TASKID": ("TASK", "Task", "REQUIRETASK"),
    "CUSTOMERID": ("CUSTOMER", "Customer", "REQUIRECUSTOMER"),
    "VENDORID": ("VENDOR", "Vendor", "REQUIREVENDOR"),
    "EMPLOYEEID": ("EMPLOYEE", "Employee", "REQUIREEMPLOYEE"),
    "ITEMID": ("ITEM", "Item", "REQUIREITEM"),
    "CLASSID": ("CLASS", "Class", "REQUIRECLASS"),
}
# Generic document lines (APBILLITEM, GLBUDGETITEM use their own names for location/department).
DOC_LINE_DIMENSIONS: dict[str, tuple[str, str, str]] = {
    "LOCATIONID": GL_LINE_DIMENSIONS["LOCATION"],
    "DEPARTMENTID": GL_LINE_DIMENSIONS["DEPARTMENT"],
    **{k: v for k, v in GL_LINE_DIMENSIONS.items() if k not in ("LOCATION", "DEPARTMENT")},
}
BUDGET_LINE_DIMENSIONS: dict[str, tuple[str, str, str]] = {
    "LOCATION_NO": GL_LINE_DIMENSIONS["LOCATION"],
    "DEPT_NO": GL_LINE_DIMENSIONS["DEPARTMENT"],
    **{k: v for k, v in GL_LINE_DIMENSIONS.items() if k not in ("LOCATION", "DEPARTMENT")},
}
LEGACY_LINE_DIMENSIONS: dict[str, tuple[str, str, str]] = {
    k.lower(): v for k, v in DOC_LINE_DIMENSIONS.items()
}

STANDARD_DIMENSIONS = [
    "DEPARTMENT",
    "LOCATION",
    "PROJECT",
    "CUSTOMER",
    "VENDOR",
    "EMPLOYEE",
    "ITEM",
    "CLASS",
    "TASK",
]


@dataclass(frozen=True)
class ObjectDef:
    name: str
    label: str
    id_field: str | None
    name_field: str | None
    required: tuple[tuple[str, str], ...] = ()
    owned: dict[str, tuple[str, str]] = field(default_factory=dict)  # collection → (child tag, line object)
    relations: dict[str, tuple[str, str]] = field(default_factory=dict)  # prefix → (object, local field)
    fields: tuple[str, ...] = ()
    writable: bool = True
    auto_id: bool = False
    dimension: bool = False

    @property
    def plural(self) -> str:
        if self.label.endswith("y") and self.label[-2:-1] not in "aeiou":
            return self.label[:-1] + "ies"  # Entity → Entities, Journal Entry → Journal Entries
        return self.label + ("es" if self.label.endswith("s") else "s")


_COMMON = (
    "RECORDNO STATUS WHENCREATED WHENMODIFIED CREATEDBY MODIFIEDBY MEGAENTITYKEY MEGAENTITYID MEGAENTITYNAME"
)

OBJECTS: dict[str, ObjectDef] = {}


def _obj(
    name: str,
    label: str,
    id_field: str | None,
    name_field: str | None,
    required: str = "",
    fields: str = "",
    owned: str = "",
    relations: str = "",
    writable: bool = True,
    auto_id: bool = False,
    dimension: bool = False,
) -> None:
    """Register an object; ``required`` is ``FIELD:Label|…``, ``owned`` ``COLLECTION:CHILD``,
    ``relations`` ``PREFIX:OBJECT:LOCALFIELD …``, ``fields`` a space-separated list."""
    OBJECTS[name] = ObjectDef(
        name,
        label,
        id_field,
        name_field,
        tuple((f, lbl) for f, lbl in (r.split(":", 1) for r in required.split("|") if r)),
        owned={c: (child, child) for c, child in (o.split(":") for o in owned.split())},
        relations={p: (o, f) for p, o, f in (r.split(":") for r in relations.split())},
        fields=tuple(f"{fields} {_COMMON}".split()),
        writable=writable,
        auto_id=auto_id,
        dimension=dimension,
    )


_REQUIRE = "REQUIREDEPT REQUIRELOC REQUIREPROJECT REQUIRECUSTOMER REQUIREVENDOR REQUIREEMPLOYEE REQUIREITEM REQUIRECLASS"
_obj(
    "GLACCOUNT",
    "GL Account",
    "ACCOUNTNO",
    "TITLE",
    "ACCOUNTNO:Account Number|TITLE:Title",
    f"ACCOUNTNO TITLE ACCOUNTTYPE NORMALBALANCE CLOSINGTYPE CATEGORY {_REQUIRE}",
)
_obj(
    "LOCATION",
    "Location",
    "LOCATIONID",
    "NAME",
    "LOCATIONID:Location ID|NAME:Name",
    "LOCATIONID NAME PARENTID PARENTKEY CURRENCY ENTITY LOCATIONTYPE",
    dimension=True,
)
_obj(
    "LOCATIONENTITY",
    "Entity",
    "LOCATIONID",
    "NAME",
    fields="LOCATIONID NAME CURRENCY LOCATIONTYPE COUNTRY",
    writable=False,
)
_obj(
    "DEPARTMENT",
    "Department",
    "DEPARTMENTID",
    "TITLE",
    "DEPARTMENTID:Department ID|TITLE:Title",
    "DEPARTMENTID TITLE PARENTID",
    dimension=True,
)
_obj(
    "CLASS",
    "Class",
    "CLASSID",
    "NAME",
    "CLASSID:Class ID|NAME:Name",
    "CLASSID NAME DESCRIPTION PARENTID",
    dimension=True,
)
_obj("PROJECTTYPE", "Project Type", "NAME", "NAME", "NAME:Name", "NAME PARENTNAME")
_obj("PROJECTSTATUS", "Project Status", "NAME", "NAME", "NAME:Name", "NAME DESCRIPTION")
_obj(
    "PROJECT",
    "Project",
    "PROJECTID",
    "NAME",
    "NAME:Name|PROJECTCATEGORY:Project Category",
    "PROJECTID NAME PROJECTCATEGORY PROJECTTYPE PROJECTSTATUS PARENTID CUSTOMERID CUSTOMERNAME MANAGERID "
    "DEPARTMENTID LOCATIONID CLASSID BEGINDATE ENDDATE CURRENCY BUDGETAMOUNT CONTRACTAMOUNT",
    relations="CUSTOMER:CUSTOMER:CUSTOMERID LOCATION:LOCATION:LOCATIONID DEPARTMENT:DEPARTMENT:DEPARTMENTID",
    auto_id=True,
    dimension=True,
)
_obj(
    "TASK",
    "Task",
    "TASKID",
    "NAME",
    "NAME:Name|PROJECTID:Project",
    "TASKID NAME PROJECTID PROJECTNAME DESCRIPTION",
    relations="PROJECT:PROJECT:PROJECTID",
    auto_id=True,
    dimension=True,
)
_obj(
    "CUSTOMER",
    "Customer",
    "CUSTOMERID",
    "NAME",
    "NAME:Name",
    "CUSTOMERID NAME CUSTTYPE TERMNAME CURRENCY CREDITLIMIT ONHOLD OBJECTRESTRICTION RESTRICTEDLOCATIONS",
    auto_id=True,
    dimension=True,
)
_obj(
    "VENDOR",
    "Vendor",
    "VENDORID",
    "NAME",
    "NAME:Name",
    "VENDORID NAME NAME1099 TAXID TERMNAME CURRENCY CREDITLIMIT ONHOLD",
    auto_id=True,
    dimension=True,
)
_obj(
    "EMPLOYEE",
    "Employee",
    "EMPLOYEEID",
    "TITLE",
    "",
    "EMPLOYEEID TITLE CONTACT_NAME LOCATIONID DEPARTMENTID",
    auto_id=True,
    dimension=True,
)
_obj(
    "ITEM",
    "Item",
    "ITEMID",
    "NAME",
    "ITEMID:Item ID|NAME:Name",
    "ITEMID NAME ITEMTYPE BASEPRICE GLGROUP",
    dimension=True,
)
_obj(
    "GLBATCH",
    "Journal Entry",
    "RECORDNO",
    "BATCH_TITLE",
    "JOURNAL:Journal|BATCH_DATE:Posting date|BATCH_TITLE:Description",
    "BATCHNO JOURNAL BATCH_DATE BATCH_TITLE REFERENCENO REVERSEDATE HISTORY_COMMENT SUPDOCID BASELOCATION_NO "
    "STATE MODULE",
    owned="ENTRIES:GLENTRY",
)
_GL_LINE = (
    "BATCHNO LINE_NO ACCOUNTNO ACCOUNTTITLE TR_TYPE TRX_AMOUNT AMOUNT CURRENCY ENTRY_DATE BATCH_DATE "
    "BATCH_TITLE JOURNAL REFERENCENO LOCATION DEPARTMENT PROJECTID TASKID CUSTOMERID VENDORID EMPLOYEEID "
    "ITEMID CLASSID DESCRIPTION STATE SOURCE ISIET BASECURR EXCHANGE_RATE EXCH_RATE_DATE EXCH_RATE_TYPE_ID"
)
_obj(
    "GLENTRY",
    "GL Entry",
    None,
    None,
    fields=_GL_LINE,
    relations="GLACCOUNT:GLACCOUNT:ACCOUNTNO",
    writable=False,
)
_obj(
    "GLDETAIL",
    "GL Detail",
    None,
    None,
    fields=f"{_GL_LINE} DEBITAMOUNT CREDITAMOUNT",
    relations="GLACCOUNT:GLACCOUNT:ACCOUNTNO",
    writable=False,
)
_obj(
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
)
_obj(
    "APPYMT",
    "AP Payment",
    "RECORDNO",
    "DOCNUMBER",
    "VENDORID:Vendor|PAYMENTMETHOD:Payment method|PAYMENTDATE:Payment date",
    "VENDORID PAYMENTMETHOD FINANCIALENTITY DOCNUMBER PAYMENTDATE CURRENCY AMOUNTTOPAY STATE TRX_AMOUNTTOPAY "
    "BASECURR EXCHANGE_RATE EXCH_RATE_DATE EXCH_RATE_TYPE_ID",
    owned="APPYMTDETAILS:APPYMTDETAIL",
    relations="VENDOR:VENDOR:VENDORID",
)
_obj(
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
)
_obj(
    "ARPYMT",
    "AR Payment",
    "RECORDNO",
    "DOCNUMBER",
    "",
    "CUSTOMERID DOCNUMBER RECEIPTDATE PAYMENTMETHOD TOTALENTERED TRX_TOTALENTERED CURRENCY BANKACCOUNTID STATE",
    relations="CUSTOMER:CUSTOMER:CUSTOMERID",
    writable=False,
)
_obj(
    "GLBUDGETHEADER",
    "Budget",
    "BUDGETID",
    "DESCRIPTION",
    "BUDGETID:Budget ID|DESCRIPTION:Description",
    "BUDGETID DESCRIPTION DEFAULT_BUDGET ISCONSOLIDATED CURRENCY",
    owned="GLBUDGETITEMS:GLBUDGETITEM",
)
_obj("GLJOURNAL", "Journal", "SYMBOL", "TITLE", "SYMBOL:Symbol|TITLE:Title", "SYMBOL TITLE ADJUSTING")
_obj(
    "REPORTINGPERIOD",
    "Reporting Period",
    "NAME",
    "HEADER1",
    fields="NAME HEADER1 START_DATE END_DATE BUDGETING CLOSED",
    writable=False,
)

_obj(
    "EXCHANGERATETYPES",
    "Exchange Rate Type",
    "ID",
    "NAME",
    fields="ID NAME ISDEFAULT",
    writable=False,
)
_obj(
    "EXCHANGERATE",
    "Exchange Rate",
    "RECORDNO",
    "TYPENAME",
    fields="TYPENAME FROM_CURRENCY TO_CURRENCY",
    owned="EXCHANGERATEENTRIES:EXCHANGERATEENTRY",
    writable=False,
)
_obj(
    "EXCHANGERATEENTRY",
    "Exchange Rate Entry",
    "RECORDNO",
    None,
    fields="EXCHANGERATEID TYPENAME FROM_CURRENCY TO_CURRENCY EFFECTIVE_START_DATE EXCHANGE_RATE RECIPROCAL_RATE",
    writable=False,
)


def udd_def(name: str, label: str) -> ObjectDef:
    """User-defined dimensions are platform objects with lower-case ``id``/``name`` fields."""
    return ObjectDef(
        name.upper(),
        label,
        "id",
        "name",
        (("id", "ID"), ("name", "Name")),
        fields=("id", "name", "RECORDNO", "WHENCREATED", "WHENMODIFIED", "CREATEDBY"),
        dimension=True,
    )


def listtype_name(obj: str) -> str:
    return obj.lower()
