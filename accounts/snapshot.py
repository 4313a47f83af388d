"""Process-wide copies of the small configuration tables, valid while their version holds.

The catalogue (items, departments, materials), the policy parameters, the approval levels and
the calendar overrides change a few times a year and are read on every submission. Inside a
unit of work (a request, a sweep, a task: `programs.memo.memoised`) each is read from this
process's copy, which is kept while the configuration version in the shared cache (Redis when
configured, else this process's memory) is the one it was loaded under.

Any save or delete of a watched model (and a change of an item's materials) drops this
process's copies at once and, when its transaction commits, bumps the shared version so every
other process reloads. Until then, in the changing transaction, reads go to the database and
are not kept: a rolled-back change is never remembered. Outside a unit of work nothing is kept.
"""

import contextvars
import logging
import threading
import time
import uuid
from contextlib import contextmanager

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "onewindow:config-version"
# However the version reads, a copy is reloaded after this long (a bump lost with Redis down).
MAX_AGE_SECONDS = 300

logger = logging.getLogger(__name__)

_store: dict = {}
_store_version: list = [None]
_loaded_at: list = [0.0]
_lock = threading.Lock()
_dirty = threading.local()
# The version a unit of work reads under (read once at its first use), or None outside one.
_block: contextvars.ContextVar[dict | None] = contextvars.ContextVar("config_snapshot", default=None)
_watched: set = set()


def _cache():
    return caches["shared"]


def _shared_version() -> str | None:
    """The shared configuration version; None when the shared cache cannot be read."""
    try:
        version = _cache().get(VERSION_KEY)
        if version is None:
            _cache().add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = _cache().get(VERSION_KEY)
    except Exception:  # Redis down: read the database, keep nothing
        logger.warning("configuration version unreadable; reading the database", exc_info=True)
        return None
    return version


@contextmanager
def snapshot_block():
    """A unit of work: the shared version is read once, at the first configuration read."""
    token = _block.set({})
    try:
        yield
    finally:
        _block.reset(token)


def _changing() -> bool:
    """This thread changed the configuration in a transaction that has not committed yet."""
    if not getattr(_dirty, "flag", False):
        return False
    if connection.in_atomic_block:
        return True
    _dirty.flag = False  # the change committed (or rolled back): read and keep again
    return False


def shared(name, loader):
    """`loader()`'s value, kept for this process while the configuration version holds."""
    block = _block.get()
    if block is None or _changing():
        return loader()
    if "version" not in block:
        block["version"] = _shared_version()
    version = block["version"]
    if version is None:
        return loader()
    with _lock:
        if _store_version[0] != version or time.monotonic() - _loaded_at[0] > MAX_AGE_SECONDS:
            _store.clear()
            _store_version[0], _loaded_at[0] = version, time.monotonic()
        if name in _store:
            return _store[name]
    value = loader()
    with _lock:
        if _store_version[0] == version:
            _store[name] = value
    return value


def _bump() -> None:
    _dirty.flag = False
    with _lock:
        _store.clear()
        _store_version[0] = None
    try:
        _cache().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the other processes reload within MAX_AGE_SECONDS
        logger.warning("configuration version not bumped", exc_info=True)


def config_changed(**kwargs) -> None:
    """A watched table changed: forget this process's copies now, every process's at commit."""
    with _lock:
        _store.clear()
        _store_version[0] = None
    block = _block.get()
    if block is not None:
        block.pop("version", None)
    _dirty.flag = True
    transaction.on_commit(_bump)


def snapshot_reset() -> None:
    """Forget every copy and any pending change (tests: each starts from the database)."""
    _dirty.flag = False
    with _lock:
        _store.clear()
        _store_version[0] = None


def _on_change(sender, **kwargs) -> None:
    if sender in _watched:
        config_changed()


def watch(*models) -> None:
    """Keep copies of these models' tables; any write to them invalidates every copy."""
    for model in models:
        _watched.add(model)
    post_save.connect(_on_change, weak=False, dispatch_uid="accounts.snapshot.save")
    post_delete.connect(_on_change, weak=False, dispatch_uid="accounts.snapshot.delete")
    m2m_changed.connect(_on_change, weak=False, dispatch_uid="accounts.snapshot.m2m")


def in_unit_of_work() -> bool:
    return _block.get() is not None


def _offices_load() -> dict:
    from .models import Office

    offices = list(Office.objects.all())
    by_pk = {o.pk: o for o in offices}
    parent = Office._meta.get_field("parent")
    for office in offices:  # ancestor_at walks in memory
        parent.set_cached_value(office, by_pk.get(office.parent_id))
    return {o.code: o for o in offices}


def office_by_code(code: str, *, level: str | None = None):
    """The office with this code (and level), from the process's copy inside a unit of work."""
    from .models import Office

    if not in_unit_of_work():
        offices = Office.objects.filter(code=code)
        if level is not None:
            offices = offices.filter(level=level)
        return offices.select_related("parent__parent__parent").first()
    office = shared("offices", _offices_load).get(code)
    return office if office is not None and (level is None or office.level == level) else None


def offices_at(level: str) -> list:
    """Every office of a level (parents loaded), by code: from the process's copy inside a unit
    of work."""
    from .models import Office

    if not in_unit_of_work():
        return list(Office.objects.filter(level=level).select_related("parent").order_by("code"))
    return sorted(
        (o for o in shared("offices", _offices_load).values() if o.level == level), key=lambda o: o.code
    )


def office_subtree_ids(office) -> list[int]:
    """The primary keys of an office and every office under it (from the copy in a unit of work)."""
    from .models import Office

    if not in_unit_of_work():
        return list(Office.objects.filter(path__startswith=office.path).values_list("pk", flat=True))
    return [o.pk for o in shared("offices", _offices_load).values() if o.path.startswith(office.path)]


def offices_by_pk(pks) -> dict:
    """pk → office (parents loaded) for these keys: from the copy in a unit of work."""
    from .models import Office

    wanted = set(pks)
    if not in_unit_of_work():
        return Office.objects.select_related("parent__parent__parent").in_bulk(wanted)
    return {o.pk: o for o in shared("offices", _offices_load).values() if o.pk in wanted}
