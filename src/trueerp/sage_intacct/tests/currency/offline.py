"""Offline set-up for the currency tests: a mapping context built by hand (US USD, CA CAD, UK GBP)
and TRUE documents in any currency, so builders and pre-validation run without an emulator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from trueerp.core.models import Company
from trueerp.financial.models import Transaction
from trueerp.financial.services.transactions import TransactionInput, create_transaction
from trueerp.sage_intacct.mapping.models import DimensionMapping, DimensionSource
from trueerp.sage_intacct.mapping.services.context import (
    CachedAccount,
    CachedValue,
    MappingContext,
    ResolvedMapping,
    settings_for,
)
from trueerp.sage_intacct.mapping.services.prevalidation import CREATE, Prepared, prepare
from trueerp.sage_intacct.sync.models import SyncJob
from trueerp.sage_intacct.sync.services.builders import Built, build
from trueerp.sage_intacct.tests.sync_support import DAY, Master, line

BASES = {"US": "USD", "CA": "CAD", "UK": "GBP"}
ACCOUNTS = ("1000", "1100", "2000", "4000", "5100", "6200")


def context_for(company: Company, entity: str = "US", **extra: Any) -> MappingContext:
    settings = settings_for(company)
    settings.default_entity_id = entity
    values = {
        (kind, code): CachedValue(code, code, "", "", True)
        for kind, code in (("CUSTOMER", "C100"), ("VENDOR", "V100"))
    }
    for location, owner in (("US-NY", "US"), ("US-TX", "US"), ("CA-ON", "CA"), ("UK-LDN", "UK")):
        values[("LOCATION", location)] = CachedValue(location, location, owner, owner, True)
    fields: dict[str, Any] = {
        "entities": dict.fromkeys(BASES, True),
        "entity_currencies": dict(BASES),
        "company_base_currency": "USD",
        **extra,
    }
    return MappingContext(
        company_id=company.pk,
        revision=0,
        settings=settings,
        rules=[],
        mappings={(DimensionSource.BRANCH, ""): ResolvedMapping("LOCATION", DimensionMapping.MatchBy.ID, {})},
        account_map={},
        accounts={no: CachedAccount(no, f"Account {no}", (), "", True) for no in ACCOUNTS},
        values=values,
        names={},
        journals=set(),
        periods=[],
        kinds_loaded={"CUSTOMER", "VENDOR", "LOCATION"},
        **fields,
    )


def document(company: Company, m: Master, kind: str, amount: str = "500.00", **header: Any) -> Transaction:
    """A posted document of ``kind`` with the lines Financial would give it."""
    a = m.accounts
    lines = {
        Transaction.Type.JOURNAL_ENTRY: [line(a["6200"], debit=amount), line(a["1000"], credit=amount)],
        Transaction.Type.AR_INVOICE: [line(a["1100"], debit=amount), line(a["4000"], credit=amount)],
        Transaction.Type.AP_BILL: [line(a["5100"], debit=amount), line(a["2000"], credit=amount)],
        Transaction.Type.AR_PAYMENT: [line(a["1000"], debit=amount), line(a["1100"], credit=amount)],
        Transaction.Type.AP_PAYMENT: [line(a["2000"], debit=amount), line(a["1000"], credit=amount)],
    }[Transaction.Type(kind)]
    party: dict[str, Any] = {}
    if kind in (Transaction.Type.AR_INVOICE, Transaction.Type.AR_PAYMENT):
        party["customer"] = m.customers["C100"]
    if kind in (Transaction.Type.AP_BILL, Transaction.Type.AP_PAYMENT):
        party["vendor"] = m.vendors["V100"]
    data = TransactionInput(type=kind, date=header.pop("on", DAY), lines=lines, **party, **header)
    return create_transaction(company=company, actor=None, data=data, post=True)


def prepared_and_built(
    context: MappingContext,
    txn: Transaction,
    action: str = CREATE,
    *,
    key: str = "",
    reverse_date: dt.date | None = None,
) -> tuple[Prepared, Built]:
    prepared = prepare(context, txn, action, reverse_date)
    assert prepared.problems == []
    job = SyncJob(action=action, control_id=f"cid-{txn.pk}-{action}", version=txn.version)
    return prepared, build(context, job, txn, prepared, key)
