"""A write batch: inside one, rows written one by one elsewhere are collected and inserted in
one statement per table when the batch flushes, still inside the caller's transaction.

The submission (intake.services) opens one around writing a new application: its cases are
routed in memory, then their rows, the history, the work items, the messages and the audit
events go out in a handful of inserts. Every invariant holds: nothing is written outside the
submitting transaction, and each write keeps its one audit event.

Rows are inserted table by table in the order each table's first row was added (so a case is
inserted before the history rows that point at it); `prepare` callbacks run just before their
row's table is inserted (e.g. an audit row takes its object's primary key), and `after`
callbacks once every table is in (e.g. the messages about the new work items).
"""

import contextvars
from contextlib import contextmanager

from .compiled import bulk_insert

_current: contextvars.ContextVar["WriteBatch | None"] = contextvars.ContextVar("write_batch", default=None)


class WriteBatch:
    def __init__(self):
        self._groups: dict[type, list] = {}
        self._prepare: dict[type, list] = {}
        self._after: list = []
        self._new: set[int] = set()
        # Per-batch answers (e.g. the acceptance item of an application), by key.
        self.memo: dict = {}

    def add(self, row, *, prepare=None):
        """Insert `row` at the flush (unsaved until then)."""
        model = row._meta.concrete_model  # a family's proxy case is a ProgramCase row
        self._groups.setdefault(model, []).append(row)
        self._new.add(id(row))
        if prepare is not None:
            self._prepare.setdefault(model, []).append(prepare)
        return row

    def add_prepare(self, row, prepare) -> None:
        """Run `prepare` just before `row`'s table is inserted."""
        self._prepare.setdefault(row._meta.concrete_model, []).append(prepare)

    def mark_new(self, obj) -> None:
        """`obj` is written by this batch (so nothing of it is in the database yet)."""
        self._new.add(id(obj))

    def is_new(self, obj) -> bool:
        return obj is not None and id(obj) in self._new

    def rows(self, model) -> list:
        return self._groups.get(model._meta.concrete_model, [])

    def after(self, callback) -> None:
        self._after.append(callback)

    def flush(self) -> None:
        for model, rows in list(self._groups.items()):
            for prepare in self._prepare.get(model, ()):
                prepare()
            bulk_insert(rows)
        for callback in self._after:
            callback()
        self._groups.clear()


def current_batch() -> WriteBatch | None:
    return _current.get()


@contextmanager
def write_batch():
    """Collect the block's rows and insert them when it ends without an error."""
    batch = WriteBatch()
    token = _current.set(batch)
    try:
        yield batch
        _current.reset(token)
        token = None
        batch.flush()
    finally:
        if token is not None:
            _current.reset(token)


def loaded(instance, name: str, rows) -> None:
    """Mark the related rows `name` of `instance` as loaded with `rows` (as prefetch_related
    leaves them): `.all()` answers from memory, a further `.filter()` still asks the database."""
    queryset = getattr(instance, name).all()
    queryset._result_cache, queryset._prefetch_done = list(rows), True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
