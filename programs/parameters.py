"""Reading effective-dated policy parameters."""

import contextvars
import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from .models import PolicyParameter


def plain(value: Decimal) -> str:
    """1650.0000 → "1650", 2.5000 → "2.5" (never scientific notation)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class MissingParameter(LookupError):
    pass


@dataclass(frozen=True)
class ParameterValue:
    key: str
    value: Decimal
    unit: str
    effective_from: dt.date
    confirmed: bool

    def as_record(self) -> dict:
        return {
            "value": plain(self.value),
            "unit": self.unit,
            "effective_from": self.effective_from.isoformat(),
            "confirmed": self.confirmed,
        }


# Inside parameters_cached() (a request, a sweep) each (key, day) is read once.
_cached: contextvars.ContextVar[dict | None] = contextvars.ContextVar("policy_parameters", default=None)


@contextmanager
def parameters_cached():
    """Read each parameter once for the block (a request, a sweep) instead of at every use."""
    token = _cached.set({})
    try:
        yield
    finally:
        _cached.reset(token)


def memo_get(name, loader):
    """`loader()`, read once per parameters_cached() block (small configuration tables), from
    this process's copy while the configuration version holds (accounts.snapshot)."""
    from accounts.snapshot import shared

    memo = _cached.get()
    if memo is None:
        return loader()
    if name not in memo:
        memo[name] = shared(name, loader)
    return memo[name]


def _row(key: str, on: dt.date):
    if _cached.get() is None:
        return (
            PolicyParameter.objects.filter(key=key, effective_from__lte=on)
            .order_by("-effective_from")
            .first()
        )
    # Every dated row of every key, newest first, once per block (and per process while the
    # configuration version holds): any key and day answers from them.
    rows = memo_get("parameters", _all_rows).get(key, ())
    return next((row for row in rows if row.effective_from <= on), None)


def _all_rows() -> dict:
    by_key: dict = {}
    for row in PolicyParameter.objects.order_by("key", "-effective_from"):
        by_key.setdefault(row.key, []).append(row)
    return by_key


def parameter(key: str, *, on: dt.date) -> ParameterValue:
    row = _row(key, on)
    if row is None:
        raise MissingParameter(f"No value for policy parameter {key!r} on {on}")
    return ParameterValue(key, row.value, row.unit, row.effective_from, row.confirmed)
