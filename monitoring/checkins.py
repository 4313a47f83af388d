"""远程签到 (seed 004): beneficiaries confirm each month online instead of signing in at the
office; a month without a confirmation opens a home-visit re-check for the street."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from programs.models import Entitlement
from programs.parameters import parameter
from review.calendar import add_working_days

from .models import CheckIn, Recheck
from .services import Invalid, NotAllowed, _recheck_open, add_months


def checkin_confirm(*, entitlement: Entitlement, user, today: dt.date | None = None) -> CheckIn:
    today = today or timezone.localdate()
    if entitlement.household.owner_id != user.pk:
        raise NotAllowed
    if not entitlement.remote_checkin or not entitlement.is_live:
        raise Invalid(_("该救助无需远程签到。"))
    month = today.replace(day=1)
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(entitlement=entitlement, month=month, confirmed_by=user)
    except IntegrityError:
        return CheckIn.objects.get(entitlement=entitlement, month=month)
    audit_log(actor=user, code="monitoring.checkin.confirmed", obj=checkin, data={"month": f"{month:%Y-%m}"})
    return checkin


def checkins_missed(*, today: dt.date | None = None) -> int:
    """On each day of a month: every remote-check-in entitlement that did not confirm last month
    gets one visit (a re-check); once a month, however many sweeps run."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    last_month = add_months(this_month, -1)
    due = add_working_days(today, int(parameter("recheck.change_report", on=today).value)).day
    candidates = (
        Entitlement.objects.filter(
            remote_checkin=True, status__in=Entitlement.LIVE_STATUSES, valid_from__lt=last_month
        )
        .exclude(checkins__month=last_month)
        .exclude(rechecks__reason=Recheck.Reason.CHECKIN_MISSED, rechecks__opened_on__gte=this_month)
        .select_related("program__department", "household__hukou_office", "household__owner")
    )
    opened = 0
    for entitlement in candidates:
        with transaction.atomic():
            if _recheck_open(entitlement, reason=Recheck.Reason.CHECKIN_MISSED, due_on=due, on=today):
                opened += 1
    return opened
