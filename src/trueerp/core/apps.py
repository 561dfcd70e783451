from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "trueerp.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trueerp.core import views
        from trueerp.core.permissions import AUDIT_LOG_VIEW, COMPANY_PREFERENCES, USERS_ACCESS_ADMIN
        from trueerp.core.registry import (
            PreferenceSection,
            SettingsEntry,
            register_preference_section,
            register_settings_entry,
        )

        register_settings_entry(
            SettingsEntry(
                "users",
                "Users / Access",
                "users_list",
                "People in your company and the numbered permissions they hold.",
                USERS_ACCESS_ADMIN,
                order=10,
                icon="☷",
            )
        )
        register_settings_entry(
            SettingsEntry(
                "preferences",
                "Company Preferences",
                "preferences",
                "Company details, financial defaults and integrations (API keys).",
                COMPANY_PREFERENCES,
                order=20,
                icon="▣",
            )
        )
        register_settings_entry(
            SettingsEntry(
                "audit",
                "Audit log",
                "audit_log",
                "Every settings change: who, what, when, before and after.",
                AUDIT_LOG_VIEW,
                order=90,
                icon="☰",
            )
        )
        register_preference_section(
            PreferenceSection(
                "general",
                "Company",
                "General",
                views.general_preferences,
                "Company name, base currency and fiscal year.",
                order=10,
            )
        )
