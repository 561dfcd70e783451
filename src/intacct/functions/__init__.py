"""One class per Intacct function; each writes its own ``<function controlid="…">`` block."""

from intacct._function import Function, deterministic_control_id
from intacct.functions._common import ExchangeTerms, currency_fields
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
from intacct.functions.journal import (
    ApPaymentDetail,
    CreateApPayment,
    CreateJournalEntry,
    JournalEntryLine,
    UpdateJournalEntry,
)
from intacct.functions.ledger import (
    CONTENT_SELECTIONS,
    ContentSelection,
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
    "CONTENT_SELECTIONS",
    "ApPaymentDetail",
    "ApiSessionCreate",
    "ArPaymentItem",
    "BillLine",
    "ContentSelection",
    "Create",
    "CreateApPayment",
    "CreateArPayment",
    "CreateBill",
    "CreateInvoice",
    "CreateJournalEntry",
    "Delete",
    "ExchangeTerms",
    "Function",
    "GetAccountBalancesByDimensions",
    "GetDimensions",
    "GetTrialBalance",
    "Inspect",
    "InvoiceLine",
    "JournalEntryLine",
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
    "UpdateJournalEntry",
    "currency_fields",
    "deterministic_control_id",
]
