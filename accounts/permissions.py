"""Permissions are namespaced strings granted to roles, checked in one place."""

from .models import Role, User

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.APPLICANT: frozenset({"intake.submit_own", "intake.view_own"}),
    Role.CLERK: frozenset(
        {"intake.submit_for_household", "intake.accept", "intake.view_office", "intake.search_household"}
    ),
    Role.ADVISOR: frozenset({"intake.view_office", "intake.search_household"}),
    Role.INVESTIGATOR: frozenset({"review.work", "review.investigate", "intake.view_office"}),
    Role.REVIEWER: frozenset(
        {"review.work", "review.decide", "intake.view_office", "intake.reveal_id", "reports.export"}
    ),
    Role.APPROVER: frozenset(
        {
            "review.work",
            "review.decide",
            "review.approve",
            "intake.view_office",
            "intake.reveal_id",
            "reports.export",
            "reports.confirm_export",
        }
    ),
    # The system administrator: users, offices, parameters, catalogue, calendar — no case data.
    Role.ADMIN: frozenset({"programs.manage", "accounts.manage"}),
    # The auditor: the audit log, read-only.
    Role.AUDITOR: frozenset({"accounts.audit_view"}),
    # The district head: the district's dashboards and cases (read-only).
    Role.DISTRICT_HEAD: frozenset(
        {"intake.view_office", "review.dashboard", "reports.export", "reports.confirm_export"}
    ),
}


def _model_perms(*models: str, actions=("view", "add", "change", "delete")) -> set[str]:
    return {f"{model.split('.')[0]}.{action}_{model.split('.')[1]}" for model in models for action in actions}


# What each role may do in the Django admin (accounts.backends.RolePermissionBackend reads this).
ROLE_ADMIN_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(
        _model_perms(
            "accounts.user",
            "accounts.office",
            "accounts.department",
            "programs.policyparameter",
            "programs.approvallevel",
            "programs.program",
            "programs.material",
            "review.calendaroverride",
            "otp_totp.totpdevice",
        )
        | _model_perms("axes.accessattempt", "axes.accessfailurelog", actions=("view", "delete"))
    ),
    Role.AUDITOR: frozenset(_model_perms("accounts.auditevent", actions=("view",))),
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
