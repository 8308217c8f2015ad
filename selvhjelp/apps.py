from django.apps import AppConfig


class SelvhjelpConfig(AppConfig):
    name = "selvhjelp"
    verbose_name = "Selvhjelp"
