"""Issue 12, item 5: no formula injection in any export (core.exports is the one writer)."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from trueerp.core.exports import csv_lines, neutralise_cell, streaming_csv_response

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
