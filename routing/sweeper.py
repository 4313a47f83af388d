"""The in-process sweeper of the embedded default: what Celery beat does in production."""

import logging
import threading

from django.db import close_old_connections

logger = logging.getLogger(__name__)


def sweep_once() -> None:
    from programs.engine import case_timers_fire
    from review.deadlines import deadline_sweep_once

    from .outbox import outbox_sweep_once

    close_old_connections()
    try:
        outbox_sweep_once()
        case_timers_fire()
        deadline_sweep_once()
    finally:
        close_old_connections()


def start_sweeper_thread(*, interval: float = 30.0) -> threading.Event:
    """Run sweep_once every `interval` seconds in a daemon thread; set the event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            try:
                sweep_once()
            except Exception:
                logger.exception("embedded sweep failed; will retry")

    threading.Thread(target=loop, name="onewindow-sweeper", daemon=True).start()
    return stop
