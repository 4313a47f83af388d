from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """After the decision (一体管理): entitlements over time, re-checks, change reports, check-ins,
    terminations that cascade, payment runs, certificates and the long-term 公示."""

    name = "monitoring"
    verbose_name = _("救助对象管理")

    def ready(self) -> None:
        from programs.decisions import entitlement_granted

        from .services import on_entitlement_granted

        entitlement_granted.connect(on_entitlement_granted, dispatch_uid="monitoring.entitlement_granted")

        from programs.decisions import case_decided

        from .services import tell_decision

        case_decided.connect(tell_decision, dispatch_uid="monitoring.tell_decision")
