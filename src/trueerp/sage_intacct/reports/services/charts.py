"""One Vega-Lite chart per report, rendered server side to SVG (HTML) and PNG (PDF).

The chart shows the report's headline lines (its computed rows, or its first account rows) across
its value columns. vl-convert renders it with no browser and no JavaScript fetched at run time,
as SVG for the page and PNG for the PDF, from one spec, so both pictures are one chart.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import vl_convert

logger = logging.getLogger(__name__)
MAX_SERIES = 3


def chart_spec(result: dict[str, Any]) -> dict[str, Any] | None:
    if not result.get("chart", True):
        return None
    columns = result["columns"]
    usable = [
        i
        for i, c in enumerate(columns)
        if c["measure"] in ("actual", "end", "budget") and c["role"] in ("value", "consolidated")
    ]
    if not usable:
        return None
    lines = result["lines"]
    formulas = [ln for ln in lines if ln["kind"] == "formula" and "%" not in ln["label"]]
    # computed rows tell the story (gross margin … net income; assets, liabilities, equity)
    accounts = [ln for ln in lines if ln["kind"] == "accounts"]
    series = formulas[:MAX_SERIES] if formulas else accounts[:MAX_SERIES]
    values = []
    for line in series:
        for i in usable:
            raw = line["values"][i]
            if raw is None:
                continue
            col = columns[i]
            label = col["label"] if not col.get("group") or col["measure"] != "actual" else col["group"]
            if col["measure"] == "budget":
                label = f"{col.get('group', '')} budget".strip()
            values.append({"column": label, "line": line["label"], "amount": float(Decimal(raw))})
    if not values:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 640,
        "height": 220,
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "column",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelAngle": 0},
            },
            "xOffset": {"field": "line"},
            "y": {"field": "amount", "type": "quantitative", "title": result.get("currency") or "Amount"},
            "color": {"field": "line", "type": "nominal", "title": None, "legend": {"orient": "top"}},
        },
        "config": {"view": {"stroke": None}},  # the default font: vl-convert draws no text in a font it lacks
    }


def render_svg(spec: dict[str, Any] | None) -> str:
    if spec is None:
        return ""
    try:
        return str(vl_convert.vegalite_to_svg(spec))
    except Exception:  # a chart must never stop the numbers from being shown
        logger.warning("chart rendering failed", exc_info=True)
        return ""


def render_png(spec: dict[str, Any] | None) -> bytes:
    """The same spec drawn as PNG for the PDF (vl-convert's own rasteriser keeps the text,
    which rasterising the SVG loses for want of its fonts)."""
    if spec is None:
        return b""
    try:
        return bytes(vl_convert.vegalite_to_png(spec, scale=2))
    except Exception:
        logger.warning("chart rasterising failed", exc_info=True)
        return b""
