"""CSV: the audit stamp, a header and one line per report line, plain numbers (no thousands)."""

from __future__ import annotations

import csv
import io

from trueerp.sage_intacct.reports.models import ReportRun
from trueerp.sage_intacct.reports.services.formatting import cells, column_headers, stamp_lines


def render_csv(run: ReportRun) -> bytes:
    result = run.result
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([result["title"]])
    for line in stamp_lines(run):
        writer.writerow([line])
    writer.writerow([])
    writer.writerow(["Line", *column_headers(result)])
    for line, row in zip(result["lines"], cells(result), strict=True):
        label = ("  " * line["level"]) + line["label"]
        writer.writerow(
            [
                label,
                *(
                    "" if c.value is None else (f"{c.value:.1f}" if c.percent else f"{c.value:.2f}")
                    for c in row
                ),
            ]
        )
    for warning in result.get("warnings", []):
        writer.writerow([f"Note: {warning}"])
    return out.getvalue().encode("utf-8-sig")
