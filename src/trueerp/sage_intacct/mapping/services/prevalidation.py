"""Pre-validation: check a record against the cached Intacct reference data before any API call.

Every problem is a complete sentence naming the TRUE thing and the Intacct thing involved and
saying what to change, so a person can fix it without reading Intacct's documentation. A record
with problems is *blocked*: it costs no API call, and it is re-checked when mapping or reference
data changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from trueerp.financial.models import (
    Account,
    Customer,
    FinancialPreferences,
    Transaction,
    TransactionLine,
    Vendor,
)
from trueerp.sage_intacct.mapping.models import ClosedPeriodPolicy, DimensionSource
from trueerp.sage_intacct.mapping.services.context import MappingContext, choose_entity, line_sources
from trueerp.sage_intacct.mapping.services.currency import (
    Conversion,
    conversion_for,
    payment_currency_problem,
)
from trueerp.sage_intacct.reference.labels import dimension_label

SETTINGS_HINT = "Settings > Sage Intacct"
FINANCIAL_DEFAULTS_HINT = "Company Preferences > Financial > Financial defaults"
# Intacct adds the receivables / payables line itself, so an invoice or bill sends every line except
# those on its control account; (preference field, account type, side the control line is on).
CONTROL_ACCOUNT: dict[str, tuple[str, str, str]] = {
    Transaction.Type.AR_INVOICE: ("receivables_account_id", Account.Type.ASSET, "debit"),
    Transaction.Type.AP_BILL: ("payables_account_id", Account.Type.LIABILITY, "credit"),
}


@dataclass
class PreparedLine:
    line_no: int
    account_no: str
    is_debit: bool
    amount: Decimal
    memo: str
    dimensions: dict[str, str] = field(default_factory=dict)


@dataclass
class Prepared:
    """What the builders need, or the problems that block the record."""

    entity_id: str
    posting_date: dt.date
    lines: list[PreparedLine] = field(default_factory=list)
    party_id: str = ""
    problems: list[str] = field(default_factory=list)
    note: str = ""
    rule_name: str = ""
    creates: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    conversion: Conversion = field(default_factory=lambda: Conversion("", ""))

    @property
    def ok(self) -> bool:
        return not self.problems


# The value of sync.models.SyncAction.CREATE: pre-validation sits below the sync (the mapping pages'
# rule tester runs it too) so it names the action by value; a test pins the two equal.
CREATE = "create"


def _where(entity: str) -> str:
    return f"entity {entity}" if entity else "the top level"


def _entity_choice(prepared: Prepared) -> str:
    suffix = f" (rule '{prepared.rule_name}')" if prepared.rule_name else " (the default entity)"
    return f"this transaction posts to {_where(prepared.entity_id)}{suffix}"


def prepare(
    context: MappingContext,
    txn: Transaction,
    action: str,
    reverse_date: dt.date | None = None,
    *,
    entity: str | None = None,
) -> Prepared:
    """Decide entity, date, accounts and dimensions; collect every problem rather than the first.

    ``entity`` pins the entity (an update goes to the entity Intacct holds the record in, whatever the
    rules say today); otherwise the entity rules choose it.
    """
    rule = None
    if entity is None:
        entity, rule = choose_entity(context, txn)
    date = reverse_date or txn.date
    prepared = Prepared(entity, date, rule_name=(rule.name or f"#{rule.position}") if rule else "")
    if not context.accounts:
        prepared.problems.append(
            f"Intacct reference data has not been loaded yet, so accounts and dimensions cannot be checked. "
            f"Refresh reference data in {SETTINGS_HINT}."
        )
        return prepared
    if entity and not context.entities.get(entity, False):
        known = ", ".join(sorted(e for e, active in context.entities.items() if active)) or "none"
        prepared.problems.append(
            f"Entity {entity} chosen for this transaction{' by rule ' + repr(prepared.rule_name) if rule else ''} "
            f"does not exist or is inactive in Intacct (entities found: {known}). Fix the entity-mapping rules "
            f"in {SETTINGS_HINT}."
        )
    _check_period(context, prepared)
    if txn.type == Transaction.Type.JOURNAL_ENTRY and context.journals:
        symbol = context.settings.journal_symbol
        if symbol not in context.journals:
            prepared.problems.append(
                f"Journal {symbol} does not exist in Intacct. Choose an existing journal in {SETTINGS_HINT}."
            )
    _check_party(context, txn, prepared)
    if txn.type in (Transaction.Type.AR_PAYMENT, Transaction.Type.AP_PAYMENT) and action == CREATE:
        if problem := payment_currency_problem(txn):
            prepared.problems.append(problem)
        line_entities = [_entity_of_true_line(context, txn, line) for line in lines_of(txn)]
        prepared.conversion = conversion_for(context, txn, entity, line_entities, prepared.problems)
        return prepared
    lines = lines_of(txn)
    control = _control_account(txn, lines, prepared) if txn.type in CONTROL_ACCOUNT else None
    for line in lines:
        if control is not None and line.account_id == control:
            continue
        prepared.lines.append(_prepare_line(context, txn, line, prepared))
    line_entities = [
        context.entity_of_location(p.dimensions["LOCATION"]) if p.dimensions.get("LOCATION") else ""
        for p in prepared.lines
    ]
    prepared.conversion = conversion_for(context, txn, entity, line_entities, prepared.problems)
    return prepared


def _entity_of_true_line(context: MappingContext, txn: Transaction, line: TransactionLine) -> str:
    """The entity a line's branch maps to, for records whose lines are not sent (payments)."""
    mapping = context.mappings.get((DimensionSource.BRANCH, ""))
    if mapping is None or mapping.dimension != "LOCATION":
        return ""
    for source in line_sources(txn, line, False):
        if source.source == DimensionSource.BRANCH:
            location = context.match("LOCATION", source.code, source.name, mapping)
            return context.entity_of_location(location) if location else ""
    return ""


