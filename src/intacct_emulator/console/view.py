"""What a page renders from (one company of the store) and how lists of records become tables.

List columns are data (``COLUMNS``): an object without an entry gets its ID, name, parent,
entity and status, so every object family the emulator holds has a readable list page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..context import Ctx, Emulator, entity_of_location
from ..model import OBJECTS
from ..registry import HOOKS
from ..store import Record, Store
from .components import Col, badge, dec, link, money, muted, table, text_cell, url, with_note
from .markup import Markup, escape, join

# Company sub-navigation: (object or page, label)
TABS: tuple[tuple[str, str], ...] = (
    ("", "Overview"),
    ("GLBATCH", "Journal entries"),
    ("APBILL", "Bills"),
    ("ARINVOICE", "Invoices"),
    ("APPYMT", "AP payments"),
    ("ARPYMT", "AR payments"),
    ("GLENTRY", "GL entries"),
    ("GLACCOUNT", "Chart of accounts"),
    ("objects", "All objects"),
    ("currencies", "Currencies"),
    ("usage", "API usage"),
)
# Master data and setup objects listed on the company overview.
SETUP = (
    "LOCATIONENTITY",
    "LOCATION",
    "DEPARTMENT",
    "CLASS",
    "PROJECT",
    "TASK",
    "CUSTOMER",
    "VENDOR",
    "EMPLOYEE",
    "ITEM",
    "GLJOURNAL",
    "REPORTINGPERIOD",
    "GLBUDGETHEADER",
    "PROJECTTYPE",
    "PROJECTSTATUS",
)
MONEY_FIELDS = {
    "TOTALENTERED",
    "TOTALPAID",
    "TOTALDUE",
    "TRX_TOTALENTERED",
    "TRX_TOTALDUE",
    "AMOUNT",
    "TRX_AMOUNT",
    "AMOUNTTOPAY",
    "BUDGETAMOUNT",
    "CONTRACTAMOUNT",
    "CREDITLIMIT",
    "BASEPRICE",
}
# Dimension fields on lines: (field, label, object)
LINE_DIMS = (
    ("LOCATION", "Location", "LOCATION"),
    ("LOCATIONID", "Location", "LOCATION"),
    ("DEPARTMENT", "Department", "DEPARTMENT"),
    ("DEPARTMENTID", "Department", "DEPARTMENT"),
    ("PROJECTID", "Project", "PROJECT"),
    ("TASKID", "Task", "TASK"),
    ("CUSTOMERID", "Customer", "CUSTOMER"),
    ("VENDORID", "Vendor", "VENDOR"),
    ("EMPLOYEEID", "Employee", "EMPLOYEE"),
    ("ITEMID", "Item", "ITEM"),
    ("CLASSID", "Class", "CLASS"),
)


def _document_columns(number: str, party_field: str, party: str) -> tuple[tuple[str, str], ...]:
    return (
        ("RECORDNO", "Record #"),
        ("RECORDID", number),
        (party_field, party),
        ("WHENCREATED", "Date"),
        ("WHENDUE", "Due"),
        ("CURRENCY", "Currency"),
        ("TOTALENTERED", "Amount"),
        ("TOTALDUE", "Due amount"),
        ("STATE", "State"),
    )


# List columns: (field, heading); the first column links to the record.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "GLBATCH": (
        ("RECORDNO", "Record #"),
        ("BATCH_DATE", "Date"),
        ("JOURNAL", "Journal"),
        ("BATCH_TITLE", "Description"),
        ("REFERENCENO", "Reference"),
        ("_ENTITIES", "Entities"),
        ("STATE", "State"),
        ("_TOTAL", "Amount"),
    ),
    "APBILL": _document_columns("Bill number", "VENDORNAME", "Vendor"),
    "ARINVOICE": _document_columns("Invoice number", "CUSTOMERNAME", "Customer"),
    "APPYMT": (
        ("RECORDNO", "Record #"),
        ("PAYMENTDATE", "Date"),
        ("VENDORID", "Vendor"),
        ("PAYMENTMETHOD", "Method"),
        ("DOCNUMBER", "Document"),
        ("AMOUNTTOPAY", "Amount"),
        ("STATE", "State"),
    ),
    "ARPYMT": (
        ("RECORDNO", "Record #"),
        ("RECEIPTDATE", "Date"),
        ("CUSTOMERID", "Customer"),
        ("PAYMENTMETHOD", "Method"),
        ("DOCNUMBER", "Document"),
        ("TOTALENTERED", "Amount"),
        ("STATE", "State"),
    ),
    "GLENTRY": (
        ("RECORDNO", "Record #"),
        ("ENTRY_DATE", "Date"),
        ("JOURNAL", "Journal"),
        ("BATCHNO", "Batch"),
        ("ACCOUNTNO", "Account"),
        ("LOCATION", "Location"),
        ("DEPARTMENT", "Department"),
        ("PROJECTID", "Project"),
        ("_DEBIT", "Debit"),
        ("_CREDIT", "Credit"),
    ),
    "GLACCOUNT": (
        ("ACCOUNTNO", "Account"),
        ("TITLE", "Title"),
        ("ACCOUNTTYPE", "Type"),
        ("NORMALBALANCE", "Normal balance"),
        ("_REQUIRES", "Requires"),
        ("STATUS", "Status"),
    ),
    "REPORTINGPERIOD": (
        ("NAME", "Name"),
        ("START_DATE", "Start"),
        ("END_DATE", "End"),
        ("CLOSED", "Closed"),
    ),
}
_REQUIRES = {
    "REQUIRELOC": "location",
    "REQUIREDEPT": "department",
    "REQUIREPROJECT": "project",
    "REQUIRECUSTOMER": "customer",
    "REQUIREVENDOR": "vendor",
    "REQUIREEMPLOYEE": "employee",
    "REQUIREITEM": "item",
    "REQUIRECLASS": "class",
}
# where the GL lines of each posting source are documented: GLENTRY.SOURCE → object
SOURCES = {"GLBATCH": "GLBATCH", "APJ": "APBILL", "ARJ": "ARINVOICE"}


@dataclass
class View:
    """What a page renders from: the store, one company and the request's query string."""

    emu: Emulator
    company: str
    comp: Record
    params: dict[str, str]

    @property
    def store(self) -> Store:
        return self.emu.store

    def records(self, obj: str) -> list[Record]:
        """Stored records, or for derived objects (GL detail, document lines) the rows derived for them."""
        source = self.store.records(self.company, obj)
        h = HOOKS.get(obj)
        if not source and h is not None and h.virtual_rows is not None:
            source = h.virtual_rows(Ctx.system(self.emu, self.company, self.comp))
        return sorted(source, key=lambda r: -int(r.get("RECORDNO") or 0))

    def find(self, obj: str, key: str) -> Record | None:
        h = HOOKS.get(obj)
        if h is not None and h.virtual_rows is not None and not self.store.records(self.company, obj):
            return next((r for r in self.records(obj) if str(r.get("RECORDNO")) == key), None)
        if key.isdigit():
            rec = self.store.get(self.company, obj, int(key))
            if rec is not None:
                return rec
        found = self.store.get_by_id(self.company, obj, key)
        d = OBJECTS.get(obj)
        if found is None and d is not None and d.scope:  # a task or cost type named by its ID alone
            found = next(
                (r for r in self.store.records(self.company, obj) if r.get(d.id_field or "") == key), None
            )
        return found

    def ref(self, obj: str, value: Any, label: Any = None) -> Markup:
        """Link a dimension/master value (an ID) to its record page, falling back to text."""
        text = str(value or "")
        if not text:
            return Markup()
        rec = (
            self.find(obj, text)
            if OBJECTS.get(obj) and OBJECTS[obj].scope
            else self.store.get_by_id(self.company, obj, text)
        )
        shown = escape(text) if rec is None else link(url(self.company, obj, str(rec.get("RECORDNO"))), text)
        return with_note(shown, label)

    def ref_cell(self, obj: str, field: str) -> Callable[[Record], Any]:
        return lambda r: self.ref(obj, r.get(field))

    def first_cell(self, obj: str, field: str) -> Callable[[Record], Any]:
        """The linking first column of a list: the field's value, or the RECORDNO when empty."""
        return lambda r: link(
            url(self.company, obj, str(r.get("RECORDNO"))), r.get(field) or r.get("RECORDNO")
        )

    def record_link(self, obj: str, rec: Record, text: Any = None) -> Markup:
        key = str(rec.get("RECORDNO") or "")
        return link(url(self.company, obj, key), text if text is not None else key)

    def entity_label(self, entity: Any) -> Markup:
        e = str(entity or "")
        if not e:
            return muted("Top level")
        return self.ref("LOCATIONENTITY", e)

    def object_label(self, obj: str) -> str:
        d = OBJECTS.get(obj)
        if d:
            return d.label
        return str(self.comp.get("UDDS", {}).get(obj, obj))

    def account_title(self, acct: Any) -> str:
        rec = self.store.get_by_id(self.company, "GLACCOUNT", str(acct or ""))
        return str(rec.get("TITLE", "")) if rec else ""


