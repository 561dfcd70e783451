"""Creating, editing, posting, voiding and duplicating financial transactions.

Every function here that changes a transaction does all its writes in one ``transaction.atomic()``
block and, still inside that block, writes an audit entry and sends one of the signals of
`trueerp.financial.signals`:

====================  ==========================  =============================================
function              state change                signal
====================  ==========================  =============================================
create_transaction    → draft                     ``transaction_changed`` (``created=True``)
update_transaction    draft/posted, version + 1   ``transaction_changed`` (``created=False``)
post_transaction      draft → posted              ``transaction_posted``
void_transaction      posted → void               ``transaction_voided``
duplicate_transaction → new draft                 ``transaction_changed`` (``created=True``)
====================  ==========================  =============================================

Because the signal is sent inside the atomic block, an integration's receiver can write its
outbox row (a sync job) in the same database transaction as the change: both commit or neither
does, and an exception in a receiver rolls the change back. Receivers must not do slow or remote
work; they enqueue it with ``transaction.on_commit``.

Lines are double-entry: each line is a debit or a credit, and every transaction type is posted
balanced (an AR invoice debits receivables and credits revenue, a payment moves cash against
receivables or payables). The total of a transaction is the sum of its debits.

Errors are data: `PostingError` and `TransactionError` carry ``problems``, a list of complete
sentences, one per problem, so a page can show all of them at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction as db_transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from trueerp.core.audit import record_audit
from trueerp.core.models import AuditEntry, Company, User
from trueerp.financial import currencies
from trueerp.financial.models import (
    ZERO,
    Account,
    AccountingClass,
    Branch,
    Contract,
    CustomAttributeValue,
    Customer,
    Department,
    Employee,
    FinancialPreferences,
    Job,
    Transaction,
    TransactionLine,
    Vendor,
)
from trueerp.financial.signals import transaction_changed, transaction_posted, transaction_voided

AUDIT_OBJECT_TYPE = "financial.transaction"
CUSTOMER_TYPES = frozenset({Transaction.Type.AR_INVOICE, Transaction.Type.AR_PAYMENT})
VENDOR_TYPES = frozenset({Transaction.Type.AP_BILL, Transaction.Type.AP_PAYMENT})


class FinancialError(Exception):
    """A change that was refused; ``problems`` lists every reason as a sentence for people."""

    def __init__(self, summary: str, problems: Sequence[str]) -> None:
        self.summary = summary
        self.problems = list(problems)
        super().__init__(f"{summary} " + " ".join(self.problems) if self.problems else summary)


class PostingError(FinancialError):
    """The transaction cannot be posted (or cannot stay posted after an edit)."""


class TransactionError(FinancialError):
    """The input or the transaction's state does not allow this change."""


@dataclass
class LineInput:
    account: Account
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    description: str = ""
    job: Job | None = None
    department: Department | None = None
    branch: Branch | None = None
    accounting_class: AccountingClass | None = None
    customer: Customer | None = None
    vendor: Vendor | None = None
    employee: Employee | None = None
    custom_values: Sequence[CustomAttributeValue] = ()


@dataclass
class TransactionInput:
    type: str
    date: dt.date
    lines: Sequence[LineInput] = field(default_factory=list)
    number: str = ""
    description: str = ""
    reference: str = ""
    currency: str = ""  # blank: the branch's currency (see `currencies.home_currency`)
    exchange_rate: Decimal | None = None
    exchange_rate_type: str = ""
    exchange_rate_date: dt.date | None = None  # blank: the transaction date
    due_date: dt.date | None = None
    customer: Customer | None = None
    vendor: Vendor | None = None
    branch: Branch | None = None
    job: Job | None = None
    contract: Contract | None = None
    applies_to: Transaction | None = None


def money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def type_label(transaction_type: str) -> str:
    return str(Transaction.Type(transaction_type).label)


def _with_article(label: str) -> str:
    return f"{'An' if label[0] in 'AEIOU' else 'A'} {label}"


# --- numbering --------------------------------------------------------------------------------


