"""Approval level as configuration (seed 004, N2): who decides an item for a case's office.

`approval_level(case)` reads the ApprovalLevel rows of the case's hukou street and its district
in force on the acceptance day (or today before acceptance); the street's own row wins. With no
row, the district decides. A family's deciding step uses `decision_where` as its Step.office_by.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from .models import ApprovalLevel


@dataclass(frozen=True)
class Level:
    delegated: bool  # the street decides (委托下放)
    sample_share: Decimal
    row: ApprovalLevel | None

    @property
    def code(self) -> str:
        return ApprovalLevel.Level.STREET if self.delegated else ApprovalLevel.Level.DISTRICT


DISTRICT_DECIDES = Level(delegated=False, sample_share=Decimal("0"), row=None)


def level_for(*, office, program, on: dt.date) -> Level:
    """The level in force on `on` for the households of `office` (a street or a committee)."""
    street = office.ancestor_at("street") or office
    district = street.ancestor_at("district")
    # The newest row in force per office.
    newest: dict[int, ApprovalLevel] = {}
    for row in ApprovalLevel.objects.filter(
        program=program, office__in=[o for o in (street, district) if o is not None], effective_from__lte=on
    ).order_by("effective_from"):
        newest[row.office_id] = row
    row = newest.get(street.pk) or (newest.get(district.pk) if district is not None else None)
    if row is None:
        return DISTRICT_DECIDES
    return Level(delegated=row.level == ApprovalLevel.Level.STREET, sample_share=row.sample_share, row=row)


def approval_level(case) -> Level:
    application = case.application
    on = timezone.localdate(application.accepted_at) if application.accepted_at else timezone.localdate()
    return level_for(office=application.hukou_office, program=case.program, on=on)


def decision_where(case) -> str:
    """Step.office_by for a deciding step: the hukou street under delegation, else its district."""
    return "hukou_street" if approval_level(case).delegated else "hukou_district"
