"""Outputs of a published run: rendered once, stored, and served again byte for byte."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from trueerp.sage_intacct.reports.models import ReportOutput, ReportRun
from trueerp.sage_intacct.reports.services.charts import chart_spec, render_png, render_svg
from trueerp.sage_intacct.reports.services.formatting import cells, column_headers, stamp
from trueerp.sage_intacct.reports.services.render_csv import render_csv
from trueerp.sage_intacct.reports.services.render_pdf import render_pdf
from trueerp.sage_intacct.reports.services.render_xlsx import render_xlsx
from trueerp.sage_intacct.reports.services.table_html import table_html

FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}


class NotPublished(Exception):
    """Only published runs have outputs; a refused run's numbers are never handed out."""


def formulas_of(run: ReportRun) -> dict[str, str]:
    return {
        str(r.get("key")): str(r["formula"])
        for r in run.version.spec.get("rows", [])
        if r.get("formula") and r.get("key")
    }


def page_context(run: ReportRun) -> dict[str, Any]:
    """What the HTML page and the HTML export show: lines with formatted cells, headers, stamp, chart."""
    result = run.result
    rows = [
        {"line": line, "cells": row, "index": n}
        for n, (line, row) in enumerate(zip(result["lines"], cells(result), strict=True))
    ]
    headers = column_headers(result)
    groups: list[tuple[str, int]] = []
    for c in result["columns"]:
        label = c.get("group") or ""
        if groups and groups[-1][0] == label:
            groups[-1] = (label, groups[-1][1] + 1)
        else:
            groups.append((label, 1))
    context: dict[str, Any] = {
        "run": run,
        "result": result,
        "rows": rows,
        "headers": [c["label"] for c in result["columns"]],
        "full_headers": headers,
        "groups": groups if any(g for g, _ in groups) else [],
        "stamp": stamp(run),
        "chart_svg": render_svg(chart_spec(result)),
    }
    context["table"] = table_html(context, drill_links=True)
    context["export_table"] = table_html(context, drill_links=False)
    return context


def render(run: ReportRun, fmt: str) -> bytes:
    if fmt == "csv":
        return render_csv(run)
    if fmt == "xlsx":
        return render_xlsx(run, formulas_of(run))
    if fmt == "pdf":
        return render_pdf(run, render_png(chart_spec(run.result)))
    context = page_context(run)
    if fmt == "html":
        return render_to_string("sage_intacct/reports/export.html", context).encode("utf-8")
    raise ValueError(f"unknown format {fmt}")


def output(run: ReportRun, fmt: str) -> ReportOutput:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt}; use one of {', '.join(FORMATS)}")
    if run.state != ReportRun.State.PUBLISHED:
        raise NotPublished(
            f"Run #{run.pk} is {run.get_state_display().lower()}; only published runs can be downloaded."
        )
    found = ReportOutput.objects.filter(run=run, format=fmt).first()
    if found is not None:
        return found
    content = render(run, fmt)
    try:
        with transaction.atomic():
            return ReportOutput.objects.create(
                run=run, format=fmt, content=content, sha256=hashlib.sha256(content).hexdigest()
            )
    except IntegrityError:  # rendered by another request at the same time: keep the first
        return ReportOutput.objects.get(run=run, format=fmt)


def filename(run: ReportRun, fmt: str) -> str:
    title = (
        "".join(ch if ch.isalnum() else "-" for ch in run.result.get("title", "report")).strip("-").lower()
    )
    return f"{title}-run{run.pk}.{FORMATS[fmt][1]}"