def preferences_for(company: Company) -> FinancialPreferences:
    preferences, _created = FinancialPreferences.objects.get_or_create(company=company)
    return preferences


def next_document_number(company: Company, transaction_type: str, *, lock: bool = False) -> str:
    """The next free number for this type: the preference prefix + a zero-padded sequence.

    With ``lock=True`` (inside the atomic block that saves the transaction) the company's
    preferences row is locked first, so two writers on PostgreSQL number one after the other
    (SQLite serializes writers anyway); the unique constraint on (company, type, number) stays
    the final guard.
    """
    if lock:
        preferences_for(company)
        preferences = FinancialPreferences.objects.select_for_update().get(company=company)
    else:
        preferences = preferences_for(company)
    prefix = preferences.prefix_for(transaction_type)
    digits = preferences.number_digits
    existing = Transaction.objects.filter(company=company, type=transaction_type, number__startswith=prefix)
    last = (
        existing.filter(number__regex=rf"^{_regex_escape(prefix)}[0-9]{{{digits}}}$")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last else 1
    candidate = f"{prefix}{sequence:0{digits}d}"
    while existing.filter(number=candidate).exists():
        sequence += 1
        candidate = f"{prefix}{sequence:0{digits}d}"
    return candidate


def _regex_escape(text: str) -> str:
    return "".join(f"\\{char}" if not char.isalnum() else char for char in text)


# --- validation -------------------------------------------------------------------------------


def _input_problems(company: Company, data: TransactionInput) -> list[str]:
    """Problems that make the input unsaveable even as a draft."""
    code, problems = _currency_problems(company, data)
    if data.type not in Transaction.Type.values:
        problems.append(f"Unknown transaction type {data.type!r}.")
    header_refs: list[tuple[str, Model | None]] = [
        ("customer", data.customer),
        ("vendor", data.vendor),
        ("branch", data.branch),
        ("job", data.job),
        ("contract", data.contract),
        ("applied document", data.applies_to),
    ]
    for label, obj in header_refs:
        if obj is not None and getattr(obj, "company_id", None) != company.pk:
            problems.append(f"The {label} belongs to another company.")
    for line_no, line in enumerate(data.lines, start=1):
        refs: list[tuple[str, Model | None]] = [
            ("account", line.account),
            ("job", line.job),
            ("department", line.department),
            ("branch", line.branch),
            ("class", line.accounting_class),
            ("customer", line.customer),
            ("vendor", line.vendor),
            ("employee", line.employee),
        ]
        for label, obj in refs:
            if obj is not None and getattr(obj, "company_id", None) != company.pk:
                problems.append(f"Line {line_no}: the {label} belongs to another company.")
        for value in line.custom_values:
            if value.attribute.company_id != company.pk:
                problems.append(
                    f"Line {line_no}: the attribute value {value.name} belongs to another company."
                )
        if line.debit < 0 or line.credit < 0:
            problems.append(f"Line {line_no}: amounts cannot be negative.")
        elif line.debit > 0 and line.credit > 0:
            problems.append(f"Line {line_no}: enter either a debit or a credit, not both.")
        elif code and (problem := currencies.amount_problem(code, line.debit or line.credit)):
            problems.append(f"Line {line_no}: {problem}")
    return problems


def _currency_problems(company: Company, data: TransactionInput) -> tuple[str, list[str]]:
    """The transaction currency the input resolves to, and what is wrong with its currency fields."""
    code = currencies.normalize_code(data.currency) or currencies.home_currency(
        company, data.branch, data.job
    )
    problem = currencies.currency_problem(code)
    problems = [problem] if problem else []
    problems += currencies.rate_problems(data.exchange_rate, data.exchange_rate_type.strip())
    return ("" if problem else code), problems


@dataclass(frozen=True)
class PostingLine:
    line_no: int
    account: Account
    debit: Decimal
    credit: Decimal


def posting_problems(
    transaction_type: str,
    customer: Customer | None,
    vendor: Vendor | None,
    lines: Sequence[PostingLine],
) -> list[str]:
    """Every reason this transaction cannot be posted, in a stable order; empty when it can."""
    problems: list[str] = []
    label = type_label(transaction_type)
    if transaction_type in CUSTOMER_TYPES and customer is None:
        problems.append(f"{_with_article(label)} needs a customer.")
    if transaction_type in VENDOR_TYPES and vendor is None:
        problems.append(f"{_with_article(label)} needs a vendor.")
    minimum = 2
    if len(lines) < minimum:
        if transaction_type == Transaction.Type.JOURNAL_ENTRY:
            problems.append(f"A journal entry needs at least 2 lines; it has {len(lines)}.")
        else:
            problems.append(f"{_with_article(label)} needs at least 2 lines; it has {len(lines)}.")
    for line in lines:
        if line.debit == 0 and line.credit == 0:
            problems.append(f"Line {line.line_no}: enter a debit or a credit amount.")
        if not line.account.is_active:
            problems.append(f"Line {line.line_no}: account {line.account} is inactive.")
    total_debit = sum((line.debit for line in lines), ZERO)
    total_credit = sum((line.credit for line in lines), ZERO)
    if total_debit != total_credit:
        problems.append(
            f"Debits ({money(total_debit)}) do not equal credits ({money(total_credit)}); "
            f"the difference is {money(abs(total_debit - total_credit))}."
        )
    elif total_debit == 0:
        problems.append("The total is zero; a transaction must move an amount greater than zero.")
    return problems


def _problems_of_saved(txn: Transaction) -> list[str]:
    lines = [
        PostingLine(line.line_no, line.account, line.debit, line.credit)
        for line in txn.lines.select_related("account").order_by("line_no")
    ]
    return posting_problems(txn.type, txn.customer, txn.vendor, lines)


def _totals(lines: Sequence[LineInput]) -> Decimal:
    total_debit = sum((line.debit for line in lines), ZERO)
    total_credit = sum((line.credit for line in lines), ZERO)
    return max(total_debit, total_credit)


# --- writing ----------------------------------------------------------------------------------


def _apply_header(txn: Transaction, data: TransactionInput) -> None:
    txn.date = data.date
    txn.due_date = data.due_date
    txn.description = data.description
    txn.reference = data.reference
    txn.currency = currencies.normalize_code(data.currency) or currencies.home_currency(
        txn.company, data.branch, data.job
    )
    txn.exchange_rate = data.exchange_rate
    txn.exchange_rate_type = data.exchange_rate_type.strip()
    txn.exchange_rate_date = data.exchange_rate_date
    txn.customer = data.customer
    txn.vendor = data.vendor
    txn.branch = data.branch
    txn.job = data.job
    txn.contract = data.contract
    txn.applies_to = data.applies_to
    txn.total = _totals(data.lines)


def _write_lines(txn: Transaction, lines: Sequence[LineInput]) -> None:
    txn.lines.all().delete()
    created = TransactionLine.objects.bulk_create(
        [
            TransactionLine(
                transaction=txn,
                line_no=line_no,
                account=line.account,
                description=line.description,
                debit=line.debit,
                credit=line.credit,
                job=line.job,
                department=line.department,
                branch=line.branch,
                accounting_class=line.accounting_class,
                customer=line.customer,
                vendor=line.vendor,
                employee=line.employee,
            )
            for line_no, line in enumerate(lines, start=1)
        ]
    )
    through = TransactionLine.custom_values.through
    links = [
        through(transactionline_id=row.pk, customattributevalue_id=value.pk)
        for row, line in zip(created, lines, strict=True)
        for value in line.custom_values
    ]
    if links:
        through.objects.bulk_create(links)


def _reject_unless(condition: bool, summary: str, problem: str) -> None:
    if not condition:
        raise TransactionError(summary, [problem])


def _locked(txn: Transaction) -> Transaction:
    """Re-read the row under a lock so two requests cannot both post or void it."""
    return (
        Transaction.objects.select_for_update(of=("self",))
        .select_related("company", "customer", "vendor")
        .get(pk=txn.pk)
    )


def create_transaction(
    *, company: Company, actor: User | None, data: TransactionInput, post: bool = False
) -> Transaction:
    """Save a new draft (numbered from the preferences when no number is given); optionally post it.

    With ``post=True`` a posting failure rolls back the draft as well: nothing is half-saved.
    """
    problems = _input_problems(company, data)
    if problems:
        raise TransactionError("The transaction was not saved.", problems)
    with db_transaction.atomic():
        number = data.number.strip() or next_document_number(company, data.type, lock=True)
        if Transaction.objects.filter(company=company, type=data.type, number=number).exists():
            raise TransactionError(
                "The transaction was not saved.",
                [f"{type_label(data.type)} number {number} is already used."],
            )
        txn = Transaction(company=company, type=data.type, number=number, created_by=actor)
        _apply_header(txn, data)
        txn.save()
        _write_lines(txn, data.lines)
        record_audit(
            company=company,
            actor=actor,
            action="financial.transaction.created",
            object_type=AUDIT_OBJECT_TYPE,
            object_id=txn.pk,
            summary=f"Created draft {txn} ({money(txn.total)} {txn.currency})",
            after=txn.snapshot(),
        )
        transaction_changed.send(
            sender=Transaction, transaction=txn, actor=actor, created=True, previous_version=None
        )
        if post:
            txn = post_transaction(txn, actor=actor)
    return txn


def update_transaction(
    txn: Transaction, *, actor: User | None, data: TransactionInput, post: bool = False
) -> Transaction:
    """Replace header and lines of a draft or posted transaction and bump its version.

    A posted transaction stays posted and must still pass every posting check; otherwise the edit
    is refused with `PostingError` and nothing changes.
    """
    company = txn.company
    problems = _input_problems(company, data)
    if problems:
        raise TransactionError("The transaction was not saved.", problems)
    with db_transaction.atomic():
        txn = _locked(txn)
        _reject_unless(
            txn.state in (Transaction.State.DRAFT, Transaction.State.POSTED),
            f"{txn} was not changed.",
            f"A {txn.get_state_display().lower()} transaction cannot be edited.",
        )
        _reject_unless(
            data.type == txn.type,
            f"{txn} was not changed.",
            "The type of a saved transaction cannot be changed; duplicate it instead.",
        )
        number = data.number.strip() or txn.number
        if (
            number != txn.number
            and Transaction.objects.filter(company=company, type=txn.type, number=number).exists()
        ):
            raise TransactionError(
                f"{txn} was not changed.", [f"{type_label(txn.type)} number {number} is already used."]
            )
        before = txn.snapshot()
        previous_version = txn.version
        txn.number = number
        _apply_header(txn, data)
        txn.version = previous_version + 1
        txn.save()
        _write_lines(txn, data.lines)
        if txn.state == Transaction.State.POSTED:
            problems = _problems_of_saved(txn)
            if problems:
                raise PostingError(f"{txn} is posted, so the edit must keep it postable.", problems)
        record_audit(
            company=company,
            actor=actor,
            action="financial.transaction.updated",
            object_type=AUDIT_OBJECT_TYPE,
            object_id=txn.pk,
            summary=f"Edited {txn} (version {previous_version} → {txn.version})",
            before=before,
            after=txn.snapshot(),
        )
        transaction_changed.send(
            sender=Transaction, transaction=txn, actor=actor, created=False, previous_version=previous_version
        )
        if post and txn.state == Transaction.State.DRAFT:
            txn = post_transaction(txn, actor=actor)
    return txn


def post_transaction(txn: Transaction, *, actor: User | None) -> Transaction:
    """Draft → posted after every check passes; raises `PostingError` listing every problem."""
    with db_transaction.atomic():
        txn = _locked(txn)
        if txn.state != Transaction.State.DRAFT:
            raise PostingError(
                f"Cannot post {txn}:",
                [f"only drafts can be posted, and it is {txn.get_state_display().lower()}."],
            )
        problems = _problems_of_saved(txn)
        if problems:
            raise PostingError(f"Cannot post {txn}:", problems)
        before = txn.snapshot()
        txn.state = Transaction.State.POSTED
        txn.posted_at = timezone.now()
        txn.save(update_fields=["state", "posted_at", "updated_at"])
        record_audit(
            company=txn.company,
            actor=actor,
            action="financial.transaction.posted",
            object_type=AUDIT_OBJECT_TYPE,
            object_id=txn.pk,
            summary=f"Posted {txn} ({money(txn.total)} {txn.currency})",
            before=before,
            after=txn.snapshot(),
        )
        transaction_posted.send(sender=Transaction, transaction=txn, actor=actor)
    return txn


def void_transaction(txn: Transaction, *, actor: User | None, reason: str = "") -> Transaction:
    """Posted → void. The lines stay for the record; a void transaction can no longer change."""
    with db_transaction.atomic():
        txn = _locked(txn)
        _reject_unless(
            txn.state == Transaction.State.POSTED,
            f"Cannot void {txn}:",
            f"only posted transactions can be voided, and it is {txn.get_state_display().lower()}.",
        )
        before = txn.snapshot()
        txn.state = Transaction.State.VOID
        txn.voided_at = timezone.now()
        txn.save(update_fields=["state", "voided_at", "updated_at"])
        summary = f"Voided {txn}" + (f": {reason}" if reason else "")
        record_audit(
            company=txn.company,
            actor=actor,
            action="financial.transaction.voided",
            object_type=AUDIT_OBJECT_TYPE,
            object_id=txn.pk,
            summary=summary,
            before=before,
            after=txn.snapshot(),
        )
        transaction_voided.send(sender=Transaction, transaction=txn, actor=actor)
    return txn


def transaction_input_from(txn: Transaction) -> TransactionInput:
    """The editable content of a saved transaction (used to duplicate it and to pre-fill forms)."""
    lines = [
        LineInput(
            account=line.account,
            debit=line.debit,
            credit=line.credit,
            description=line.description,
            job=line.job,
            department=line.department,
            branch=line.branch,
            accounting_class=line.accounting_class,
            customer=line.customer,
            vendor=line.vendor,
            employee=line.employee,
            custom_values=list(line.custom_values.select_related("attribute")),
        )
        for line in txn.lines.select_related(
            "account", "job", "department", "branch", "accounting_class", "customer", "vendor", "employee"
        ).order_by("line_no")
    ]
    return TransactionInput(
        type=txn.type,
        date=txn.date,
        lines=lines,
        number=txn.number,
        description=txn.description,
        reference=txn.reference,
        currency=txn.currency,
        exchange_rate=txn.exchange_rate,
        exchange_rate_type=txn.exchange_rate_type,
        exchange_rate_date=txn.exchange_rate_date,
        due_date=txn.due_date,
        customer=txn.customer,
        vendor=txn.vendor,
        branch=txn.branch,
        job=txn.job,
        contract=txn.contract,
        applies_to=txn.applies_to,
    )


def duplicate_transaction(
    txn: Transaction, *, actor: User | None, on_date: dt.date | None = None
) -> Transaction:
    """A new draft with the same content and a new number (any state can be duplicated)."""
    data = transaction_input_from(txn)
    data.number = ""
    data.date = on_date or txn.date
    if on_date is not None and on_date != txn.date:
        data.exchange_rate_date = None  # the copy's rate follows its own date
    data.description = txn.description
    data.reference = txn.reference
    with db_transaction.atomic():
        copy = create_transaction(company=txn.company, actor=actor, data=data)
        record_audit(
            company=txn.company,
            actor=actor,
            action="financial.transaction.duplicated",
            object_type=AUDIT_OBJECT_TYPE,
            object_id=txn.pk,
            summary=f"Duplicated {txn} as draft {copy.number}",
        )
    return copy


def audit_history(txn: Transaction) -> QuerySet[AuditEntry]:
    """The audit entries of one transaction, newest first."""
    return (
        AuditEntry.objects.filter(
            company_id=txn.company_id, object_type=AUDIT_OBJECT_TYPE, object_id=str(txn.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
