"""What a user may see of entitlements, re-checks and payment runs (every list goes through here)."""

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.scope import household_scope_q, office_scope_q
from programs.models import Entitlement

from .models import PaymentRun, Recheck


def entitlements_for_user(user: User) -> QuerySet[Entitlement]:
    base = Entitlement.objects.select_related("program__department", "household__hukou_office", "source_case")
    if not user.is_authenticated:
        return base.none()
    if user.role == Role.APPLICANT:
        return base.filter(household__owner=user)
    if user.role in (Role.ADMIN, Role.AUDITOR, Role.FINANCE) or user.office_id is None:
        return base.none()
    scope = household_scope_q(user, prefix="household")
    if user.role != Role.DISTRICT_HEAD:
        scope &= Q(program__department_id=user.department_id)
    return base.filter(scope)


def rechecks_for_user(user: User) -> QuerySet[Recheck]:
    base = Recheck.objects.select_related(
        "entitlement__program",
        "entitlement__household__hukou_office",
        "entitlement__source_case__application__applicant",
        "office",
        "department",
        "change_report",
    )
    if not user.is_authenticated or not user.is_staff_member or user.office_id is None:
        return base.none()
    if user.role in (Role.ADMIN, Role.AUDITOR, Role.FINANCE, Role.CLERK):
        return base.none()
    scope = office_scope_q(user, prefix="office")
    if user.role != Role.DISTRICT_HEAD:
        scope &= Q(department_id=user.department_id)
    return base.filter(scope)


def payment_runs_for_user(user: User) -> QuerySet[PaymentRun]:
    if not user.is_authenticated or user.role != Role.FINANCE or user.office_id is None:
        return PaymentRun.objects.none()
    return PaymentRun.objects.filter(office_scope_q(user, prefix="district")).select_related("district")
