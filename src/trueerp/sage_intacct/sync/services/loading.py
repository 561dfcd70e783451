"""Loading a claimed batch: transactions, lines and the related records mapping reads.

Related records (accounts, jobs, branches …) repeat across a batch, so each is loaded once with
``in_bulk`` and attached, instead of once per line through joins: a batch of 100 entries makes a
few hundred model instances rather than a few thousand (the engine's largest CPU cost).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import prefetch_related_objects

from trueerp.financial.models import (
    Account,
    AccountingClass,
    Branch,
    Contract,
    Customer,
    Department,
    Employee,
    Job,
    Transaction,
    TransactionLine,
    Vendor,
)

_HEADER_LINKS: tuple[tuple[str, type[Any]], ...] = (
    ("job", Job),
    ("contract", Contract),
    ("branch", Branch),
    ("customer", Customer),
    ("vendor", Vendor),
    ("applies_to", Transaction),
)
_LINE_LINKS: tuple[tuple[str, type[Any]], ...] = (
    ("account", Account),
    ("job", Job),
    ("department", Department),
    ("branch", Branch),
    ("accounting_class", AccountingClass),
    ("customer", Customer),
    ("vendor", Vendor),
    ("employee", Employee),
)


def load_transactions(ids: list[int], with_custom: bool = True) -> dict[int, Transaction]:
    """The claimed transactions with their lines and everything mapping reads, in a few queries.

    Related records (accounts, jobs, branches …) repeat across a batch, so each is loaded once with
    ``in_bulk`` and attached, instead of once per line through joins: a batch of 100 entries makes
    a few hundred model instances rather than a few thousand.
    """
    txns = {t.pk: t for t in Transaction.objects.filter(pk__in=ids)}
    lines = list(TransactionLine.objects.filter(transaction_id__in=ids).order_by("transaction_id", "line_no"))
    wanted: dict[type[Any], set[int]] = defaultdict(set)
    for txn in txns.values():
        for name, model in _HEADER_LINKS:
            value = getattr(txn, f"{name}_id")
            if value is not None:
                wanted[model].add(value)
    for item in lines:
        for name, model in _LINE_LINKS:
            value = getattr(item, f"{name}_id")
            if value is not None:
                wanted[model].add(value)
    loaded: dict[type[Any], dict[int, Any]] = {}
    for model, pks in wanted.items():
        queryset = model.objects.all()
        if model is Job:
            queryset = queryset.select_related("contract", "branch", "department")
        loaded[model] = queryset.in_bulk(list(pks))
    for txn in txns.values():
        for name, model in _HEADER_LINKS:
            value = getattr(txn, f"{name}_id")
            if value is not None:
                setattr(txn, name, loaded[model][value])
    by_txn: dict[int, list[TransactionLine]] = defaultdict(list)
    for item in lines:
        for name, model in _LINE_LINKS:
            value = getattr(item, f"{name}_id")
            if value is not None:
                setattr(item, name, loaded[model][value])
        item.transaction = txns[item.transaction_id]
        by_txn[item.transaction_id].append(item)
    for pk, txn in txns.items():
        txn._sync_lines = by_txn[pk]  # type: ignore[attr-defined]  # read by prevalidation.lines_of
    if with_custom:
        prefetch_related_objects(lines, "custom_values__attribute")
    return txns
