from django.apps import AppConfig


class SageIntacctConfig(AppConfig):
    name = "trueerp.sage_intacct"
    label = "sage_intacct"
    verbose_name = "Sage Intacct"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trueerp.sage_intacct import permissions  # noqa: F401  (registers #1598, #1599)
