from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账户与机构")

    def ready(self) -> None:
        from . import security, tokens  # noqa: F401  (login audit receivers; token revocation)

        security._connect_axes_signals()

        from .models import Department, Office
        from .snapshot import watch

        watch(Office, Department)  # kept per process (accounts.snapshot)
