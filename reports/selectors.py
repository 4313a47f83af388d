"""What a user may export, and the export requests they see.

The rows of an export are the item cases the user sees in full: the applications
`intake.selectors.applications_for_user` gives them, narrowed by the department rule of
`programs.selectors.access_level` (`full_access_q`, the same rule as one query).
"""

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from accounts.permissions import has_perm
from intake.selectors import applications_for_user
from programs.models import Program, ProgramCase
from programs.registry import FAMILIES
from programs.selectors import full_access_q

from .models import ExportRequest


def cases_full_access_for_user(*, user: User) -> QuerySet[ProgramCase]:
    """The cases this user sees in full (`case_access(...) == FULL`), as one queryset."""
    if not user.is_authenticated:
        return ProgramCase.objects.none()
    # Items without a workflow yet ("即将开通") have no steps and no case to show.
    cases = ProgramCase.objects.filter(
        application__in=applications_for_user(user=user).values("pk"), program__family__in=list(FAMILIES)
    )
    rule = full_access_q(user)
    return cases if rule is None else cases.filter(rule)


def export_cases(
    *, user: User, program: Program | None = None, state: str = "", submitted_from=None, submitted_to=None
) -> QuerySet[ProgramCase]:
    cases = cases_full_access_for_user(user=user)
    if program is not None:
        cases = cases.filter(program=program)
    if state:
        cases = cases.filter(state=state)
    if submitted_from is not None:
        cases = cases.filter(application__submitted_at__date__gte=submitted_from)
    if submitted_to is not None:
        cases = cases.filter(application__submitted_at__date__lte=submitted_to)
    return cases


def export_rows(*, user: User, case_ids) -> QuerySet[ProgramCase]:
    """The cases of an export as downloaded now: those of `case_ids` the user still sees in full."""
    return (
        cases_full_access_for_user(user=user)
        .filter(pk__in=list(case_ids))
        .select_related("program__department", "application__applicant", "application__hukou_office")
        .order_by("application__submitted_at", "application_id", "program__sort_order", "pk")
    )


def export_programs_for_user(*, user: User) -> QuerySet[Program]:
    """The items whose cases the user sees in full: the form's choice of item."""
    programs = Program.objects.filter(family__in=list(FAMILIES))
    rule = full_access_q(user, prefix="")
    return programs if rule is None else programs.filter(rule)


def export_requests_of_user(*, user: User) -> QuerySet[ExportRequest]:
    return ExportRequest.objects.filter(requested_by=user).select_related(
        "program", "confirmed_by", "refused_by"
    )


def export_request_get_for_requester(*, user: User, pk: int) -> ExportRequest:
    """Only the requester's own request; anyone else's is a 404."""
    export = export_requests_of_user(user=user).filter(pk=pk).first()
    if export is None:
        raise Http404
    return export


def may_confirm(*, user: User, export: ExportRequest) -> bool:
    """A second person: holds reports.confirm_export, not the requester, of the requester's
    department, at the requester's office or above it."""
    requester = export.requested_by
    return (
        has_perm(user, "reports.confirm_export")
        and user.pk != requester.pk
        and user.department_id is not None
        and user.department_id == requester.department_id
        and user.office_id is not None
        and requester.office_id is not None
        and requester.office.path.startswith(user.office.path)
    )


def export_requests_to_confirm(*, user: User) -> QuerySet[ExportRequest]:
    """Pending requests this user may confirm (待我确认)."""
    if not has_perm(user, "reports.confirm_export") or user.office_id is None:
        return ExportRequest.objects.none()
    return (
        ExportRequest.objects.filter(
            status=ExportRequest.Status.PENDING,
            requested_by__department=user.department_id,
            requested_by__office__path__startswith=user.office.path,
        )
        .exclude(requested_by=user)
        .select_related("program", "requested_by__office", "requested_by__department")
        .order_by("created_at", "pk")
    )
