"""The periodic jobs of monitoring: each idempotent, run by Celery beat in production
(monitoring.tasks, CELERY_BEAT_SCHEDULE) and by the embedded sweeper by default."""

from django.utils import timezone

from .checkins import checkins_missed
from .payments import payment_runs_produce
from .services import (
    exits_complete,
    rechecks_open_due,
    rechecks_remind,
    spot_checks_draw,
    terminations_take_effect,
)


def monitoring_sweep_once(*, today=None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {
        "terminations": terminations_take_effect(today=today),
        "exits": exits_complete(today=today),
        "rechecks": rechecks_open_due(today=today),
        "checkins_missed": checkins_missed(today=today),
        "spot_checks": spot_checks_draw(today=today),
        "payment_runs": payment_runs_produce(today=today),
        **{f"rechecks_{k}": v for k, v in rechecks_remind(today=today).items()},
    }
