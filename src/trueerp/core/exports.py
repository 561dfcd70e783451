"""Every file TRUE lets someone download for a spreadsheet (CSV, XLSX) is written through here.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula (and strip a leading tab
or carriage return first), so a transaction description such as `=HYPERLINK("https://evil…")`
typed by one user would run on the computer of whoever opens the export. `neutralise_cell` makes
such a text cell literal by prefixing an apostrophe (the spreadsheet convention for "this is text";
the apostrophe is not shown). Numbers, dates and booleans pass unchanged, so a negative amount
stays a number: export amounts as `Decimal`/`int`, not as pre-formatted strings.

Use `streaming_csv_response(filename, header, rows)` for a CSV download, `csv_document(rows)` for a
CSV file kept as bytes, and `XlsxBook` for a workbook: its sheets write every text cell neutralised
and as a string (never parsed as a formula or a number); a formula cell is only written through
`XlsxSheet.formula`, for formulas the code itself composed, never for text a user typed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import StreamingHttpResponse
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

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


def csv_document(rows: Iterable[Iterable[Any]]) -> bytes:
    """A whole CSV file (UTF-8 with a byte-order mark, which Excel needs to read accents), every cell
    neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(neutralise_row(row))
    return out.getvalue().encode("utf-8-sig")


def cell_name(row: int, column: int) -> str:
    """A1-style name of a 0-based cell, for formulas composed by code (`cell_name(0, 1)` == "B1")."""
    return str(xl_rowcol_to_cell(row, column))


def column_name(column: int) -> str:
    """A1-style letters of a 0-based column (`column_name(27)` == "AB")."""
    return str(xl_col_to_name(column))


SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class XlsxSheet:
    """One worksheet; text goes in as literal strings, formulas only from code."""

    def __init__(self, worksheet: Any) -> None:
        self._ws = worksheet

    def text(self, row: int, column: int, value: str, cell_format: Any = None) -> None:
        self._ws.write_string(row, column, neutralise_cell(str(value)), cell_format)

    def number(self, row: int, column: int, value: Decimal | int | float, cell_format: Any = None) -> None:
        self._ws.write_number(row, column, float(value), cell_format)

    def blank(self, row: int, column: int, cell_format: Any = None) -> None:
        self._ws.write_blank(row, column, None, cell_format)

    def formula(
        self, row: int, column: int, formula: str, cell_format: Any, cached: float | str = ""
    ) -> None:
        """A formula composed by the code (cell references, SUM, IF…), with the value it computes as
        its cached result so a reader shows the number before recalculating."""
        self._ws.write_formula(row, column, formula, cell_format, cached)

    def set_column(self, first: int, last: int, width: float) -> None:
        self._ws.set_column(first, last, width)

    def freeze_panes(self, row: int, column: int) -> None:
        self._ws.freeze_panes(row, column)


class XlsxBook:
    """An in-memory workbook; `close()` returns its bytes."""

    def __init__(self) -> None:
        self._out = io.BytesIO()
        self._book = xlsxwriter.Workbook(
            self._out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
        )
        self._names: set[str] = set()

    def add_format(self, properties: dict[str, Any]) -> Any:
        return self._book.add_format(properties)

    def add_sheet(self, name: str) -> XlsxSheet:
        """A sheet named after `name` made acceptable to Excel (no []:*?/\\, at most 31 characters,
        not blank, unique), since names often come from data such as an entity's label."""
        base = SHEET_NAME_FORBIDDEN.sub("-", name).strip().strip("'")[:31] or "Sheet"
        candidate, n = base, 1
        while candidate.lower() in self._names:
            n += 1
            suffix = f" ({n})"
            candidate = base[: 31 - len(suffix)] + suffix
        self._names.add(candidate.lower())
        return XlsxSheet(self._book.add_worksheet(candidate))

    def close(self) -> bytes:
        self._book.close()
        return self._out.getvalue()
