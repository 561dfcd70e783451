from django.apps import AppConfig


class SageIntacctConfig(AppConfig):
    name = "trueerp.sage_intacct"
    label = "sage_intacct"
    verbose_name = "Sage Intacct"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plug the module into the host's extension points; the host never imports the module."""
        from trueerp.core.permissions import COMPANY_PREFERENCES
        from trueerp.core.registry import (
            PreferenceSection,
            SettingsEntry,
            register_preference_section,
            register_settings_entry,
        )
        from trueerp.financial.actions import register_gear_provider
        from trueerp.sage_intacct import (
            list_ext,
            permissions,
            receivers,  # noqa: F401  (connects the sync engine's signal receivers)
            views,
        )
        from trueerp.sage_intacct.gear import sage_actions

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
        register_preference_section(
            PreferenceSection(
                "api-keys",
                "API Keys",
                "Integrations",
                views.api_keys_section,
                "Sage Intacct Web Services credentials. The password is stored encrypted and never shown again.",
                order=20,
                extra_permission=COMPANY_PREFERENCES,
            )
        )
        from trueerp.sage_intacct.views_automation import register_ui  # mapping/automation UI (issue 7)

        register_ui()
