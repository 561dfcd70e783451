"""The currencies page: base currencies, enabled transaction currencies, rate types and rates."""

from __future__ import annotations

from typing import Any

from ..context import parse_date
from ..currency import CURRENCIES, rate_entries
from ..store import Record
from .components import BASE, Col, badge, crumbs, facts, mono, table, url
from .layout import page
from .markup import join, render
from .view import View


def _latest(rec: Record, today: Any) -> Record:
    picked: Record = {}
    for e in rate_entries(rec):
        start = parse_date(str(e.get("EFFECTIVE_START_DATE") or ""))
        if start is not None and start <= today:
            picked = e
    return picked


def currencies_page(v: View) -> str:
    c, comp = v.company, v.comp
    today = v.emu.clock.now().date()
    strict = str(comp.get("REQUIRE_ENTITY_AT_TOP_LEVEL", "false")) == "true"
    settings = facts(
        [
            ("Top level base currency", mono(comp.get("BASECURRENCY"))),
            (
                "Transaction currencies",
                join((badge(code, "b-purple") for code in comp.get("CURRENCIES") or []), " "),
            ),
            ("Default rate type", comp.get("DEFAULT_RATE_TYPE") or "Intacct Daily Rate"),
            ("Realized exchange gain/loss", v.ref("GLACCOUNT", comp.get("FX_GAINLOSS_ACCOUNT"))),
            (
                "Top-level postings",
                "every line needs an entity"
                if strict
                else "base currency only; foreign currency needs an entity",
            ),
        ]
    )
    entities = table(
        [
            Col("Entity", lambda r: v.record_link("LOCATIONENTITY", r, r.get("LOCATIONID"))),
            Col("Name", lambda r: r.get("NAME")),
            Col("Base currency", lambda r: badge(r.get("CURRENCY"), "b-purple")),
            Col("Currency name", lambda r: CURRENCIES.get(str(r.get("CURRENCY")), "")),
        ],
        sorted(v.store.records(c, "LOCATIONENTITY"), key=lambda r: int(r.get("RECORDNO") or 0)),
    )
    types = table(
        [
            Col("ID", lambda r: mono(r.get("ID"))),
            Col("Name", lambda r: r.get("NAME")),
            Col("Default", lambda r: badge("Default", "b-green") if r.get("ISDEFAULT") == "true" else ""),
        ],
        sorted(v.store.records(c, "EXCHANGERATETYPES"), key=lambda r: int(r.get("RECORDNO") or 0)),
    )
    rows = []
    for rec in sorted(v.store.records(c, "EXCHANGERATE"), key=lambda r: int(r.get("RECORDNO") or 0)):
        rows.append({"rec": rec, "latest": _latest(rec, today), "n": len(rate_entries(rec))})
    rates = table(
        [
            Col("Rate", lambda r: v.record_link("EXCHANGERATE", r["rec"])),
            Col("Type", lambda r: r["rec"].get("TYPENAME")),
            Col("From", lambda r: mono(r["rec"].get("FROM_CURRENCY"))),
            Col("To", lambda r: mono(r["rec"].get("TO_CURRENCY"))),
            Col("Effective since", lambda r: r["latest"].get("EFFECTIVE_START_DATE", "")),
            Col("Rate", lambda r: r["latest"].get("EXCHANGE_RATE", ""), num=True),
            Col("Reciprocal", lambda r: r["latest"].get("RECIPROCAL_RATE", ""), num=True),
            Col("Entries", lambda r: r["n"], num=True),
        ],
        rows,
        empty="No exchange rates: POST /__emulator__/api/companies/<COMPANY>/exchange-rates",
    )
    body = render(
        "currencies",
        crumbs=crumbs(("Companies", f"{BASE}/"), (c, url(c)), ("Currencies", "")),
        settings=settings,
        entities=entities,
        types=types,
        today=today.strftime("%m/%d/%Y"),
        rates=rates,
    )
    return page(f"Currencies · {c}", body, company=c, tab="currencies")
