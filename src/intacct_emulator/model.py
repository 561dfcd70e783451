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
        return self.label + "s"


_COMMON = (
    "RECORDNO",
    "STATUS",
    "WHENCREATED",
    "WHENMODIFIED",
    "CREATEDBY",
    "MODIFIEDBY",
    "MEGAENTITYKEY",
    "MEGAENTITYID",
    "MEGAENTITYNAME",
)
_DIM_COMMON = (
    "RECORDNO",
    "STATUS",
    "WHENMODIFIED",
    "CREATEDBY",
    "MODIFIEDBY",
    "MEGAENTITYKEY",
    "MEGAENTITYID",
    "MEGAENTITYNAME",
)

OBJECTS: dict[str, ObjectDef] = {}


def _register(d: ObjectDef) -> None:
    OBJECTS[d.name] = d


_register(
    ObjectDef(
        "GLACCOUNT",
        "GL Account",
        "ACCOUNTNO",
        "TITLE",
        (("ACCOUNTNO", "Account Number"), ("TITLE", "Title")),
        fields=(
            "ACCOUNTNO",
            "TITLE",
            "ACCOUNTTYPE",
            "NORMALBALANCE",
            "CLOSINGTYPE",
            "CATEGORY",
            "REQUIREDEPT",
            "REQUIRELOC",
            "REQUIREPROJECT",
            "REQUIRECUSTOMER",
            "REQUIREVENDOR",
            "REQUIREEMPLOYEE",
            "REQUIREITEM",
            "REQUIRECLASS",
            *_COMMON,
        ),
    )
)
_register(
    ObjectDef(
        "LOCATION",
        "Location",
        "LOCATIONID",
        "NAME",
        (("LOCATIONID", "Location ID"), ("NAME", "Name")),
        fields=(
            "LOCATIONID",
            "NAME",
            "PARENTID",
            "PARENTKEY",
            "CURRENCY",
            "ENTITY",
            "LOCATIONTYPE",
            *_COMMON,
        ),
        dimension=True,
    )
)
_register(
    ObjectDef(
        "LOCATIONENTITY",
        "Entity",
        "LOCATIONID",
        "NAME",
        writable=False,
        fields=("LOCATIONID", "NAME", "CURRENCY", "LOCATIONTYPE", "COUNTRY", *_COMMON),
    )
)
_register(
    ObjectDef(
        "DEPARTMENT",
        "Department",
        "DEPARTMENTID",
        "TITLE",
        (("DEPARTMENTID", "Department ID"), ("TITLE", "Title")),
        fields=("DEPARTMENTID", "TITLE", "PARENTID", *_COMMON),
        dimension=True,
    )
)
_register(
    ObjectDef(
        "CLASS",
        "Class",
        "CLASSID",
        "NAME",
        (("CLASSID", "Class ID"), ("NAME", "Name")),
        fields=("CLASSID", "NAME", "DESCRIPTION", "PARENTID", *_COMMON),
        dimension=True,
    )
)
_register(
    ObjectDef(
        "PROJECTTYPE",
        "Project Type",
        "NAME",
        "NAME",
        (("NAME", "Name"),),
        fields=("NAME", "PARENTNAME", *_COMMON),
    )
)
_register(
    ObjectDef(
        "PROJECTSTATUS",
        "Project Status",
        "NAME",
        "NAME",
        (("NAME", "Name"),),
        fields=("NAME", "DESCRIPTION", *_COMMON),
    )
)
_register(
    ObjectDef(
        "PROJECT",
        "Project",
        "PROJECTID",
        "NAME",
        (("NAME", "Name"), ("PROJECTCATEGORY", "Project Category")),
        relations={
            "CUSTOMER": ("CUSTOMER", "CUSTOMERID"),
            "LOCATION": ("LOCATION", "LOCATIONID"),
            "DEPARTMENT": ("DEPARTMENT", "DEPARTMENTID"),
        },
        fields=(
            "PROJECTID",
            "NAME",
            "PROJECTCATEGORY",
            "PROJECTTYPE",
            "PROJECTSTATUS",
            "PARENTID",
            "CUSTOMERID",
            "CUSTOMERNAME",
            "MANAGERID",
            "DEPARTMENTID",
            "LOCATIONID",
            "CLASSID",
            "BEGINDATE",
            "ENDDATE",
            "CURRENCY",
            "BUDGETAMOUNT",
            "CONTRACTAMOUNT",
            *_COMMON,
        ),
        auto_id=True,
        dimension=True,
    )
)
_register(
    ObjectDef(
        "TASK",
        "Task",
        "TASKID",
        "NAME",
        (("NAME", "Name"), ("PROJECTID", "Project")),
        relations={"PROJECT": ("PROJECT", "PROJECTID")},
        fields=("TASKID", "NAME", "PROJECTID", "PROJECTNAME", "DESCRIPTION", *_COMMON),
        auto_id=True,
        dimension=True,
    )
)
_register(
    ObjectDef(
        "CUSTOMER",
        "Customer",
        "CUSTOMERID",
        "NAME",
        (("NAME", "Name"),),
        fields=(
            "CUSTOMERID",
            "NAME",
            "CUSTTYPE",
            "TERMNAME",
            "CURRENCY",
            "CREDITLIMIT",
            "ONHOLD",
            "OBJECTRESTRICTION",
            "RESTRICTEDLOCATIONS",
            *_COMMON,
        ),
        auto_id=True,
        dimension=True,
    )
)
_register(
    ObjectDef(
        "VENDOR",
        "Vendor",
        "VENDORID",
        "NAME",
        (("NAME", "Name"),),
        fields=(
            "VENDORID",
            "NAME",
            "NAME1099",
            "TAXID",
            "TERMNAME",
            "CURRENCY",
            "CREDITLIMIT",
            "ONHOLD",
            *_COMMON,
        ),
        auto_id=True,
        dimension=True,
    )
)
_register(
    ObjectDef(
        "EMPLOYEE",
        "Employee",
        "EMPLOYEEID",
        "TITLE",
        (),
        fields=("EMPLOYEEID", "TITLE", "CONTACT_NAME", "LOCATIONID", "DEPARTMENTID", *_COMMON),
        auto_id=True,
        dimension=True,
    )
)
_register(
    ObjectDef(
        "ITEM",
        "Item",
        "ITEMID",
        "NAME",
        (("ITEMID", "Item ID"), ("NAME", "Name")),
        fields=("ITEMID", "NAME", "ITEMTYPE", "BASEPRICE", "GLGROUP", *_COMMON),
        dimension=True,
    )
)
_register(
    ObjectDef(
        "GLBATCH",
        "Journal Entry",
        "RECORDNO",
        "BATCH_TITLE",
        (("JOURNAL", "Journal"), ("BATCH_DATE", "Posting date"), ("BATCH_TITLE", "Description")),
        owned={"ENTRIES": ("GLENTRY", "GLENTRY")},
        fields=(
            "BATCHNO",
            "JOURNAL",
            "BATCH_DATE",
            "BATCH_TITLE",
            "REFERENCENO",
            "REVERSEDATE",
            "HISTORY_COMMENT",
            "SUPDOCID",
            "BASELOCATION_NO",
            "STATE",
            "MODULE",
            *_COMMON,
        ),
    )
)
_register(
    ObjectDef(
        "GLENTRY",
        "GL Entry",
        None,
        None,
        writable=False,
        relations={"GLACCOUNT": ("GLACCOUNT", "ACCOUNTNO")},
        fields=(
            "BATCHNO",
            "LINE_NO",
            "ACCOUNTNO",
            "ACCOUNTTITLE",
            "TR_TYPE",
            "TRX_AMOUNT",
            "AMOUNT",
            "CURRENCY",
            "ENTRY_DATE",
            "LOCATION",
            "DEPARTMENT",
            "PROJECTID",
            "TASKID",
            "CUSTOMERID",
            "VENDORID",
            "EMPLOYEEID",
            "ITEMID",
            "CLASSID",
            "DESCRIPTION",
            "JOURNAL",
            "STATE",
            "ISIET",
            *_COMMON,
        ),
    )
)
_register(
    ObjectDef(
        "GLDETAIL",
        "GL Detail",
        None,
        None,
        writable=False,
        fields=(
            "BATCHNO",
            "BATCH_TITLE",
            "BATCH_DATE",
            "JOURNAL",
            "ACCOUNTNO",
            "ACCOUNTTITLE",
            "DEBITAMOUNT",
            "CREDITAMOUNT",
            "AMOUNT",
            "TRX_AMOUNT",
            "LOCATION",
            "DEPARTMENT",
            "PROJECTID",
            "CUSTOMERID",
            "VENDORID",
            "CLASSID",
            "DESCRIPTION",
            "REFERENCENO",
            *_COMMON,
        ),
    )
)
_register(
    ObjectDef(
        "APBILL",
        "Bill",
        "RECORDNO",
        "RECORDID",
        (("VENDORID", "Vendor"), ("WHENCREATED", "Date")),
        owned={"APBILLITEMS": ("APBILLITEM", "APBILLITEM")},
        relations={"VENDOR": ("VENDOR", "VENDORID")},
        fields=(
            "RECORDID",
            "DOCNUMBER",
            "VENDORID",
            "VENDORNAME",
            "WHENPOSTED",
            "WHENDUE",
            "DESCRIPTION",
            "CURRENCY",
            "BASECURR",
            "STATE",
            "RAWSTATE",
            "RECORDTYPE",
            "TOTALENTERED",
            "TOTALPAID",
            "TOTALDUE",
            "TRX_TOTALENTERED",
            "TRX_TOTALDUE",
            "MODULEKEY",
            "TERMNAME",
            *_COMMON,
        ),
    )
)
_register(
    ObjectDef(
        "APPYMT",
        "AP Payment",
        "RECORDNO",
        "DOCNUMBER",
        (("VENDORID", "Vendor"), ("PAYMENTMETHOD", "Payment method"), ("PAYMENTDATE", "Payment date")),
        owned={"APPYMTDETAILS": ("APPYMTDETAIL", "APPYMTDETAIL")},
        relations={"VENDOR": ("VENDOR", "VENDORID")},
        fields=(
            "VENDORID",
            "PAYMENTMETHOD",
            "FINANCIALENTITY",
            "DOCNUMBER",
            "PAYMENTDATE",
            "CURRENCY",
            "AMOUNTTOPAY",
            "STATE",
            *_COMMON,
        ),
    )
)
_register(
    ObjectDef(
        "ARINVOICE",
        "Invoice",
        "RECORDNO",
        "RECORDID",
        (("CUSTOMERID", "Customer"),),
        owned={"ARINVOICEITEMS": ("ARINVOICEITEM", "ARINVOICEITEM")},
        relations={"CUSTOMER": ("CUSTOMER", "CUSTOMERID")},
        writable=False,
        fields=(
            "RECORDID",
            "DOCNUMBER",
            "CUSTOMERID",
            "CUSTOMERNAME",
            "WHENCREATED",
            "WHENPOSTED",
            "WHENDUE",
            "DESCRIPTION",
            "CURRENCY",
            "STATE",
            "TOTALENTERED",
            "TOTALPAID",
            "TOTALDUE",
            *_COMMON,
        ),
    )
)
_register(
    ObjectDef(
        "ARPYMT",
        "AR Payment",
        "RECORDNO",
        "DOCNUMBER",
        (),
        writable=False,
        relations={"CUSTOMER": ("CUSTOMER", "CUSTOMERID")},
        fields=("CUSTOMERID", "DOCNUMBER", "RECEIPTDATE", "PAYMENTMETHOD", "TOTALENTERED", "STATE", *_COMMON),
    )
)
_register(
    ObjectDef(
        "GLBUDGETHEADER",
        "Budget",
        "BUDGETID",
        "DESCRIPTION",
        (("BUDGETID", "Budget ID"), ("DESCRIPTION", "Description")),
        owned={"GLBUDGETITEMS": ("GLBUDGETITEM", "GLBUDGETITEM")},
        fields=("BUDGETID", "DESCRIPTION", "DEFAULT_BUDGET", "ISCONSOLIDATED", "CURRENCY", *_COMMON),
    )
)
_register(
    ObjectDef(
        "GLJOURNAL",
        "Journal",
        "SYMBOL",
        "TITLE",
        (("SYMBOL", "Symbol"), ("TITLE", "Title")),
        fields=("SYMBOL", "TITLE", *_COMMON),
    )
)
_register(
    ObjectDef(
        "REPORTINGPERIOD",
        "Reporting Period",
        "NAME",
        "HEADER1",
        writable=False,
        fields=("NAME", "HEADER1", "START_DATE", "END_DATE", "BUDGETING", "STATUS", "CLOSED", *_COMMON),
    )
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
