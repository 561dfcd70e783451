"""Built-in report templates, written against the chart of accounts the demo shares with Intacct.

Every company gets them as ordinary definitions (version 1) the first time its reports page is
opened, so they run out of the box and can be edited like any other definition. Ranges follow
the usual numbering (1xxx assets, 2xxx liabilities, 3xxx equity, 4xxx revenue, 5xxx cost of
services, 6xxx operating expenses); a company with another chart edits the ranges in the designer.
"""

from __future__ import annotations

from typing import Any

IET = [["1900", "2900"]]

_PNL_ROWS: list[dict[str, Any]] = [
    {"key": "revenue", "label": "Revenue", "accounts": ["4000-4899"], "sign": -1, "detail": True},
    {"key": "cost_of_services", "label": "Cost of services", "accounts": ["5000-5999"], "detail": True},
    {"key": "gross_margin", "label": "Gross margin", "formula": "revenue - cost_of_services"},
    {"key": "operating_expenses", "label": "Operating expenses", "accounts": ["6000-6999"], "detail": True},
    {"key": "operating_income", "label": "Operating income", "formula": "gross_margin - operating_expenses"},
    {"key": "other_income", "label": "Other income", "accounts": ["4900-4999"], "sign": -1},
    {"key": "net_income", "label": "Net income", "formula": "operating_income + other_income"},
]

