"""Action names (API and web forms) → decision services."""

from . import services
from .models import ProgramCase


def case_action_fire(case: ProgramCase, user, data: dict) -> ProgramCase:
    """Map an action name to its service. `expected_state` is checked under the row lock."""
    action, expected = data["action"], data.get("expected_state") or None
    if action == "investigate":
        return services.investigation_record(
            case=case,
            investigator=user,
            findings=data["findings"],
            applicant_signed=data["applicant_signed"],
            expected_state=expected,
        )
    if action == "verify":
        return services.verification_complete(
            case=case, actor=user, figures=data.get("figures"), note=data["note"], expected_state=expected
        )
    if action == "propose_approval":
        return services.case_propose_approval(
            case=case, actor=user, note=data["note"], expected_state=expected
        )
    if action == "object":
        return services.case_record_objection(
            case=case, actor=user, content=data["content"], expected_state=expected
        )
    if action == "approve":
        return services.case_approve(case=case, actor=user, note=data["note"], expected_state=expected)
    if action == "deny":
        return services.case_deny(case=case, actor=user, reason=data["reason"], expected_state=expected)
    return services.case_pass_school_review(case=case, actor=user, note=data["note"], expected_state=expected)
