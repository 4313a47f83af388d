"""The education family's step table and notice wording — as data."""

from django.utils.translation import gettext_lazy as _

from programs.registry import Family, NoticeText, register
from programs.steps import Action, ApproveInput, DenyInput, NoteInput, Step, deny_help

from . import services
from .eligibility import assess_facts
from .workflow import EducationCase, State

DENY = Action("deny", _("不予资助"), DenyInput, services.deny, style="secondary", help=deny_help)

STEPS = (
    Step(
        State.SCHOOL_REVIEW,
        State.SCHOOL_REVIEW.label,
        role="reviewer",
        office="hukou_district",
        deadline="deadline.edu_school_review",
        actions=(
            Action("pass_school_review", _("学校评审通过，报教育局"), NoteInput, services.pass_school_review),
            DENY,
        ),
        applicant_next=_("学校资助评审中，如学校通知请提交《资助申请表》。"),
    ),
    Step(
        State.BUREAU_REVIEW,
        State.BUREAU_REVIEW.label,
        role="reviewer",
        office="hukou_district",
        deadline="deadline.edu_bureau_review",
        actions=(Action("approve", _("批准资助"), ApproveInput, services.approve), DENY),
        applicant_next=_("教育局审核中，无需操作。"),
    ),
)


def _approval_facts(case) -> list[tuple[str, str]]:
    if case.granted_amount is None:
        return []
    return [(_("资助金额"), _("%(amount)s 元，由学校按规定发放。") % {"amount": case.granted_amount})]


FAMILY = register(
    Family(
        code="education",
        assess=assess_facts,
        label=_("教育救助"),
        model=EducationCase,
        states=State,
        steps=STEPS,
        staff_sections=(),
        notices=NoticeText(
            approval=_(
                "你（你家庭）于%(day)s提出的%(item)s申请，经学校评审、教育行政部门审核，符合条件，决定给予资助。"
            ),
            denial=_(
                "你（你家庭）于%(day)s提出的%(item)s申请，经学校评审、教育行政部门审核，不符合条件，决定不予资助。"
            ),
            approval_facts=_approval_facts,
            approval_closing=_("学生就读情况、家庭困难状况发生变化的，应当及时告知学校。"),
        ),
    )
)
