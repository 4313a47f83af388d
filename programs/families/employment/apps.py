from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.employment"
    label = "employment"
    verbose_name = _("就业援助类（就业困难人员社会保险补贴）")

    def ready(self) -> None:
        from . import family  # noqa: F401  (registers the family)
