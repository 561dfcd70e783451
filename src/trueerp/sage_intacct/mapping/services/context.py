"""Mapping: which entity a transaction posts to, which Intacct dimension values and account each
line carries. Everything is read once per batch into a `MappingContext` (cached per process and
keyed by the company's mapping ``revision``), so a batch of 100 costs a handful of queries.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction as db_transaction
from django.db.models import F

from trueerp.core.models import Company
from trueerp.financial.models import Transaction, TransactionLine
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.models import (
    AccountMapping,
    DimensionMapping,
    DimensionSource,
    EntityRule,
    SyncSettings,
)
from trueerp.sage_intacct.reference.models import (
    IntacctAccount,
    IntacctDimensionValue,
    IntacctEntity,
    IntacctExchangeRate,
    IntacctExchangeRateType,
    IntacctJournal,
    IntacctPeriod,
)

# The mappings a company starts with: TRUE codes equal Intacct IDs.
DEFAULT_MAPPINGS: tuple[tuple[str, str], ...] = (
    (DimensionSource.JOB, "PROJECT"),
    (DimensionSource.DEPARTMENT, "DEPARTMENT"),
    (DimensionSource.BRANCH, "LOCATION"),
    (DimensionSource.CLASS, "CLASS"),
    (DimensionSource.CUSTOMER, "CUSTOMER"),
    (DimensionSource.VENDOR, "VENDOR"),
    (DimensionSource.EMPLOYEE, "EMPLOYEE"),
)
SOURCE_LABELS: dict[str, str] = {
    DimensionSource.JOB: "job",
    DimensionSource.CONTRACT: "contract",
    DimensionSource.DEPARTMENT: "department",
    DimensionSource.BRANCH: "branch",
    DimensionSource.CLASS: "class",
    DimensionSource.CUSTOMER: "customer",
    DimensionSource.VENDOR: "vendor",
    DimensionSource.EMPLOYEE: "employee",
    DimensionSource.CUSTOM: "attribute",
}


def settings_for(company: Company) -> SyncSettings:
    """The company's sync settings; new ones post where the API keys' entity points (blank = top)."""
    return _settings_of(company.pk)


def _settings_of(company_id: int) -> SyncSettings:
    settings = SyncSettings.objects.filter(company_id=company_id).first()
    if settings is None:
        entity = (
            IntacctConnection.objects.filter(company_id=company_id)
            .values_list("entity_id", flat=True)
            .first()
        )
        settings, _ = SyncSettings.objects.get_or_create(
            company_id=company_id, defaults={"default_entity_id": entity or ""}
        )
    return settings


def bump_revision(company_id: int) -> None:
    """Mapping or reference data changed: cached contexts are stale, blocked jobs may now pass."""
    _settings_of(company_id)
    SyncSettings.objects.filter(company_id=company_id).update(revision=F("revision") + 1)


def ensure_default_mappings(company: Company) -> list[DimensionMapping]:
    """Create the default dimension mappings (idempotent), so the mapping page has rows to show."""
    with db_transaction.atomic():
        for source, dimension in DEFAULT_MAPPINGS:
            DimensionMapping.objects.get_or_create(
                company=company, source=source, attribute_code="", defaults={"dimension": dimension}
            )
    return list(DimensionMapping.objects.filter(company=company))


@dataclass(frozen=True)
class CachedValue:
    value_id: str
    name: str
    owner_entity: str
    parent_id: str
    active: bool


@dataclass(frozen=True)
class CachedAccount:
    account_no: str
    title: str
    required: tuple[str, ...]
    owner_entity: str
    active: bool


@dataclass(frozen=True)
class CachedPeriod:
    name: str
    start: object
    end: object
    closed: bool


@dataclass
class ResolvedMapping:
    dimension: str
    match_by: str
    overrides: dict[str, str]


@dataclass
class MappingContext:
    """Everything pre-validation and the builders need, loaded in one go."""

    company_id: int
    revision: int
    settings: SyncSettings
    rules: list[EntityRule]
    mappings: dict[tuple[str, str], ResolvedMapping]
    account_map: dict[int, str]
    accounts: dict[str, CachedAccount]
    values: dict[tuple[str, str], CachedValue]
    names: dict[tuple[str, str], str]
    entities: dict[str, bool]
    journals: set[str]
    periods: list[CachedPeriod]
    kinds_loaded: set[str] = field(default_factory=set)
    # Currency (see `currency.py`): entity → base currency; entity → the transaction currencies it
    # allows (absent = any); the Intacct company's currencies and rate types (empty = not cached);
    # (rate type, from, to) → [(effective date, rate)] sorted by date.
    entity_currencies: dict[str, str] = field(default_factory=dict)
    entity_allowed_currencies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    company_base_currency: str = ""
    currencies: set[str] = field(default_factory=set)
    rate_types: set[str] = field(default_factory=set)
    default_rate_type: str = ""
    rates: dict[tuple[str, str, str], list[tuple[dt.date, Decimal]]] = field(default_factory=dict)

    @property
    def uses_custom_attributes(self) -> bool:
        return any(source == DimensionSource.CUSTOM for source, _ in self.mappings)

    def entity_of_location(self, location_id: str) -> str:
        """The entity a location rolls up to (an entity is itself a location)."""
        seen: set[str] = set()
        current = location_id
        while current and current not in seen:
            seen.add(current)
            if current in self.entities:
                return current
            value = self.values.get(("LOCATION", current))
            if value is None:
                return ""
            if value.owner_entity:
                return value.owner_entity
            current = value.parent_id
        return ""

    def has_rate_table(self, rate_type: str) -> bool:
        return any(key[0] == rate_type for key in self.rates)

    def rate_on(self, rate_type: str, source: str, target: str, on: dt.date) -> Decimal | None:
        """The cached rate in force on ``on`` (the latest entry starting on or before it), or the
        reciprocal of the opposite direction's; None when the table has none."""
        direct = self._latest(self.rates.get((rate_type, source, target), []), on)
        if direct is not None:
            return direct
        inverse = self._latest(self.rates.get((rate_type, target, source), []), on)
        return (Decimal(1) / inverse).quantize(Decimal("1e-10")) if inverse else None

    @staticmethod
    def _latest(entries: list[tuple[dt.date, Decimal]], on: dt.date) -> Decimal | None:
        index = bisect.bisect_right([day for day, _ in entries], on)
        return entries[index - 1][1] if index else None

    def match(self, kind: str, code: str, name: str, mapping: ResolvedMapping) -> str | None:
        """The Intacct value id for a TRUE value, or None when nothing matches."""
        if code in mapping.overrides:
            return mapping.overrides[code]
        if mapping.match_by == DimensionMapping.MatchBy.NAME:
            return self.names.get((kind, name.strip().lower()))
        return code if (kind, code) in self.values or kind not in self.kinds_loaded else None


