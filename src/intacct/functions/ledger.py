"""Legacy functions that post to or report on the ledger by record: reversals and GL balances.

Like the legacy documents, these validate element order and take dates as year/month/day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal

from intacct._function import Function
from intacct._xml import FieldValue, XmlWriter
from intacct.errors import InvalidArgumentError
from intacct.functions.legacy import _date, _LegacyDocument

__all__ = [
    "CONTENT_SELECTIONS",
    "ContentSelection",
    "GetAccountBalancesByDimensions",
    "GetTrialBalance",
    "ReverseApPayment",
    "ReverseArPayment",
    "ReverseBill",
    "ReverseInvoice",
]


class _Reverse(_LegacyDocument):
    def __init__(
        self,
        record_no: int | str,
        reverse_date: date | str,
        *,
        memo: str | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(control_id=control_id)
        if not str(record_no).strip():
            raise InvalidArgumentError("record_no is required")
        self.record_no = str(record_no)
        self.reverse_date = _date(reverse_date, "reverse_date")
        self.memo = memo

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element, {"key": self.record_no})
        writer.element("datereversed", self.reverse_date)
        writer.element("description", self.memo)
        writer.end(self.element)


class ReverseBill(_Reverse):
    element = "reverse_bill"


class ReverseInvoice(_Reverse):
    element = "reverse_invoice"


class ReverseArPayment(_Reverse):
    element = "reverse_arpayment"


class ReverseApPayment(_Reverse):
    element = "reverse_appayment"


CONTENT_SELECTIONS = ("Actual", "Budget", "Actual and Budget")
ContentSelection = Literal["Actual", "Budget", "Actual and Budget"]

# (argument, element) for the single-value dimension filters, in schema order after the
# department and location filters.
_DIMENSION_FILTERS = (
    ("project_id", "projectid"),
    ("task_id", "taskid"),
    ("customer_id", "customerid"),
    ("vendor_id", "vendorid"),
    ("employee_id", "employeeid"),
    ("item_id", "itemid"),
    ("class_id", "classid"),
    ("contract_id", "contractid"),
    ("warehouse_id", "warehouseid"),
)


class _Balances(Function):
    """What the GL balance functions share: the period, the books, the budget, the filters.

    Elements are written in the order of Intacct's published schema. ``contentselection`` and
    ``budgetid`` are newer than that schema; they are written right after the period, where
    third-party listings of the newer balance functions' parameters put them (unverified).
    """

    legacy_dates = True
    options: list[tuple[str, FieldValue]]

    def __init__(
        self,
        *,
        reporting_period_name: str | None,
        start_date: date | str | None,
        end_date: date | str | None,
        content_selection: ContentSelection | None,
        budget_id: str | None,
        reporting_book: str | None,
        adjustment_books: Sequence[str],
        include_reporting_book: bool | None,
        dimension_filters: Mapping[str, str | None],
        user_defined_dimensions: Mapping[str, str] | None,
        control_id: str | None,
    ) -> None:
        super().__init__(control_id=control_id)
        has_dates = start_date is not None or end_date is not None
        if bool(reporting_period_name) == has_dates:
            raise InvalidArgumentError("give reporting_period_name or start_date and end_date")
        if has_dates and (start_date is None or end_date is None):
            raise InvalidArgumentError("start_date and end_date go together")
        self.reporting_period_name = reporting_period_name
        self.start_date = _date(start_date, "start_date")
        self.end_date = _date(end_date, "end_date")
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise InvalidArgumentError("start_date is after end_date")
        if content_selection is not None and content_selection not in CONTENT_SELECTIONS:
            raise InvalidArgumentError(
                f"content_selection must be one of {', '.join(map(repr, CONTENT_SELECTIONS))}, "
                f"not {content_selection!r}"
            )
        if budget_id is not None and content_selection not in ("Budget", "Actual and Budget"):
            raise InvalidArgumentError("budget_id needs content_selection 'Budget' or 'Actual and Budget'")
        books = list(adjustment_books)
        if isinstance(adjustment_books, str) or not all(isinstance(book, str) and book for book in books):
            raise InvalidArgumentError("adjustment_books must be a list of book ids such as ['GAAP']")
        if include_reporting_book is not None and not books:
            raise InvalidArgumentError("include_reporting_book only applies together with adjustment_books")
        self.content_selection = content_selection
        self.budget_id = budget_id
        self.books: list[tuple[str, FieldValue]] = [
            ("reportingbook", reporting_book),
            ("adjbooks", {"adjbook": books} if books else None),
            ("includereportingbook", include_reporting_book),
        ]
        self.dimension_filters = [
            (element, dimension_filters.get(name)) for name, element in _DIMENSION_FILTERS
        ]
        self.user_defined_dimensions = dict(user_defined_dimensions or {})

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        writer.element("reportingperiodname", self.reporting_period_name)
        writer.element("startdate", self.start_date)
        writer.element("enddate", self.end_date)
        writer.element("contentselection", self.content_selection)
        writer.element("budgetid", self.budget_id)
        for name, value in self.options:
            writer.element(name, value)
        if self.user_defined_dimensions:
            writer.start("userDefinedDimensions")
            for object_name, record_id in self.user_defined_dimensions.items():
                writer.element("userDefinedDimension", {"objectName": object_name, "recordId": record_id})
            writer.end("userDefinedDimensions")
        writer.end(self.element)


class GetTrialBalance(_Balances):
    """``get_trialbalance``: one row per account (per department/location with the detail flags).

    Read the rows with :func:`intacct.balances.trial_balance_rows`.
    """

    element = "get_trialbalance"

    def __init__(
        self,
        *,
        reporting_period_name: str | None = None,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        content_selection: ContentSelection | None = None,
        budget_id: str | None = None,
        show_zero_balances: bool | None = None,
        show_department_detail: bool | None = None,
        show_location_detail: bool | None = None,
        reporting_book: str | None = None,
        adjustment_books: Sequence[str] = (),
        include_reporting_book: bool | None = None,
        department_ids: Sequence[str] = (),
        location_ids: Sequence[str] = (),
        project_id: str | None = None,
        task_id: str | None = None,
        customer_id: str | None = None,
        vendor_id: str | None = None,
        employee_id: str | None = None,
        item_id: str | None = None,
        class_id: str | None = None,
        contract_id: str | None = None,
        warehouse_id: str | None = None,
        user_defined_dimensions: Mapping[str, str] | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(
            reporting_period_name=reporting_period_name,
            start_date=start_date,
            end_date=end_date,
            content_selection=content_selection,
            budget_id=budget_id,
            reporting_book=reporting_book,
            adjustment_books=adjustment_books,
            include_reporting_book=include_reporting_book,
            dimension_filters={
                "project_id": project_id,
                "task_id": task_id,
                "customer_id": customer_id,
                "vendor_id": vendor_id,
                "employee_id": employee_id,
                "item_id": item_id,
                "class_id": class_id,
                "contract_id": contract_id,
                "warehouse_id": warehouse_id,
            },
            user_defined_dimensions=user_defined_dimensions,
            control_id=control_id,
        )
        self.options = [
            ("showzerobalances", show_zero_balances),
            ("showdeptdetail", show_department_detail),
            ("showlocdetail", show_location_detail),
            *self.books,
            ("departmentid", list(department_ids)),
            ("locationid", list(location_ids)),
            *self.dimension_filters,
        ]


class GetAccountBalancesByDimensions(_Balances):
    """``get_accountbalancesbydimensions``: one row per account and dimension combination.

    Read the rows with :func:`intacct.balances.account_balance_rows`.
    """

    element = "get_accountbalancesbydimensions"

    def __init__(
        self,
        *,
        reporting_period_name: str | None = None,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        content_selection: ContentSelection | None = None,
        budget_id: str | None = None,
        gl_account_no: str | None = None,
        account_group_name: str | None = None,
        start_account_no: str | None = None,
        end_account_no: str | None = None,
        show_zero_balances: bool | None = None,
        reporting_book: str | None = None,
        adjustment_books: Sequence[str] = (),
        include_reporting_book: bool | None = None,
        location_id: str | None = None,
        department_id: str | None = None,
        project_id: str | None = None,
        task_id: str | None = None,
        customer_id: str | None = None,
        vendor_id: str | None = None,
        employee_id: str | None = None,
        item_id: str | None = None,
        class_id: str | None = None,
        contract_id: str | None = None,
        warehouse_id: str | None = None,
        user_defined_dimensions: Mapping[str, str] | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(
            reporting_period_name=reporting_period_name,
            start_date=start_date,
            end_date=end_date,
            content_selection=content_selection,
            budget_id=budget_id,
            reporting_book=reporting_book,
            adjustment_books=adjustment_books,
            include_reporting_book=include_reporting_book,
            dimension_filters={
                "project_id": project_id,
                "task_id": task_id,
                "customer_id": customer_id,
                "vendor_id": vendor_id,
                "employee_id": employee_id,
                "item_id": item_id,
                "class_id": class_id,
                "contract_id": contract_id,
                "warehouse_id": warehouse_id,
            },
            user_defined_dimensions=user_defined_dimensions,
            control_id=control_id,
        )
        account_filters = [gl_account_no, account_group_name, start_account_no or end_account_no]
        if sum(value is not None for value in account_filters) > 1:
            raise InvalidArgumentError("give one of gl_account_no, account_group_name or an account range")
        if (start_account_no is None) != (end_account_no is None):
            raise InvalidArgumentError("start_account_no and end_account_no go together")
        # showzerobalances is not in the published schema for this function; it goes where the
        # sibling get_accountbalances has it, before the books.
        self.options = [
            ("glaccountno", gl_account_no),
            ("accountgroupname", account_group_name),
            ("startaccountno", start_account_no),
            ("endaccountno", end_account_no),
            ("showzerobalances", show_zero_balances),
            *self.books,
            ("departmentid", department_id),
            ("locationid", location_id),
            *self.dimension_filters,
        ]
