"""The ledger snapshot of a run: what Intacct's balance functions say, per entity, read once.

Per entity (``locationid`` = the entity, as Intacct requires in a multi-base-currency company) and
per month of the run's range, one ``get_accountbalancesbydimensions`` grouped by the report's
dimension (asynchronous ``readReport`` when a dimension makes the answer large), with the budget in
the same call when the report compares to it; prior-year months the same way. The chart of accounts,
the entities and a data watermark (GL line count and newest WHENMODIFIED per entity) are read too.
``get_trialbalance`` per entity is read **last**: it is the reference the snapshot must tie to
(``tieout``), so a line posted while the run was reading makes the run fail instead of publishing
numbers nobody can reconcile.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from intacct import IntacctClient
from intacct.query import and_, equal_to
from trueerp.sage_intacct.reports.services.intacct_calls import Balances, query_all, run_balances
from trueerp.sage_intacct.reports.spec import Spec

ZERO = Decimal(0)
Key = tuple[str, str]  # (account, dimension value)
# report dimension (reference-data kind) → groupby name and the by-dimensions result column
GROUPBY = {
    "DEPARTMENT": "department",
    "LOCATION": "location",
    "PROJECT": "project",
    "TASK": "task",
    "CUSTOMER": "customer",
    "VENDOR": "vendor",
    "EMPLOYEE": "employee",
    "ITEM": "item",
    "CLASS": "class",
}
FILTER_ELEMENT = {k: f"{v}id" for k, v in GROUPBY.items()}


@dataclass
class Account:
    number: str
    title: str
    kind: str  # balancesheet | incomestatement
    normal: str  # debit | credit


@dataclass
class EntityLedger:
    entity: str
    name: str
    currency: str
    opening: dict[Key, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    activity: list[dict[Key, Decimal]] = field(default_factory=list)  # one map per month
    debits: dict[Key, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    credits: dict[Key, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    budget: list[dict[Key, Decimal]] = field(default_factory=list)
    prior: list[dict[Key, Decimal]] = field(default_factory=list)
    trial_balance: dict[str, tuple[Decimal, Decimal, Decimal, Decimal]] = field(default_factory=dict)
    lines: int = 0
    last_modified: str = ""


@dataclass
class Snapshot:
    start: dt.date
    end: dt.date
    months: list[tuple[dt.date, dt.date]]
    dimension: str
    accounts: dict[str, Account]
    entities: list[EntityLedger]
    dimension_names: dict[str, str]
    as_of: dt.datetime
    calls: int = 0
    groups: dict[str, set[str]] = field(default_factory=dict)  # account group → its accounts

    def entity(self, entity_id: str) -> EntityLedger:
        return next(e for e in self.entities if e.entity == entity_id)


def months_between(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    out = []
    cursor = start
    while cursor <= end:
        nxt = (cursor.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        out.append((cursor, min(end, nxt - dt.timedelta(days=1))))
        cursor = nxt
    return out


def _shift_year(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _money(value: object) -> Decimal:
    return Decimal(str(value or "0"))


class SnapshotError(Exception):
    """Intacct cannot give what the definition asks for; the message says what to change."""


def _options(spec: Spec, entity: str, groupby: str) -> list[tuple[str, str]]:
    options = [("locationid", entity), ("reportingbook", spec.filters.book)]
    for kind, values in spec.filters.dimensions.items():
        if kind in FILTER_ELEMENT and len(values) == 1:
            options.append((FILTER_ELEMENT[kind], values[0]))
    options.append(("groupby", groupby))
    return options


def take_snapshot(
    client: IntacctClient,
    spec: Spec,
    start: dt.date,
    end: dt.date,
    *,
    progress: Callable[[str, int, int], None] | None = None,
    before_trial_balance: Callable[[], None] | None = None,
) -> Snapshot:
    calls = 0

    def note(step: str, done: int, total: int) -> None:
        if progress is not None:
            progress(step, done, total)

    accounts = {
        str(r["ACCOUNTNO"]): Account(
            str(r["ACCOUNTNO"]),
            str(r.get("TITLE") or ""),
            str(r.get("ACCOUNTTYPE") or ""),
            str(r.get("NORMALBALANCE") or "debit"),
        )
        for r in query_all(client, "GLACCOUNT", ["ACCOUNTNO", "TITLE", "ACCOUNTTYPE", "NORMALBALANCE"], None)
    }
    entity_rows = list(query_all(client, "LOCATIONENTITY", ["LOCATIONID", "NAME", "CURRENCY"], None))
    calls += 2
    groups: dict[str, set[str]] = {}
    wanted_groups = {row.group for row in spec.rows if row.group}
    if wanted_groups:
        for r in query_all(client, "GLACCTGRPHIERARCHY", ["GLACCTGRPNAME", "ACCOUNTNO"], None):
            groups.setdefault(str(r["GLACCTGRPNAME"]), set()).add(str(r["ACCOUNTNO"]))
        calls += 1
        unknown = sorted(wanted_groups - set(groups))
        if unknown:
            raise SnapshotError(
                f"Account group '{unknown[0]}' does not exist in Intacct (or has no accounts); "
                "pick one of the company's account groups or use an account range."
            )
    wanted = set(spec.filters.entities)
    missing = wanted - {str(r["LOCATIONID"]) for r in entity_rows}
    if missing:
        raise SnapshotError(
            f"Entity {', '.join(sorted(missing))} does not exist in Intacct; change the report's entity filter."
        )
    entities = [
        EntityLedger(str(r["LOCATIONID"]), str(r.get("NAME") or ""), str(r.get("CURRENCY") or ""))
        for r in sorted(entity_rows, key=lambda r: str(r["LOCATIONID"]))
        if not wanted or str(r["LOCATIONID"]) in wanted
    ]
    if not entities:
        raise SnapshotError("Intacct returned no entities; a report needs at least one entity.")
    months = months_between(start, end)
    dimension = spec.dimension
    if dimension and dimension in GROUPBY:
        groupby, column = GROUPBY[dimension], f"{GROUPBY[dimension]}id"
    elif dimension:  # a user-defined dimension
        groupby, column = dimension.lower(), f"{dimension.lower()}id"
    else:
        groupby, column = "location", ""
    udd = [
        (k.lower(), v[0])
        for k, v in spec.filters.dimensions.items()
        if k not in FILTER_ELEMENT and len(v) == 1
    ]
    budget = "budget" in spec.columns.compare
    prior = "prior_year" in spec.columns.compare
    total = len(entities) * len(months) * (2 if prior else 1) + len(entities)
    done = 0
    names: dict[str, str] = {}
    for ledger in entities:
        options = _options(spec, ledger.entity, groupby)
        if budget:
            options += [("contentselection", "Actual and Budget"), ("budgetid", spec.budget_id)]
        for index, (m_start, m_end) in enumerate(months):
            note(f"Reading {ledger.entity} {m_start:%b %Y}", done, total)
            rows = run_balances(
                client,
                Balances(
                    "get_accountbalancesbydimensions", m_start, m_end, options=options, user_defined=udd
                ),
                asynchronous=bool(dimension),
            )
            calls += 1
            done += 1
            act: dict[Key, Decimal] = defaultdict(Decimal)
            bud: dict[Key, Decimal] = defaultdict(Decimal)
            for r in rows:
                value = str(r.get(column) or "") if column else ""
                if column and r.get(f"{groupby}name"):
                    names[value] = str(r[f"{groupby}name"])
                key = (str(r["glaccountno"]), value)
                if index == 0:
                    ledger.opening[key] += _money(r.get("startbalance"))
                act[key] += _money(r.get("periodbalance"))
                ledger.debits[key] += _money(r.get("debits")) + _money(r.get("adjdebits"))
                ledger.credits[key] += _money(r.get("credits")) + _money(r.get("adjcredits"))
                if budget:
                    bud[key] += _money(r.get("budgetbalance"))
            ledger.activity.append(act)
            ledger.budget.append(bud)
        if prior:
            prior_options = _options(spec, ledger.entity, groupby)
            for m_start, m_end in months:
                note(f"Reading {ledger.entity} prior year {m_start:%b}", done, total)
                rows = run_balances(
                    client,
                    Balances(
                        "get_accountbalancesbydimensions",
                        _shift_year(m_start, -1),
                        _shift_year(m_end, -1),
                        options=prior_options,
                        user_defined=udd,
                    ),
                    asynchronous=bool(dimension),
                )
                calls += 1
                done += 1
                month: dict[Key, Decimal] = defaultdict(Decimal)
                for r in rows:
                    value = str(r.get(column) or "") if column else ""
                    month[(str(r["glaccountno"]), value)] += _money(r.get("periodbalance"))
                ledger.prior.append(month)
        marks = list(
            query_all(
                client,
                "GLENTRY",
                [("count", "RECORDNO"), ("max", "WHENMODIFIED")],
                and_(equal_to("MEGAENTITYID", ledger.entity), equal_to("STATE", "Posted")),
            )
        )
        calls += 1
        if marks:
            ledger.lines = int(marks[0].get("COUNT.RECORDNO") or 0)
            ledger.last_modified = str(marks[0].get("MAX.WHENMODIFIED") or "")
    as_of = timezone.now()
    if before_trial_balance is not None:
        before_trial_balance()
    for ledger in entities:
        note(f"Trial balance {ledger.entity}", done, total)
        tb_options = [o for o in _options(spec, ledger.entity, "") if o[0] != "groupby"]
        tb = client.execute(
            Balances("get_trialbalance", start, end, options=tb_options, user_defined=udd)
        ).data
        calls += 1
        done += 1
        ledger.trial_balance = {
            str(r["glaccountno"]): (
                _money(r.get("startbalance")),
                _money(r.get("debits")),
                _money(r.get("credits")),
                _money(r.get("endbalance")),
            )
            for r in tb
        }
    note("Snapshot complete", total, total)
    return Snapshot(start, end, months, dimension, accounts, entities, names, as_of, calls, groups)
