from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivilAllowanceConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.civil_allowance"
    label = "civil_allowance"
    verbose_name = _("民政生活补助类（重残无业、三胞胎）")

    def ready(self) -> None:
        # Registers the family (programs.registry); its proxy model has loaded with models.py.
        from . import family  # noqa: F401
