"""The module's numbered permissions (stable numbers, shown in the UI)."""

from trueerp.core.permissions import PermissionDef, register_permissions

MODULE_ACCESS_SAGE_INTACCT = 1598
SAGE_INTACCT_SYNC_ADMIN = 1599
SAGE_INTACCT_REPORT_DESIGN = 1620

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
    PermissionDef(
        SAGE_INTACCT_REPORT_DESIGN,
        "Report Designer (Sage Intacct)",
        "User can create and edit financial report definitions and their schedules (running reports needs #1598)",
        "Sage Intacct",
    ),
)
