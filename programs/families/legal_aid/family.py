"""The legal-aid family's step table, inputs, notice wording and parameters — as data."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from programs.registry import Family, NoticeText, register
from programs.steps import Action, ActionInput, DenyInput, NoteInput, Step, deny_help
from programs.trace import trace_step_shown

from . import services
from .eligibility import assess_facts
from .workflow import LegalAidCase, State


class PrecheckInput(ActionInput):
    matter = serializers.CharField(label=_("法律援助事项（案由）"), max_length=500, allow_blank=True)
    note = serializers.CharField(
        label=_("预审意见"), required=False, allow_blank=True, default="", max_length=2000
    )


class OriginalsInput(ActionInput):
    originals_verified = serializers.BooleanField(label=_("已现场核验书面材料原件，与网上预申请一致"))
    note = serializers.CharField(
        label=_("核验说明"), required=False, allow_blank=True, default="", max_length=2000
    )


class AssignInput(ActionInput):
    lawyer = serializers.CharField(label=_("承办律师"), max_length=50, allow_blank=True)
    law_firm = serializers.CharField(label=_("律师事务所"), max_length=100, allow_blank=True)
    note = serializers.CharField(
        label=_("说明"), required=False, allow_blank=True, default="", max_length=2000
    )


DENY = Action("deny", _("不予法律援助"), DenyInput, services.deny, style="secondary", help=deny_help)

# The legal-aid centre of the district where the family lives (就近申请, 全市通办).
STEPS = (
    Step(
        State.PRECHECK,
        State.PRECHECK.label,
        role="reviewer",
        office="residence_district",
        deadline="deadline.legal_aid_precheck",
        actions=(
            Action("pass_precheck", _("预审通过，通知携带原件"), PrecheckInput, services.pass_precheck),
            DENY,
        ),
        applicant_next=_("法律援助中心正在预审网上申请，无需操作。"),
    ),
    Step(
        State.ONSITE_CHECK,
        State.ONSITE_CHECK.label,
        role="reviewer",
        office="residence_district",
        deadline="deadline.legal_aid_onsite",
        actions=(
            Action("verify_originals", _("原件核验无误"), OriginalsInput, services.verify_originals),
            DENY,
        ),
        applicant_next=_("预审已通过：请携带身份证、经济状况证明表和案件材料原件，到法律援助中心现场核验。"),
    ),
    Step(
        State.LEGAL_REVIEW,
        State.LEGAL_REVIEW.label,
        role="reviewer",
        office="residence_district",
        deadline="deadline.legal_aid_decision",
        actions=(Action("approve", _("决定给予法律援助"), NoteInput, services.approve), DENY),
        applicant_next=_("法律援助中心正在审查，将在规定期限内作出决定，无需操作。"),
    ),
    Step(
        State.LAWYER_ASSIGNMENT,
        State.LAWYER_ASSIGNMENT.label,
        role="reviewer",
        office="residence_district",
        deadline="deadline.legal_aid_assignment",
        actions=(Action("assign_lawyer", _("指派律师"), AssignInput, services.assign_lawyer),),
        applicant_next=_("已决定给予法律援助，正在指派律师，可下载决定书。"),
    ),
)

_LONG_AGO = dt.date(2000, 1, 1)
PARAMETERS = (
    (
        "deadline.legal_aid_precheck",
        "法律援助网上预审",
        Decimal("3"),
        "working_days",
        _LONG_AGO,
        "未找到原始依据",
        False,
    ),
    (
        "deadline.legal_aid_onsite",
        "法律援助现场核验原件",
        Decimal("10"),
        "working_days",
        _LONG_AGO,
        "未找到原始依据",
        False,
    ),
    (
        "deadline.legal_aid_decision",
        "法律援助审查决定",
        Decimal("7"),
        "calendar_days",
        _LONG_AGO,
        "N8 第43条（上海2020年规定为10个工作日）",
        True,
    ),
    (
        "deadline.legal_aid_assignment",
        "指派律师",
        Decimal("3"),
        "calendar_days",
        _LONG_AGO,
        "N8 第44条",
        True,
    ),
    (
        "legal_aid.hardship_line",
        "法律援助经济困难标准（人均月收入）",
        Decimal("3300"),
        "yuan",
        dt.date(2025, 7, 1),
        "未找到原始依据（暂按低收入标准）",
        False,
    ),
)


def _approval_facts(case) -> list[tuple[str, str]]:
    facts = [(_("法律援助事项"), case.details.get("matter", ""))]
    waived = next((s for s in case.eligibility_trace if s["rule"] == "economic_hardship_waived"), None)
    if waived:
        facts.append((_("经济困难状况"), trace_step_shown(waived)["detail"]))
    facts.append(
        (_("指派律师"), _("本中心将自本决定作出之日起三日内指派律师承办，并告知你律师的姓名和联系方式。"))
    )
    return facts


def _issuer(case) -> str:
    residence = case.application.residence_office
    office = case.decided_office or residence.ancestor_at("district") or residence
    return _("%(office)s法律援助中心") % {"office": office.name}


FAMILY = register(
    Family(
        entitlement_lasts=False,
        code="legal_aid",
        assess=assess_facts,
        form_needs=("incomes", "assets"),
        label=_("法律援助"),
        model=LegalAidCase,
        states=State,
        steps=STEPS,
        window_acceptance=False,
        parameters=PARAMETERS,
        staff_sections=("trace", "details"),
        notices=NoticeText(
            approval_title=_("准予法律援助决定书"),
            denial_title=_("不予法律援助决定书"),
            approval=_("你于%(day)s提出的%(item)s申请，经审查，符合法律援助条件，决定给予法律援助。"),
            denial=_("你于%(day)s提出的%(item)s申请，经审查，不符合法律援助条件，决定不予法律援助。"),
            approval_facts=_approval_facts,
            rights=_(
                "如对本决定有异议，可以向设立本法律援助机构的司法行政部门提出；对司法行政部门维持本决定不服的，"
                "可以依法申请行政复议或者提起行政诉讼。"
            ),
            issuer=_issuer,
        ),
    )
)
