"""Helpers for the report tests: run a template, and read Intacct's trial balance independently."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import httpx
from lxml import etree

from intacct_emulator.testing import EmulatorHandle
from trueerp.core.models import Company
from trueerp.sage_intacct.reports.models import ReportDefinition, ReportRun
from trueerp.sage_intacct.reports.services.definitions import ensure_templates
from trueerp.sage_intacct.reports.services.runs import execute_run, start_run
from trueerp.sage_intacct.tests.reports.conftest import END, START


def run_template(
    company: Company,
    key: str,
    start: dt.date = START,
    end: dt.date = END,
    before_trial_balance: Callable[[], None] | None = None,
) -> ReportRun:
    ensure_templates(company)
    definition = ReportDefinition.objects.get(company=company, template_key=key)
    assert definition.current is not None
    run = start_run(company, definition.current, None, start, end, queue=False)
    return execute_run(run.pk, before_trial_balance=before_trial_balance)


def raw_trial_balance(
    emu: EmulatorHandle, entity: str, start: dt.date, end: dt.date
) -> dict[str, tuple[Decimal, Decimal]]:
    """(start, end) balance per account, straight from the gateway's XML (not through the product)."""
    c = emu.credentials

    def parts(d: dt.date) -> str:
        return f"<year>{d.year}</year><month>{d.month:02d}</month><day>{d.day:02d}</day>"

    body = (
        f'<?xml version="1.0" encoding="UTF-8"?><request><control><senderid>{c["sender_id"]}</senderid>'
        f"<password>{c['sender_password']}</password><controlid>t</controlid><uniqueid>false</uniqueid>"
        "<dtdversion>3.0</dtdversion></control><operation><authentication><login>"
        f"<userid>{c['user_id']}</userid><companyid>{c['company_id']}</companyid><password>{c['user_password']}</password>"
        '</login></authentication><content><function controlid="tb"><get_trialbalance>'
        f"<startdate>{parts(start)}</startdate><enddate>{parts(end)}</enddate><locationid>{entity}</locationid>"
        "</get_trialbalance></function></content></operation></request>"
    )
    root = etree.fromstring(
        httpx.post(emu.url, content=body.encode(), headers={"content-type": "application/xml"}).content
    )
    return {
        str(t.findtext("glaccountno")): (
            Decimal(t.findtext("startbalance") or "0"),
            Decimal(t.findtext("endbalance") or "0"),
        )
        for t in root.iter("trialbalance")
    }


def line(run: ReportRun, label: str) -> dict[str, object]:
    return next(x for x in run.result["lines"] if x["label"] == label)


def values(run: ReportRun, label: str) -> list[Decimal]:
    """A line's values; an empty cell is NaN, which equals nothing."""
    raw: list[str | None] = line(run, label)["values"]  # type: ignore[assignment]
    return [Decimal("NaN") if v is None else Decimal(v) for v in raw]


def column(run: ReportRun, key: str) -> int:
    return next(i for i, c in enumerate(run.result["columns"]) if c["key"] == key)
