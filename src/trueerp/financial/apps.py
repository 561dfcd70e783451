from django.apps import AppConfig


class FinancialConfig(AppConfig):
    name = "trueerp.financial"
    label = "financial"
    default_auto_field = "django.db.models.BigAutoField"
