from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = _("流转与消息")

    def ready(self) -> None:
        # Connects the hand-off receiver to programs.decisions.case_decided.
        from . import services  # noqa: F401
