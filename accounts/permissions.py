"""Permissions are namespaced strings granted to roles, checked in one place."""

from .models import Role, User

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.APPLICANT: frozenset({"intake.submit_own", "intake.view_own"}),
    Role.CLERK: frozenset(
        {"intake.submit_for_household", "intake.accept", "intake.view_office", "intake.search_household"}
    ),
    Role.ADVISOR: frozenset({"intake.view_office", "intake.search_household"}),
    Role.INVESTIGATOR: frozenset({"review.work", "review.investigate", "intake.view_office"}),
    Role.REVIEWER: frozenset({"review.work", "review.decide", "intake.view_office", "intake.reveal_id"}),
    Role.APPROVER: frozenset(
        {"review.work", "review.decide", "review.approve", "intake.view_office", "intake.reveal_id"}
    ),
    Role.ADMIN: frozenset(
        {
            "intake.view_office",
            "review.dashboard",
            "programs.manage",
            "intake.reveal_id",
            "intake.search_household",
        }
    ),
}


def has_perm(user: User, perm: str) -> bool:
    if not user.is_authenticated:
        return False
    return perm in ROLE_PERMISSIONS.get(user.role, frozenset())


class IsStaffMember:
    """DRF permission: a logged-in staff user (for the API schema and docs in production)."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff_member)

    def has_object_permission(self, request, view, obj) -> bool:
        return self.has_permission(request, view)
