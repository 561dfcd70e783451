"""PDF: paginated, a header with company, report, version and "as of", "page X of Y" in the footer.

fpdf2 lays the table out directly (pure Python: no system libraries, small memory on long
reports); the chart is the page's chart spec drawn as PNG. The core Helvetica font covers
Latin-1, so text outside it is transliterated rather than dropped.
"""

from __future__ import annotations

import io
import unicodedata
from typing import Any

from fpdf import FPDF

from trueerp.sage_intacct.reports.models import ReportRun
from trueerp.sage_intacct.reports.services.formatting import cells, column_headers, stamp, stamp_lines

_REPLACE = {"–": "-", "—": "-", "→": "->", "·": "|", "’": "'", "“": '"', "”": '"', "…": "...", "€": "EUR"}


def latin1(text: str) -> str:
    for a, b in _REPLACE.items():
        text = text.replace(a, b)
    if all(ord(ch) < 256 for ch in text):
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 256)


class _Document(FPDF):
    def __init__(self, company: str, title: str, version: str, as_of: str, orientation: str) -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.company, self.title_text, self.version, self.as_of = company, title, version, as_of
        self.header_row: list[str] = []
        self.widths: list[float] = []
        self.set_auto_page_break(auto=True, margin=15)
        self.alias_nb_pages()

    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.set_text_color(90, 90, 90)
        self.cell(
            0,
            5,
            latin1(f"{self.company}  |  {self.title_text}  |  {self.version}  |  as of {self.as_of}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.set_draw_color(200, 205, 212)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)
        if self.header_row and self.page_no() > 1:
            self.table_header()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(120, 120, 120)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    def table_header(self) -> None:
        self.set_font("Helvetica", "B", 7.5)
        self.set_fill_color(238, 242, 247)
        self.set_text_color(30, 40, 50)
        for n, (text, width) in enumerate(zip(self.header_row, self.widths, strict=True)):
            self.cell(width, 6, latin1(text)[:40], border="B", align="L" if n == 0 else "R", fill=True)
        self.ln()


def render_pdf(run: ReportRun, chart_png: bytes = b"") -> bytes:
    result = run.result
    s = stamp(run)
    columns = result["columns"]
    orientation = "L" if len(columns) > 4 else "P"
    doc = _Document(run.company.name, result["title"], s["definition"], s["as_of"], orientation)
    doc.add_page()
    doc.set_font("Helvetica", "B", 15)
    doc.set_text_color(15, 41, 66)
    doc.cell(0, 8, latin1(result["title"]), new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", "", 8)
    doc.set_text_color(80, 80, 80)
    for line in stamp_lines(run):
        doc.multi_cell(0, 4, latin1(line), new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    if chart_png:
        width = doc.w - doc.l_margin - doc.r_margin
        doc.image(io.BytesIO(chart_png), x=doc.l_margin, w=min(width, 170))
        doc.ln(2)
    usable = doc.w - doc.l_margin - doc.r_margin
    label_width = min(70.0, usable * 0.34)
    value_width = (usable - label_width) / max(1, len(columns))
    doc.header_row = ["Line", *column_headers(result)]
    doc.widths = [label_width, *([value_width] * len(columns))]
    doc.table_header()
    size = 7.5 if len(columns) <= 8 else 6.5
    for line, row in zip(result["lines"], cells(result), strict=True):
        kind = line["kind"]
        bold = kind in ("formula", "special", "header", "total_header") or (
            kind == "accounts" and line["label"].startswith("Total ")
        )
        doc.set_font("Helvetica", "B" if bold else "", size)
        doc.set_text_color(11, 92, 171) if kind in ("header", "total_header") else doc.set_text_color(
            28, 39, 51
        )
        label = ("   " * line["level"]) + line["label"]
        doc.cell(label_width, 5, latin1(label)[:60], border="T" if kind in ("formula",) else 0)
        for cell, width in zip(row, doc.widths[1:], strict=True):
            doc.cell(width, 5, cell.text, align="R", border="T" if kind in ("formula",) else 0)
        doc.ln()
    notes = result.get("warnings", [])
    if notes or result.get("rates"):
        doc.ln(3)
        doc.set_font("Helvetica", "", 7)
        doc.set_text_color(90, 90, 90)
        for note in notes:
            doc.multi_cell(0, 3.6, latin1(f"Note: {note}"), new_x="LMARGIN", new_y="NEXT")
        rates: dict[str, Any] = result.get("rates") or {}
        if rates:
            doc.multi_cell(
                0,
                3.6,
                latin1("Rates used: " + "; ".join(f"{k} = {v}" for k, v in sorted(rates.items()))),
                new_x="LMARGIN",
                new_y="NEXT",
            )
    return bytes(doc.output())
