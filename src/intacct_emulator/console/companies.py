"""The companies page and a company's overview (KPIs, entities, recent documents, settings, setup)."""

from __future__ import annotations

from ..context import Emulator
from ..store import Record
from ..usage import usage_report
from .components import (
    BASE,
    Col,
    badge,
    bar,
    crumbs,
    dec,
    facts,
    kpi,
    link,
    mono,
    table,
    text_cell,
    url,
)
from .layout import page
from .markup import Markup, frag, join, render
from .view import SETUP, View, list_table


def companies_page(emu: Emulator, host: str) -> str:
    store = emu.store
    all_usage = usage_report(emu)
    month = emu.clock.now().strftime("%Y-%m")
    rows = []
    for c in sorted({c for (c, o) in store.tables if o == "COMPANY"}):
        rec = store.get_by_id(c, "COMPANY", c) or {}
        ents = sorted(store.records(c, "LOCATIONENTITY"), key=lambda e: int(e.get("RECORDNO") or 0))
        rows.append(
            {
                "id": c,
                "name": rec.get("NAME") or c,
                "currency": rec.get("BASECURRENCY"),
                "entities": ", ".join(f"{e.get('LOCATIONID')} ({e.get('CURRENCY')})" for e in ents),
                "GLBATCH": len(store.records(c, "GLBATCH")),
                "APBILL": len(store.records(c, "APBILL")),
                "ARINVOICE": len(store.records(c, "ARINVOICE")),
                "used": int(all_usage.get(c, {}).get("by_month", {}).get(month, 0)),
            }
        )

    def count(obj: str) -> Col:
        heading = {"GLBATCH": "Journal entries", "APBILL": "Bills", "ARINVOICE": "Invoices"}[obj]
        return Col(heading, lambda r: link(url(r["id"], obj), f"{r[obj]:,}"), num=True)

    companies = table(
        [
            Col("Company", lambda r: frag("strong_link", href=url(r["id"]), text=r["name"])),
            Col("Company ID", lambda r: badge(r["id"], "b-blue")),
            Col("Base currency", text_cell("currency")),
            Col("Entities", text_cell("entities")),
            count("GLBATCH"),
            count("APBILL"),
            count("ARINVOICE"),
            Col(
                "API transactions this month",
                lambda r: link(url(r["id"], "usage"), f"{r['used']:,}"),
                num=True,
            ),
        ],
        rows,
        empty='No companies: seed one with POST /__emulator__/api/reset {"seed": "demo"}',
    )
    senders = sorted(
        (r for r in store.records("", "SENDER") if r.get("COMPANIES")), key=lambda r: str(r.get("SENDERID"))
    )
    endpoint = f"http://{host or '127.0.0.1:8300'}/ia/xml/xmlgw.phtml"
    connect = facts(
        [
            ("XML gateway endpoint", mono(endpoint)),
            ("Web services senders", join((mono(r.get("SENDERID")) for r in senders), ", ") or "none"),
            ("Control plane (JSON)", link(f"{BASE}/api/health", f"{BASE}/api/…")),
            ("Seed", f"{emu.seed_name or 'none'} · data {store.path}"),
        ]
    )
    return page("Companies", render("companies", companies=companies, connect=connect))


def _entity_cards(v: View) -> Markup:
    store, c = v.store, v.company
    locations = store.records(c, "LOCATION")
    lines_by_entity: dict[str, int] = {}
    for row in store.records(c, "GLENTRY"):
        owner = str(row.get("MEGAENTITYID") or "")
        lines_by_entity[owner] = lines_by_entity.get(owner, 0) + 1
    cards = []
    for e in sorted(store.records(c, "LOCATIONENTITY"), key=lambda r: int(r.get("RECORDNO") or 0)):
        eid = str(e.get("LOCATIONID"))
        locs = join(
            frag("list_item", html=v.ref("LOCATION", loc.get("LOCATIONID"), loc.get("NAME")))
            for loc in locations
            if loc.get("PARENTID") == eid
        )
        cards.append(
            render(
                "entity_card",
                id=v.record_link("LOCATIONENTITY", e, eid),
                currency=e.get("CURRENCY"),
                name=e.get("NAME"),
                lines=f"{lines_by_entity.get(eid, 0):,} GL lines",
                locations=locs or frag("muted_item", text="no locations"),
            )
        )
    return join(cards) or frag("muted_block", text="No entities")


