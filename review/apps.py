from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("审核办理")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from accounts.snapshot import watch

        from .models import CalendarOverride

        watch(CalendarOverride)  # kept per process (accounts.snapshot)

        def rebuild(**kwargs) -> None:
            from .calendar import workday_ordinals_rebuild

            workday_ordinals_rebuild()

        # The working-day ordinals follow the calendar: after migrate, and when an override changes.
        post_migrate.connect(
            lambda sender, **kw: rebuild(), sender=self, weak=False, dispatch_uid="review.ordinals"
        )
        post_save.connect(rebuild, sender=CalendarOverride, weak=False, dispatch_uid="review.ordinals_save")
        post_delete.connect(
            rebuild, sender=CalendarOverride, weak=False, dispatch_uid="review.ordinals_delete"
        )
