"""Employee Expense: expense reports and adjustments (post against the employee payable account)
and reimbursements that pay them from a bank account.

Expense reports post when they are not Draft (the approval workflow is not modelled); lines may
name an expense type (EEACCOUNTLABEL) instead of an account.
"""

from __future__ import annotations

from lxml import etree

from .. import errors
from ..context import Ctx, fmt_date
from ..registry import function, hooks
from ..serializer import Payload
from ..store import Record
from .company import money
from .ledger import ZERO, check_open
from .legacy import ACCOUNT_LINE, CURRENCY, Legacy, Lines, legacy_create
from .payments import apply_payment, before_delete_payment, post_payment, reverse_document
from .posting import Posting, register, setting

_EXPENSE_LINE = (
    ("expensetype", "ACCOUNTLABEL"),
    ("expensedate", "EXPENSEDATE"),
    ("paidfor", "PAIDFOR"),
    ("quantity", "QUANTITY"),
    ("rate", "RATE"),
    ("exppmttype", "EXPPMTTYPE"),
    *ACCOUNT_LINE,
)
_HEADER = (
    ("employeeid", "EMPLOYEEID"),
    ("datecreated", "WHENCREATED"),
    ("dateposted", "WHENPOSTED"),
    ("batchkey", "PRBATCHKEY"),
    ("description", "DESCRIPTION"),
    ("memo", "MEMO"),
    ("externalid", "EXTERNALID"),
    ("supdocid", "SUPDOCID"),
    ("state", "STATE"),
    *CURRENCY,
)
for _obj, _type, _batch in (("EEXPENSES", "ei", "EEXPENSESBATCH"), ("EXPENSEADJUSTMENTS", "ea", "")):
    register(
        Posting(
            _obj,
            ("EMPLOYEE", "EMPLOYEEID"),
            (f"{_obj}ITEMS", f"{_obj}ITEM"),
            True,
            "EEJ",
            setting("EE_ACCOUNT", "2100"),
            _type,
            "6.EE",
            "EEACCOUNTLABEL",
            _batch,
        )
    )
legacy_create(
    "create_expensereport",
    Legacy(
        "EEXPENSES",
        (("expensereportno", "RECORDID"), *_HEADER),
        Lines("expenses", "expense", "EEXPENSESITEMS", "EEXPENSESITEM", _EXPENSE_LINE),
    ),
)
legacy_create(
    "create_expenseadjustmentreport",
    Legacy(
        "EXPENSEADJUSTMENTS",
        (("adjustmentno", "RECORDID"), ("docnumber", "DOCNUMBER"), *_HEADER),
        Lines(
            "expenseadjustments",
            "expenseadjustment",
            "EXPENSEADJUSTMENTSITEMS",
            "EXPENSEADJUSTMENTSITEM",
            _EXPENSE_LINE,
        ),
    ),
)


@function("reverse_expensereport", "REVERSE", writes=True)
def reverse_expensereport(ctx: Ctx, el: etree._Element) -> Payload:
    return reverse_document(ctx, el, "EEXPENSES")


legacy_create(
    "create_reimbursementrequest",
    Legacy(
        "EPPAYMENT",
        (
            ("bankaccountid", "BANKACCOUNTID"),
            ("employeeid", "EMPLOYEEID"),
            ("memo", "DESCRIPTION"),
            ("paymentmethod", "PAYMENTMETHOD"),
            ("paymentdate", "PAYMENTDATE"),
            ("paymentoption", "PAYMENTOPTION"),
            ("documentnumber", "DOCNUMBER"),
            ("paymentdescription", "PAYMENTDESCRIPTION"),
            ("paymentcontact", "PAYMENTCONTACT"),
            *CURRENCY,
        ),
        Lines(
            "eppaymentrequestitems",
            "eppaymentrequestitem",
            "EPPAYMENTDETAILS",
            "EPPAYMENTDETAIL",
            (("key", "RECORDKEY"), ("credittoapply", "CREDITTOAPPLY")),
            amount="paymentamount",
        ),
    ),
)


def bank_account(ctx: Ctx, bank_id: str) -> Record:
    bank = ctx.store.get_by_id(ctx.company, "CHECKINGACCOUNT", bank_id)
    if bank is None or str(bank.get("STATUS", "active")) != "active":
        raise errors.invalid_reference("Bank account", bank_id)
    return bank


def _prepare_reimbursement(ctx: Ctx, rec: Record, old: Record | None) -> None:
    if old is not None:
        raise errors.bad_request("A reimbursement cannot be updated; reverse it and create a new one")
    employee = str(rec.get("EMPLOYEEID") or "")
    if ctx.store.get_by_id(ctx.company, "EMPLOYEE", employee) is None:
        raise errors.invalid_reference("Employee", employee)
    bank = bank_account(ctx, str(rec.get("BANKACCOUNTID") or ""))
    rec["PAYMENTDATE"] = date = fmt_date(check_open(ctx, str(rec.get("PAYMENTDATE") or ""), "Payment date"))
    accounts = (str(ctx.company_rec.get("EE_ACCOUNT", "2100")), str(bank["GLACCOUNTNO"]))
    details = rec.get("EPPAYMENTDETAILS", {}).get("EPPAYMENTDETAIL", [])
    if not details:
        raise errors.missing_field("Expense reports to pay", "Reimbursement")
    total = ZERO
    gl: list[Record] = []
    for d in details:
        amount = money(d.get("TRX_AMOUNT"), "Payment amount")
        report, share, lines = apply_payment(
            ctx, rec, "EEXPENSES", str(d.get("RECORDKEY") or ""), amount, date, True, accounts
        )
        if report.get("EMPLOYEEID") != employee:
            raise errors.bad_request(
                f"Expense report {d.get('RECORDKEY')} does not belong to employee {employee}"
            )
        d.pop("TRX_AMOUNT", None)
        d["TRX_PAYMENTAMOUNT"], d["PAYMENTAMOUNT"] = str(amount), str(share)
        gl += lines
        total += amount
    rec["TOTALENTERED"] = rec["TRX_TOTALENTERED"] = str(total)
    rec["STATE"] = "Complete"
    rec["_GL"] = gl


def _after_reimbursement(ctx: Ctx, recordno: int, rec: Record) -> None:
    post_payment(ctx, recordno, rec, "EEJ", str(rec["PAYMENTDATE"]))


hooks("EPPAYMENT").prepare = _prepare_reimbursement
hooks("EPPAYMENT").after_write = _after_reimbursement
hooks("EPPAYMENT").before_delete = before_delete_payment
