"""Reading effective-dated policy parameters."""

import datetime as dt
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


def parameter(key: str, *, on: dt.date) -> ParameterValue:
    row = PolicyParameter.objects.filter(key=key, effective_from__lte=on).order_by("-effective_from").first()
    if row is None:
        raise MissingParameter(f"No value for policy parameter {key!r} on {on}")
    return ParameterValue(key, row.value, row.unit, row.effective_from, row.confirmed)
