"""The in-process sweeper of the embedded default: what Celery beat does in production."""

import logging
import threading

from django.db import close_old_connections

logger = logging.getLogger(__name__)


def sweep_once() -> None:
    """Run each job of ONEWINDOW_EMBEDDED_SWEEP once (dotted paths, in order; each idempotent)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    from programs.memo import memoised

    close_old_connections()
    try:
        for path in settings.ONEWINDOW_EMBEDDED_SWEEP:
            with memoised():
                import_string(path)()
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
