"""The columns a definition asks for, laid out against a snapshot.

A column is a measure (actual, budget, prior year, variance …) over some months, for some
entities and optionally one dimension value. Columns by entity add an eliminations column and a
consolidated one; columns by dimension list each value that has data and a total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from trueerp.sage_intacct.reports.services.snapshot import Snapshot
from trueerp.sage_intacct.reports.spec import Spec

BASE_MEASURES = ("actual", "budget", "prior")
LABELS = {
    "actual": "Actual",
    "budget": "Budget",
    "prior": "Prior year",
    "variance": "Variance",
    "variance_pct": "Var %",
}


@dataclass
class Column:
    key: str
    label: str
    measure: str  # actual | budget | prior | variance | variance_pct | start | debits | credits | end
    months: tuple[int, ...]
    entities: tuple[str, ...]
    group: str = ""
    member: str | None = None  # a dimension value
    role: str = "value"  # value | elimination | consolidated | total
    compare: str = ""  # for variance columns: the measure compared with
    translate: bool = False
    currency: str = ""
    start: dt.date = dt.date.min
    end: dt.date = dt.date.max
    base: list[int] = field(default_factory=list)  # indexes of the columns a derived one uses

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "group": self.group,
            "measure": self.measure,
            "entities": list(self.entities),
            "member": self.member,
            "role": self.role,
            "currency": self.currency,
            "translated": self.translate,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def _period_groups(spec: Spec, snapshot: Snapshot) -> list[tuple[str, tuple[int, ...]]]:
    months = snapshot.months
    groups: list[tuple[str, tuple[int, ...]]]
    if spec.columns.periods == "months":
        groups = [(f"{s:%b %Y}", (i,)) for i, (s, _e) in enumerate(months)]
    elif spec.columns.periods == "quarters":
        quarters: dict[str, list[int]] = {}
        for i, (s, _e) in enumerate(months):
            quarters.setdefault(f"Q{(s.month - 1) // 3 + 1} {s.year}", []).append(i)
        groups = [(label, tuple(idx)) for label, idx in quarters.items()]
    else:
        groups = [(f"{snapshot.start:%b %d, %Y} – {snapshot.end:%b %d, %Y}", tuple(range(len(months))))]
    if spec.columns.periods != "total" and (spec.columns.ytd or len(groups) > 1):
        groups.append(("Year to date" if spec.columns.ytd else "Total", tuple(range(len(months)))))
    return groups


def _dates(snapshot: Snapshot, months: tuple[int, ...]) -> tuple[dt.date, dt.date]:
    return snapshot.months[months[0]][0], snapshot.months[months[-1]][1]


def build_columns(
    spec: Spec, snapshot: Snapshot, currency: str, members: list[tuple[str, str]]
) -> list[Column]:
    """``members``: the dimension values (id, name) with data, for columns by dimension."""
    everyone = tuple(e.entity for e in snapshot.entities)
    translate = bool(currency) and any(e.currency != currency for e in snapshot.entities)
    all_months = tuple(range(len(snapshot.months)))
    start, end = snapshot.start, snapshot.end
    cols: list[Column] = []
    if spec.layout == "trial_balance" and not spec.columns.by:
        for measure, label in (
            ("start", "Start balance"),
            ("debits", "Debits"),
            ("credits", "Credits"),
            ("end", "End balance"),
        ):
            cols.append(
                Column(measure, label, measure, all_months, everyone, currency=currency, start=start, end=end)
            )
        return cols
    measure = "end" if spec.layout == "trial_balance" else "actual"
    if spec.columns.by == "entity":
        for e in snapshot.entities:
            cols.append(
                Column(
                    f"e_{e.entity}",
                    e.entity,
                    measure,
                    all_months,
                    (e.entity,),
                    group=e.name,
                    translate=translate and e.currency != currency,
                    currency=currency or e.currency,
                    start=start,
                    end=end,
                )
            )
        cols.append(
            Column(
                "elim",
                "Eliminations",
                measure,
                all_months,
                everyone,
                role="elimination",
                currency=currency,
                start=start,
                end=end,
            )
        )
        cols.append(
            Column(
                "cons",
                "Consolidated",
                measure,
                all_months,
                everyone,
                role="consolidated",
                translate=translate,
                currency=currency,
                start=start,
                end=end,
            )
        )
        return cols
    if spec.columns.by:
        for value, _name in members:  # the id heads the column: names are often too long
            cols.append(
                Column(
                    f"d_{value or 'none'}",
                    value or "(none)",
                    measure,
                    all_months,
                    everyone,
                    member=value,
                    currency=currency,
                    start=start,
                    end=end,
                )
            )
        cols.append(
            Column(
                "total",
                "Total",
                measure,
                all_months,
                everyone,
                role="total",
                currency=currency,
                start=start,
                end=end,
            )
        )
        return cols
    for label, months in _period_groups(spec, snapshot):
        s, until = _dates(snapshot, months)
        first = len(cols)
        measures = ["actual", *("prior" if c == "prior_year" else c for c in spec.columns.compare)]
        for m in measures:
            cols.append(
                Column(
                    f"{m}_{months[0]}_{months[-1]}",
                    LABELS[m],
                    m,
                    months,
                    everyone,
                    group=label,
                    translate=translate,
                    currency=currency,
                    start=s,
                    end=until,
                )
            )
        for compare in measures[1:]:
            if spec.columns.variance:
                cols.append(
                    Column(
                        f"var_{compare}_{months[0]}_{months[-1]}",
                        LABELS["variance"],
                        "variance",
                        months,
                        everyone,
                        group=label,
                        compare=compare,
                        currency=currency,
                        start=s,
                        end=until,
                        base=[first, first + measures.index(compare)],
                    )
                )
            if spec.columns.variance_pct:
                cols.append(
                    Column(
                        f"pct_{compare}_{months[0]}_{months[-1]}",
                        LABELS["variance_pct"],
                        "variance_pct",
                        months,
                        everyone,
                        group=label,
                        compare=compare,
                        currency=currency,
                        start=s,
                        end=until,
                        base=[first, first + measures.index(compare)],
                    )
                )
    return cols
