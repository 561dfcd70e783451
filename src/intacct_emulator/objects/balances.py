"""Ledger balances as Intacct's reporting functions compute them from the posted GL lines.

``get_trialbalance`` and ``get_accountbalancesbydimensions`` (and the asynchronous form of the
latter, see ``report_jobs``) share one argument parser and one pass over the GL lines, so every
figure they return is the sum of lines a ``query`` on GLENTRY would list. What the real functions
do and the emulator follows (developer.intacct.com, general-ledger/trial-balances and
account-balances):

* a reporting period name or a start and end date; lines before the start date make the start
  balance, lines up to the end date the period activity;
* one account filter: ``glaccountno``, ``accountgroupname`` (GLACCTGRP, see ``account_groups``) or
  ``startaccountno`` + ``endaccountno``;
* dimension filters (``locationid``, ``departmentid``, ``projectid`` … with their ``*_subs``, which
  include child values; a location filter that names an entity selects that entity's lines) and
  user-defined dimensions (``userDefinedDimensions/userDefinedDimension``);
* ``reportingbook`` (``ACCRUAL`` only: the emulator keeps no cash book) and ``adjbooks`` (``GAAP``
  = the adjusting journals) with ``includereportingbook``;
* in a company whose entities have different base currencies, a top-level request without
  ``locationid`` is refused when the lines it would add up are in more than one currency — Intacct
  requires LOCATIONID there, because such a sum means nothing;
* ``groupby`` (standard and user-defined dimension names) and ``contentselection`` (``Actual``,
  ``Budget``, ``Actual and Budget``) with ``budgetid`` and ``budgetcomparison``.

Amounts are signed debit-positive (a revenue account's period balance is negative), budgets too:
a budget item on a credit-normal account counts as a credit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lxml import etree

from .. import errors
from ..context import Ctx, fmt_date, parse_date
from ..store import Record
from ..xmlio import as_list, to_value
from .account_groups import accounts_of_group

ZERO = Decimal(0)

# dimension name (groupby / output prefix) → (legacy filter element, GL line field, object, name field)
DIMENSIONS: dict[str, tuple[str, str, str, str]] = {
    "location": ("locationid", "LOCATION", "LOCATION", "NAME"),
    "department": ("departmentid", "DEPARTMENT", "DEPARTMENT", "TITLE"),
    "project": ("projectid", "PROJECTID", "PROJECT", "NAME"),
    "task": ("taskid", "TASKID", "TASK", "NAME"),
    "costtype": ("costtypeid", "COSTTYPEID", "COSTTYPE", "NAME"),
    "customer": ("customerid", "CUSTOMERID", "CUSTOMER", "NAME"),
    "vendor": ("vendorid", "VENDORID", "VENDOR", "NAME"),
    "employee": ("employeeid", "EMPLOYEEID", "EMPLOYEE", "TITLE"),
    "item": ("itemid", "ITEMID", "ITEM", "NAME"),
    "class": ("classid", "CLASSID", "CLASS", "NAME"),
}
# get_accountbalancesbydimensions without groupby: every legacy dimension, in this order
DEFAULT_GROUPBY = ("department", "location", "project", "customer", "vendor", "employee", "item", "class")
# a budget item names location and department in its own fields
_BUDGET_FIELD = {"LOCATION": "LOCATION_NO", "DEPARTMENT": "DEPT_NO"}
REPORTING_BOOKS = ("ACCRUAL",)
ADJUSTMENT_BOOKS = ("GAAP",)
CONTENT = ("Actual", "Budget", "Actual and Budget")


@dataclass
class BalanceArgs:
    start: dt.date
    end: dt.date
    accounts: set[str] | None  # None = every account
    filters: dict[str, set[str]] = field(default_factory=dict)  # line field → accepted values
    entity_filter: str = ""  # a location filter naming an entity
    book_regular: bool = True
    book_adjusting: bool = True
    groupby: tuple[str, ...] = ()
    group_fields: tuple[str, ...] = ()
    content: str = "Actual"
    budget_id: str = ""
    budget_minus_actual: bool = True
    show_zero: bool = False


_DATES: dict[str, dt.date | None] = {}


def line_date(text: str) -> dt.date | None:
    """GL line dates are MM/DD/YYYY; memoised because a ledger has few distinct dates."""
    d = _DATES.get(text, dt.date.min)
    if d is dt.date.min:
        d = _DATES[text] = parse_date(text) if text else None
    return d


def _legacy_date(value: Any) -> dt.date | None:
    if isinstance(value, dict):
        try:
            return dt.date(int(value["year"]), int(value["month"]), int(value["day"]))
        except (KeyError, ValueError, TypeError):
            raise errors.data_error("startdate and enddate need year, month and day") from None
    return parse_date(str(value)) if value else None


def _range(ctx: Ctx, data: dict[str, Any]) -> tuple[dt.date, dt.date]:
    period = str(data.get("reportingperiodname") or "").strip()
    if period:
        p = ctx.store.get_by_id(ctx.company, "REPORTINGPERIOD", period)
        if p is None:
            raise errors.invalid_reference("Reporting period", period)
        return parse_date(str(p["START_DATE"])) or dt.date.min, parse_date(str(p["END_DATE"])) or dt.date.max
    start, end = _legacy_date(data.get("startdate")), _legacy_date(data.get("enddate"))
    if start is None and end is None:
        raise errors.data_error("Give reportingperiodname, or startdate and enddate")
    start, end = start or dt.date(1900, 1, 1), end or dt.date(2999, 12, 31)
    if start > end:
        raise errors.data_error(f"startdate {fmt_date(start)} is after enddate {fmt_date(end)}")
    return start, end


def _accounts(ctx: Ctx, data: dict[str, Any]) -> set[str] | None:
    single = str(data.get("glaccountno") or "").strip()
    group = str(data.get("accountgroupname") or "").strip()
    low, high = str(data.get("startaccountno") or "").strip(), str(data.get("endaccountno") or "").strip()
    if sum(bool(x) for x in (single, group, low or high)) > 1:
        raise errors.data_error(
            "Give only one of glaccountno, accountgroupname or startaccountno/endaccountno"
        )
    if (low or high) and not (low and high):
        raise errors.data_error("startaccountno and endaccountno go together")
    if single:
        if ctx.store.get_by_id(ctx.company, "GLACCOUNT", single) is None:
            raise errors.invalid_account(single)
        return {single}
    if group:
        return accounts_of_group(ctx, group)
    if low:
        return {
            str(a["ACCOUNTNO"])
            for a in ctx.store.records(ctx.company, "GLACCOUNT")
            if low <= str(a["ACCOUNTNO"]) <= high
        }
    return None


def _children(ctx: Ctx, obj: str, id_field: str, root: str) -> set[str]:
    """The value and every value below it through PARENTID (the ``*_subs`` option)."""
    kids: dict[str, list[str]] = {}
    for r in ctx.store.records(ctx.company, obj):
        kids.setdefault(str(r.get("PARENTID") or ""), []).append(str(r.get(id_field) or ""))
    out, todo = {root}, [root]
    while todo:
        for child in kids.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def _udd_field(ctx: Ctx, name: str) -> str:
    udds = {k.upper() for k in ctx.company_rec.get("UDDS", {})}
    if name.upper() not in udds:
        raise errors.data_error(f"'{name}' is not a dimension of this company")
    return f"GLDIM{name.upper()}"


def _flag(data: dict[str, Any], name: str, default: bool) -> bool:
    value = str(data.get(name) or "").strip().lower()
    return default if not value else value == "true"


def parse_args(ctx: Ctx, el: etree._Element, *, by_dimensions: bool) -> BalanceArgs:
    raw = to_value(el)
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    start, end = _range(ctx, data)
    args = BalanceArgs(start=start, end=end, accounts=_accounts(ctx, data))
    for name, (element, line_field, obj, _name) in DIMENSIONS.items():
        value = str(data.get(element) or "").strip()
        if not value:
            continue
        subs = _flag(
            data, f"{'dept' if name == 'department' else 'loc' if name == 'location' else element}_subs", True
        )
        if name == "location" and ctx.store.get_by_id(ctx.company, "LOCATIONENTITY", value) is not None:
            args.entity_filter = value
            continue
        if ctx.store.get_by_id(ctx.company, obj, value) is None:
            raise errors.invalid_reference(obj.title(), value)
        id_field = f"{obj}ID" if obj != "COSTTYPE" else "COSTTYPEID"
        args.filters[line_field] = _children(ctx, obj, id_field, value) if subs else {value}
    udd = data.get("userDefinedDimensions")
    for item in as_list(udd.get("userDefinedDimension") if isinstance(udd, dict) else None):
        if not isinstance(item, dict):
            continue
        fname = _udd_field(ctx, str(item.get("objectName") or ""))
        value = str(item.get("recordId") or item.get("recordName") or "").strip()
        if value:
            args.filters[fname] = {value}
    book = str(data.get("reportingbook") or "ACCRUAL").strip().upper()
    if book not in REPORTING_BOOKS:
        raise errors.data_error(
            f"Reporting book {book} is not enabled in this company; use one of {', '.join(REPORTING_BOOKS)}"
        )
    adj = data.get("adjbooks")
    adjbooks = [
        str(b).strip().upper() for b in as_list(adj.get("adjbook") if isinstance(adj, dict) else None)
    ]
    for b in adjbooks:
        if b not in ADJUSTMENT_BOOKS:
            raise errors.data_error(f"Adjustment book {b} is not enabled in this company")
    if adjbooks:
        args.book_regular = _flag(data, "includereportingbook", by_dimensions is False)
    args.show_zero = _flag(data, "showzerobalances", False)
    groupby = [g.strip().lower() for g in str(data.get("groupby") or "").split(",") if g.strip()]
    if not by_dimensions:
        groupby = [
            d
            for d, opt in (("department", "showdeptdetail"), ("location", "showlocdetail"))
            if _flag(data, opt, False)
        ]
    elif not groupby:
        groupby = list(DEFAULT_GROUPBY)
    fields: list[str] = []
    for g in groupby:
        fields.append(DIMENSIONS[g][1] if g in DIMENSIONS else _udd_field(ctx, g))
    args.groupby, args.group_fields = tuple(groupby), tuple(fields)
    if by_dimensions:
        args.content = str(data.get("contentselection") or "Actual").strip()
        if args.content not in CONTENT:
            raise errors.data_error(
                f"contentselection must be one of {', '.join(CONTENT)}, not {args.content}"
            )
        args.budget_id = str(data.get("budgetid") or "").strip()
        comparison = str(data.get("budgetcomparison") or "Budget minus Actual").strip()
        if comparison not in ("Budget minus Actual", "Actual minus Budget"):
            raise errors.data_error("budgetcomparison must be 'Budget minus Actual' or 'Actual minus Budget'")
        args.budget_minus_actual = comparison == "Budget minus Actual"
    return args


def _entity_currency(ctx: Ctx) -> Callable[[str], str]:
    base = str(ctx.company_rec.get("BASECURRENCY", "USD"))
    table = {
        str(e["LOCATIONID"]): str(e.get("CURRENCY") or base)
        for e in ctx.store.records(ctx.company, "LOCATIONENTITY")
    }
    return lambda entity: table.get(entity, base)


def _line_filter(ctx: Ctx, args: BalanceArgs) -> Callable[[Record], bool]:
    adjusting = {
        str(j["SYMBOL"])
        for j in ctx.store.records(ctx.company, "GLJOURNAL")
        if str(j.get("ADJUSTING")) == "true"
    }
    filters = list(args.filters.items())
    accounts, entity_filter, end = args.accounts, args.entity_filter, args.end
    regular, adj = args.book_regular, args.book_adjusting
    session_entity = ctx.entity

    def accept(r: Record) -> bool:
        # statistical lines count things (headcount), not money: never part of a financial balance
        if r.get("STATE") != "Posted" or r.get("STATISTICAL") == "true":
            return False
        owner = r.get("MEGAENTITYID") or ""
        if session_entity and owner and owner != session_entity:
            return False
        if accounts is not None and r.get("ACCOUNTNO") not in accounts:
            return False
        if entity_filter and owner != entity_filter:
            return False
        for f, values in filters:
            if str(r.get(f) or "") not in values:
                return False
        is_adj = r.get("JOURNAL") in adjusting
        if (is_adj and not adj) or (not is_adj and not regular):
            return False
        d = line_date(str(r.get("ENTRY_DATE") or ""))
        return d is not None and d <= end

    return accept


def _one_currency(ctx: Ctx, args: BalanceArgs, entities: Iterable[str]) -> str:
    currency_of = _entity_currency(ctx)
    currencies = {currency_of(e) for e in entities}
    if len(currencies) > 1 and not ctx.entity and not args.entity_filter:
        raise errors.FunctionFailure(
            errors.ErrorDetail(
                "BL03000018",
                description2=(
                    "Location ID is required in a multi-base currency company: the lines asked for are in "
                    f"{', '.join(sorted(currencies))}."
                ),
                correction="Give locationid (an entity) or run the function in an entity session.",
            )
        )
    if currencies:
        return currencies.pop()
    return currency_of(ctx.entity or args.entity_filter)


@dataclass
class Bucket:
    start: Decimal = ZERO
    debits: Decimal = ZERO
    credits: Decimal = ZERO
    adjdebits: Decimal = ZERO
    adjcredits: Decimal = ZERO
    budget: Decimal = ZERO

    @property
    def period(self) -> Decimal:
        return self.debits - self.credits + self.adjdebits - self.adjcredits

    @property
    def end(self) -> Decimal:
        return self.start + self.period


def balances(
    ctx: Ctx, args: BalanceArgs, *, split_adjustments: bool
) -> tuple[dict[tuple[str, ...], Bucket], str]:
    """One pass over the GL lines; keys are (account, *group values)."""
    accept = _line_filter(ctx, args)
    adjusting = {
        str(j["SYMBOL"])
        for j in ctx.store.records(ctx.company, "GLJOURNAL")
        if str(j.get("ADJUSTING")) == "true"
    }
    out: dict[tuple[str, ...], Bucket] = {}
    entities: set[str] = set()
    start, gfields = args.start, args.group_fields
    if args.content != "Budget":
        for r in ctx.store.records(ctx.company, "GLENTRY"):
            if not accept(r):
                continue
            entities.add(str(r.get("MEGAENTITYID") or ""))
            key = (str(r["ACCOUNTNO"]), *(str(r.get(f) or "") for f in gfields))
            b = out.get(key)
            if b is None:
                b = out[key] = Bucket()
            amount = Decimal(str(r.get("AMOUNT") or "0"))
            debit = r.get("TR_TYPE") == "1"
            if line_date(str(r["ENTRY_DATE"])) < start:  # type: ignore[operator]
                b.start += amount if debit else -amount
            elif split_adjustments and r.get("JOURNAL") in adjusting:
                if debit:
                    b.adjdebits += amount
                else:
                    b.adjcredits += amount
            elif debit:
                b.debits += amount
            else:
                b.credits += amount
    if args.content != "Actual":
        entities |= _add_budget(ctx, args, out)
    if args.show_zero and not gfields:
        for a in ctx.store.records(ctx.company, "GLACCOUNT"):
            if args.accounts is None or a["ACCOUNTNO"] in args.accounts:
                out.setdefault((str(a["ACCOUNTNO"]),), Bucket())
    return out, _one_currency(ctx, args, entities)


def _budget_header(ctx: Ctx, budget_id: str) -> Record:
    headers = ctx.store.records(ctx.company, "GLBUDGETHEADER")
    if budget_id:
        found = next((h for h in headers if h.get("BUDGETID") == budget_id), None)
        if found is None:
            raise errors.invalid_reference("Budget", budget_id)
        return found
    found = next((h for h in headers if str(h.get("DEFAULT_BUDGET")).lower() == "true"), None)
    if found is None:
        raise errors.data_error("No budgetid was given and the company has no default budget")
    return found


def _add_budget(ctx: Ctx, args: BalanceArgs, out: dict[tuple[str, ...], Bucket]) -> set[str]:
    header = _budget_header(ctx, args.budget_id)
    periods = {str(p["NAME"]): p for p in ctx.store.records(ctx.company, "REPORTINGPERIOD")}
    credit_normal = {
        str(a["ACCOUNTNO"])
        for a in ctx.store.records(ctx.company, "GLACCOUNT")
        if a.get("NORMALBALANCE") == "credit"
    }
    entities: set[str] = set()
    for item in header.get("GLBUDGETITEMS", {}).get("GLBUDGETITEM", []):
        p = periods.get(str(item.get("PERIODNAME") or ""))
        if p is None:
            continue
        p_start, p_end = parse_date(str(p["START_DATE"])), parse_date(str(p["END_DATE"]))
        if p_start is None or p_end is None or p_start < args.start or p_end > args.end:
            continue
        account = str(item.get("ACCT_NO") or "")
        if args.accounts is not None and account not in args.accounts:
            continue
        loc = str(item.get("LOCATION_NO") or "")
        entity = ctx.entity_of_location(loc) if loc else ""
        if (args.entity_filter and entity != args.entity_filter) or (
            ctx.entity and entity and entity != ctx.entity
        ):
            continue
        values = {
            f: str(item.get(_BUDGET_FIELD.get(f, f)) or "") for f in (*args.filters, *args.group_fields)
        }
        if any(values[f] not in accepted for f, accepted in args.filters.items()):
            continue
        entities.add(entity)
        key = (account, *(values[f] for f in args.group_fields))
        amount = Decimal(str(item.get("AMOUNT") or "0"))
        out.setdefault(key, Bucket()).budget += -amount if account in credit_normal else amount
    return entities


def dimension_names(ctx: Ctx, args: BalanceArgs) -> Callable[[str, str], str]:
    """Name of a dimension value for the ``<dim>name`` output fields (memoised per call)."""
    memo: dict[tuple[str, str], str] = {}

    def name(dim: str, value: str) -> str:
        if not value:
            return ""
        key = (dim, value)
        if key not in memo:
            if dim in DIMENSIONS:
                _e, _f, obj, name_field = DIMENSIONS[dim]
                rec = ctx.store.get_by_id(ctx.company, obj, value)
                memo[key] = str(rec.get(name_field, "")) if rec else ""
            else:
                rec = ctx.store.get_by_id(ctx.company, dim.upper(), value)
                memo[key] = str(rec.get("name", "")) if rec else ""
        return memo[key]

    return name
