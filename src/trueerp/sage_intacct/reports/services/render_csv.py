"""CSV: the audit stamp, a header and one line per report line, plain numbers (no thousands)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from trueerp.core.exports import csv_document
from trueerp.sage_intacct.reports.models import ReportRun
from trueerp.sage_intacct.reports.services.formatting import cells, column_headers, stamp_lines

AMOUNT, PERCENT = Decimal("0.01"), Decimal("0.1")


def render_csv(run: ReportRun) -> bytes:
    """Numbers go out as ``Decimal`` (a negative stays a number; only text is neutralised)."""
    result = run.result
    rows: list[list[Any]] = [[result["title"]], *([line] for line in stamp_lines(run)), []]
    rows.append(["Line", *column_headers(result)])
    for line, row in zip(result["lines"], cells(result), strict=True):
        label = ("  " * line["level"]) + line["label"]
        rows.append(
            [
                label,
                *("" if c.value is None else c.value.quantize(PERCENT if c.percent else AMOUNT) for c in row),
            ]
        )
    rows.extend([f"Note: {warning}"] for warning in result.get("warnings", []))
    return csv_document(rows)