def plural(obj: str) -> str:
    return dict(TABS).get(obj) or (OBJECTS[obj].plural if obj in OBJECTS else obj)


def batch_lines(rec: Record) -> list[Record]:
    entries = rec.get("ENTRIES")
    return (
        [ln for ln in entries.get("GLENTRY", []) if isinstance(ln, dict)] if isinstance(entries, dict) else []
    )


def batch_total(rec: Record) -> Decimal:
    return sum(
        (
            dec(ln.get("TRX_AMOUNT")) or Decimal(0)
            for ln in batch_lines(rec)
            if ln.get("TR_TYPE") == "1" and not ln.get("ISIET")
        ),
        Decimal(0),
    )


def batch_entities(v: View, rec: Record) -> Markup:
    """Where a journal entry lands: its owner entity, or the entities its lines post to."""
    owner = str(rec.get("MEGAENTITYID") or "")
    if owner:
        return v.entity_label(owner)
    touched = sorted(
        {entity_of_location(v.store, v.company, str(ln.get("LOCATION") or "")) for ln in batch_lines(rec)}
        - {""}
    )
    shown = join((v.ref("LOCATIONENTITY", e) for e in touched), ", ")
    return join([muted("Top level"), " · " if shown else "", shown])


def source_link(v: View, row: Record) -> Markup:
    source = SOURCES.get(str(row.get("SOURCE") or ""))
    batch = str(row.get("BATCHNO") or "")
    if source and batch:
        return link(url(v.company, source, batch), f"{source} {batch}")
    return escape(batch)


