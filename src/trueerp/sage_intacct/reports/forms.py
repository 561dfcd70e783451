"""The designer's form: rows as editable text lines, columns and filters as fields, JSON out.

A row line is ``key | Label | what | options``: *what* is an account range list (``4000-4899,
4950``), ``group:Name`` for an Intacct account group, ``= formula`` over other rows' keys,
``header``, or ``cta`` / ``unmatched``; options are ``detail`` and ``credit`` (shows credit
balances as positive numbers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from trueerp.sage_intacct.reports.spec import COMPARE, LAYOUTS, PERIODS, SpecError

LAYOUT_CHOICES = [
    ("activity", "Activity for the period (income statement)"),
    ("balance", "Balances at period end (balance sheet)"),
    ("trial_balance", "Trial balance"),
]
assert [k for k, _ in LAYOUT_CHOICES] == list(LAYOUTS)


def rows_to_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for r in rows:
        if r.get("header"):
            what = "header"
        elif r.get("special"):
            what = str(r["special"])
        elif r.get("formula"):
            what = f"= {r['formula']}"
        elif r.get("group"):
            what = f"group:{r['group']}"
        else:
            accounts = r.get("accounts")
            what = ", ".join(accounts if isinstance(accounts, list) else [str(accounts)])
        options = [o for o, on in (("detail", r.get("detail")), ("credit", r.get("sign") == -1)) if on]
        lines.append(
            " | ".join([str(r.get("key") or ""), str(r["label"]), what, " ".join(options)]).rstrip(" |")
        )
    return "\n".join(lines)


def text_to_rows(text: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) < 3:
            raise SpecError(
                f"Row line {n} needs 'key | Label | accounts or = formula' (got '{raw.strip()}')."
            )
        key, label, what = parts[0], parts[1], parts[2]
        options = set(parts[3].split()) if len(parts) > 3 else set()
        row: dict[str, Any] = {"label": label}
        if key:
            row["key"] = key
        if what == "header":
            row["header"] = True
        elif what in ("cta", "unmatched"):
            row["special"] = what
        elif what.startswith("="):
            row["formula"] = what[1:].strip()
        elif what.startswith("group:"):
            row["group"] = what[6:].strip()
        else:
            row["accounts"] = [a.strip() for a in what.split(",") if a.strip()]
        if "detail" in options:
            row["detail"] = True
        if "credit" in options:
            row["sign"] = -1
        unknown = options - {"detail", "credit"}
        if unknown:
            raise SpecError(f"Row line {n}: unknown option {sorted(unknown)[0]}; use detail and/or credit.")
        rows.append(row)
    return rows


class DesignerForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="Shown in the list of reports")
    title = forms.CharField(max_length=120, help_text="Printed on every output")
    layout = forms.ChoiceField(choices=LAYOUT_CHOICES)
    rows = forms.CharField(widget=forms.Textarea(attrs={"rows": 14, "class": "mono", "spellcheck": "false"}))
    periods = forms.ChoiceField(choices=[(p, p.title()) for p in PERIODS], initial="total")
    by = forms.CharField(required=False, help_text="entity, or a dimension such as DEPARTMENT, PROJECT, FUND")
    compare = forms.MultipleChoiceField(
        choices=[(c, c.replace("_", " ").title()) for c in COMPARE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    variance = forms.BooleanField(required=False)
    variance_pct = forms.BooleanField(required=False, label="Variance %")
    ytd = forms.BooleanField(required=False, label="Year-to-date column")
    entities = forms.CharField(required=False, help_text="Entity IDs separated by commas; empty = all")
    dimension_filter = forms.CharField(required=False, help_text="e.g. DEPARTMENT=ENG")
    currency = forms.CharField(
        required=False, max_length=3, help_text="Reporting currency for consolidation, e.g. USD"
    )
    eliminations = forms.CharField(required=False, help_text="Due-from/due-to pairs, e.g. 1900/2900")
    budget_id = forms.CharField(required=False, help_text="Intacct budget; empty = the default budget")
    decimals = forms.TypedChoiceField(choices=[(0, "0"), (2, "2")], coerce=int, initial=2)
    negatives = forms.ChoiceField(choices=[("parentheses", "(1,234)"), ("minus", "-1,234")])
    note = forms.CharField(required=False, max_length=200, help_text="What changed in this version")
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def spec(self) -> dict[str, Any]:
        d = self.cleaned_data
        dims: dict[str, list[str]] = {}
        if d.get("dimension_filter"):
            kind, _, value = str(d["dimension_filter"]).partition("=")
            if not value.strip():
                raise SpecError("Dimension filter: write KIND=VALUE, e.g. DEPARTMENT=ENG.")
            dims[kind.strip().upper()] = [value.strip()]
        pairs = []
        for pair in str(d.get("eliminations") or "").split(","):
            if pair.strip():
                a, _, b = pair.partition("/")
                if not b.strip():
                    raise SpecError("Eliminations: write due-from/due-to pairs such as 1900/2900.")
                pairs.append([a.strip(), b.strip()])
        spec: dict[str, Any] = {
            "title": d["title"],
            "layout": d["layout"],
            "rows": text_to_rows(d["rows"]),
            "columns": {
                "periods": d["periods"],
                "by": d.get("by") or "",
                "compare": list(d.get("compare") or []),
                "variance": d.get("variance", False),
                "variance_pct": d.get("variance_pct", False),
                "ytd": d.get("ytd", False),
            },
            "filters": {
                "entities": [e.strip() for e in str(d.get("entities") or "").split(",") if e.strip()],
                "dimensions": dims,
            },
            "number_format": {"decimals": d["decimals"], "negatives": d["negatives"]},
            "budget_id": d.get("budget_id") or "",
        }
        if d.get("currency") or pairs:
            spec["consolidation"] = {"currency": (d.get("currency") or "").upper(), "eliminations": pairs}
        return spec

    @classmethod
    def initial_from(cls, name: str, spec: dict[str, Any], start: dt.date, end: dt.date) -> dict[str, Any]:
        c = spec.get("columns", {})
        f = spec.get("filters", {})
        k = spec.get("consolidation", {})
        nf = spec.get("number_format", {})
        dims = f.get("dimensions") or {}
        return {
            "name": name,
            "title": spec.get("title", ""),
            "layout": spec.get("layout", "activity"),
            "rows": rows_to_text(spec.get("rows", [])),
            "periods": c.get("periods", "total"),
            "by": c.get("by", ""),
            "compare": c.get("compare", []),
            "variance": c.get("variance", False),
            "variance_pct": c.get("variance_pct", False),
            "ytd": c.get("ytd", False),
            "entities": ", ".join(f.get("entities") or []),
            "dimension_filter": ", ".join(
                f"{kk}={v[0] if isinstance(v, list) else v}" for kk, v in dims.items()
            ),
            "currency": k.get("currency", ""),
            "eliminations": ", ".join(f"{a}/{b}" for a, b in k.get("eliminations") or []),
            "budget_id": spec.get("budget_id", ""),
            "decimals": nf.get("decimals", 2),
            "negatives": nf.get("negatives", "parentheses"),
            "start": start,
            "end": end,
        }


class ScheduleForm(forms.Form):
    cadence = forms.ChoiceField(
        choices=[("monthly", "Monthly on a day"), ("after_close", "After Intacct closes a period")]
    )
    day_of_month = forms.IntegerField(min_value=1, max_value=28, initial=3, help_text="For monthly: day 1-28")
    recipients = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    formats = forms.MultipleChoiceField(
        choices=[("pdf", "PDF"), ("xlsx", "XLSX"), ("csv", "CSV"), ("html", "HTML")],
        initial=["pdf", "xlsx"],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, recipients: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = recipients
