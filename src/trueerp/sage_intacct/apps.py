from django.apps import AppConfig


class SageIntacctConfig(AppConfig):
    name = "trueerp.sage_intacct"
    label = "sage_intacct"
    default_auto_field = "django.db.models.BigAutoField"
