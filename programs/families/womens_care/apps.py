from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WomensCareConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.womens_care"
    label = "womens_care"
    verbose_name = _("妇联关爱类（困难重症妇女关爱）")

    def ready(self) -> None:
        # Registers the family (programs.registry); its proxy model loads with the app's models.
        from . import family  # noqa: F401
