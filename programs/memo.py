"""One read of the calendar overrides and of each policy parameter per unit of work.

A request (config.middleware.MemoMiddleware), a sweep or a task reads each parameter and the
admin's calendar overrides once, however many cases, steps and due dates it touches. Outside
such a block every read goes to the database, as before.
"""

from contextlib import contextmanager

from review.calendar import calendar_cached

from .parameters import parameters_cached


@contextmanager
def memoised():
    with parameters_cached(), calendar_cached():
        yield
