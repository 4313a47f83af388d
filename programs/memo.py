"""One read of the calendar overrides and of each policy parameter per unit of work.

A request (config.middleware.MemoMiddleware), a sweep or a task reads each parameter and the
admin's calendar overrides once, however many cases, steps and due dates it touches. Outside
such a block every read goes to the database. Inside one, the configuration tables come from
the process's copy while their version holds (accounts.snapshot).
"""

from contextlib import contextmanager

from accounts.snapshot import snapshot_block
from review.calendar import calendar_cached

from .parameters import parameters_cached


@contextmanager
def memoised():
    with snapshot_block(), parameters_cached(), calendar_cached():
        yield
