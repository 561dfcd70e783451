"""Legacy balance reports: get_trialbalance and get_accountbalancesbydimensions.

They sum the posted GLENTRY rows in base currency (AMOUNT), split into opening balance,
debits and credits (adjusting journals apart) for a reporting period or a date range.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lxml import etree

from .. import errors
from ..context import Ctx, parse_date
from ..registry import function
from ..serializer import Payload
from ..xmlio import to_value
from .ledger import LEGACY_DIMS as _DIM_KEYS
from .ledger import ZERO, legacy_date


def _range(ctx: Ctx, el: etree._Element) -> tuple[dt.date, dt.date]:
    period = (el.findtext("reportingperiodname") or "").strip()
    if period:
        p = ctx.store.get_by_id(ctx.company, "REPORTINGPERIOD", period)
        if p is None:
            raise errors.invalid_reference("Reporting period", period)
        return parse_date(str(p["START_DATE"])) or dt.date.min, parse_date(str(p["END_DATE"])) or dt.date.max
    data = to_value(el)
    data = data if isinstance(data, dict) else {}
    start = parse_date(legacy_date(data.get("startdate"))) or dt.date(1900, 1, 1)
    end = parse_date(legacy_date(data.get("enddate"))) or dt.date(2999, 12, 31)
    return start, end


def _balances(ctx: Ctx, el: etree._Element, by_dims: bool) -> list[dict[str, Any]]:
    start, end = _range(ctx, el)
    account = (el.findtext("glaccountno") or "").strip()
    filters = {f: (el.findtext(k) or "").strip() for k, f in _DIM_KEYS if (el.findtext(k) or "").strip()}
    show_zero = (el.findtext("showzerobalances") or "").strip().lower() == "true"
    adj_journals = {
        str(j["SYMBOL"]) for j in ctx.store.records(ctx.company, "GLJOURNAL") if j.get("ADJUSTING") == "true"
    }
    acc: dict[tuple[str, ...], dict[str, Decimal]] = {}
    for r in ctx.store.records(ctx.company, "GLENTRY"):
        if r.get("STATE") != "Posted" or r.get("STATISTICAL") == "true" or not ctx.visible(r, True):
            continue
        if account and r.get("ACCOUNTNO") != account:
            continue
        if any(
            str(r.get(f) or "") != v and not (f == "LOCATION" and r.get("MEGAENTITYID") == v)
            for f, v in filters.items()
        ):
            continue
        d = parse_date(str(r.get("ENTRY_DATE", "")))
        if d is None or d > end:
            continue
        key = (str(r["ACCOUNTNO"]),) + (tuple(str(r.get(f) or "") for _, f in _DIM_KEYS) if by_dims else ())
        b = acc.setdefault(
            key, {"start": ZERO, "debits": ZERO, "credits": ZERO, "adjdebits": ZERO, "adjcredits": ZERO}
        )
        amt = Decimal(str(r.get("AMOUNT") or "0"))
        signed = amt if r.get("TR_TYPE") == "1" else -amt
        if d < start:
            b["start"] += signed
        else:
            adj = "adj" if r.get("JOURNAL") in adj_journals else ""
            b[f"{adj}{'debits' if signed >= 0 else 'credits'}"] += amt
    if show_zero:
        for a in ctx.store.records(ctx.company, "GLACCOUNT"):
            if (not account or a["ACCOUNTNO"] == account) and not by_dims:
                acc.setdefault(
                    (str(a["ACCOUNTNO"]),),
                    {"start": ZERO, "debits": ZERO, "credits": ZERO, "adjdebits": ZERO, "adjcredits": ZERO},
                )
    out: list[dict[str, Any]] = []
    for key in sorted(acc):
        b = acc[key]
        endbal = b["start"] + b["debits"] - b["credits"] + b["adjdebits"] - b["adjcredits"]
        row: dict[str, Any] = {
            "glaccountno": key[0],
            "startbalance": str(b["start"]),
            "debits": str(b["debits"]),
            "credits": str(b["credits"]),
            "adjdebits": str(b["adjdebits"]),
            "adjcredits": str(b["adjcredits"]),
            "endbalance": str(endbal),
            "reportingbook": "ACCRUAL",
            "currency": str(ctx.company_rec.get("BASECURRENCY", "USD")),
        }
        if by_dims:
            for (k, _), v in zip(_DIM_KEYS, key[1:], strict=True):
                row[k] = v
        out.append(row)
    return out


@function("get_trialbalance", "READ")
def get_trialbalance(ctx: Ctx, el: etree._Element) -> Payload:
    rows = _balances(ctx, el, False)
    items = [
        (
            "trialbalance",
            {
                k: r[k]
                for k in (
                    "glaccountno",
                    "startbalance",
                    "debits",
                    "credits",
                    "endbalance",
                    "reportingbook",
                    "currency",
                )
            },
        )
        for r in rows
    ]
    return Payload(attrs=[("listtype", "trialbalance"), ("count", str(len(items)))], items=items)


@function("get_accountbalancesbydimensions", "READ")
def get_accountbalancesbydimensions(ctx: Ctx, el: etree._Element) -> Payload:
    rows = _balances(ctx, el, True)
    items = [("accountbalance", r) for r in rows]
    return Payload(attrs=[("listtype", "accountbalance"), ("count", str(len(items)))], items=items)
