"""XLSX: formatted, frozen headers, totals as live formulas with cached values, a sheet per entity.

Every total a reader could want to audit is a formula over the cells it adds up (a row's accounts,
computed rows such as gross margin, variance, the consolidated and total columns), written with
the value TRUE computed as its cached result, so Excel and openpyxl (``data_only=True``) show the
same number as the HTML page before anything is recalculated.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from trueerp.core.exports import XlsxBook, XlsxSheet, cell_name, column_name
from trueerp.sage_intacct.reports.models import ReportRun
from trueerp.sage_intacct.reports.services.formatting import column_headers, stamp_lines

FIRST_ROW = 6  # 0-based row of the first report line (after title, stamp, blank, header)


def _formats(book: XlsxBook, result: dict[str, Any]) -> dict[str, Any]:
    nf = result.get("number_format", {})
    decimals = int(nf.get("decimals", 2))
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    pattern = f"{body};({body})" if nf.get("negatives", "parentheses") == "parentheses" else f"{body};-{body}"
    if int(nf.get("scale", 1)) == 1000:
        pattern = pattern.replace(body, body + ",")
    return {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "stamp": book.add_format({"font_color": "#555555", "font_size": 9}),
        "head": book.add_format(
            {"bold": True, "bottom": 1, "bg_color": "#EEF2F7", "text_wrap": True, "align": "center"}
        ),
        "label": book.add_format({}),
        "label_bold": book.add_format({"bold": True}),
        "header": book.add_format({"bold": True, "font_color": "#0B5CAB"}),
        "num": book.add_format({"num_format": pattern}),
        "num_bold": book.add_format({"num_format": pattern, "bold": True, "top": 1}),
        "pct": book.add_format({"num_format": '0.0"%"'}),
        "pct_bold": book.add_format({"num_format": '0.0"%"', "bold": True, "top": 1}),
    }


def _excel_formula(formula: str, refs: dict[str, str]) -> str | None:
    out = []
    for number, name, other in re.findall(r"\s*(?:(\d+(?:\.\d+)?)|([a-z][a-z0-9_]*)|(\S))", formula):
        if name:
            if name not in refs:
                return None
            out.append(refs[name])
        else:
            out.append(number or other)
    return "".join(out)


def _write_sheet(
    ws: XlsxSheet, f: dict[str, Any], run: ReportRun, result: dict[str, Any], cols: list[int]
) -> None:
    columns = result["columns"]
    headers = column_headers(result)
    ws.text(0, 0, result["title"], f["title"])
    for n, line in enumerate(stamp_lines(run), 1):
        ws.text(n, 0, line, f["stamp"])
    ws.text(FIRST_ROW - 1, 0, "Line", f["head"])
    for j, i in enumerate(cols, 1):
        ws.text(FIRST_ROW - 1, j, headers[i], f["head"])
    ws.set_column(0, 0, 46)
    ws.set_column(1, len(cols), 16)
    ws.freeze_panes(FIRST_ROW, 1)
    position = {i: j for j, i in enumerate(cols, 1)}
    keyed_rows: dict[str, int] = {}
    detail_start: int | None = None
    lines = result["lines"]
    for n, line in enumerate(lines):
        r = FIRST_ROW + n
        bold = line["kind"] in ("formula", "special") or (
            line["kind"] == "accounts" and detail_start is not None
        )
        label_format = (
            f["header"]
            if line["kind"] in ("header", "total_header")
            else f["label_bold"]
            if bold
            else f["label"]
        )
        ws.text(r, 0, ("    " * line["level"]) + line["label"], label_format)
        if line["kind"] == "total_header":
            detail_start = r + 1
        for i in cols:
            raw = line["values"][i]
            if raw is None and line["kind"] in ("header", "total_header"):
                continue
            c = position[i]
            col = columns[i]
            pct = col["measure"] == "variance_pct"
            fmt = (f["pct_bold"] if bold else f["pct"]) if pct else (f["num_bold"] if bold else f["num"])
            value = None if raw is None else Decimal(raw)
            cached = "" if raw is None else float(Decimal(raw))
            formula = _cell_formula(line, n, r, c, i, columns, cols, position, keyed_rows, detail_start)
            if formula:
                ws.formula(r, c, formula, fmt, cached)
            elif value is None:
                ws.blank(r, c, fmt)
            else:
                ws.number(r, c, value, fmt)
        if line["kind"] == "accounts" and detail_start is not None:
            detail_start = None
        if line["key"]:
            keyed_rows[line["key"]] = r


def _cell_formula(
    line: dict[str, Any],
    n: int,
    r: int,
    c: int,
    i: int,
    columns: list[dict[str, Any]],
    cols: list[int],
    position: dict[int, int],
    keyed_rows: dict[str, int],
    detail_start: int | None,
) -> str | None:
    col = columns[i]
    if col["measure"] in ("variance", "variance_pct"):
        base = [j for j in cols if columns[j]["group"] == col["group"]]
        actual = next((j for j in base if columns[j]["measure"] == "actual"), None)
        other = next(
            (j for j in base if columns[j]["measure"] == ("prior" if "prior" in col["key"] else "budget")),
            None,
        )
        if actual is None or other is None or (line["values"][i] is None and col["measure"] == "variance"):
            return None
        a, b = cell_name(r, position[actual]), cell_name(r, position[other])
        return f"={a}-{b}" if col["measure"] == "variance" else f'=IF({b}=0,"",({a}-{b})/ABS({b})*100)'
    if col["role"] in ("consolidated", "total"):
        parts = [j for j in cols if columns[j]["role"] in ("value", "elimination") and position[j] < c]
        if len(parts) >= 1 and line["values"][i] is not None and line["kind"] != "formula":
            first, last = column_name(position[parts[0]]), column_name(position[parts[-1]])
            return f"=SUM({first}{r + 1}:{last}{r + 1})"
    if line["kind"] == "accounts" and detail_start is not None and detail_start < r:
        column = column_name(c)
        return f"=SUM({column}{detail_start + 1}:{column}{r})"
    if line["kind"] == "formula":
        refs = {k: cell_name(row, c) for k, row in keyed_rows.items()}
        expression = _excel_formula(line.get("formula") or "", refs)
        if expression:
            return f'=IFERROR({expression},"")'
    return None


def render_xlsx(run: ReportRun, formulas: dict[str, str]) -> bytes:
    """``formulas``: row key → the definition's formula, for computed rows."""
    result = run.result
    for line in result["lines"]:
        if line["kind"] == "formula" and line["key"] in formulas:
            line["formula"] = formulas[line["key"]]
    book = XlsxBook()
    f = _formats(book, result)
    columns = result["columns"]
    _write_sheet(book.add_sheet("Report"), f, run, result, list(range(len(columns))))
    for i, col in enumerate(columns):
        if (
            col["role"] == "value"
            and len(col["entities"]) == 1
            and result["columns"][-1]["role"] == "consolidated"
        ):
            _write_sheet(book.add_sheet(col["label"]), f, run, result, [i])
    return book.close()
