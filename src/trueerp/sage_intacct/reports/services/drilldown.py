"""Drill-down: a cell → the GL lines behind it → the TRUE document or the Intacct record.

The lines are read from Intacct's GLENTRY with the cell's accounts, entities, dates and dimension
value, signed like the cell (debit-positive, times the row's display sign). For balances the
opening part comes from the run's snapshot, so opening + lines = the cell; the page says so, and
says when Intacct has changed since the run (the lines then no longer add up to it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse

from intacct import IntacctClient
from intacct.query import Order, and_, between, equal_to, in_, is_null, less_than
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.reports.models import ReportRun
from trueerp.sage_intacct.reports.services.intacct_calls import query_all
from trueerp.sage_intacct.reports.services.snapshot import GROUPBY
from trueerp.sage_intacct.sync.models import TransactionSyncState
from trueerp.sage_intacct.sync.services.results import record_url

ZERO = Decimal(0)
LINE_FIELD = {
    "DEPARTMENT": "DEPARTMENT",
    "LOCATION": "LOCATION",
    "PROJECT": "PROJECTID",
    "TASK": "TASKID",
    "CUSTOMER": "CUSTOMERID",
    "VENDOR": "VENDORID",
    "EMPLOYEE": "EMPLOYEEID",
    "ITEM": "ITEMID",
    "CLASS": "CLASSID",
}
SELECT = [
    "RECORDNO",
    "BATCHNO",
    "SOURCE",
    "ENTRY_DATE",
    "ACCOUNTNO",
    "TR_TYPE",
    "AMOUNT",
    "CURRENCY",
    "DESCRIPTION",
    "BATCH_TITLE",
    "REFERENCENO",
    "MEGAENTITYID",
    "LOCATION",
    "DEPARTMENT",
    "PROJECTID",
]


class NotDrillable(Exception):
    """The cell is not made of GL lines (a formula, a budget, an elimination …)."""


@dataclass
class DrillLine:
    record: dict[str, Any]
    amount: Decimal
    intacct_url: str
    true_url: str
    true_number: str


@dataclass
class Drill:
    label: str
    column: str
    opening: Decimal
    lines: list[DrillLine] = field(default_factory=list)
    cell: Decimal = ZERO
    translated: bool = False
    currency: str = ""

    @property
    def total(self) -> Decimal:
        return self.opening + sum((x.amount for x in self.lines), ZERO)

    @property
    def ties(self) -> bool:
        return self.total == self.cell


def _field(dimension: str) -> str:
    return LINE_FIELD.get(dimension, f"GLDIM{dimension}") if dimension in GROUPBY or dimension else ""


def drill(run: ReportRun, line_index: int, column_index: int, client: IntacctClient) -> Drill:
    result = run.result
    try:
        line = result["lines"][line_index]
        col = result["columns"][column_index]
    except (IndexError, KeyError, TypeError):
        raise NotDrillable("That cell does not exist in this run.") from None
    if line["kind"] not in ("accounts", "account") or not line["accounts"]:
        raise NotDrillable("This row is computed from other rows; open one of them to see its GL lines.")
    if col["measure"] not in ("actual", "end", "start", "debits", "credits") or col["role"] == "elimination":
        raise NotDrillable(
            "Budget, prior-year, variance and elimination cells are not GL lines of this period."
        )
    raw = line["values"][column_index]
    if raw is None:
        raise NotDrillable("This cell is empty.")
    sign = int(line.get("sign", 1))
    start = dt.date.fromisoformat(col["start"])
    end = dt.date.fromisoformat(col["end"])
    opening = Decimal(line["opening"][column_index] or "0") if line.get("opening") else ZERO
    balance = result["layout"] == "balance" or col["measure"] == "end"
    filters = [
        in_("ACCOUNTNO", line["accounts"]),
        in_("MEGAENTITYID", col["entities"]),
        equal_to("STATE", "Posted"),
    ]
    if col["measure"] == "start":
        filters.append(less_than("ENTRY_DATE", start))
    else:
        filters.append(between("ENTRY_DATE", start, end))
    dimension = result.get("dimension") or ""
    if dimension and col.get("member") is not None:
        name = _field(dimension)
        filters.append(equal_to(name, col["member"]) if col["member"] else is_null(name))
    for kind, values in (run.version.spec.get("filters", {}).get("dimensions") or {}).items():
        if values:
            filters.append(
                equal_to(_field(str(kind).upper()), (values if isinstance(values, list) else [values])[0])
            )
    records = list(
        query_all(client, "GLENTRY", SELECT, and_(*filters), order=[Order("ENTRY_DATE"), Order("RECORDNO")])
    )
    out = Drill(
        label=line["label"],
        column=f"{col.get('group') or ''} {col['label']}".strip(),
        opening=opening if balance and col["measure"] != "start" else ZERO,
        cell=Decimal(raw),
        translated=bool(col.get("translated")),
        currency=col.get("currency") or "",
    )
    connection = IntacctConnection.objects.filter(company=run.company).first()
    numbers = {str(r.get("REFERENCENO") or "") for r in records}
    by_number = {
        t.number: t.pk for t in Transaction.objects.filter(company=run.company, number__in=numbers - {""})
    }
    by_key = {
        s.intacct_key: (s.transaction_id, s.record_url)
        for s in TransactionSyncState.objects.filter(
            transaction__company=run.company, intacct_key__in={str(r.get("BATCHNO") or "") for r in records}
        )
    }
    for r in records:
        amount = Decimal(str(r.get("AMOUNT") or "0"))
        if (col["measure"] == "debits" and r.get("TR_TYPE") != "1") or (
            col["measure"] == "credits" and r.get("TR_TYPE") == "1"
        ):
            continue
        signed = amount if r.get("TR_TYPE") == "1" else -amount
        if col["measure"] in ("debits", "credits"):
            signed = amount
        source, batch = str(r.get("SOURCE") or "GLBATCH"), str(r.get("BATCHNO") or "")
        synced_txn, synced_url = by_key.get(batch, (None, ""))
        txn = synced_txn or by_number.get(str(r.get("REFERENCENO") or ""))
        # a journal entry's lines name their GLBATCH; a document's lines name its journal (ARJ, APJ),
        # so its record link comes from TRUE's sync state when TRUE sent it
        url = synced_url or (record_url(connection, "GLBATCH", batch) if source == "GLBATCH" else "")
        out.lines.append(
            DrillLine(
                record=r,
                amount=sign * signed,
                intacct_url=url,
                true_url=reverse("financial:transaction_detail", args=[txn]) if txn else "",
                true_number=str(r.get("REFERENCENO") or ""),
            )
        )
    if col["measure"] == "start":
        out.opening = ZERO
    return out
