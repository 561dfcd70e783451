"""The Sage Intacct module's models, one module per concern (connection, reference data, mapping, sync)."""

from trueerp.sage_intacct.models.connection import ConnectionStatus, IntacctConnection

__all__ = ["ConnectionStatus", "IntacctConnection"]
from trueerp.sage_intacct.models.mapping import (
    AccountMapping,
    ClosedPeriodPolicy,
    DimensionMapping,
    DimensionSource,
    DimensionValueOverride,
    EntityRule,
    SyncSettings,
)
from trueerp.sage_intacct.models.reference import (
    IntacctAccount,
    IntacctDimensionValue,
    IntacctEntity,
    IntacctJournal,
    IntacctPeriod,
    ReferenceWatermark,
)
from trueerp.sage_intacct.models.sync import (
    OPEN_JOB_STATES,
    InflightLease,
    JobState,
    SyncAction,
    SyncAttempt,
    SyncError,
    SyncJob,
    SyncStatus,
    TransactionSyncState,
)

__all__ += [
    "OPEN_JOB_STATES",
    "AccountMapping",
    "ClosedPeriodPolicy",
    "DimensionMapping",
    "DimensionSource",
    "DimensionValueOverride",
    "EntityRule",
    "InflightLease",
    "IntacctAccount",
    "IntacctDimensionValue",
    "IntacctEntity",
    "IntacctJournal",
    "IntacctPeriod",
    "JobState",
    "ReferenceWatermark",
    "SyncAction",
    "SyncAttempt",
    "SyncError",
    "SyncJob",
    "SyncSettings",
    "SyncStatus",
    "TransactionSyncState",
]
from trueerp.sage_intacct.models.automation import SyncAutomation, SyncFrequency  # noqa: E402
from trueerp.sage_intacct.models.progress import OperationProgress  # noqa: E402

__all__ += ["OperationProgress", "SyncAutomation", "SyncFrequency"]
