"""Every file TRUE lets someone download for a spreadsheet (CSV, XLSX) is written through here.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula (and strip a leading tab
or carriage return first), so a transaction description such as `=HYPERLINK("https://evil…")`
typed by one user would run on the computer of whoever opens the export. `neutralise_cell` makes
such a text cell literal by prefixing an apostrophe (the spreadsheet convention for "this is text";
the apostrophe is not shown). Numbers, dates and booleans pass unchanged, so a negative amount
stays a number: export amounts as `Decimal`/`int`, not as pre-formatted strings.

Use `streaming_csv_response(filename, header, rows)` for a CSV download and `neutralise_row` on each
row of an XLSX sheet (openpyxl would otherwise store such a text as a formula).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula becomes literal text; anything else is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise_cell(value) for value in values]


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The header and every row as CSV lines, each cell neutralised."""
    writer = csv.writer(_Echo())
    yield writer.writerow(neutralise_row(header))
    for row in rows:
        yield writer.writerow(neutralise_row(row))


def streaming_csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Iterable[Any]]
) -> StreamingHttpResponse:
    """A CSV download, streamed row by row (exports can be large), safe to open in a spreadsheet."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    safe_name = "".join(ch for ch in filename if ch.isalnum() or ch in "-_.") or "export.csv"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
