"""The one answer to "may this user see this case, and how much of it", for pages and API alike.

- The applicant (or whoever submitted the application for them) sees all of it.
- Staff whose department works a step of the case's workflow, within their office subtree, see
  all of it; so does the district head within theirs. The system administrator and the auditor
  see no case at all.
- Staff of a department that runs another item of the same application see its status only
  (item, state, step, due date, decision and date): never its figures, trace, notes or
  investigation records.
- Everyone else gets 404.
"""

from django.db.models import Q
from django.http import Http404

from accounts.models import Role

from .models import ProgramCase
from .registry import FAMILIES, as_family, family_of

FULL = "full"
STATUS_ONLY = "status"


def case_departments(case) -> set[str]:
    """The codes of the departments that work a step of this case's workflow."""
    return {step.department or case.program.department.code for step in family_of(case).steps}


def access_level(*, user, case) -> str:
    """FULL or STATUS_ONLY for a user already known to see the case's application."""
    if user.is_applicant or user.role == Role.DISTRICT_HEAD:
        return FULL
    if user.department_id is not None and user.department.code in case_departments(case):
        return FULL
    return STATUS_ONLY


def full_access_q(user, *, prefix: str = "program__") -> Q | None:
    """The department rule of `access_level` as a filter on cases (or, with prefix="", on
    programs), for lists that cannot ask case by case; None = every item. Keep the two together."""
    if user.is_applicant or user.role == Role.DISTRICT_HEAD:
        return None
    if user.department_id is None:
        return Q(pk__in=[])
    code = user.department.code
    # A step names its department, or (None) the department that owns the item in the catalogue.
    named = [f.code for f in FAMILIES.values() if any(step.department == code for step in f.steps)]
    owned = [f.code for f in FAMILIES.values() if any(step.department is None for step in f.steps)]
    return Q(**{f"{prefix}family__in": named}) | Q(
        **{f"{prefix}family__in": owned, f"{prefix}department__code": code}
    )


def case_access(*, user, case) -> str | None:
    """FULL, STATUS_ONLY or None for a case whose application the user may see at all."""
    from intake.selectors import applications_for_user

    if not user.is_authenticated:
        return None
    if not applications_for_user(user=user).filter(pk=case.application_id).exists():
        return None
    return access_level(user=user, case=case)


def case_get_for_user(*, user, pk) -> ProgramCase:
    """The case as its family's proxy with `.access` set; 404 when the user may not see it."""
    case = (
        ProgramCase.objects.select_related(
            "program__department",
            "application__hukou_office",
            "application__residence_office",
            "application__applicant",
        )
        .filter(pk=pk)
        .first()
    )
    access = case_access(user=user, case=case) if case is not None else None
    if access is None:
        raise Http404
    case = as_family(case)
    case.access = access
    return case
