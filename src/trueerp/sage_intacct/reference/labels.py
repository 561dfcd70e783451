"""How a dimension kind is named to people ("department", "location", …)."""

from __future__ import annotations

DIMENSION_LABELS = {
    "DEPARTMENT": "Department",
    "LOCATION": "Location",
    "PROJECT": "Project",
    "TASK": "Task",
    "CUSTOMER": "Customer",
    "VENDOR": "Vendor",
    "EMPLOYEE": "Employee",
    "ITEM": "Item",
    "CLASS": "Class",
    "CONTRACT": "Contract",
}


def dimension_label(kind: str) -> str:
    return DIMENSION_LABELS.get(kind, kind.title())


OBJECT_LABELS = {
    "LOCATIONENTITY": "Entities",
    "GLACCOUNT": "GL accounts",
    "GLJOURNAL": "Journals",
    "REPORTINGPERIOD": "Reporting periods",
    "DEPARTMENT": "Departments",
    "LOCATION": "Locations",
    "PROJECT": "Projects",
    "TASK": "Tasks",
    "CLASS": "Classes",
    "CUSTOMER": "Customers",
    "VENDOR": "Vendors",
    "EMPLOYEE": "Employees",
    "ITEM": "Items",
}


def object_label(name: str) -> str:
    return OBJECT_LABELS.get(name, f"{dimension_label(name)} (user-defined dimension)")