_cache_lock = threading.Lock()
_cache: dict[int, MappingContext] = {}


def current_revision(company_id: int) -> int:
    revision = SyncSettings.objects.filter(company_id=company_id).values_list("revision", flat=True).first()
    return int(revision or 0)


def load_context(company: Company) -> MappingContext:
    """The company's mapping context, reused while its revision is unchanged."""
    settings = settings_for(company)
    with _cache_lock:
        cached = _cache.get(company.pk)
        if cached is not None and cached.revision == settings.revision:
            cached.settings = settings
            return cached
    context = _build_context(company, settings)
    with _cache_lock:
        _cache[company.pk] = context
    return context


def forget_contexts() -> None:
    with _cache_lock:
        _cache.clear()


def _build_context(company: Company, settings: SyncSettings) -> MappingContext:
    rules = list(EntityRule.objects.filter(company=company, active=True).order_by("position", "id"))
    mappings: dict[tuple[str, str], ResolvedMapping] = {}
    rows = list(DimensionMapping.objects.filter(company=company).prefetch_related("overrides"))
    if not rows:
        for source, dimension in DEFAULT_MAPPINGS:
            mappings[(source, "")] = ResolvedMapping(dimension, DimensionMapping.MatchBy.ID, {})
    for row in rows:
        if row.active:
            mappings[(row.source, row.attribute_code)] = ResolvedMapping(
                row.dimension.upper(), row.match_by, {o.source_code: o.value_id for o in row.overrides.all()}
            )
    account_map = dict(
        AccountMapping.objects.filter(company=company).values_list("account_id", "intacct_account_no")
    )
    accounts = {
        a.account_no: CachedAccount(
            a.account_no, a.title, tuple(a.required_dimensions), a.owner_entity, a.active
        )
        for a in IntacctAccount.objects.filter(company=company)
    }
    values: dict[tuple[str, str], CachedValue] = {}
    names: dict[tuple[str, str], str] = {}
    kinds: set[str] = set()
    for v in IntacctDimensionValue.objects.filter(company=company).only(
        "kind", "value_id", "name", "owner_entity", "parent_id", "active"
    ):
        values[(v.kind, v.value_id)] = CachedValue(v.value_id, v.name, v.owner_entity, v.parent_id, v.active)
        kinds.add(v.kind)
        if v.active and v.name:
            names.setdefault((v.kind, v.name.strip().lower()), v.value_id)
    rate_types = list(IntacctExchangeRateType.objects.filter(company=company, active=True))
    rates: dict[tuple[str, str, str], list[tuple[dt.date, Decimal]]] = {}
    for kind, source, target, on, rate in IntacctExchangeRate.objects.filter(company=company).values_list(
        "rate_type", "from_currency", "to_currency", "effective_date", "rate"
    ):
        rates.setdefault((kind, source, target), []).append((on, rate))
    for entries in rates.values():
        entries.sort()
    return MappingContext(
        company_id=company.pk,
        revision=settings.revision,
        settings=settings,
        rules=rules,
        mappings=mappings,
        account_map={int(k): str(v) for k, v in account_map.items()},
        accounts=accounts,
        values=values,
        names=names,
        entities=dict(IntacctEntity.objects.filter(company=company).values_list("entity_id", "active")),
        entity_currencies=dict(
            IntacctEntity.objects.filter(company=company).values_list("entity_id", "currency")
        ),
        company_base_currency=company.base_currency,
        rate_types={t.name for t in rate_types},
        default_rate_type=next((t.name for t in rate_types if t.is_default), ""),
        rates=rates,
        currencies={c for source, target in {(k[1], k[2]) for k in rates} for c in (source, target)},
        journals=set(
            IntacctJournal.objects.filter(company=company, active=True).values_list("symbol", flat=True)
        ),
        periods=[
            CachedPeriod(p.name, p.start_date, p.end_date, p.closed)
            for p in IntacctPeriod.objects.filter(company=company).order_by("start_date")
        ],
        kinds_loaded=kinds,
    )


