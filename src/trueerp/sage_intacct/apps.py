"""The Sage Intacct module: one Django app whose capabilities are packages (see docs/architecture.md).

This file is the module's wiring, in one place: which capability packages hold models, which hold
Celery tasks (so every worker registers them), and what the module plugs into the host's extension
points. The host (core, financial) never imports the module.
"""

from importlib import import_module
from types import ModuleType

from django.apps import AppConfig

# Capability packages from the bottom up; each imports only those before it (tests enforce it).
MODEL_PACKAGES = ("progress", "connection", "reference", "mapping", "sync", "automation", "reports")
TASK_PACKAGES = ("connection", "reference", "sync", "automation", "reports")


class SageIntacctConfig(AppConfig):
    name = "trueerp.sage_intacct"
    label = "sage_intacct"
    verbose_name = "Sage Intacct"
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self) -> None:
        """Models live in their capability's package; app_label and tables stay those of the app."""
        super().import_models()
        modules: list[ModuleType] = [
            import_module(f"{self.name}.{package}.models") for package in MODEL_PACKAGES
        ]
        self.models_module = modules[0]

    def ready(self) -> None:
        from trueerp.core.registry import (
            PreferenceSection,
            SettingsEntry,
            register_preference_section,
            register_settings_entry,
        )
        from trueerp.financial.actions import register_gear_provider
        from trueerp.sage_intacct import permissions
        from trueerp.sage_intacct.actions import list_ext
        from trueerp.sage_intacct.actions.gear import sage_actions
        from trueerp.sage_intacct.automation.views import register_ui
        from trueerp.sage_intacct.connection import views as connection_views
        from trueerp.sage_intacct.sync import receivers  # noqa: F401  (connects the sync's receivers)

        for package in TASK_PACKAGES:
            import_module(f"{self.name}.{package}.tasks")
        register_gear_provider("sage_intacct", sage_actions, order=50)
        list_ext.register()
        register_settings_entry(
            SettingsEntry(
                "sage_intacct",
                "Sage Intacct",
                "sage_intacct:settings",
                "Connection status, entities, sync activity and mapping for Sage Intacct.",
                permissions.MODULE_ACCESS_SAGE_INTACCT,
                order=30,
                icon="⇄",
            )
        )
        register_settings_entry(
            SettingsEntry(
                "sage_intacct_reports",
                "Financial reports",
                "sage_intacct:reports_home",
                "Income statement, balance sheet, budget vs actual and your own reports over Intacct, consolidated.",
                permissions.MODULE_ACCESS_SAGE_INTACCT,
                order=31,
                icon="▦",
            )
        )
        register_preference_section(
            PreferenceSection(
                "api-keys",
                "API Keys",
                "Integrations",
                connection_views.api_keys_section,
                "Sage Intacct Web Services credentials. The password is stored encrypted and never shown again.",
                order=20,
                # #1200 (every preferences section) and #1598: the Intacct company, user and password
                # are the module's, not everybody's who may edit company preferences.
                extra_permission=permissions.MODULE_ACCESS_SAGE_INTACCT,
            )
        )
        register_ui()
