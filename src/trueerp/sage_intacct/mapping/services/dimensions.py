"""Mapping administration: the tables people review (dimension values, accounts), suggestions,
overrides and bulk accept, built on the engine's mapping models and its matching rules.

A TRUE value is *mapped* when the engine will find an Intacct value for it today (a pinned
override, or the automatic match by ID or name), *suggested* when the engine would not match it
but a likely Intacct value exists (same name, same code, a close spelling), and *unmapped*
otherwise. Accepting a suggestion pins it as an override, so what the page shows is exactly what
the next sync does.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction as db_transaction
from django.db.models import Model, QuerySet

from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.financial.models import (
    AccountingClass,
    Branch,
    Contract,
    CustomAttribute,
    CustomAttributeValue,
    Customer,
    Department,
    Employee,
    Job,
    Vendor,
)
from trueerp.sage_intacct.mapping.models import DimensionMapping, DimensionSource, DimensionValueOverride
from trueerp.sage_intacct.mapping.services.context import ensure_default_mappings
from trueerp.sage_intacct.reference.labels import dimension_label
from trueerp.sage_intacct.reference.models import IntacctDimensionValue
from trueerp.sage_intacct.reference.signals import sync_inputs_changed

MAPPED, SUGGESTED, UNMAPPED = "mapped", "suggested", "unmapped"
STATUS_ORDER = {UNMAPPED: 0, SUGGESTED: 1, MAPPED: 2}
STANDARD_DIMENSIONS = ("DEPARTMENT", "LOCATION", "PROJECT", "CLASS", "CUSTOMER", "VENDOR", "EMPLOYEE")
SOURCE_MODELS: dict[str, type[Model]] = {
    DimensionSource.JOB: Job,
    DimensionSource.CONTRACT: Contract,
    DimensionSource.DEPARTMENT: Department,
    DimensionSource.BRANCH: Branch,
    DimensionSource.CLASS: AccountingClass,
    DimensionSource.CUSTOMER: Customer,
    DimensionSource.VENDOR: Vendor,
    DimensionSource.EMPLOYEE: Employee,
}
SOURCE_NOUNS: dict[str, str] = {
    DimensionSource.JOB: "jobs",
    DimensionSource.CONTRACT: "contracts",
    DimensionSource.DEPARTMENT: "departments",
    DimensionSource.BRANCH: "branches",
    DimensionSource.CLASS: "classes",
    DimensionSource.CUSTOMER: "customers",
    DimensionSource.VENDOR: "vendors",
    DimensionSource.EMPLOYEE: "employees",
}
FUZZY_CUTOFF = 0.86


class MappingInputError(ValueError):
    """A change that cannot be saved; the message says why (nothing was written)."""


def normalize(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


@dataclass(frozen=True)
class Candidate:
    value_id: str
    name: str
    active: bool
    owner_entity: str = ""

    @property
    def label(self) -> str:
        return f"{self.value_id} — {self.name}" if self.name else self.value_id


@dataclass
class Row:
    """One TRUE value (or account) and what it maps to."""

    code: str
    name: str
    status: str
    how: str  # human explanation: "Pinned", "Same ID", "Same name", "Close name", …
    target: Candidate | None = None
    suggestion: Candidate | None = None
    true_active: bool = True
    note: str = ""
    override: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return {MAPPED: "Mapped", SUGGESTED: "Suggested", UNMAPPED: "Unmapped"}[self.status]


@dataclass
class Table:
    rows: list[Row]
    candidates: list[Candidate]
    loaded: bool

    @property
    def counts(self) -> dict[str, int]:
        counts = {MAPPED: 0, SUGGESTED: 0, UNMAPPED: 0}
        for row in self.rows:
            counts[row.status] += 1
        counts["total"] = len(self.rows)
        return counts


class Matcher:
    """Find the Intacct candidate for a TRUE code/name: exact rule first, then suggestions."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.by_id: dict[str, Candidate] = {}
        self.by_name: dict[str, Candidate] = {}
        self.by_norm: dict[str, Candidate] = {}
        for c in candidates:
            self.by_id[c.value_id] = c
            if c.active:
                if c.name:
                    self.by_name.setdefault(c.name.strip().lower(), c)
                    self.by_norm.setdefault(normalize(c.name), c)
                self.by_norm.setdefault(normalize(c.value_id), c)
        self._names = list(self.by_name)

    def exact(self, code: str, name: str, match_by: str) -> Candidate | None:
        if match_by == DimensionMapping.MatchBy.NAME:
            return self.by_name.get(name.strip().lower())
        return self.by_id.get(code)

    def suggest(self, code: str, name: str, match_by: str) -> tuple[Candidate, str] | None:
        if match_by == DimensionMapping.MatchBy.NAME:
            found = self.by_id.get(code)
            if found is not None and found.active:
                return found, "Same ID"
        else:
            found = self.by_name.get(name.strip().lower())
            if found is not None:
                return found, "Same name"
        for text in (code, name):
            found = self.by_norm.get(normalize(text)) if text else None
            if found is not None:
                return found, "Same ID or name, ignoring case and punctuation"
        if name:
            close = difflib.get_close_matches(name.strip().lower(), self._names, n=1, cutoff=FUZZY_CUTOFF)
            if close:
                return self.by_name[close[0]], "Similar name"
        return None


