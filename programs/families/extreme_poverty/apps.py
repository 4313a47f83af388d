from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtremePovertyConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.extreme_poverty"
    label = "extreme_poverty"
    verbose_name = _("特困人员救助供养")

    def ready(self) -> None:
        # Registers the family (programs.registry); its proxy model has loaded with models.py.
        from . import family  # noqa: F401
