"""Scoped reads. Applicants see their own household's cases; staff their offices' households."""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Role, User
from accounts.permissions import has_perm
from accounts.scope import household_scope_q

from .identity import blind_index
from .models import Application, Household

# Civil affairs runs the one window (一口受理) and sees every application of its offices.
ONE_WINDOW_DEPARTMENT = "civil_affairs"


def applications_for_user(*, user: User) -> QuerySet[Application]:
    qs = Application.objects.select_related("household", "applicant", "submitted_by")
    if not user.is_authenticated:
        return qs.none()
    if user.is_applicant:
        return qs.filter(Q(household__owner=user) | Q(submitted_by=user))
    if has_perm(user, "intake.view_office"):
        qs = qs.filter(household_scope_q(user, prefix="household"))
        if user.role != Role.DISTRICT_HEAD and user.department.code != ONE_WINDOW_DEPARTMENT:
            # Other departments see only applications with an item of their own.
            qs = qs.filter(
                pk__in=Application.objects.filter(cases__program__department=user.department_id).values("pk")
            )
        return qs
    return qs.none()


def application_get_for_user(
    *, user: User, pk: int | None = None, reference: str | None = None
) -> Application:
    lookup = {"pk": pk} if pk is not None else {"reference": reference}
    application = applications_for_user(user=user).filter(**lookup).first()
    if application is None:
        raise Http404
    return application


def households_for_user(*, user: User) -> QuerySet[Household]:
    if user.is_applicant:
        return Household.objects.filter(owner=user)
    if has_perm(user, "intake.search_household") or has_perm(user, "intake.view_office"):
        return Household.objects.filter(household_scope_q(user))
    return Household.objects.none()


def household_search(*, user: User, id_number: str) -> QuerySet[Household]:
    """Find households by a member's ID number through the blind index, within scope."""
    return households_for_user(user=user).filter(members__id_number_index=blind_index(id_number)).distinct()
