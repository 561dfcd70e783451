"""One way to write a number and one audit stamp, shared by every output format.

Outputs read the stored result (strings of ``Decimal``), never recompute: the HTML page, the CSV,
the workbook and the PDF show the same numbers because they format the same values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from trueerp.sage_intacct.reports.models import ReportRun


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    text: str
    percent: bool


def number(value: Decimal | None, fmt: dict[str, Any], *, percent: bool = False) -> str:
    if value is None:
        return ""
    if percent:
        return f"{value:.1f}%"
    decimals = int(fmt.get("decimals", 2))
    scaled = value / Decimal(int(fmt.get("scale", 1)))
    q = scaled.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{abs(q):,.{decimals}f}"
    if q < 0:
        return f"({text})" if fmt.get("negatives", "parentheses") == "parentheses" else f"-{text}"
    return text


def cells(result: dict[str, Any]) -> list[list[Cell]]:
    """The result's values as Decimals with their display text, line by line."""
    fmt = result.get("number_format", {})
    percent = [c["measure"] == "variance_pct" for c in result["columns"]]
    out = []
    for line in result["lines"]:
        row = []
        for i, raw in enumerate(line["values"]):
            value = None if raw is None else Decimal(raw)
            row.append(Cell(value, number(value, fmt, percent=percent[i]), percent[i]))
        out.append(row)
    return out


def stamp(run: ReportRun) -> dict[str, str]:
    """The audit stamp every output carries: what was run, on which data, and its tie-out."""
    result = run.result or {}
    definition = result.get("definition", {})
    watermark = run.watermark or {}
    entities = watermark.get("entities", {})
    data = "; ".join(
        f"{e}: {v.get('lines', 0)} GL lines, last change {v.get('last_modified') or 'n/a'}"
        for e, v in sorted(entities.items())
    )
    tie = run.tieout or {}
    return {
        "report": str(result.get("title") or run.version.definition.name),
        "definition": f"{definition.get('name', run.version.definition.name)} v{definition.get('version', run.version.number)}",
        "period": f"{result.get('period', {}).get('start', '')} to {result.get('period', {}).get('end', '')}",
        "as_of": run.as_of.strftime("%Y-%m-%d %H:%M:%S UTC") if run.as_of else "",
        "data": data,
        "tieout": ("Ties to Intacct's trial balance" if tie.get("ok") else "Does not tie out")
        + f" (per entity; hash {run.tieout_hash[:16]})",
        "run": f"Run #{run.pk}",
        "currency": str(result.get("currency") or ""),
    }


def stamp_lines(run: ReportRun) -> list[str]:
    s = stamp(run)
    return [
        f"Definition: {s['definition']} · Period: {s['period']} · Currency: {s['currency']}",
        f"Data as of {s['as_of']} · {s['data']}",
        f"Tie-out: {s['tieout']} · {s['run']}",
    ]


def column_headers(result: dict[str, Any]) -> list[str]:
    out = []
    for c in result["columns"]:
        group = c.get("group") or ""
        out.append(f"{group} {c['label']}".strip() if group and group != c["label"] else c["label"])
    return out
