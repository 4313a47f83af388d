from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("救助事项")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import (
            checks,  # noqa: F401  (registers the system checks)
            economic,  # noqa: F401  (one economic check per application: its receiver)
        )
        from .catalogue import catalogue_sync_on_migrate

        post_migrate.connect(catalogue_sync_on_migrate, sender=self)

        from accounts.snapshot import watch

        from .models import ApprovalLevel, Material, PolicyParameter, Program

        # The catalogue, parameters and approval levels are kept per process (accounts.snapshot).
        watch(Program, Material, Program.materials.through, PolicyParameter, ApprovalLevel)

        from .approval import _on_decided
        from .decisions import case_decided

        # 抽查 of street decisions under delegation (seed 004): drawn as each decision is made.
        case_decided.connect(_on_decided, dispatch_uid="programs.street_decisions_sample")
