"""长期公示 (S001 §6, N2 §24): a neighbourhood committee's current beneficiaries, showing only
name, household size, item and amount — an allowlist, nothing else leaves this module."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from programs.models import Entitlement

ROSTER_FIELDS = ("name", "household_size", "item", "amount")


@dataclass(frozen=True)
class RosterRow:
    name: str
    household_size: int
    item: str
    amount: Decimal | None


def roster_rows(committee, *, on: dt.date | None = None) -> list[RosterRow]:
    on = on or timezone.localdate()
    rows = []
    entitlements = (
        Entitlement.objects.filter(
            household__hukou_office=committee,
            program__grants_status=True,
            status__in=Entitlement.LIVE_STATUSES,
            valid_from__lte=on,
        )
        .select_related("program", "source_case__application__applicant", "household")
        .order_by("program__sort_order", "household_id")
    )
    for entitlement in entitlements:
        if not entitlement.is_active_on(on):
            continue
        case = entitlement.source_case
        if case is not None:
            name, size = case.application.applicant.name, case.application.members.count()
        else:
            members = list(entitlement.household.members.order_by("pk"))
            head = next((m for m in members if m.relation == "self"), members[0] if members else None)
            name, size = (head.name if head else ""), len(members)
        rows.append(
            RosterRow(
                name=name, household_size=size, item=entitlement.program.name, amount=entitlement.amount
            )
        )
    return rows


@dataclass(frozen=True)
class TerminationPosting:
    """终止公示 (N3): a 特困 termination posted before it takes effect — name, item, the day."""

    name: str
    item: str
    effective_on: dt.date


def termination_postings(committee) -> list[TerminationPosting]:
    entitlements = Entitlement.objects.filter(
        household__hukou_office=committee, status=Entitlement.Status.ENDING
    ).select_related("program", "source_case__application__applicant", "household")
    postings = []
    for entitlement in entitlements:
        case = entitlement.source_case
        name = case.application.applicant.name if case is not None else ""
        postings.append(
            TerminationPosting(
                name=name,
                item=entitlement.program.name,
                effective_on=entitlement.valid_until + dt.timedelta(days=1),
            )
        )
    return postings