def classify(
    code: str, name: str, match_by: str, override: str | None, matcher: Matcher, loaded: bool
) -> Row:
    """The status of one TRUE value, following the engine's order: override, then automatic match."""
    if override:
        target = matcher.by_id.get(override)
        if target is not None and target.active:
            return Row(code, name, MAPPED, "Pinned", target=target, override=override)
        state = "is inactive" if target is not None else "no longer exists"
        row = Row(code, name, UNMAPPED, "Pinned", override=override)
        row.note = f"Pinned to {override}, which {state} in Intacct."
        return row
    if not loaded:
        return Row(code, name, UNMAPPED, "Not checked", note="No Intacct values are cached yet.")
    exact = matcher.exact(code, name, match_by)
    if exact is not None and exact.active:
        how = "Same name" if match_by == DimensionMapping.MatchBy.NAME else "Same ID"
        return Row(code, name, MAPPED, how, target=exact)
    suggestion = matcher.suggest(code, name, match_by)
    note = f"{exact.value_id} is inactive in Intacct." if exact is not None else ""
    if suggestion is not None and (exact is None or suggestion[0].value_id != exact.value_id):
        return Row(code, name, SUGGESTED, suggestion[1], suggestion=suggestion[0], note=note)
    return Row(code, name, UNMAPPED, "No match", note=note)


def sort_rows(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (STATUS_ORDER[r.status], not r.true_active, r.code))


def filter_rows(rows: list[Row], status: str = "", query: str = "") -> list[Row]:
    if status in STATUS_ORDER:
        rows = [r for r in rows if r.status == status]
    needle = query.strip().lower()
    if needle:
        rows = [
            r
            for r in rows
            if needle in r.code.lower()
            or needle in r.name.lower()
            or any(
                c is not None and (needle in c.value_id.lower() or needle in c.name.lower())
                for c in (r.target, r.suggestion)
            )
        ]
    return rows


# --- dimensions -------------------------------------------------------------------------------


@dataclass
class DimensionTab:
    kind: str
    label: str
    mappings: list[DimensionMapping]
    user_defined: bool
    to_review: int = 0


def dimension_candidates(company: Company, kind: str) -> list[Candidate]:
    return [
        Candidate(v.value_id, v.name, v.active, v.owner_entity)
        for v in IntacctDimensionValue.objects.filter(company=company, kind=kind).order_by("value_id")
    ]


def user_defined_kinds(company: Company) -> list[str]:
    known = {*STANDARD_DIMENSIONS, "TASK", "ITEM", "CONTRACT"}
    cached = IntacctDimensionValue.objects.filter(company=company).values_list("kind", flat=True).distinct()
    mapped = DimensionMapping.objects.filter(company=company).values_list("dimension", flat=True)
    return sorted({k.upper() for k in [*cached, *mapped]} - known)


def dimension_tabs(company: Company) -> list[DimensionTab]:
    mappings = ensure_default_mappings(company)
    tabs = []
    for kind in [*STANDARD_DIMENSIONS, *user_defined_kinds(company)]:
        tabs.append(
            DimensionTab(
                kind,
                dimension_label(kind),
                [m for m in mappings if m.dimension.upper() == kind],
                kind not in STANDARD_DIMENSIONS,
            )
        )
    return tabs


