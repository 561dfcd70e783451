"""One class per Intacct function; each writes its own ``<function controlid="…">`` block."""

from intacct._function import Function, deterministic_control_id
from intacct.functions.generic import (
    ApiSessionCreate,
    Create,
    Delete,
    GetDimensions,
    Inspect,
    Lookup,
    Read,
    ReadByName,
    ReadByQuery,
    ReadMore,
    ReadReport,
    Update,
)
from intacct.functions.ledger import (
    GetAccountBalancesByDimensions,
    GetTrialBalance,
    ReverseApPayment,
    ReverseArPayment,
    ReverseBill,
    ReverseInvoice,
)
from intacct.functions.legacy import (
    ArPaymentItem,
    BillLine,
    CreateArPayment,
    CreateBill,
    CreateInvoice,
    InvoiceLine,
)
from intacct.query import Query

__all__ = [
    "ApiSessionCreate",
    "ArPaymentItem",
    "BillLine",
    "Create",
    "CreateArPayment",
    "CreateBill",
    "CreateInvoice",
    "Delete",
    "Function",
    "GetAccountBalancesByDimensions",
    "GetDimensions",
    "GetTrialBalance",
    "Inspect",
    "InvoiceLine",
    "Lookup",
    "Query",
    "Read",
    "ReadByName",
    "ReadByQuery",
    "ReadMore",
    "ReadReport",
    "ReverseApPayment",
    "ReverseArPayment",
    "ReverseBill",
    "ReverseInvoice",
    "Update",
    "deterministic_control_id",
]
