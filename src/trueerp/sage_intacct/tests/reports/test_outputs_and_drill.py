"""HTML, CSV, XLSX and PDF show the same numbers; the PDF renders to page images; a drilled cell's
GL lines add up to it and link to the TRUE document and the Intacct record; access is scoped."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import openpyxl
import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse
from lxml import html
from pypdf import PdfReader

from intacct_emulator.testing import EmulatorHandle
from trueerp.core.models import Company, User
from trueerp.sage_intacct.connection.clients import client_for_company
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT, SAGE_INTACCT_REPORT_DESIGN
from trueerp.sage_intacct.reports.models import ReportOutput, ReportRun
from trueerp.sage_intacct.reports.services import outputs
from trueerp.sage_intacct.reports.services.drilldown import drill
from trueerp.sage_intacct.reports.services.formatting import number
from trueerp.sage_intacct.tests.reports.support import column, line, run_template, values
from trueerp.sage_intacct.tests.sync_support import Master, journal, run
from trueerp.sage_intacct.tests.sync_support import line as gl_line

pytestmark = pytest.mark.emulator
FMT = {"decimals": 2, "negatives": "parentheses", "scale": 1}


@pytest.fixture
def viewer(company: Company) -> User:
    from trueerp.conftest import _make_user

    return _make_user(company, "viewer", MODULE_ACCESS_SAGE_INTACCT)


def test_every_format_shows_the_same_numbers(
    ledger_company: Company, viewer: User, client_for: Callable[[User], Client]
) -> None:
    run = run_template(ledger_company, "income_statement_by_entity")
    lines = run.result["lines"]
    expected = {
        (n, j): Decimal(v) for n, ln in enumerate(lines) for j, v in enumerate(ln["values"]) if v is not None
    }
    assert len(expected) > 40
    page = client_for(viewer).get(reverse("sage_intacct:report_run", args=[run.pk]))
    assert page.status_code == 200
    doc = cast(Any, html.fromstring(page.content))
    for (n, j), value in expected.items():
        cell = doc.xpath(f'//table[@data-testid="report-table"]//tr[@data-line="{n}"]/td[@data-col="{j}"]')[0]
        assert cell.text_content().strip() == number(value, FMT), (lines[n]["label"], j)
    assert doc.xpath('//div[@data-testid="chart"]//svg'), "the chart is inline SVG"
    stamp = doc.xpath('//dl[@data-testid="audit-stamp"]')[0].text_content()
    assert f"v{run.version.number}" in stamp and run.tieout_hash[:16] in stamp  # noqa: PT018

    rows = list(csv.reader(io.StringIO(bytes(outputs.output(run, "csv").content).decode("utf-8-sig"))))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Line")
    for (n, j), value in expected.items():
        assert Decimal(rows[header + 1 + n][1 + j]) == value
    assert any(run.tieout_hash[:16] in " ".join(r) for r in rows[:header])

    content = bytes(outputs.output(run, "xlsx").content)
    cached = openpyxl.load_workbook(io.BytesIO(content), data_only=True)["Report"]
    formulas = openpyxl.load_workbook(io.BytesIO(content))["Report"]
    assert cached.freeze_panes == "B7"
    for (n, j), value in expected.items():
        assert Decimal(str(cached.cell(row=7 + n, column=2 + j).value)).quantize(Decimal("0.01")) == value
    net = next(n for n, ln in enumerate(lines) if ln["label"] == "Net income")
    cons = column(run, "cons")
    assert str(formulas.cell(row=7 + net, column=2 + cons).value).startswith("=")  # a live formula …
    assert str(formulas.cell(row=7 + net, column=2).value).startswith(
        "=IFERROR("
    )  # … over the rows it adds up
    assert set(openpyxl.load_workbook(io.BytesIO(content)).sheetnames) == {"Report", "US", "CA", "UK"}

    pdf = bytes(outputs.output(run, "pdf").content)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    for j, value in enumerate(values(run, "Net income")):
        assert number(value, FMT) in text, j
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "as of" in text and run.version.definition.name.split()[0] in text  # noqa: PT018
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil()
    if os.environ.get("TRUEERP_SCREENSHOT_DIR"):  # for people reviewing the layout
        image.save(Path(os.environ["TRUEERP_SCREENSHOT_DIR"]) / "reports-09-pdf-page1.png")
    assert image.size[0] > 500
    low, high = image.convert("L").getextrema()
    assert (low, high) == (0, 255) or low < 100  # ink on the page, not a blank render

    again = client_for(viewer).get(reverse("sage_intacct:report_download", args=[run.pk, "pdf"]))
    assert bytes(again.content) == pdf  # kept, downloadable again byte for byte
    assert ReportOutput.objects.filter(run=run).count() == 3


def test_drilled_cell_lines_sum_to_the_cell(
    ledger_company: Company, viewer: User, client_for: Callable[[User], Client]
) -> None:
    run = run_template(ledger_company, "income_statement_by_entity")
    n = next(i for i, ln in enumerate(run.result["lines"]) if ln["label"] == "Total Cost of services")
    us = column(run, "e_US")
    d = drill(run, n, us, client_for_company(ledger_company, ""))
    assert d.lines
    assert d.ties
    assert sum((x.amount for x in d.lines), Decimal(0)) == Decimal(run.result["lines"][n]["values"][us])
    journal_entries = [x for x in d.lines if x.record["SOURCE"] == "GLBATCH"]
    assert journal_entries  # payroll accruals
    assert all(x.intacct_url.endswith(f"/GLBATCH/{x.record['BATCHNO']}") for x in journal_entries)
    page = client_for(viewer).get(reverse("sage_intacct:report_drill", args=[run.pk, n, us]))
    assert b'data-testid="drill-ties"' in page.content
    formula = next(i for i, ln in enumerate(run.result["lines"]) if ln["label"] == "Net income")
    refused = client_for(viewer).get(reverse("sage_intacct:report_drill", args=[run.pk, formula, us]))
    assert b"computed from other rows" in refused.content


def test_balance_drill_adds_the_opening_balance(ledger_company: Company) -> None:
    run = run_template(ledger_company, "balance_sheet")
    n = next(i for i, ln in enumerate(run.result["lines"]) if ln["label"] == "Cash")
    us = column(run, "e_US")
    d = drill(run, n, us, client_for_company(ledger_company, ""))
    assert d.ties
    assert d.total == Decimal(line(run, "Cash")["values"][us])  # type: ignore[index]


def test_drill_links_the_true_document(
    connected: object, company: Company, master: Master, emulator: EmulatorHandle
) -> None:
    txn = journal(
        company,
        [
            gl_line(master.accounts["6200"], debit="75.00", branch=master.branches["US-NY"]),
            gl_line(master.accounts["1000"], credit="75.00", branch=master.branches["US-NY"]),
        ],
    )
    assert run(company).synced == 1
    report = run_template(company, "trial_balance", start=txn.date.replace(day=1), end=txn.date)
    assert report.state == ReportRun.State.PUBLISHED, report.message
    n = next(i for i, ln in enumerate(report.result["lines"]) if ln["accounts"] == ["6200"])
    d = drill(report, n, column(report, "end"), client_for_company(company, ""))
    assert [(x.true_number, x.true_url) for x in d.lines] == [
        (txn.number, reverse("financial:transaction_detail", args=[txn.pk]))
    ]


def test_access_is_scoped_and_designing_needs_1620(
    ledger_company: Company,
    viewer: User,
    clerk_user: User,
    outsider_user: User,
    client_for: Callable[[User], Client],
) -> None:
    run = run_template(ledger_company, "cash_flow")
    url = reverse("sage_intacct:report_run", args=[run.pk])
    assert client_for(clerk_user).get(url).status_code == 403
    assert client_for(outsider_user).get(url).status_code in (403, 404)
    assert client_for(viewer).get(url).status_code == 200
    designer = reverse("sage_intacct:report_designer")
    denied = client_for(viewer).get(designer)
    assert denied.status_code == 403 and b"#1620" in denied.content  # noqa: PT018
    from trueerp.core.services.access import grant

    grant(viewer, SAGE_INTACCT_REPORT_DESIGN, actor=None)
    assert client_for(viewer).get(designer).status_code == 200
