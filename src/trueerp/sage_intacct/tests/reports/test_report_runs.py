"""Every template runs on the demo ledger and ties to Intacct's trial balance to the cent;
consolidation translates with CTA and eliminations that net to zero; a run that does not tie out
is refused with the difference; definitions are versioned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from intacct_emulator.testing import EmulatorHandle
from trueerp.core.models import Company
from trueerp.sage_intacct.reports.catalog import TEMPLATES
from trueerp.sage_intacct.reports.models import ReportDefinition, ReportOutput, ReportRun
from trueerp.sage_intacct.reports.services.definitions import save_version
from trueerp.sage_intacct.reports.services.runs import execute_run, start_run
from trueerp.sage_intacct.tests.reports.conftest import END, MANAGEMENT_FEE, START, api, je
from trueerp.sage_intacct.tests.reports.support import column, line, raw_trial_balance, run_template, values

ZERO = Decimal(0)
pytestmark = pytest.mark.emulator


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_publishes_on_the_demo_ledger_and_ties_out(ledger_company: Company, key: str) -> None:
    run = run_template(ledger_company, key)
    assert (run.state, run.tieout["ok"]) == (ReportRun.State.PUBLISHED, True), run.message
    assert run.tieout["differences"] == []
    assert len(run.tieout_hash) == 64
    for entity, check in run.tieout["entities"].items():
        assert check["ok"] == "yes", entity
        assert int(check["lines"]) > 0, entity


def test_trial_balance_equals_intacct_per_account_to_the_cent(
    ledger_company: Company, demo_ledger: EmulatorHandle
) -> None:
    run = run_template(ledger_company, "trial_balance")
    tb = raw_trial_balance(demo_ledger, "US", START, END)
    shown = {x["accounts"][0]: x["values"] for x in run.result["lines"] if x["kind"] == "account"}
    assert {a: (Decimal(v[0]), Decimal(v[3])) for a, v in shown.items()} == {
        a: b for a, b in tb.items() if b != (ZERO, ZERO)
    }
    total = values(run, "Total All accounts")
    assert total[3] == ZERO  # the US ledger balances (inter-entity lines included)
    assert total[1] == total[2] != ZERO  # debits = credits


def test_income_statement_per_entity_and_consolidated(
    ledger_company: Company, demo_ledger: EmulatorHandle
) -> None:
    run = run_template(ledger_company, "income_statement_by_entity")
    us, ca, uk = column(run, "e_US"), column(run, "e_CA"), column(run, "e_UK")
    cons, elim = column(run, "cons"), column(run, "elim")
    net = values(run, "Net income")
    tb = raw_trial_balance(demo_ledger, "US", START, END)
    us_net = -sum((end - start for a, (start, end) in tb.items() if "4000" <= a <= "6999"), ZERO)
    assert net[us] == us_net  # USD entity: no translation, equals Intacct's trial balance
    assert net[cons] == net[us] + net[ca] + net[uk] + net[elim]
    assert net[elim] == ZERO
    assert run.result["columns"][ca]["translated"] is True
    assert any(k.startswith("CAD→USD average 2026-06") for k in run.result["rates"])
    fee = values(run, "Other income")
    assert fee[us] == MANAGEMENT_FEE  # the fee charged to Canada is US other income


def closing_rate(emu: EmulatorHandle, source: str, on: dt.date) -> Decimal:
    """The emulator's own rate table (its control plane), not the product's reading of it."""
    table = emu.control(
        f"companies/TRUE-DEMO/exchange-rates?type=Intacct+Daily+Rate&from={source}&to=USD", method="GET"
    )
    (pair,) = table["rates"]
    dated = [
        (dt.datetime.strptime(e["date"], "%m/%d/%Y").date(), Decimal(e["rate"])) for e in pair["entries"]
    ]
    return max((d, r) for d, r in dated if d <= on)[1]


def test_consolidated_balance_sheet_balances_with_cta_and_eliminations(
    ledger_company: Company, demo_ledger: EmulatorHandle
) -> None:
    run = run_template(ledger_company, "balance_sheet")
    assert run.state == ReportRun.State.PUBLISHED, run.message
    assets, equity_liab = values(run, "Total assets"), values(run, "Total liabilities and equity")
    for i, col in enumerate(run.result["columns"]):
        assert assets[i] == equity_liab[i], col["key"]  # every entity column and the consolidated one balance
    cons, elim = column(run, "cons"), column(run, "elim")
    assert values(run, "Inter-entity receivables")[cons] == ZERO
    assert values(run, "Inter-entity payables")[cons] == ZERO
    assert values(run, "Inter-entity receivables")[elim] == -MANAGEMENT_FEE  # US's due-from, in USD
    cta = values(run, "Cumulative translation adjustment")
    assert cta[column(run, "e_US")] == ZERO
    assert cta[column(run, "e_CA")] != ZERO and cta[column(run, "e_UK")] != ZERO  # noqa: PT018
    # the eliminations column nets to zero: assets eliminated = liabilities and equity eliminated
    assert assets[elim] == equity_liab[elim]
    due_to_ca = values(run, "Inter-entity payables")[elim]
    rate = closing_rate(demo_ledger, "CAD", END)
    assert due_to_ca == -(MANAGEMENT_FEE * rate).quantize(Decimal("0.01"))  # 5,000 CAD at the closing rate
    assert cta[elim] == -(MANAGEMENT_FEE + due_to_ca)  # the unmatched FX part goes to CTA, not to a plug


def test_budget_vs_actual_uses_the_default_budget(ledger_company: Company) -> None:
    run = run_template(ledger_company, "budget_vs_actual")
    ytd_budget = column(run, "budget_0_9")
    ytd_actual, variance = column(run, "actual_0_9"), column(run, "var_budget_0_9")
    revenue = values(run, "Total Revenue")
    assert revenue[ytd_budget] == Decimal("1200000.00")  # 10 months x 120,000 on 4000
    assert revenue[variance] == revenue[ytd_actual] - revenue[ytd_budget]
    pct = values(run, "Total Revenue")[column(run, "pct_budget_0_9")]
    expected = ((revenue[ytd_actual] - revenue[ytd_budget]) / revenue[ytd_budget] * 100).quantize(
        Decimal("0.1")
    )
    assert pct == expected


def test_project_profitability_has_a_column_per_project(ledger_company: Company) -> None:
    run = run_template(ledger_company, "project_profitability")
    projects = [c["member"] for c in run.result["columns"] if c["role"] == "value"]
    assert {"P-100", "P-110", "P-400"} <= set(projects)
    margin = values(run, "Project margin")
    revenue, labor, sub = (
        values(run, "Revenue"),
        values(run, "Labor"),
        values(run, "Subcontractors and materials"),
    )
    for i in range(len(projects)):
        assert margin[i] == revenue[i] - labor[i] - sub[i]
    total = column(run, "total")
    assert revenue[total] == sum((revenue[i] for i in range(len(projects))), ZERO)


def test_cash_flow_net_change_equals_the_change_in_cash(ledger_company: Company) -> None:
    run = run_template(ledger_company, "cash_flow")
    assert values(run, "Net change in cash") == values(run, "Change in cash accounts (check)")


def test_a_line_posted_during_the_run_refuses_it_with_the_difference(
    ledger_company: Company, demo_ledger: EmulatorHandle
) -> None:
    def inject() -> None:
        with api(demo_ledger) as client:
            client.execute(
                je(
                    "LATE-1",
                    "03/15/2026",
                    [
                        ("6200", "1", "123.45", {"LOCATION": "US-NY"}),
                        ("1000", "-1", "123.45", {"LOCATION": "US-NY"}),
                    ],
                )
            )

    try:
        run = run_template(ledger_company, "trial_balance", before_trial_balance=inject)
        assert run.state == ReportRun.State.REFUSED
        assert run.result == {}
        got = {(d["entity"], d["account"], d["what"]): d["difference"] for d in run.tieout["differences"]}
        assert got == {("US", "6200", "end balance"): "-123.45", ("US", "1000", "end balance"): "123.45"}
        assert "entity US, account 6200: end balance is" in run.message
        assert not ReportOutput.objects.filter(run=run).exists()
    finally:
        with api(demo_ledger) as client:  # put the ledger back for the other tests
            client.execute(
                je(
                    "LATE-1-REV",
                    "03/15/2026",
                    [
                        ("6200", "-1", "123.45", {"LOCATION": "US-NY"}),
                        ("1000", "1", "123.45", {"LOCATION": "US-NY"}),
                    ],
                )
            )


def test_editing_writes_a_new_version_and_runs_keep_theirs(ledger_company: Company) -> None:
    first = run_template(ledger_company, "cash_flow")
    definition = ReportDefinition.objects.get(company=ledger_company, template_key="cash_flow")
    assert definition.current is not None
    spec = {**definition.current.spec, "title": "Cash flow (edited)"}
    v2 = save_version(definition, spec, None, "renamed")
    assert [v.number for v in definition.versions.all()] == [2, 1]
    second = execute_run(start_run(ledger_company, v2, None, START, dt.date(2026, 3, 31), queue=False).pk)
    first.refresh_from_db()
    assert (first.version.number, first.result["title"]) == (1, "Cash flow statement (indirect method)")
    assert (second.version.number, second.result["title"], second.result["definition"]["version"]) == (
        2,
        "Cash flow (edited)",
        2,
    )
    assert (
        line(second, "Net change in cash")["values"]
        == line(second, "Change in cash accounts (check)")["values"]
    )