def _control_account(txn: Transaction, lines: list[TransactionLine], prepared: Prepared) -> int | None:
    """The receivables / payables account of an invoice or bill: the Financial defaults' one, or else
    the only line on that side whose account is an asset (invoice) or liability (bill)."""
    field_name, account_type, side = CONTROL_ACCOUNT[txn.type]
    configured = (
        FinancialPreferences.objects.filter(company_id=txn.company_id)
        .values_list(field_name, flat=True)
        .first()
    )
    if configured:
        return int(configured)
    candidates = {
        line.account_id
        for line in lines
        if (line.debit if side == "debit" else line.credit) and line.account.type == account_type
    }
    if len(candidates) == 1:
        return candidates.pop()
    label = "receivables" if txn.type == Transaction.Type.AR_INVOICE else "payables"
    prepared.problems.append(
        f"TRUE cannot tell which line of {txn} is the {label} line that Intacct adds itself. Set the "
        f"{label} account in {FINANCIAL_DEFAULTS_HINT}."
    )
    return None


def dated(context: MappingContext, entity: str, date: dt.date, *, journal: bool = False) -> Prepared:
    """Checks for a write that sends no TRUE lines (a reversal of what Intacct holds): the entity, the
    journal and the date against closed periods and the closed-period policy."""
    prepared = Prepared(entity, date)
    if entity and not context.entities.get(entity, False):
        prepared.problems.append(
            f"Entity {entity}, where Intacct holds this record, does not exist or is inactive in Intacct. "
            "Reactivate it in Intacct and refresh reference data."
        )
    _check_period(context, prepared)
    symbol = context.settings.journal_symbol
    if journal and context.journals and symbol not in context.journals:
        prepared.problems.append(
            f"Journal {symbol} does not exist in Intacct. Choose an existing journal in {SETTINGS_HINT}."
        )
    return prepared


