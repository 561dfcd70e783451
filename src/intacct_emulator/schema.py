"""How an object is described: the emulator's equivalent of one entry in Intacct's object dictionary.

One ``ObjectDef`` drives create/update validation (required fields, ID field and its scope,
references that must exist, owned line collections), ``inspect``/``lookup`` output, the dotted
relationships ``query`` can follow and the console's grouping, so adding an object is a data
change rather than new handler code. The definitions themselves live in ``model/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Dimension field on a line → (dimension object, label, account REQUIRE* flag)
GL_LINE_DIMENSIONS: dict[str, tuple[str, str, str]] = {
    "LOCATION": ("LOCATION", "Location", "REQUIRELOC"),
    "DEPARTMENT": ("DEPARTMENT", "Department", "REQUIREDEPT"),
    "PROJECTID": ("PROJECT", "Project", "REQUIREPROJECT"),
    "TASKID": ("TASK", "Task", "REQUIRETASK"),
    "COSTTYPEID": ("COSTTYPE", "Cost type", "REQUIRECOSTTYPE"),
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
    "WAREHOUSE",
    "COSTTYPE",
]
# Objects whose ID is unique only within a parent: object → the fields that scope it.
SCOPED_IDS: dict[str, tuple[str, ...]] = {"TASK": ("PROJECTID",), "COSTTYPE": ("PROJECTID", "TASKID")}
SCOPE_SEP = "|"


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
    writable: bool = True  # generic create/update allowed
    deletable: bool = True  # generic delete allowed
    auto_id: bool = False
    dimension: bool = False
    # field (dotted for nested) → (object, label): a value there must name an existing record
    refs: dict[str, tuple[str, str]] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()  # stored but never returned to API clients (passwords, card numbers)
    module: str = "Company"
    scope: tuple[str, ...] = ()  # the ID is unique within these fields (TASKID within a project)

    @property
    def plural(self) -> str:
        if self.label.endswith("y") and self.label[-2:-1] not in "aeiou":
            return self.label[:-1] + "ies"  # Entity → Entities, Journal Entry → Journal Entries
        return self.label + ("es" if self.label.endswith("s") else "s")

    def rid(self, rec: dict[str, object]) -> str | None:
        """The key the store indexes the record by: its ID, prefixed by its scope when it has one."""
        if not self.id_field or self.id_field == "RECORDNO":
            return None
        ident = str(rec.get(self.id_field) or "").strip()
        if not self.scope:
            return ident
        return SCOPE_SEP.join([*(str(rec.get(f) or "").strip() for f in self.scope), ident])


COMMON_FIELDS = (
    "RECORDNO STATUS WHENCREATED WHENMODIFIED CREATEDBY MODIFIEDBY MEGAENTITYKEY MEGAENTITYID MEGAENTITYNAME"
)

OBJECTS: dict[str, ObjectDef] = {}


def define(
    name: str,
    label: str,
    id_field: str | None,
    name_field: str | None,
    required: str = "",
    fields: str = "",
    owned: str = "",
    relations: str = "",
    writable: bool = True,
    readonly: bool = False,
    auto_id: bool = False,
    dimension: bool = False,
    refs: str = "",
    hidden: str = "",
    module: str = "Company",
) -> ObjectDef:
    """Register an object. ``required`` is ``FIELD:Label|…``, ``owned`` ``COLLECTION:CHILD …``,
    ``relations`` ``PREFIX:OBJECT:LOCALFIELD …``, ``refs`` ``FIELD:OBJECT:Label|…`` and ``fields`` /
    ``hidden`` space-separated lists. ``writable=False`` refuses generic create/update (the object
    has legacy functions or is derived); ``readonly`` also refuses delete."""
    d = ObjectDef(
        name,
        label,
        id_field,
        name_field,
        tuple((f, lbl) for f, lbl in (r.split(":", 1) for r in required.split("|") if r)),
        owned={c: (child, child) for c, child in (o.split(":") for o in owned.split())},
        relations={p: (o, f) for p, o, f in (r.split(":") for r in relations.split())},
        fields=tuple(f"{fields} {COMMON_FIELDS}".split()),
        writable=writable and not readonly,
        deletable=not readonly,
        auto_id=auto_id,
        dimension=dimension,
        refs={f: (o, lbl) for f, o, lbl in (r.split(":", 2) for r in refs.split("|") if r)},
        hidden=tuple(hidden.split()),
        module=module,
        scope=SCOPED_IDS.get(name, ()),
    )
    OBJECTS[name] = d
    return d


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
        module="Platform Services",
    )


def listtype_name(obj: str) -> str:
    return obj.lower()
