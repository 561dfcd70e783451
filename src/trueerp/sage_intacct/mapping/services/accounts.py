"""Account mapping administration: TRUE account → Intacct GL account (identity by number unless
pinned), suggestions by title, bulk accept, and Intacct's required-dimension flags per account."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction as db_transaction

from trueerp.core.audit import record_audit
from trueerp.core.models import Company, User
from trueerp.financial.models import Account
from trueerp.sage_intacct.mapping.models import AccountMapping, DimensionMapping
from trueerp.sage_intacct.mapping.services.context import DEFAULT_MAPPINGS
from trueerp.sage_intacct.mapping.services.dimensions import (
    SUGGESTED,
    Candidate,
    MappingInputError,
    Matcher,
    Table,
    classify,
    sort_rows,
)
from trueerp.sage_intacct.reference.labels import dimension_label
from trueerp.sage_intacct.reference.models import IntacctAccount
from trueerp.sage_intacct.reference.signals import sync_inputs_changed


def fed_dimensions(company: Company) -> set[str]:
    """Intacct dimensions some TRUE attribute feeds (the engine's defaults when none are stored)."""
    rows = list(DimensionMapping.objects.filter(company=company).values_list("dimension", "active"))
    if not rows:
        return {dimension for _source, dimension in DEFAULT_MAPPINGS}
    return {dimension.upper() for dimension, active in rows if active}


def account_table(company: Company) -> Table:
    intacct = {a.account_no: a for a in IntacctAccount.objects.filter(company=company)}
    candidates = [Candidate(a.account_no, a.title, a.active, a.owner_entity) for a in intacct.values()]
    matcher = Matcher(candidates)
    overrides = dict(
        AccountMapping.objects.filter(company=company).values_list("account__number", "intacct_account_no")
    )
    fed = fed_dimensions(company)
    rows = []
    for account in Account.objects.filter(company=company).order_by("number"):
        row = classify(
            account.number,
            account.name,
            DimensionMapping.MatchBy.ID,
            overrides.get(account.number),
            matcher,
            bool(candidates),
        )
        if row.how == "Same ID":
            row.how = "Same number"
        row.true_active = account.is_active
        target = row.target or row.suggestion
        cached = intacct.get(target.value_id) if target is not None else None
        if cached is not None:
            required = [str(k) for k in cached.required_dimensions]
            row.extra = {
                "required": [(dimension_label(k), k in fed) for k in required],
                "type": cached.account_type,
                "owner_entity": cached.owner_entity,
            }
        rows.append(row)
    return Table(sort_rows(rows), [c for c in candidates if c.active], bool(candidates))


def set_account_override(company: Company, actor: User, account_number: str, intacct_no: str) -> str:
    account = Account.objects.filter(company=company, number=account_number).first()
    if account is None:
        raise MappingInputError(f"Your company has no account {account_number!r}.")
    intacct_no = intacct_no.strip()
    if " — " in intacct_no:
        intacct_no = intacct_no.split(" — ", 1)[0].strip()
    existing = AccountMapping.objects.filter(company=company, account=account).first()
    before = {"intacct_account_no": existing.intacct_account_no if existing else ""}
    with db_transaction.atomic():
        if not intacct_no or intacct_no == account.number:
            if existing is None:
                return f"Account {account.number} already maps to the same number in Intacct."
            existing.delete()
            message = f"Account {account} maps to the same number in Intacct again."
        else:
            target = IntacctAccount.objects.filter(company=company, account_no=intacct_no).first()
            if target is None:
                raise MappingInputError(
                    f"Intacct has no GL account {intacct_no!r} (cached). Pick one from the list, or refresh "
                    "reference data if it was just created in Intacct."
                )
            if not target.active:
                raise MappingInputError(f"Intacct account {target} is inactive.")
            AccountMapping.objects.update_or_create(
                company=company, account=account, defaults={"intacct_account_no": intacct_no}
            )
            message = f"Account {account} is mapped to Intacct account {target}."
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.mapping.account",
            object_type="financial.account",
            object_id=account.pk,
            summary=message,
            before={"account": account.number, **before},
            after={"account": account.number, "intacct_account_no": intacct_no},
        )
    return message


def accept_account_suggestions(company: Company, actor: User, numbers: Iterable[str] | None = None) -> int:
    wanted = set(numbers) if numbers is not None else None
    accepted = [
        (row.code, row.suggestion.value_id)
        for row in account_table(company).rows
        if row.status == SUGGESTED and row.suggestion is not None and (wanted is None or row.code in wanted)
    ]
    if not accepted:
        return 0
    accounts = {
        a.number: a for a in Account.objects.filter(company=company, number__in=[c for c, _ in accepted])
    }
    with db_transaction.atomic():
        AccountMapping.objects.filter(company=company, account__in=accounts.values()).delete()
        AccountMapping.objects.bulk_create(
            [AccountMapping(company=company, account=accounts[c], intacct_account_no=v) for c, v in accepted]
        )
        record_audit(
            company=company,
            actor=actor,
            action="sage_intacct.mapping.account_bulk_accept",
            object_type="financial.account",
            summary=f"Account mapping: accepted {len(accepted)} suggested matches",
            after=dict(accepted),
        )
        sync_inputs_changed.send(sender=__name__, company_id=company.pk)
    return len(accepted)