def lines_of(txn: Transaction) -> list[TransactionLine]:
    """The lines the engine loaded in bulk for this batch, or a query when called on its own."""
    loaded: list[TransactionLine] | None = getattr(txn, "_sync_lines", None)
    return loaded if loaded is not None else list(txn.lines.all())


def _check_period(context: MappingContext, prepared: Prepared) -> None:
    if not context.periods:
        return
    date = prepared.posting_date
    period = next((p for p in context.periods if p.start <= date <= p.end), None)  # type: ignore[operator]
    if period is None or not period.closed:
        return
    if context.settings.closed_period_policy == ClosedPeriodPolicy.NEXT_OPEN:
        later = next((p for p in context.periods if p.start > date and not p.closed), None)  # type: ignore[operator]
        if later is not None:
            prepared.posting_date = later.start  # type: ignore[assignment]
            prepared.note = (
                f"Period {period.name} is closed in Intacct; posted on {later.start:%m/%d/%Y} in {later.name} "
                "(closed-period policy: post to the first open period)."
            )
            return
    prepared.problems.append(
        f"The date {date:%m/%d/%Y} falls in {period.name}, which is closed in Intacct. Reopen the period in "
        f"Intacct, change the date, or set the closed-period policy to 'Post to the first open period' in "
        f"{SETTINGS_HINT}."
    )


AUTO_CREATE_ID_FIELDS = {"CUSTOMER": "CUSTOMERID", "VENDOR": "VENDORID", "PROJECT": "PROJECTID"}


def _auto_create(context: MappingContext, prepared: Prepared, kind: str, code: str, name: str) -> str | None:
    """With the company's switch on, a missing customer, vendor or project is created in Intacct
    (in the same request, before the record that needs it) instead of blocking the record."""
    switches = {
        "CUSTOMER": context.settings.auto_create_customers,
        "VENDOR": context.settings.auto_create_vendors,
        "PROJECT": context.settings.auto_create_projects,
    }
    if not switches.get(kind) or not code:
        return None
    record = {AUTO_CREATE_ID_FIELDS[kind]: code, "NAME": name or code}
    if kind == "PROJECT":
        record["PROJECTCATEGORY"] = "Contract"
    prepared.creates[(kind, code)] = record
    return code


def _check_party(context: MappingContext, txn: Transaction, prepared: Prepared) -> None:
    kinds: dict[str, tuple[str, Customer | Vendor | None, bool]] = {
        Transaction.Type.AR_INVOICE: ("CUSTOMER", txn.customer, context.settings.auto_create_customers),
        Transaction.Type.AR_PAYMENT: ("CUSTOMER", txn.customer, context.settings.auto_create_customers),
        Transaction.Type.AP_BILL: ("VENDOR", txn.vendor, context.settings.auto_create_vendors),
        Transaction.Type.AP_PAYMENT: ("VENDOR", txn.vendor, context.settings.auto_create_vendors),
    }
    if txn.type not in kinds:
        return
    kind, party, _switch = kinds[txn.type]
    if party is None:
        return
    source = DimensionSource.CUSTOMER if kind == "CUSTOMER" else DimensionSource.VENDOR
    mapping = context.mappings.get((source, ""))
    value_id = context.match(kind, party.code, party.name, mapping) if mapping else party.code
    cached = context.values.get((kind, value_id or ""))
    if (value_id is None or cached is None) and _auto_create(context, prepared, kind, party.code, party.name):
        prepared.party_id = party.code
        return
    if value_id is None or cached is None or not cached.active:
        label = dimension_label(kind).lower()
        prepared.problems.append(
            f"{dimension_label(kind)} {party.code} {party.name} does not exist in Intacct (or is inactive). "
            f"Create the {label} in Intacct and refresh reference data, or map the TRUE {label} to an Intacct "
            f"{label} in {SETTINGS_HINT} > Dimension mapping."
        )
        return
    prepared.party_id = value_id


