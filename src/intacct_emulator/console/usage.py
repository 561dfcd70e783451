"""API usage pages: this month against the tier allowance, by day, by function, in-flight limit."""

from __future__ import annotations

from ..context import Emulator
from ..usage import usage_report
from .components import BASE, Col, bar, crumbs, kpi, link, mono, strong, table, url
from .layout import page
from .markup import Markup, frag, join, render


def usage_page(emu: Emulator, only: str | None = None) -> str:
    data = usage_report(emu, only)
    month = emu.clock.now().strftime("%Y-%m")
    sections = []
    for c, u in sorted(data.items()):
        used = int(u["by_month"].get(month, 0))
        allowance = int(u["monthly_allowance"])
        rec = emu.store.get_by_id(c, "COMPANY", c) or {}
        limit = int(rec.get("CONCURRENCY_LIMIT", 0) or 0) or emu.concurrency_limit
        share = 100.0 * used / max(allowance, 1)
        over = join([" · ", strong("over allowance")]) if u["over_allowance"] else ""
        kpis = join(
            (
                kpi(
                    "This month", f"{used:,}", join([f"{month} · {share:.2f}% of {allowance:,}", bar(share)])
                ),
                kpi("All time", f"{int(u['total']):,}", "API transactions"),
                kpi("Performance tier", u["tier"], join(["overage is billed, not blocked", over])),
                kpi("Concurrency limit", f"{limit}", f"{emu.inflight.get(c, 0)} request(s) in flight now"),
            )
        )
        by_fn = [{"k": k, "n": n} for k, n in sorted(u["by_function"].items(), key=lambda kv: -kv[1])]
        by_day = [{"k": k, "n": n} for k, n in sorted(u["by_day"].items(), reverse=True)[:31]]
        peak = max((r["n"] for r in by_day), default=1) or 1
        for r in by_day:
            r["w"] = 100.0 * r["n"] / peak
        day_table = table(
            [
                Col("Day", lambda r: r["k"]),
                Col("", lambda r: frag("day_bar", pct=f"{r['w']:.1f}")),
                Col("Transactions", lambda r: f"{r['n']:,}", num=True),
            ],
            by_day,
        )
        fn_table = table(
            [Col("Function", lambda r: mono(r["k"])), Col("Transactions", lambda r: f"{r['n']:,}", num=True)],
            by_fn,
        )
        sections.append(
            render(
                "usage_section",
                company=link(url(c), c),
                name=rec.get("NAME"),
                kpis=kpis,
                by_day=day_table,
                by_function=fn_table,
            )
        )
    if not sections:
        sections.append(frag("note_card", html="No API calls yet."))
    if only:
        trail = crumbs(("Companies", f"{BASE}/"), (only, url(only)), ("API usage", ""))
        body = render("usage", crumbs=trail, sections=join(sections))
        return page(f"API usage · {only}", body, company=only, tab="usage")
    return page("API usage", render("usage", crumbs=Markup(), sections=join(sections)), section="usage")
