"""Scoped reads. Applicants see their own household's cases; staff their offices' households."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from accounts.permissions import has_perm
from accounts.scope import household_scope_q
from programs.lifecycle import SharedState
from programs.lifecycle import SharedState as CaseState
from programs.models import CaseTransition, ProgramCase

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
        if user.role != Role.ADMIN and user.department.code != ONE_WINDOW_DEPARTMENT:
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


# --- Status page -----------------------------------------------------------------------------


@dataclass
class ItemStatus:
    case: ProgramCase
    step: str
    due_date: object
    due_provisional: bool
    overdue: bool
    next_action: str
    history: list[CaseTransition]
    notices: list = field(default_factory=list)
    # False: the viewer works another item of the application and sees this one's status only.
    full: bool = True
    waiting_names: list[str] = field(default_factory=list)

    @property
    def reason_visible(self) -> bool:
        """A closing for an unmet precondition is the system's, and names no figures."""
        return self.full or self.case.state == SharedState.PRECONDITION_NOT_MET


@dataclass
class DepartmentColumn:
    department: object
    items: list[ItemStatus]


def application_status(application: Application, *, user=None) -> list[DepartmentColumn]:
    """One column per department, each item's current step, due date, next action, history.

    Items the viewer may see the status of only (programs.selectors) carry `full=False`.
    """
    from programs.models import Program
    from programs.registry import family_of
    from programs.selectors import FULL, access_level

    today = timezone.localdate()
    cases = (
        application.cases.select_related("program__department")
        .prefetch_related(
            Prefetch(
                "transitions", queryset=CaseTransition.objects.order_by("created_at", "id"), to_attr="history"
            ),
            "notices",
        )
        .order_by("program__department__sort_order", "program__sort_order")
    )
    # One query for every live work item of the application, the acceptance item included.
    live_items = {item.case_id: item for item in application.work_items.filter(status__in=["open", "paused"])}
    acceptance = live_items.get(None)
    names = {p.code: p.status_name for p in Program.objects.only("code", "name", "short_name")}
    columns: dict[int, DepartmentColumn] = {}
    for case in cases:
        live = live_items.get(case.pk) or (acceptance if case.state == CaseState.SUBMITTED else None)
        family = family_of(case)
        full = user is None or access_level(user=user, case=case) == FULL
        item = ItemStatus(
            case=case,
            step=family.state_label(case.state),
            full=full,
            waiting_names=[names.get(code, code) for code in case.waiting_for],
            due_date=live.due_date if live else None,
            due_provisional=live.due_provisional if live else False,
            overdue=bool(live and live.status == "open" and live.due_date < today),
            next_action=family.applicant_next(case.state),
            history=case.history if full else [],
            notices=[n for n in case.notices.all() if n.status == "ready"] if full else [],
        )
        dept = case.program.department
        columns.setdefault(dept.pk, DepartmentColumn(department=dept, items=[])).items.append(item)
    return list(columns.values())
