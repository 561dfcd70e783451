"""Signal receivers: the outbox rows are written inside the Financial module's atomic block.

The Financial module sends its signals inside the database transaction that changes the
transaction, so a sync job (or a badge change) commits or rolls back with the change. Receivers
never call Intacct; `outbox.schedule_dispatch` notifies the queue on commit.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from trueerp.financial.models import Transaction
from trueerp.financial.signals import transaction_changed, transaction_posted, transaction_voided
from trueerp.sage_intacct.connection.models import IntacctConnection
from trueerp.sage_intacct.mapping.models import (
    AccountMapping,
    DimensionMapping,
    DimensionValueOverride,
    EntityRule,
)
from trueerp.sage_intacct.mapping.services.context import settings_for
from trueerp.sage_intacct.reference.signals import sync_inputs_changed
from trueerp.sage_intacct.sync.models import JobState, SyncAction, SyncJob, SyncStatus, TransactionSyncState
from trueerp.sage_intacct.sync.services import outbox


def _syncs(txn: Transaction) -> bool:
    """The company is connected and its automation selects this transaction type."""
    if not IntacctConnection.objects.filter(company_id=txn.company_id).exists():
        return False
    sync_settings = settings_for(txn.company)
    return sync_settings.auto_sync and txn.type in (sync_settings.auto_sync_types or [])


@receiver(transaction_posted, dispatch_uid="sage_intacct_on_posted")
def on_posted(sender: Any, *, transaction: Transaction, actor: Any = None, **_: Any) -> None:
    if _syncs(transaction):
        outbox.enqueue(transaction, SyncAction.CREATE, actor=actor)


@receiver(transaction_changed, dispatch_uid="sage_intacct_on_changed")
def on_changed(sender: Any, *, transaction: Transaction, created: bool = False, **_: Any) -> None:
    """A synced transaction edited in TRUE no longer matches Intacct: desynchronized. A blocked
    one is checked again: the edit may be the fix."""
    if created:
        return
    if SyncJob.objects.filter(transaction=transaction, state=JobState.BLOCKED).update(
        state=JobState.QUEUED, due_at=timezone.now()
    ):
        TransactionSyncState.objects.filter(transaction=transaction).update(status=SyncStatus.QUEUED)
        outbox.schedule_dispatch(transaction.company_id)
        return
    TransactionSyncState.objects.filter(
        transaction=transaction, status=SyncStatus.SYNCED, synced_version__lt=transaction.version
    ).update(status=SyncStatus.DESYNCHRONIZED)


@receiver(transaction_voided, dispatch_uid="sage_intacct_on_voided")
def on_voided(sender: Any, *, transaction: Transaction, actor: Any = None, **_: Any) -> None:
    """Void in TRUE → reverse in Intacct (if it got there), else drop the pending sync."""
    state = TransactionSyncState.objects.filter(transaction=transaction).first()
    if state is not None and state.intacct_key:
        if (
            settings_for(transaction.company).reverse_on_void
            and IntacctConnection.objects.filter(company_id=transaction.company_id).exists()
        ):
            outbox.cancel_open_jobs(transaction, [SyncAction.CREATE, SyncAction.UPDATE])
            outbox.enqueue(transaction, SyncAction.REVERSE, actor=actor)
        return
    outbox.cancel_open_jobs(transaction)
    if state is not None:
        TransactionSyncState.objects.filter(pk=state.pk).update(status=SyncStatus.NOT_SYNCED)


@receiver(post_save, sender=EntityRule, dispatch_uid="sage_intacct_rule_saved")
@receiver(post_delete, sender=EntityRule, dispatch_uid="sage_intacct_rule_deleted")
@receiver(post_save, sender=DimensionMapping, dispatch_uid="sage_intacct_dimmap_saved")
@receiver(post_delete, sender=DimensionMapping, dispatch_uid="sage_intacct_dimmap_deleted")
@receiver(post_save, sender=AccountMapping, dispatch_uid="sage_intacct_accmap_saved")
@receiver(post_delete, sender=AccountMapping, dispatch_uid="sage_intacct_accmap_deleted")
def on_mapping_changed(sender: Any, instance: Any, **_: Any) -> None:
    outbox.mapping_changed(instance.company_id)


@receiver(post_save, sender=DimensionValueOverride, dispatch_uid="sage_intacct_override_saved")
@receiver(post_delete, sender=DimensionValueOverride, dispatch_uid="sage_intacct_override_deleted")
def on_override_changed(sender: Any, instance: DimensionValueOverride, **_: Any) -> None:
    company_id = (
        DimensionMapping.objects.filter(pk=instance.mapping_id).values_list("company_id", flat=True).first()
    )
    if company_id is not None:
        outbox.mapping_changed(company_id)


@receiver(sync_inputs_changed, dispatch_uid="sage_intacct_sync_inputs_changed")
def on_sync_inputs_changed(sender: Any, *, company_id: int, **_: Any) -> None:
    outbox.mapping_changed(company_id)
