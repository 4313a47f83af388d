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
    from .parameters import memo_get

    offices = {o.pk for o in (street, district) if o is not None}
    # The whole (small) table once per request or sweep (programs.memo), in date order.
    rows = memo_get("approval_levels", lambda: list(ApprovalLevel.objects.order_by("effective_from", "pk")))
    newest: dict[int, ApprovalLevel] = {}
    for row in rows:
        if row.program_id == program.pk and row.office_id in offices and row.effective_from <= on:
            newest[row.office_id] = row
    row = newest.get(street.pk) or (newest.get(district.pk) if district is not None else None)
    if row is None:
        return DISTRICT_DECIDES
    return Level(delegated=row.level == ApprovalLevel.Level.STREET, sample_share=row.sample_share, row=row)


def approval_level(case) -> Level:
    """The level for the street that works the case: where the emergency happened when the
    form names one (临时救助, S003), else the hukou street."""
    from .steps import incident_office

    application = case.application
    on = timezone.localdate(application.accepted_at) if application.accepted_at else timezone.localdate()
    office = incident_office(case) or application.hukou_office
    return level_for(office=office, program=case.program, on=on)


def decision_where(case, place: str = "hukou") -> str:
    """Step.office_by for a deciding step: the street under delegation, else its district."""
    return f"{place}_{'street' if approval_level(case).delegated else 'district'}"


def incident_decision_where(case) -> str:
    """The same, at the street where the emergency happened (临时救助)."""
    return decision_where(case, "incident")


STREET_DELEGATION = "street_delegation"


def street_decisions_sample(*, case=None, on: dt.date | None = None) -> list:
    """抽查 of street decisions under delegation: the district's civil-affairs reviewer checks at
    least `sample_share` of each delegated street's decisions of the month, drawn reproducibly
    (key street_delegation:<street>:<item>:<YYYY-MM>) and topped up as the month's decisions grow.
    With `case`, only that case's street and month; otherwise every delegated street, for `on`'s month."""
    from accounts.models import Department
    from review.sampling import sample_draw

    from .lifecycle import FINAL_STATES
    from .models import ProgramCase

    on = on or timezone.localdate()
    if case is not None:
        level = approval_level(case)
        if not level.delegated or level.sample_share <= 0 or case.decided_office is None:
            return []
        targets = [
            (case.decided_office, case.program, level.sample_share, timezone.localdate(case.decided_at))
        ]
    else:
        targets = []
        rows = ApprovalLevel.objects.filter(level=ApprovalLevel.Level.STREET, effective_from__lte=on)
        for row in rows.select_related("office", "program"):
            streets = (
                [row.office]
                if row.office.level == "street"
                else list(row.office.children.filter(level="street"))
            )
            for street in streets:
                level = level_for(office=street, program=row.program, on=on)
                if level.delegated and level.sample_share > 0:
                    targets.append((street, row.program, level.sample_share, on))
    department = Department.objects.get(code="civil_affairs")
    drawn = []
    for street, program, share, day in targets:
        month = day.replace(day=1)
        next_month = (month + dt.timedelta(days=32)).replace(day=1)
        decided = ProgramCase.objects.filter(
            program=program,
            decided_office=street,
            state__in=list(FINAL_STATES),
            decided_at__date__gte=month,
            decided_at__date__lt=next_month,
        )
        district = street.ancestor_at("district") or street
        drawn += sample_draw(
            cases=list(decided),
            share=share,
            reason=STREET_DELEGATION,
            key=f"{STREET_DELEGATION}:{street.code}:{program.code}:{month:%Y-%m}",
            office=district,
            department=department,
            role="reviewer",
            on=day,
        )
    return drawn


def _on_decided(sender, case, actor, **kwargs) -> None:
    street_decisions_sample(case=case)
