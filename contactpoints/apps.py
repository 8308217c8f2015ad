from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactpointsConfig(AppConfig):
    name = "contactpoints"
    verbose_name = _("Contact points")
