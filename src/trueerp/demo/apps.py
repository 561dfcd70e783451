from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "trueerp.demo"
    label = "demo"
    verbose_name = "Demo data"