# --- entity rules -----------------------------------------------------------------------------


def rule_matches(rule: EntityRule, txn: Transaction) -> bool:
    """Every filled condition must hold; a rule with no condition matches everything."""
    job = txn.job
    checks: list[bool] = []
    if rule.transaction_type:
        checks.append(txn.type == rule.transaction_type)
    if rule.branch_id is not None:
        checks.append(
            txn.branch_id == rule.branch_id or (job is not None and job.branch_id == rule.branch_id)
        )
    if rule.branch_country:
        branch = txn.branch or (job.branch if job is not None else None)
        checks.append(branch is not None and branch.country == rule.branch_country)
    if rule.job_id is not None:
        checks.append(txn.job_id == rule.job_id)
    if rule.contract_id is not None:
        checks.append(
            txn.contract_id == rule.contract_id or (job is not None and job.contract_id == rule.contract_id)
        )
    if rule.department_id is not None:
        checks.append(job is not None and job.department_id == rule.department_id)
    if rule.customer_id is not None:
        checks.append(txn.customer_id == rule.customer_id)
    if rule.vendor_id is not None:
        checks.append(txn.vendor_id == rule.vendor_id)
    return all(checks)


def choose_entity(context: MappingContext, txn: Transaction) -> tuple[str, EntityRule | None]:
    for rule in context.rules:
        if rule_matches(rule, txn):
            return rule.entity_id, rule
    return context.settings.default_entity_id, None


# --- line values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceValue:
    source: str
    attribute_code: str
    code: str
    name: str
    what: str  # e.g. "job J-100 Metro design" for messages


def line_sources(txn: Transaction, line: TransactionLine, with_custom: bool = True) -> list[SourceValue]:
    """The TRUE values of one line that may feed dimensions (header values fill gaps)."""
    out: list[SourceValue] = []
    job = line.job or txn.job
    if job is not None:
        out.append(SourceValue(DimensionSource.JOB, "", job.number, job.name, f"job {job.number} {job.name}"))
    contract = txn.contract or (job.contract if job is not None else None)
    if contract is not None:
        out.append(
            SourceValue(
                DimensionSource.CONTRACT,
                "",
                contract.number,
                contract.name,
                f"contract {contract.number} {contract.name}",
            )
        )
    pairs: Iterable[tuple[str, object | None]] = (
        (DimensionSource.DEPARTMENT, line.department or (job.department if job is not None else None)),
        (DimensionSource.BRANCH, line.branch or txn.branch or (job.branch if job is not None else None)),
        (DimensionSource.CLASS, line.accounting_class),
        (DimensionSource.CUSTOMER, line.customer or txn.customer),
        (DimensionSource.VENDOR, line.vendor or txn.vendor),
        (DimensionSource.EMPLOYEE, line.employee),
    )
    for source, obj in pairs:
        if obj is not None:
            code = str(getattr(obj, "code", ""))
            name = str(getattr(obj, "name", ""))
            out.append(SourceValue(source, "", code, name, f"{SOURCE_LABELS[source]} {code} {name}"))
    if not with_custom:
        return out
    for value in line.custom_values.all():
        out.append(
            SourceValue(
                DimensionSource.CUSTOM,
                value.attribute.code,
                value.code,
                value.name,
                f"{value.attribute.name} {value.name}",
            )
        )
    return out
