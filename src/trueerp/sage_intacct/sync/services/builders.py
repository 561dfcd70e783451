"""Builders: a prepared TRUE transaction → the `intacct` function that writes it.

Each function carries the job's deterministic control id (sent with ``uniqueid=true``) and the TRUE
document number as its reference, which is how `reconcile` finds the record again after an
ambiguous outcome. No XML here: the `intacct` client owns the wire format.

Currency (`mapping.services.currency`): a record in its entity's base currency is sent exactly as a
single-currency company's; a foreign one carries Intacct's currency fields where each object wants
them: on every GLENTRY line of a journal entry, on the header of a bill, an invoice or a payment.
Amounts are always in the transaction currency (``TRX_AMOUNT``); Intacct converts them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from intacct import Function
from intacct.functions import (
    ArPaymentItem,
    Create,
    CreateArPayment,
    CreateInvoice,
    InvoiceLine,
    ReverseApPayment,
    ReverseArPayment,
    ReverseBill,
    ReverseInvoice,
    Update,
)
from trueerp.financial.models import Transaction
from trueerp.sage_intacct.mapping.services.context import MappingContext
from trueerp.sage_intacct.mapping.services.currency import Conversion
from trueerp.sage_intacct.mapping.services.prevalidation import Prepared, PreparedLine
from trueerp.sage_intacct.sync.models import SyncAction, SyncJob

# Dimension → field name on a GL entry / on a bill line (location and department differ).
GL_FIELDS = {
    "LOCATION": "LOCATION",
    "DEPARTMENT": "DEPARTMENT",
    "PROJECT": "PROJECTID",
    "TASK": "TASKID",
    "CUSTOMER": "CUSTOMERID",
    "VENDOR": "VENDORID",
    "EMPLOYEE": "EMPLOYEEID",
    "ITEM": "ITEMID",
    "CLASS": "CLASSID",
    "CONTRACT": "CONTRACTID",
}
DOC_FIELDS = {**GL_FIELDS, "LOCATION": "LOCATIONID", "DEPARTMENT": "DEPARTMENTID"}
INVOICE_ARGS = {
    "LOCATION": "location_id",
    "DEPARTMENT": "department_id",
    "PROJECT": "project_id",
    "CUSTOMER": "customer_id",
    "VENDOR": "vendor_id",
    "EMPLOYEE": "employee_id",
    "ITEM": "item_id",
    "CLASS": "class_id",
    "CONTRACT": "contract_id",
}

# (transaction type, action) → (Intacct object, how its reference is stored)
OBJECTS: dict[str, tuple[str, str]] = {
    Transaction.Type.JOURNAL_ENTRY: ("GLBATCH", "REFERENCENO"),
    Transaction.Type.AR_INVOICE: ("ARINVOICE", "RECORDID"),
    Transaction.Type.AP_BILL: ("APBILL", "RECORDID"),
    Transaction.Type.AR_PAYMENT: ("ARPYMT", "DOCNUMBER"),
    Transaction.Type.AP_PAYMENT: ("APPYMT", "DOCNUMBER"),
}


class NotSupported(Exception):
    """This action cannot be done through the API for this type; the message says what to do."""


@dataclass(frozen=True)
class Built:
    """One function to send and what it posts, as the posting ledger records it.

    The currency fields say what the function *sent*: ``currency`` is the ISO code written into the
    function ("" = nothing sent, the entity's base currency applies); the exchange-rate fields are
    empty unless a rate type or an explicit rate was sent.
    """

    function: Function
    intacct_object: str
    reference: str
    summary: str
    creates: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    currency: str = ""
    exchange_rate_type: str = ""
    exchange_rate: Decimal | None = None
    exchange_rate_date: dt.date | None = None


def reference_for(txn: Transaction, action: str) -> str:
    """The value the record carries in Intacct; a reversing journal entry gets its own."""
    if action == SyncAction.REVERSE and txn.type == Transaction.Type.JOURNAL_ENTRY:
        return f"REV {txn.number}"
    return txn.number


def control_id_for(company_id: int, txn_id: int, version: int, action: str, generation: int = 0) -> str:
    """Stable for one logical write, so a resend is refused by Intacct instead of posted twice."""
    base = f"trueerp-{company_id}-{txn_id}-v{version}-{action}"
    return f"{base}-r{generation}" if generation else base


def _dims(fields: dict[str, str], line: PreparedLine) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, value in line.dimensions.items():
        out[fields.get(kind, f"GLDIM{kind}")] = value
    return out


def _rate(conversion: Conversion) -> Decimal | None:
    return conversion.rate.normalize() if conversion.rate is not None else None


def currency_fields(conversion: Conversion) -> dict[str, Any]:
    """Intacct's generic-object currency fields; none for a record in the entity's base currency."""
    if not conversion.is_foreign:
        return {}
    fields: dict[str, Any] = {"CURRENCY": conversion.currency, "EXCH_RATE_DATE": conversion.rate_date}
    if conversion.rate is not None:
        fields["EXCHANGE_RATE"] = _rate(conversion)
    else:
        fields["EXCH_RATE_TYPE_ID"] = conversion.rate_type
    return fields


def _legacy_currency_args(conversion: Conversion) -> dict[str, Any]:
    """The same for the legacy AR functions (create_invoice, create_arpayment)."""
    if not conversion.is_foreign:
        return {}
    args: dict[str, Any] = {
        "base_currency": conversion.base_currency,
        "currency": conversion.currency,
        "exchange_rate_date": conversion.rate_date,
    }
    if conversion.rate is not None:
        args["exchange_rate"] = _rate(conversion)
    else:
        args["exchange_rate_type"] = conversion.rate_type
    return args


def _gl_entries(
    lines: list[PreparedLine], flip: bool = False, currency: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    entries = []
    currency = currency or {}
    for line in lines:
        debit = line.is_debit != flip
        entry: dict[str, Any] = {
            "ACCOUNTNO": line.account_no,
            "TR_TYPE": 1 if debit else -1,
            "TRX_AMOUNT": line.amount,
            **currency,
        }
        entry.update(_dims(GL_FIELDS, line))
        if line.memo:
            entry["DESCRIPTION"] = line.memo
        entries.append(entry)
    return entries


def _document_currency(conversion: Conversion) -> dict[str, Any]:
    """A bill's header names the base currency too (``BASECURR``), like Intacct's own bill form."""
    fields = currency_fields(conversion)
    return (
        {"CURRENCY": fields.pop("CURRENCY"), "BASECURR": conversion.base_currency, **fields} if fields else {}
    )


def _journal_entry(
    context: MappingContext,
    txn: Transaction,
    lines: list[PreparedLine],
    posting_date: dt.date,
    note: str,
    reference: str,
    flip: bool,
    currency: dict[str, Any] | None = None,
) -> dict[str, Any]:
    title = txn.description or f"{txn.get_type_display()} {txn.number}"
    if flip:
        title = f"Reversal of {txn.number}: {title}"[:100]
    record: dict[str, Any] = {
        "JOURNAL": context.settings.journal_symbol,
        "BATCH_DATE": posting_date,
        "BATCH_TITLE": title[:100],
        "REFERENCENO": reference,
    }
    if note:
        record["HISTORY_COMMENT"] = note[:200]
    record["ENTRIES"] = {"GLENTRY": _gl_entries(lines, flip, currency)}
    return record


def _signed(line: PreparedLine, positive_side_debit: bool) -> Decimal:
    """Document lines carry a sign: a discount on an invoice is a negative line, not a dropped one."""
    return line.amount if line.is_debit == positive_side_debit else -line.amount


def lines_from_posting(rows: list[dict[str, Any]]) -> list[PreparedLine]:
    """The lines a confirmed posting sent (posting ledger JSON), as the builders take them."""
    return [
        PreparedLine(
            int(row.get("line_no", n)),
            str(row["account"]),
            row["side"] == "debit",
            Decimal(str(row["amount"])),
            str(row.get("memo", "")),
            dict(row.get("dimensions", {})),
        )
        for n, row in enumerate(rows, 1)
    ]


def gl_currency_fields(
    currency: str, rate_type: str, rate: Decimal | None, rate_date: dt.date | None
) -> dict[str, Any]:
    """Intacct's currency fields of one GL entry, as a posting-ledger row recorded them ({} = none sent)."""
    if not currency:
        return {}
    fields: dict[str, Any] = {"CURRENCY": currency}
    if rate_date is not None:
        fields["EXCH_RATE_DATE"] = rate_date
    if rate is not None:
        fields["EXCHANGE_RATE"] = rate
    elif rate_type:
        fields["EXCH_RATE_TYPE_ID"] = rate_type
    return fields


def build_journal_reversal(
    context: MappingContext,
    txn: Transaction,
    control_id: str,
    lines: list[PreparedLine],
    posting_date: dt.date,
    note: str,
    *,
    currency: str = "",
    exchange_rate_type: str = "",
    exchange_rate: Decimal | None = None,
    exchange_rate_date: dt.date | None = None,
) -> Built:
    """A reversing journal entry of exactly what Intacct holds: the confirmed posting's lines flipped,
    in the currency and at the rate that posting recorded."""
    reference = reference_for(txn, SyncAction.REVERSE)
    record = _journal_entry(context, txn, lines, posting_date, note, reference, flip=True)
    fields = gl_currency_fields(currency, exchange_rate_type, exchange_rate, exchange_rate_date)
    if fields:
        record["ENTRIES"]["GLENTRY"] = [{**entry, **fields} for entry in record["ENTRIES"]["GLENTRY"]]
    function = Create("GLBATCH", record, control_id=control_id)
    summary = f"Create GLBATCH ref={reference} lines={len(lines)} (reversal of the confirmed posting)"
    return Built(
        function,
        "GLBATCH",
        reference,
        summary,
        currency=currency,
        exchange_rate_type=exchange_rate_type,
        exchange_rate=exchange_rate,
        exchange_rate_date=exchange_rate_date,
    )


def build(
    context: MappingContext, job: SyncJob, txn: Transaction, prepared: Prepared, intacct_key: str
) -> Built:
    """The function for this job; ``intacct_key`` is the record's key for update and reverse."""
    action = job.action
    control_id = job.control_id
    reference = reference_for(txn, action)
    obj, _field = OBJECTS[txn.type]
    kind = txn.type
    conversion = prepared.conversion
    function: Function
    if kind == Transaction.Type.JOURNAL_ENTRY:
        if action == SyncAction.REVERSE:
            raise ValueError("a journal entry is reversed from its confirmed posting: build_journal_reversal")
        record = _journal_entry(
            context,
            txn,
            prepared.lines,
            prepared.posting_date,
            prepared.note,
            reference,
            flip=False,
            currency=currency_fields(conversion),
        )
        if action == SyncAction.UPDATE:
            function = Update("GLBATCH", {"RECORDNO": intacct_key, **record}, control_id=control_id)
        else:
            function = Create("GLBATCH", record, control_id=control_id)
    elif action == SyncAction.REVERSE:
        reverse = {
            Transaction.Type.AR_INVOICE: ReverseInvoice,
            Transaction.Type.AP_BILL: ReverseBill,
            Transaction.Type.AR_PAYMENT: ReverseArPayment,
            Transaction.Type.AP_PAYMENT: ReverseApPayment,
        }[Transaction.Type(kind)]
        function = reverse(
            intacct_key, prepared.posting_date, memo=f"Void of {txn.number}", control_id=control_id
        )
    elif kind == Transaction.Type.AR_INVOICE:
        if action == SyncAction.UPDATE:
            raise NotSupported(
                "Intacct does not allow changing a posted AR invoice through the API: reverse it in Sage "
                "Intacct (Sage Actions > Reverse) and sync the corrected invoice again."
            )
        lines = [
            InvoiceLine(
                amount=_signed(line, positive_side_debit=False),
                gl_account_no=line.account_no,
                memo=line.memo or None,
                **{INVOICE_ARGS[k]: v for k, v in line.dimensions.items() if k in INVOICE_ARGS},  # type: ignore[arg-type]
            )
            for line in prepared.lines
        ]
        function = CreateInvoice(
            prepared.party_id,
            prepared.posting_date,
            lines,
            date_due=txn.due_date or prepared.posting_date,
            invoice_no=reference,
            description=txn.description or None,
            control_id=control_id,
            **_legacy_currency_args(conversion),
        )
    elif kind == Transaction.Type.AP_BILL:
        record = {
            "VENDORID": prepared.party_id,
            "WHENCREATED": prepared.posting_date,
            "WHENPOSTED": prepared.posting_date,
            "WHENDUE": txn.due_date or prepared.posting_date,
            "RECORDID": reference,
            "DOCNUMBER": txn.reference or reference,
            "DESCRIPTION": txn.description,
            **_document_currency(conversion),
            "APBILLITEMS": {
                "APBILLITEM": [
                    {
                        "ACCOUNTNO": line.account_no,
                        "TRX_AMOUNT": _signed(line, positive_side_debit=True),
                        "ENTRYDESCRIPTION": line.memo,
                        **_dims(DOC_FIELDS, line),
                    }
                    for line in prepared.lines
                ]
            },
        }
        if action == SyncAction.UPDATE:
            function = Update("APBILL", {"RECORDNO": intacct_key, **record}, control_id=control_id)
        else:
            function = Create("APBILL", record, control_id=control_id)
    elif action == SyncAction.UPDATE:
        raise NotSupported(
            "Intacct does not allow changing a payment through the API: reverse it in Sage Intacct and sync "
            "the corrected payment again."
        )
    elif kind == Transaction.Type.AR_PAYMENT:
        function = CreateArPayment(
            prepared.party_id,
            txn.total,
            prepared.posting_date,
            context.settings.payment_method,
            bank_account_id=context.settings.ar_bank_account_id,
            reference_id=reference,
            apply_to=[ArPaymentItem(intacct_key, txn.total)] if intacct_key else (),
            control_id=control_id,
            **_legacy_currency_args(conversion),
        )
    else:
        function = Create(
            "APPYMT",
            {
                "PAYMENTMETHOD": context.settings.payment_method,
                "FINANCIALENTITY": context.settings.ap_bank_account_id,
                "VENDORID": prepared.party_id,
                "DOCNUMBER": reference,
                "PAYMENTDATE": prepared.posting_date,
                **currency_fields(conversion),
                "APPYMTDETAILS": {
                    "APPYMTDETAIL": [{"RECORDKEY": intacct_key, "TRX_PAYMENTAMOUNT": txn.total}]
                },
            },
            control_id=control_id,
        )
    summary = f"{type(function).__name__} {obj} ref={reference} lines={len(prepared.lines)} entity={prepared.entity_id or 'top'}"
    if conversion.is_foreign:
        how = _rate(conversion) if conversion.rate is not None else conversion.rate_type
        summary += f" {conversion.currency}→{conversion.base_currency} ({how})"
    return Built(
        function,
        obj,
        reference,
        summary,
        currency=conversion.currency if conversion.is_foreign else "",
        exchange_rate_type=conversion.rate_type if conversion.is_foreign else "",
        exchange_rate=conversion.rate if conversion.is_foreign else None,
        exchange_rate_date=conversion.rate_date if conversion.is_foreign else None,
    )
