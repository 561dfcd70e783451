from django.apps import AppConfig


class FinancialConfig(AppConfig):
    name = "trueerp.financial"
    label = "financial"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trueerp.core.registry import PreferenceSection, register_preference_section
        from trueerp.financial import views
        from trueerp.financial.actions import register_gear_provider
        from trueerp.financial.gear import transaction_actions

        register_gear_provider("financial", transaction_actions, order=10)
        register_preference_section(
            PreferenceSection(
                "financial",
                "Financial defaults",
                "Financial",
                views.financial_preferences,
                "Document numbering per transaction type and the control accounts of the ledger.",
                order=10,
            )
        )