def _settings(v: View) -> Markup:
    comp = v.comp
    iet = str(comp.get("IET_ENABLED", "true")) == "true"
    return facts(
        [
            ("Base currency", comp.get("BASECURRENCY")),
            (
                "Inter-entity transactions",
                badge("Enabled" if iet else "Disabled", "b-green" if iet else "b-grey"),
            ),
            ("Balance by entity", "Yes" if str(comp.get("BALANCE_BY_ENTITY", "true")) == "true" else "No"),
            (
                "Due from / due to",
                join(
                    [
                        v.ref("GLACCOUNT", comp.get("IET_DUE_FROM")),
                        " / ",
                        v.ref("GLACCOUNT", comp.get("IET_DUE_TO")),
                    ]
                ),
            ),
            (
                "AP / AR control",
                join(
                    [
                        v.ref("GLACCOUNT", comp.get("AP_ACCOUNT")),
                        " / ",
                        v.ref("GLACCOUNT", comp.get("AR_ACCOUNT")),
                    ]
                ),
            ),
            ("Session length", f"{comp.get('SESSION_HOURS', 8)} h, sliding"),
        ]
    )


def _open(docs: list[Record]) -> list[Record]:
    return [d for d in docs if (dec(d.get("TOTALDUE")) or 0) > 0 and d.get("STATE") != "Reversed"]


def overview_page(v: View) -> str:
    c, store = v.company, v.store
    u = usage_report(v.emu, c).get(c, {})
    month = v.emu.clock.now().strftime("%Y-%m")
    used = int(u.get("by_month", {}).get(month, 0))
    allowance = int(v.comp.get("MONTHLY_TRANSACTIONS", 100000))
    bills, invoices = store.records(c, "APBILL"), store.records(c, "ARINVOICE")
    kpis = join(
        (
            kpi("Journal entries", f"{len(store.records(c, 'GLBATCH')):,}", "", url(c, "GLBATCH")),
            kpi("Open bills", f"{len(_open(bills)):,}", f"of {len(bills):,} bills", url(c, "APBILL")),
            kpi(
                "Open invoices",
                f"{len(_open(invoices)):,}",
                f"of {len(invoices):,} invoices",
                url(c, "ARINVOICE"),
            ),
            kpi(
                "API transactions this month",
                f"{used:,}",
                join(
                    [
                        f"tier {v.comp.get('TIER', 1)} allowance {allowance:,}",
                        bar(100.0 * used / max(allowance, 1)),
                    ]
                ),
                url(c, "usage"),
            ),
        )
    )
    setup = table(
        [
            Col("Object", lambda r: link(url(c, str(r["obj"])), r["label"])),
            Col("Name", lambda r: mono(r["obj"])),
            Col("Records", lambda r: r["n"], num=True),
        ],
        [
            {"obj": o, "label": v.object_label(o), "n": len(store.records(c, o))}
            for o in (*SETUP, *v.comp.get("UDDS", {}))
        ],
    )
    body = render(
        "overview",
        crumbs=crumbs(("Companies", f"{BASE}/"), (c, "")),
        name=v.comp.get("NAME") or c,
        company=c,
        kpis=kpis,
        entities=_entity_cards(v),
        journal_entries=list_table(v, "GLBATCH", v.records("GLBATCH")[:8]),
        bills=list_table(v, "APBILL", v.records("APBILL")[:6], short=True),
        invoices=list_table(v, "ARINVOICE", v.records("ARINVOICE")[:6], short=True),
        settings=_settings(v),
        setup=setup,
    )
    return page(c, body, company=c, tab="")
