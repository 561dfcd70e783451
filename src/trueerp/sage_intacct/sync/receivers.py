"""Signal receivers: the outbox rows are written inside the Financial module's atomic block.

The Financial module sends its signals inside the database transaction that changes the
transaction, so a sync job (or a badge change) commits or rolls back with the change. Receivers
never call Intacct: each is a request to the state machine, and the queue is notified on commit.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from trueerp.financial.models import Transaction
from trueerp.financial.signals import transaction_changed, transaction_posted, transaction_voided
from trueerp.sage_intacct.connection.models import ConnectionStatus, IntacctConnection
from trueerp.sage_intacct.mapping.models import (
    AccountMapping,
    DimensionMapping,
    DimensionValueOverride,
    EntityRule,
)
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.reference.signals import sync_inputs_changed
from trueerp.sage_intacct.sync.models import TransactionSyncState
from trueerp.sage_intacct.sync.services.state import bulk, machine, requests, worker


def _syncs(txn: Transaction) -> bool:
    """The company is connected and its automation selects this transaction type."""
    if not IntacctConnection.objects.filter(company_id=txn.company_id).exists():
        return False
    sync_settings = settings_for(txn.company)
    return sync_settings.auto_sync and txn.type in (sync_settings.auto_sync_types or [])


@receiver(transaction_posted, dispatch_uid="sage_intacct_on_posted")
def on_posted(sender: Any, *, transaction: Transaction, actor: Any = None, **_: Any) -> None:
    if _syncs(transaction):
        requests.request(transaction, machine.POST, actor=actor)


@receiver(transaction_changed, dispatch_uid="sage_intacct_on_changed")
def on_changed(sender: Any, *, transaction: Transaction, created: bool = False, **_: Any) -> None:
    """A new version in TRUE: a waiting job carries it, a blocked one is checked again (the edit may
    be the fix), a synced record becomes desynchronized. What is out stays as it was sent."""
    if created or not TransactionSyncState.objects.filter(transaction=transaction).exists():
        return
    requests.request(transaction, machine.EDIT)


@receiver(transaction_voided, dispatch_uid="sage_intacct_on_voided")
def on_voided(sender: Any, *, transaction: Transaction, actor: Any = None, **_: Any) -> None:
    """Void in TRUE: a waiting sync is cancelled; what Intacct holds (or may hold) is reversed there."""
    if not TransactionSyncState.objects.filter(transaction=transaction).exists():
        return
    requests.request(transaction, machine.VOID, actor=actor)


@receiver(post_save, sender=IntacctConnection, dispatch_uid="sage_intacct_connection_saved")
def on_connection_saved(sender: Any, instance: IntacctConnection, **_: Any) -> None:
    """Keys that work again (saved and tested, or re-checked) resume a queue paused by rejected ones."""
    if instance.status == ConnectionStatus.CONNECTED and worker.is_paused(instance.company_id):
        worker.resume_company(instance.company_id)


@receiver(post_save, sender=EntityRule, dispatch_uid="sage_intacct_rule_saved")
@receiver(post_delete, sender=EntityRule, dispatch_uid="sage_intacct_rule_deleted")
@receiver(post_save, sender=DimensionMapping, dispatch_uid="sage_intacct_dimmap_saved")
@receiver(post_delete, sender=DimensionMapping, dispatch_uid="sage_intacct_dimmap_deleted")
@receiver(post_save, sender=AccountMapping, dispatch_uid="sage_intacct_accmap_saved")
@receiver(post_delete, sender=AccountMapping, dispatch_uid="sage_intacct_accmap_deleted")
def on_mapping_changed(sender: Any, instance: Any, **_: Any) -> None:
    bulk.mapping_changed(instance.company_id)


@receiver(post_save, sender=DimensionValueOverride, dispatch_uid="sage_intacct_override_saved")
@receiver(post_delete, sender=DimensionValueOverride, dispatch_uid="sage_intacct_override_deleted")
def on_override_changed(sender: Any, instance: DimensionValueOverride, **_: Any) -> None:
    company_id = (
        DimensionMapping.objects.filter(pk=instance.mapping_id).values_list("company_id", flat=True).first()
    )
    if company_id is not None:
        bulk.mapping_changed(company_id)


@receiver(sync_inputs_changed, dispatch_uid="sage_intacct_sync_inputs_changed")
def on_sync_inputs_changed(sender: Any, *, company_id: int, **_: Any) -> None:
    bulk.mapping_changed(company_id)
