"""The ledger every posting path writes to: open-period checks and GLENTRY rows.

Journal entries, bills, invoices, payments and every other document with a GL effect end in
``post_lines`` so GLENTRY/GLDETAIL queries and the balances see one consistent ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .. import errors
from ..context import Ctx, fmt_date, parse_date
from ..store import Record

ZERO = Decimal(0)


def check_open(ctx: Ctx, date_text: str, label: str = "Posting date") -> dt.date:
    """Parse a generic-function date (MM/DD/YYYY only, like Intacct) and refuse closed periods."""
    if not date_text.strip():
        raise errors.missing_field(label, "transaction")
    parts = date_text.strip().split("/")
    try:
        if len(parts) != 3 or len(parts[2]) != 4:
            raise ValueError(date_text)
        d = dt.date(int(parts[2]), int(parts[0]), int(parts[1]))
    except ValueError:
        raise errors.data_error(f"Invalid {label.lower()} '{date_text}': dates must be MM/DD/YYYY") from None
    closed: list[tuple[dt.date, dt.date]] | None = ctx.cache.get("closed_periods")
    if closed is None:
        closed = ctx.cache["closed_periods"] = [
            (start, end)
            for p in ctx.store.records(ctx.company, "REPORTINGPERIOD")
            if str(p.get("CLOSED")) == "true"
            and (start := parse_date(str(p["START_DATE"]))) is not None
            and (end := parse_date(str(p["END_DATE"]))) is not None
        ]
    for start, end in closed:
        if start <= d <= end:
            raise errors.period_closed(fmt_date(d))
    return d


def post_lines(
    ctx: Ctx,
    source: str,
    recordno: int,
    header: Record,
    lines: Iterable[Record],
    date: str,
    journal: str,
    title: str,
    reference: str,
) -> None:
    """Write one GLENTRY row per posted line; rows carry their header fields for reporting."""
    state = str(header.get("STATE", "Posted"))
    for line in lines:
        loc = str(line.get("LOCATION") or line.get("LOCATIONID") or "")
        entity = ctx.entity_of_location(loc) if loc else ctx.entity
        row: Record = {k: v for k, v in line.items() if not isinstance(v, dict | list)}
        row.update(
            {
                "BATCHNO": str(recordno),
                "SOURCE": source,
                "JOURNAL": journal,
                "ENTRY_DATE": date,
                "BATCH_DATE": date,
                "BATCH_TITLE": title,
                "REFERENCENO": reference,
                "STATE": state,
                "LOCATION": loc,
            }
        )
        n = ctx.allocate()
        row["RECORDNO"] = str(n)
        ctx.stamp(row, created=True)
        ctx.own(row, entity)
        line["RECORDNO"] = str(n)
        ctx.store.put(ctx.company, "GLENTRY", n, row, None)


def unpost(ctx: Ctx, lines: Iterable[Record]) -> None:
    for line in lines:
        if str(line.get("RECORDNO") or "").isdigit():
            ctx.store.remove(ctx.company, "GLENTRY", int(line["RECORDNO"]))


def legacy_date(value: Any) -> str:
    if isinstance(value, dict):
        try:
            return fmt_date(dt.date(int(value["year"]), int(value["month"]), int(value["day"])))
        except (KeyError, ValueError):
            return ""
    return str(value or "")


# legacy dimension element → GL line field, in get_accountbalancesbydimensions output order
LEGACY_DIMS = (
    ("departmentid", "DEPARTMENT"),
    ("locationid", "LOCATION"),
    ("projectid", "PROJECTID"),
    ("customerid", "CUSTOMERID"),
    ("vendorid", "VENDORID"),
    ("employeeid", "EMPLOYEEID"),
    ("itemid", "ITEMID"),
    ("classid", "CLASSID"),
)
