from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YouthCharityConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.youth_charity"
    label = "youth_charity"
    verbose_name = _("青春公益类（“爱心上海”青春公益集中行动）")

    def ready(self) -> None:
        from . import family  # noqa: F401  (registers the family)