def source_values(company: Company, mapping: DimensionMapping) -> list[tuple[str, str, bool]]:
    """(code, name, active in TRUE) of every value of the mapping's TRUE source."""
    if mapping.source == DimensionSource.CUSTOM:
        return [
            (v.code, v.name, v.is_active)
            for v in CustomAttributeValue.objects.filter(
                attribute__company=company, attribute__code=mapping.attribute_code
            ).order_by("code")
        ]
    model = SOURCE_MODELS.get(mapping.source)
    if model is None:
        return []
    queryset: QuerySet[Any] = model._default_manager.filter(company=company)
    if model in (Job, Contract):
        return [(o.number, o.name, o.status != "complete" and o.status != "closed") for o in queryset]
    return [(o.code, o.name, o.is_active) for o in queryset]


def source_label(mapping: DimensionMapping) -> str:
    if mapping.source == DimensionSource.CUSTOM:
        attribute = CustomAttribute.objects.filter(
            company_id=mapping.company_id, code=mapping.attribute_code
        ).first()
        return f"custom attribute {attribute.name if attribute else mapping.attribute_code}"
    return f"TRUE {SOURCE_NOUNS.get(mapping.source, mapping.source)}"


def dimension_table(company: Company, mapping: DimensionMapping) -> Table:
    candidates = dimension_candidates(company, mapping.dimension.upper())
    matcher = Matcher(candidates)
    overrides = dict(mapping.overrides.values_list("source_code", "value_id"))
    rows = []
    for code, name, active in source_values(company, mapping):
        row = classify(code, name, mapping.match_by, overrides.get(code), matcher, bool(candidates))
        row.true_active = active
        rows.append(row)
    return Table(sort_rows(rows), [c for c in candidates if c.active], bool(candidates))


def review_count(company: Company, mapping: DimensionMapping) -> int:
    """Values the engine would not map today (suggested + unmapped), without the fuzzy search."""
    values = {
        v.value_id: v
        for v in IntacctDimensionValue.objects.filter(company=company, kind=mapping.dimension.upper()).only(
            "value_id", "name", "active"
        )
    }
    if not values:
        return len(source_values(company, mapping))
    names = {v.name.strip().lower() for v in values.values() if v.active and v.name}
    overrides = dict(mapping.overrides.values_list("source_code", "value_id"))
    count = 0
    for code, name, _active in source_values(company, mapping):
        if code in overrides:
            target = values.get(overrides[code])
            count += target is None or not target.active
        elif mapping.match_by == DimensionMapping.MatchBy.NAME:
            count += name.strip().lower() not in names
        else:
            count += code not in values or not values[code].active
    return count


def match_phrase(match_by: str) -> str:
    return "by name" if match_by == DimensionMapping.MatchBy.NAME else "by ID"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def set_value_override(
    company: Company, actor: User, mapping: DimensionMapping, source_code: str, value_id: str
) -> str:
    """Pin one TRUE value to an Intacct value ("" = back to automatic matching). Returns a message."""
    kind = mapping.dimension.upper()
    label = dimension_label(kind)
    codes = {code for code, _n, _a in source_values(company, mapping)}
    if source_code not in codes:
        raise MappingInputError(f"{source_code!r} is not one of the {source_label(mapping)}.")
    value_id = value_id.strip()
    if value_id and " — " in value_id:
        value_id = value_id.split(" — ", 1)[0].strip()
    existing = mapping.overrides.filter(source_code=source_code).first()
    before = {"value_id": existing.value_id if existing else ""}
    with db_transaction.atomic():
        if not value_id:
            if existing is None:
                return f"{source_code} already uses automatic matching."
            existing.delete()
            message = f"{source_code} now uses automatic matching ({mapping.get_match_by_display()})."
        else:
            target = IntacctDimensionValue.objects.filter(
                company=company, kind=kind, value_id=value_id
            ).first()
            if target is None:
                raise MappingInputError(
                    f"Intacct has no {label.lower()} {value_id!r} (cached). Pick one from the list, or "
                    "refresh reference data if it was just created in Intacct."
                )
            if not target.active:
                raise MappingInputError(f"{label} {value_id} {target.name} is inactive in Intacct.")
            DimensionValueOverride.objects.update_or_create(
                mapping=mapping, source_code=source_code, defaults={"value_id": value_id}
            )
            message = f"{source_code} is mapped to {label.lower()} {value_id} {target.name}."
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.mapping.dimension_value",
            object_type="sage_intacct.dimensionmapping",
            object_id=mapping.pk,
            summary=f"{label} mapping: {message}",
            before={"source_code": source_code, **before},
            after={"source_code": source_code, "value_id": value_id},
        )
    return message


