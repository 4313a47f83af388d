"""The medical family's step table and notice wording — as data."""

from django.utils.translation import gettext_lazy as _

from programs.assessment import household_figures
from programs.registry import Family, NoticeText, register
from programs.steps import Action, ApproveInput, DenyInput, Step, deny_help

from . import services
from .eligibility import assess_facts
from .workflow import MedicalCase, State


def _declared_expense(case) -> str:
    """What the household declared, beside the amount the reviewer sets (no rule computes it)."""
    declared = household_figures(case.application)["medical_expense"]
    return _("申报医疗支出（月）：%(amount)s 元，供核定救助金额时参考。") % {"amount": declared}


STEPS = (
    Step(
        State.REVIEW,
        State.REVIEW.label,
        role="reviewer",
        office="hukou_district",
        deadline="deadline.medical_review",
        actions=(
            Action("approve", _("批准医疗救助"), ApproveInput, services.approve, help=_declared_expense),
            Action("deny", _("不予救助"), DenyInput, services.deny, style="secondary", help=deny_help),
        ),
        applicant_next=_("医疗保障部门审核中，无需操作。"),
    ),
)


def _approval_facts(case) -> list[tuple[str, str]]:
    if case.granted_amount is None:
        return []
    return [(_("救助金额"), _("%(amount)s 元。") % {"amount": case.granted_amount})]


FAMILY = register(
    Family(
        code="medical",
        assess=assess_facts,
        form_needs=("expenses",),
        label=_("医疗救助"),
        model=MedicalCase,
        states=State,
        steps=STEPS,
        staff_sections=(),
        notices=NoticeText(
            approval=_(
                "你（你家庭）于%(day)s提出的%(item)s申请，经医疗保障部门审核，符合条件，决定给予医疗救助。"
            ),
            approval_facts=_approval_facts,
            approval_closing=_("救助对象身份或医疗费用情况发生变化的，应当及时告知医疗保障部门。"),
        ),
    )
)
