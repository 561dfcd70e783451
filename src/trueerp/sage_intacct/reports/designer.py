"""The designer page (#1620): pick rows, columns and filters, preview on live data, save.

Preview runs the whole pipeline (snapshot, tie-out, compute) in the request on the chosen period
and shows the table without storing anything; saving writes a new definition or a new version of
the one being edited. Definitions that cannot run are refused with every reason found.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from intacct.errors import IntacctError
from trueerp.core.access import current_company, current_user, get_scoped_or_404, require_permission
from trueerp.sage_intacct.connection.clients import NotConfigured, client_for_company
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_REPORT_DESIGN
from trueerp.sage_intacct.reports.catalog import TEMPLATES
from trueerp.sage_intacct.reports.forms import DesignerForm
from trueerp.sage_intacct.reports.models import ReportDefinition
from trueerp.sage_intacct.reports.services.compute import compute
from trueerp.sage_intacct.reports.services.definitions import create_definition, save_version
from trueerp.sage_intacct.reports.services.formatting import cells
from trueerp.sage_intacct.reports.services.rates import MissingRate, load_rates
from trueerp.sage_intacct.reports.services.runs import default_period, intacct_message, reporting_currency
from trueerp.sage_intacct.reports.services.snapshot import SnapshotError, take_snapshot
from trueerp.sage_intacct.reports.services.tieout import tie_out
from trueerp.sage_intacct.reports.services.validation import problems
from trueerp.sage_intacct.reports.spec import SpecError, parse


def _preview(request: HttpRequest, spec_data: dict[str, Any], form: DesignerForm) -> dict[str, Any]:
    spec = parse(spec_data)
    start, end = default_period(timezone.localdate())
    start = form.cleaned_data.get("start") or start
    end = form.cleaned_data.get("end") or end
    client = client_for_company(current_company(request), "")
    snapshot = take_snapshot(client, spec, start, end)
    currency = reporting_currency(spec, snapshot)
    translate = any(e.currency != currency for e in snapshot.entities)
    rates = load_rates(client, {e.currency for e in snapshot.entities}, currency) if translate else None
    checked = tie_out(snapshot, filtered=bool(spec.filters.dimensions))
    report = compute(spec, snapshot, rates, currency)
    result: dict[str, Any] = {
        "columns": [c.as_dict() for c in report.columns],
        "lines": [line.as_dict() for line in report.lines],
        "number_format": {
            "decimals": spec.number_format.decimals,
            "negatives": spec.number_format.negatives,
            "scale": 1,
        },
    }
    rows = [
        {"line": line, "cells": row, "index": n}
        for n, (line, row) in enumerate(zip(result["lines"], cells(result), strict=True))
    ]
    return {
        "result": result,
        "rows": rows,
        "headers": [c["label"] for c in result["columns"]],
        "tieout": checked,
        "warnings": report.warnings,
        "period": (start, end),
    }


@require_permission(MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_REPORT_DESIGN)
def designer(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    company = current_company(request)
    definition = get_scoped_or_404(request, ReportDefinition.objects.all(), pk=pk) if pk else None
    start, end = default_period(timezone.localdate())
    context: dict[str, Any] = {"title": "Report designer", "module_tab": "reports", "definition": definition}
    if request.method == "POST":
        form = DesignerForm(request.POST)
        errors: list[str] = []
        if form.is_valid():
            try:
                spec_data = form.spec()
                spec = parse(spec_data)
                errors = problems(company, spec)
            except SpecError as exc:
                errors = [str(exc)]
            action = request.POST.get("action", "preview")
            if not errors and action == "preview":
                try:
                    context["preview"] = _preview(request, spec_data, form)
                except (SpecError, SnapshotError, MissingRate, NotConfigured) as exc:
                    errors = [str(exc)]
                except IntacctError as exc:
                    errors = [f"Intacct refused a read: {intacct_message(exc)}"]
            elif not errors:
                actor = current_user(request)
                try:
                    if action == "save_version" and definition is not None:
                        version = save_version(
                            definition, spec_data, actor, form.cleaned_data.get("note") or ""
                        )
                    else:
                        version = create_definition(company, form.cleaned_data["name"], spec_data, actor)
                except IntegrityError:
                    errors = [
                        f"A report named '{form.cleaned_data['name']}' already exists; choose another name."
                    ]
                else:
                    messages.success(
                        request, f"Saved '{version.definition.name}' as version {version.number}."
                    )
                    return redirect("sage_intacct:report_definition", pk=version.definition_id)
        context["errors"] = errors
    else:
        if definition is not None and definition.current is not None:
            spec_data = definition.current.spec
            name = definition.name
        else:
            template = (
                TEMPLATES[request.GET.get("template", "income_statement_by_entity")]
                if request.GET.get("template") in TEMPLATES
                else TEMPLATES["income_statement_by_entity"]
            )
            spec_data, name = template["spec"], f"{template['name']} (copy)"
        form = DesignerForm(initial=DesignerForm.initial_from(name, spec_data, start, end))
    context["form"] = form
    return render(request, "sage_intacct/reports/designer.html", context)
