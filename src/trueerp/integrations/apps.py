from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "trueerp.integrations"
    label = "integrations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trueerp.core.registry import PreferenceSection, register_preference_section
        from trueerp.integrations.views import accounting_integration_section

        register_preference_section(
            PreferenceSection(
                "accounting-integration",
                "Accounting integration",
                "Integrations",
                accounting_integration_section,
                "The one accounting system this company posts to.",
                order=10,
            )
        )
