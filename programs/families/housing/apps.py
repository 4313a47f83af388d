from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.housing"
    label = "housing"
    verbose_name = _("住房保障（廉租住房、共有产权保障住房）")

    def ready(self) -> None:
        # Registers the family (programs.registry); its proxy model has loaded with models.py.
        from . import family  # noqa: F401