def _prepare_line(
    context: MappingContext, txn: Transaction, line: TransactionLine, prepared: Prepared
) -> PreparedLine:
    problems = prepared.problems
    n = line.line_no
    account_no = context.account_map.get(line.account_id, line.account.number)
    result = PreparedLine(n, account_no, line.debit > 0, line.debit or line.credit, line.description)
    account = context.accounts.get(account_no)
    if account is None or not account.active:
        state = "is inactive" if account is not None else "does not exist"
        problems.append(
            f"Line {n}: TRUE account {line.account} maps to Intacct account {account_no}, which {state} in "
            f"Intacct. Map the account to an active Intacct account in {SETTINGS_HINT} > Account mapping."
        )
    origin: dict[str, str] = {}
    for source in line_sources(txn, line, context.uses_custom_attributes):
        mapping = context.mappings.get((source.source, source.attribute_code))
        if mapping is None or mapping.dimension in result.dimensions:
            continue
        value_id = context.match(mapping.dimension, source.code, source.name, mapping)
        label = dimension_label(mapping.dimension)
        if value_id is None:
            value_id = _auto_create(context, prepared, mapping.dimension, source.code, source.name)
            if value_id is not None:
                result.dimensions[mapping.dimension] = value_id
                origin[mapping.dimension] = source.what
                continue
            problems.append(
                f"Line {n}: TRUE {source.what} has no matching {label} in Intacct. Create it in Intacct and "
                f"refresh reference data, or map it to an Intacct {label.lower()} in {SETTINGS_HINT} > "
                "Dimension mapping."
            )
            continue
        cached = context.values.get((mapping.dimension, value_id))
        if cached is not None and not cached.active:
            problems.append(
                f"Line {n}: {label} {value_id} {cached.name} (from TRUE {source.what}) is inactive in Intacct. "
                f"Reactivate it in Intacct or map the TRUE value to an active {label.lower()}."
            )
            continue
        result.dimensions[mapping.dimension] = value_id
        origin[mapping.dimension] = source.what
    location = result.dimensions.get("LOCATION", "")
    line_entity = context.entity_of_location(location) if location else prepared.entity_id
    if location and prepared.entity_id and line_entity != prepared.entity_id:
        problems.append(
            f"Line {n}: TRUE {origin['LOCATION']} maps to Intacct location {location}, which belongs to "
            f"{_where(line_entity)}, but {_entity_choice(prepared)}. Change the line's branch or the "
            f"entity-mapping rules in {SETTINGS_HINT}."
        )
    for kind, value_id in result.dimensions.items():
        cached = context.values.get((kind, value_id))
        if cached is None or not cached.owner_entity or kind == "LOCATION":
            continue
        if cached.owner_entity != line_entity:
            problems.append(
                f"Line {n}: {dimension_label(kind)} {value_id} {cached.name} (from TRUE {origin[kind]}) is "
                f"private to Intacct entity {cached.owner_entity} and cannot be used in "
                f"{_where(line_entity)}. Use a shared value or one of {_where(line_entity)}, or post this "
                f"transaction to entity {cached.owner_entity} through the entity-mapping rules in {SETTINGS_HINT}."
            )
    if account is not None:
        if account.owner_entity and account.owner_entity != line_entity:
            problems.append(
                f"Line {n}: Intacct account {account.account_no} {account.title} is private to entity "
                f"{account.owner_entity} and cannot be used in {_where(line_entity)}."
            )
        for kind in account.required:
            if kind not in result.dimensions:
                label = dimension_label(kind)
                problems.append(
                    f"Account {account.account_no} {account.title} requires a {label} in Intacct; line {n} has "
                    f"none. Set a {label.lower()} on the line, or map the TRUE attribute that should supply it "
                    f"to the Intacct {label} dimension in {SETTINGS_HINT} > Dimension mapping."
                )
    return result
