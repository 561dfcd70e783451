"""Legacy functions that post to or report on the ledger by record: reversals and GL balances.

Like the legacy documents, these validate element order and take dates as year/month/day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from intacct._function import Function
from intacct._xml import FieldValue, XmlWriter
from intacct.errors import InvalidArgumentError
from intacct.functions.legacy import _date, _LegacyDocument

__all__ = [
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


class _Balances(Function):
    legacy_dates = True

    def __init__(
        self,
        *,
        reporting_period_name: str | None,
        start_date: date | str | None,
        end_date: date | str | None,
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

    options: list[tuple[str, FieldValue]]

    def write_body(self, writer: XmlWriter) -> None:
        writer.start(self.element)
        writer.element("reportingperiodname", self.reporting_period_name)
        writer.element("startdate", self.start_date)
        writer.element("enddate", self.end_date)
        for name, value in self.options:
            writer.element(name, value)
        self._write_more(writer)
        writer.end(self.element)

    def _write_more(self, writer: XmlWriter) -> None:
        """Elements after the options, for functions that have any."""


class GetTrialBalance(_Balances):
    element = "get_trialbalance"

    def __init__(
        self,
        *,
        reporting_period_name: str | None = None,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        show_zero_balances: bool | None = None,
        show_department_detail: bool | None = None,
        show_location_detail: bool | None = None,
        location_ids: Sequence[str] = (),
        department_ids: Sequence[str] = (),
        control_id: str | None = None,
    ) -> None:
        super().__init__(
            reporting_period_name=reporting_period_name,
            start_date=start_date,
            end_date=end_date,
            control_id=control_id,
        )
        self.options = [
            ("showzerobalances", show_zero_balances),
            ("showdeptdetail", show_department_detail),
            ("showlocdetail", show_location_detail),
            ("locationid", list(location_ids)),
            ("departmentid", list(department_ids)),
        ]


class GetAccountBalancesByDimensions(_Balances):
    element = "get_accountbalancesbydimensions"

    def __init__(
        self,
        *,
        reporting_period_name: str | None = None,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        gl_account_no: str | None = None,
        account_group_name: str | None = None,
        start_account_no: str | None = None,
        end_account_no: str | None = None,
        location_id: str | None = None,
        department_id: str | None = None,
        project_id: str | None = None,
        customer_id: str | None = None,
        vendor_id: str | None = None,
        employee_id: str | None = None,
        item_id: str | None = None,
        class_id: str | None = None,
        show_zero_balances: bool | None = None,
        reporting_book: str | None = None,
        user_defined_dimensions: Mapping[str, str] | None = None,
        control_id: str | None = None,
    ) -> None:
        super().__init__(
            reporting_period_name=reporting_period_name,
            start_date=start_date,
            end_date=end_date,
            control_id=control_id,
        )
        account_filters = [gl_account_no, account_group_name, start_account_no or end_account_no]
        if sum(value is not None for value in account_filters) > 1:
            raise InvalidArgumentError("give one of gl_account_no, account_group_name or an account range")
        if (start_account_no is None) != (end_account_no is None):
            raise InvalidArgumentError("start_account_no and end_account_no go together")
        self.options = [
            ("glaccountno", gl_account_no),
            ("accountgroupname", account_group_name),
            ("startaccountno", start_account_no),
            ("endaccountno", end_account_no),
            ("locationid", location_id),
            ("departmentid", department_id),
            ("projectid", project_id),
            ("customerid", customer_id),
            ("vendorid", vendor_id),
            ("employeeid", employee_id),
            ("itemid", item_id),
            ("classid", class_id),
            ("showzerobalances", show_zero_balances),
            ("reportingbook", reporting_book),
        ]
        self.user_defined_dimensions = dict(user_defined_dimensions or {})

    def _write_more(self, writer: XmlWriter) -> None:
        if self.user_defined_dimensions:
            writer.start("userDefinedDimensions")
            for object_name, record_id in self.user_defined_dimensions.items():
                writer.element("userDefinedDimension", {"objectName": object_name, "recordId": record_id})
            writer.end("userDefinedDimensions")