def _requires(rec: Record) -> str:
    return ", ".join(label for f, label in _REQUIRES.items() if str(rec.get(f)).lower() == "true")


def _special_cell(v: View, obj: str, field: str) -> Callable[[Record], Any] | None:
    """Cells that are more than the stored text: links, badges, money, computed values."""
    if field == "_TOTAL":
        return lambda r: money(batch_total(r))
    if field == "_DEBIT":
        return lambda r: money(r.get("AMOUNT")) if r.get("TR_TYPE") == "1" else ""
    if field == "_CREDIT":
        return lambda r: money(r.get("AMOUNT")) if r.get("TR_TYPE") != "1" else ""
    if field == "_ENTITIES":
        return lambda r: batch_entities(v, r)
    if field == "_REQUIRES":
        return _requires
    if field in ("STATE", "STATUS"):
        return lambda r: badge(r.get(field))
    if field == "CLOSED":
        return lambda r: badge("Closed", "b-red") if r.get("CLOSED") == "true" else badge("Open", "b-green")
    if field == "MEGAENTITYID":
        return lambda r: v.entity_label(r.get("MEGAENTITYID"))
    if field == "BATCHNO" and obj == "GLENTRY":
        return lambda r: source_link(v, r)
    if field == "ACCOUNTNO" and obj != "GLACCOUNT":
        return v.ref_cell("GLACCOUNT", field)
    dim = next((d for f, _, d in LINE_DIMS if f == field), None)
    if dim is not None:
        return v.ref_cell(dim, field)
    if field == "VENDORNAME":
        return lambda r: v.ref("VENDOR", r.get("VENDORID"), r.get("VENDORNAME"))
    if field == "CUSTOMERNAME":
        return lambda r: v.ref("CUSTOMER", r.get("CUSTOMERID"), r.get("CUSTOMERNAME"))
    return None


NUMERIC = {"_TOTAL", "_DEBIT", "_CREDIT", *MONEY_FIELDS}


def default_columns(obj: str) -> tuple[tuple[str, str], ...]:
    d = OBJECTS.get(obj)
    fields: list[tuple[str, str]] = [("RECORDNO", "Record #")]
    if d and d.id_field and d.id_field != "RECORDNO":
        fields.append((d.id_field, "ID"))
    if d and d.name_field and d.name_field not in (d.id_field, "RECORDNO"):
        fields.append((d.name_field, "Name"))
    if d is None:  # a user-defined dimension
        fields += [("id", "ID"), ("name", "Name")]
    if d and "PARENTID" in d.fields:
        fields.append(("PARENTID", "Parent"))
    return (*fields, ("MEGAENTITYID", "Entity"), ("STATUS", "Status"))


def columns(v: View, obj: str, short: bool = False) -> list[Col]:
    spec = COLUMNS.get(obj) or default_columns(obj)
    if short:
        spec = tuple(f for f in spec if f[0] not in ("WHENDUE", "CURRENCY", "RECORDNO"))
    cols = [Col(spec[0][1], v.first_cell(obj, spec[0][0]))]
    for field, title in spec[1:]:
        special = _special_cell(v, obj, field)
        num = field in NUMERIC
        if special is None and field in MONEY_FIELDS:
            special = lambda r, f=field: money(r.get(f))  # noqa: E731 - bound per field
        cols.append(Col(title, special or text_cell(field), num=num))
    return cols


def list_table(v: View, obj: str, rows: list[Record], short: bool = False) -> Markup:
    return table(columns(v, obj, short), rows, empty=f"No {plural(obj).lower()} yet")
