from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TemporaryAssistanceConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.temporary_assistance"
    label = "temporary_assistance"
    verbose_name = _("临时救助")

    def ready(self) -> None:
        # Registers the family (programs.registry); its proxy model has loaded with models.py.
        from . import family  # noqa: F401
