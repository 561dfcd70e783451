"""Issue 12, item 5: no formula injection in any export (core.exports is the one writer)."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from trueerp.core.exports import (
    XlsxBook,
    cell_name,
    column_name,
    csv_document,
    csv_lines,
    neutralise_cell,
    streaming_csv_response,
)

SRC = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("https://evil.example","x")', '\'=HYPERLINK("https://evil.example","x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("JE-000012", "JE-000012"),
        ("a=b", "a=b"),
        ("", ""),
        (Decimal("-12.50"), Decimal("-12.50")),
        (-3, -3),
        (date(2026, 3, 10), date(2026, 3, 10)),
        (None, None),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_csv_lines_neutralise_header_and_every_cell_and_round_trip():
    text = "".join(csv_lines(["=head", "ok"], [["=1+1", Decimal("-5")], ["plain", "@x"]]))
    assert list(csv.reader(io.StringIO(text))) == [["'=head", "ok"], ["'=1+1", "-5"], ["plain", "'@x"]]


def test_streaming_csv_response_is_an_attachment_with_a_clean_filename():
    response = streaming_csv_response('log";\r\nx.csv', ["a"], [["=1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="logx.csv"'
    assert b"".join(response.streaming_content).decode() == "a\r\n'=1\r\n"  # type: ignore[arg-type]


def test_only_core_exports_writes_spreadsheet_files():
    """New CSV/XLSX exports use trueerp.core.exports (see docs/architecture.md, Exports)."""
    writers = set()
    for path in (SRC / "trueerp").rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name.split(".")[0] in {"csv", "openpyxl", "xlsxwriter"} for name in names):
                writers.add(path.relative_to(SRC).as_posix())
    assert writers == {"trueerp/core/exports.py"}, (
        "Write CSV/XLSX through trueerp.core.exports (streaming_csv_response, neutralise_row) so every "
        "cell is safe from formula injection."
    )


def test_csv_document_neutralises_text_and_keeps_numbers():
    content = csv_document([["=title"], ["Line", "-x"], ["  Sales", Decimal("-12.50"), ""]])
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["'=title"], ["Line", "'-x"], ["  Sales", "-12.50", ""]]


def test_xlsx_book_writes_text_literally_and_code_formulas_as_formulas():
    import openpyxl

    book = XlsxBook()
    sheet = book.add_sheet("US")
    odd = book.add_sheet("a/b:c*?[d]")
    again = book.add_sheet("us")
    sheet.text(0, 0, '=HYPERLINK("https://evil.example","x")')
    sheet.text(0, 1, "-12")
    sheet.number(1, 0, Decimal("-12.50"))
    sheet.number(2, 0, 4)
    sheet.formula(3, 0, f"=SUM({cell_name(1, 0)}:A3)", None, -8.5)
    sheet.blank(4, 0)
    odd.text(0, 0, "plain")
    again.text(0, 0, "second")
    workbook = openpyxl.load_workbook(io.BytesIO(book.close()))
    assert workbook.sheetnames == ["US", "a-b-c---d-", "us (2)"]
    ws = workbook["US"]
    assert ws["A1"].value == '\'=HYPERLINK("https://evil.example","x")'
    assert ws["A1"].data_type == "s"
    assert ws["B1"].value == "'-12"
    assert ws["A2"].value == -12.5
    assert ws["A4"].value == "=SUM(A2:A3)"
    assert column_name(27) == "AB"