TEMPLATES: dict[str, dict[str, Any]] = {
    "income_statement_by_entity": {
        "name": "Income statement by entity",
        "description": "Revenue, margin and net income per entity, translated at monthly average rates, consolidated.",
        "spec": {
            "title": "Income statement by entity",
            "layout": "activity",
            "rows": _PNL_ROWS,
            "columns": {"periods": "total", "by": "entity"},
            "consolidation": {"currency": "USD"},
        },
    },
    "balance_sheet": {
        "name": "Balance sheet (consolidated)",
        "description": "Assets, liabilities and equity per entity at closing rates, inter-entity balances eliminated, CTA in equity.",
        "spec": {
            "title": "Balance sheet",
            "layout": "balance",
            "rows": [
                {"label": "Assets", "header": True},
                {"key": "cash", "label": "Cash", "accounts": ["1000-1099"]},
                {"key": "receivables", "label": "Accounts receivable", "accounts": ["1100-1199"]},
                {"key": "wip", "label": "Unbilled revenue (WIP)", "accounts": ["1200-1299"]},
                {"key": "prepaid", "label": "Prepaid expenses", "accounts": ["1300-1499"]},
                {"key": "fixed", "label": "Equipment", "accounts": ["1500-1899"]},
                {"key": "due_from", "label": "Inter-entity receivables", "accounts": ["1900-1999"]},
                {
                    "key": "assets",
                    "label": "Total assets",
                    "formula": "cash + receivables + wip + prepaid + fixed + due_from",
                },
                {"label": "Liabilities", "header": True},
                {"key": "payables", "label": "Accounts payable", "accounts": ["2000-2099"], "sign": -1},
                {
                    "key": "accrued",
                    "label": "Accrued liabilities and taxes",
                    "accounts": ["2100-2899"],
                    "sign": -1,
                },
                {"key": "due_to", "label": "Inter-entity payables", "accounts": ["2900-2999"], "sign": -1},
                {
                    "key": "liabilities",
                    "label": "Total liabilities",
                    "formula": "payables + accrued + due_to",
                },
                {"label": "Equity", "header": True},
                {"key": "retained", "label": "Retained earnings", "accounts": ["3000-3999"], "sign": -1},
                {"key": "earnings", "label": "Current earnings", "accounts": ["4000-6999"], "sign": -1},
                {"key": "cta", "label": "Cumulative translation adjustment", "special": "cta", "sign": -1},
                {"key": "equity", "label": "Total equity", "formula": "retained + earnings + cta"},
                {
                    "key": "liabilities_equity",
                    "label": "Total liabilities and equity",
                    "formula": "liabilities + equity",
                },
            ],
            "columns": {"periods": "total", "by": "entity"},
            "consolidation": {"currency": "USD", "eliminations": IET, "equity": ["3000-3999"]},
        },
    },
    "trial_balance": {
        "name": "Trial balance",
        "description": "Start balance, debits, credits and end balance of every account, all entities in one currency or per entity.",
        "spec": {
            "title": "Trial balance",
            "layout": "trial_balance",
            "rows": [{"key": "all", "label": "All accounts", "accounts": ["0000-9999"], "detail": True}],
            "columns": {"periods": "total"},
            "filters": {"entities": ["US"]},
        },
    },
    "trial_balance_by_department": {
        "name": "Trial balance by department",
        "description": "End balance of every account in each department (US entity).",
        "spec": {
            "title": "Trial balance by department",
            "layout": "trial_balance",
            "rows": [{"key": "all", "label": "All accounts", "accounts": ["0000-9999"], "detail": True}],
            "columns": {"periods": "total", "by": "DEPARTMENT"},
            "filters": {"entities": ["US"]},
        },
    },
    "budget_vs_actual": {
        "name": "Budget vs actual",
        "description": "Each month against the company's default Intacct budget, with variance and variance %.",
        "spec": {
            "title": "Budget vs actual",
            "layout": "activity",
            "rows": _PNL_ROWS,
            "columns": {
                "periods": "quarters",
                "compare": ["budget"],
                "variance": True,
                "variance_pct": True,
                "ytd": True,
            },
            "filters": {"entities": ["US"]},
        },
    },
    "project_profitability": {
        "name": "Project profitability",
        "description": "Revenue, cost and margin per Intacct project from the GL (US entity).",
        "spec": {
            "title": "Project profitability",
            "layout": "activity",
            "rows": [
                {"key": "revenue", "label": "Revenue", "accounts": ["4000-4899"], "sign": -1},
                {"key": "labor", "label": "Labor", "accounts": ["5000-5099"]},
                {"key": "subcontract", "label": "Subcontractors and materials", "accounts": ["5100-5999"]},
                {"key": "margin", "label": "Project margin", "formula": "revenue - labor - subcontract"},
                {"key": "margin_pct", "label": "Margin %", "formula": "margin / revenue * 100"},
            ],
            "columns": {"periods": "total", "by": "PROJECT"},
            "filters": {"entities": ["US"]},
        },
    },
    "cash_flow": {
        "name": "Cash flow (indirect)",
        "description": "Net income adjusted for changes in working capital, investing and financing: the change in cash.",
        "spec": {
            "title": "Cash flow statement (indirect method)",
            "layout": "activity",
            "rows": [
                {"label": "Operating activities", "header": True},
                {"key": "net_income", "label": "Net income", "accounts": ["4000-6999"], "sign": -1},
                {
                    "key": "receivables",
                    "label": "Change in receivables and WIP",
                    "accounts": ["1100-1299"],
                    "sign": -1,
                },
                {
                    "key": "prepaid",
                    "label": "Change in prepaid expenses",
                    "accounts": ["1300-1499"],
                    "sign": -1,
                },
                {
                    "key": "payables",
                    "label": "Change in payables and accruals",
                    "accounts": ["2000-2899"],
                    "sign": -1,
                },
                {
                    "key": "operating",
                    "label": "Cash from operating activities",
                    "formula": "net_income + receivables + prepaid + payables",
                },
                {"label": "Investing activities", "header": True},
                {"key": "equipment", "label": "Purchase of equipment", "accounts": ["1500-1899"], "sign": -1},
                {"label": "Financing activities", "header": True},
                {
                    "key": "interentity",
                    "label": "Inter-entity funding",
                    "accounts": ["1900-1999", "2900-2999"],
                    "sign": -1,
                },
                {"key": "equity", "label": "Equity", "accounts": ["3000-3999"], "sign": -1},
                {
                    "key": "financing",
                    "label": "Cash from financing activities",
                    "formula": "interentity + equity",
                },
                {
                    "key": "net_change",
                    "label": "Net change in cash",
                    "formula": "operating + equipment + financing",
                },
                {"key": "cash_check", "label": "Change in cash accounts (check)", "accounts": ["1000-1099"]},
            ],
            "columns": {"periods": "quarters", "ytd": True},
            "filters": {"entities": ["US"]},
        },
    },
}
