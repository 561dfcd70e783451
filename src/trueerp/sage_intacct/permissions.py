"""The module's numbered permissions (stable numbers, shown in the UI)."""

from trueerp.core.permissions import PermissionDef, register_permissions

MODULE_ACCESS_SAGE_INTACCT = 1598
SAGE_INTACCT_SYNC_ADMIN = 1599

register_permissions(
    PermissionDef(
        MODULE_ACCESS_SAGE_INTACCT,
        "Module Access (Sage Intacct)",
        "User can access the Sage Intacct module in Settings",
        "Sage Intacct",
    ),
    PermissionDef(
        SAGE_INTACCT_SYNC_ADMIN,
        "Sync Administration (Sage Intacct)",
        "With #1598: user can change the Sage Intacct mapping, entity rules, sync preferences and automation, "
        "start the first full sync, retry all failed syncs and mark transactions as synced or not synced",
        "Sage Intacct",
    ),
)