def accept_dimension_suggestions(
    company: Company, actor: User, mapping: DimensionMapping, codes: Iterable[str] | None = None
) -> int:
    """Pin the suggested matches (all, or only ``codes``) in one transaction; returns how many."""
    wanted = set(codes) if codes is not None else None
    table = dimension_table(company, mapping)
    accepted = [
        (row.code, row.suggestion.value_id)
        for row in table.rows
        if row.status == SUGGESTED and row.suggestion is not None and (wanted is None or row.code in wanted)
    ]
    if not accepted:
        return 0
    with db_transaction.atomic():
        DimensionValueOverride.objects.filter(
            mapping=mapping, source_code__in=[code for code, _v in accepted]
        ).delete()
        DimensionValueOverride.objects.bulk_create(
            [DimensionValueOverride(mapping=mapping, source_code=c, value_id=v) for c, v in accepted]
        )
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.mapping.dimension_bulk_accept",
            object_type="sage_intacct.dimensionmapping",
            object_id=mapping.pk,
            summary=f"{dimension_label(mapping.dimension)} mapping: accepted {len(accepted)} suggested matches",
            after=dict(accepted),
        )
        sync_inputs_changed.send(sender=__name__, company_id=company.pk)
    return len(accepted)


def configure_dimension(
    company: Company,
    actor: User,
    *,
    kind: str,
    mapping: DimensionMapping | None,
    source: str,
    attribute_code: str,
    match_by: str,
    active: bool,
) -> DimensionMapping:
    """Which TRUE attribute feeds a dimension, how values match, and whether it is used."""
    kind = kind.upper()
    if source not in DimensionSource.values:
        raise MappingInputError("Choose which TRUE attribute feeds this dimension.")
    if match_by not in DimensionMapping.MatchBy.values:
        raise MappingInputError("Choose how values are matched: by ID or by name.")
    attribute_code = attribute_code.strip() if source == DimensionSource.CUSTOM else ""
    if source == DimensionSource.CUSTOM and not (
        attribute_code and CustomAttribute.objects.filter(company=company, code=attribute_code).exists()
    ):
        raise MappingInputError("Choose one of your company's custom attributes.")
    clash = DimensionMapping.objects.filter(company=company, source=source, attribute_code=attribute_code)
    if mapping is not None:
        clash = clash.exclude(pk=mapping.pk)
    other = clash.first()
    if other is not None:
        raise MappingInputError(
            f"{_upper_first(source_label(other))} already feed the {dimension_label(other.dimension)} "
            "dimension; one TRUE attribute can feed only one Intacct dimension."
        )
    ensure_default_mappings(company)
    with db_transaction.atomic():
        before = (
            {
                "source": mapping.source,
                "attribute_code": mapping.attribute_code,
                "match_by": mapping.match_by,
                "active": mapping.active,
            }
            if mapping is not None
            else None
        )
        if mapping is None:
            mapping = DimensionMapping(company=company, dimension=kind)
        source_changed = before is not None and (
            before["source"] != source or before["attribute_code"] != attribute_code
        )
        mapping.source, mapping.attribute_code = source, attribute_code
        mapping.match_by, mapping.active = match_by, active
        mapping.save()
        if source_changed:
            mapping.overrides.all().delete()  # codes of the old source mean nothing for the new one
        after = {"source": source, "attribute_code": attribute_code, "match_by": match_by, "active": active}
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.mapping.dimension",
            object_type="sage_intacct.dimensionmapping",
            object_id=mapping.pk,
            summary=f"{dimension_label(kind)} is fed by {source_label(mapping)}, matched "
            f"{match_phrase(mapping.match_by)}{'' if active else ' (not used)'}",
            before=before,
            after=after,
        )
    return mapping


def paginate(rows: list[Row], page: int, per_page: int = 50) -> tuple[list[Row], int, int]:
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(1, page), pages)
    return rows[(page - 1) * per_page : page * per_page], page, pages
