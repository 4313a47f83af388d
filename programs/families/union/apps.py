from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.union"
    label = "union"
    verbose_name = _("工会帮扶类（困难职工帮扶）")

    def ready(self) -> None:
        from . import family  # noqa: F401  (registers the family)
