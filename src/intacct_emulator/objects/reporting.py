"""The legacy reporting functions: ``get_trialbalance`` and ``get_accountbalancesbydimensions``.

Arguments and arithmetic live in ``balances``; this module shapes the rows the way Intacct
returns them (``trialbalance`` and ``accountbalance`` elements, lower-case field names), so the
asynchronous ``readReport`` form (``report_jobs``) pages exactly the rows the synchronous call
would have returned.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..context import Ctx
from ..registry import function
from ..serializer import Payload
from .balances import DIMENSIONS, balances, dimension_names, parse_args


def trial_balance_rows(ctx: Ctx, el: etree._Element) -> list[dict[str, Any]]:
    args = parse_args(ctx, el, by_dimensions=False)
    found, currency = balances(ctx, args, split_adjustments=False)
    out: list[dict[str, Any]] = []
    for key in sorted(found):
        b = found[key]
        row: dict[str, Any] = {
            "glaccountno": key[0],
            "startbalance": str(b.start),
            "debits": str(b.debits),
            "credits": str(b.credits),
            "endbalance": str(b.end),
            "reportingbook": "ACCRUAL",
            "currency": currency,
        }
        for dim, value in zip(args.groupby, key[1:], strict=True):
            row[f"{dim}id"] = value
        out.append(row)
    return out


def balances_by_dimensions_rows(ctx: Ctx, el: etree._Element) -> list[dict[str, Any]]:
    args = parse_args(ctx, el, by_dimensions=True)
    found, currency = balances(ctx, args, split_adjustments=True)
    name_of = dimension_names(ctx, args)
    actual, budget = args.content != "Budget", args.content != "Actual"
    out: list[dict[str, Any]] = []
    for key in sorted(found):
        b = found[key]
        row: dict[str, Any] = {"glaccountno": key[0]}
        if actual:
            row.update(
                {
                    "startbalance": str(b.start),
                    "debits": str(b.debits),
                    "credits": str(b.credits),
                    "adjdebits": str(b.adjdebits),
                    "adjcredits": str(b.adjcredits),
                    "periodbalance": str(b.period),
                    "endbalance": str(b.end),
                }
            )
        if budget:
            row["budgetbalance"] = str(b.budget)
        if actual and budget:
            row["difference"] = str(b.budget - b.period if args.budget_minus_actual else b.period - b.budget)
        row["reportingbook"] = "ACCRUAL"
        row["currency"] = currency
        for dim, value in zip(args.groupby, key[1:], strict=True):
            row[f"{dim}id"] = value
            if dim in DIMENSIONS or value:
                row[f"{dim}name"] = name_of(dim, value)
        out.append(row)
    return out


@function("get_trialbalance", "READ")
def get_trialbalance(ctx: Ctx, el: etree._Element) -> Payload:
    items = [("trialbalance", r) for r in trial_balance_rows(ctx, el)]
    return Payload(attrs=[("listtype", "trialbalance"), ("count", str(len(items)))], items=items)


@function("get_accountbalancesbydimensions", "READ")
def get_accountbalancesbydimensions(ctx: Ctx, el: etree._Element) -> Payload:
    items = [("accountbalance", r) for r in balances_by_dimensions_rows(ctx, el)]
    return Payload(attrs=[("listtype", "accountbalance"), ("count", str(len(items)))], items=items)
