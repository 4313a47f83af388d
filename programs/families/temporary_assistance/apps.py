from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TemporaryAssistanceConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.temporary_assistance"
    label = "temporary_assistance"
    verbose_name = _("临时救助")
