"""The youth-league campaign family: the referral's states, the form's consent, the notice, the
parameters. Its steps carry no engine action: the campaign's services move the referral."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from programs.registry import Family, NoticeText, register
from programs.steps import FormQuestions, Step

from .eligibility import assess_facts
from .workflow import State, YouthCharityCase


class YouthReferralQuestions(FormQuestions):
    """Ticking the item is the consent to referral; the young people to refer are named."""

    young_members = serializers.ListField(
        label=_("需要帮扶的青少年姓名"),
        child=serializers.CharField(max_length=50),
        min_length=1,
        max_length=10,
        help_text=_("每行填写一名家庭成员的姓名。"),
    )
    consent = serializers.BooleanField(
        label=_("同意将以上青少年的基本情况转介给青少年事务社工，由其联系并参加团市委青春公益集中行动")
    )
    needs = serializers.CharField(
        label=_("需要的帮助"), max_length=200, required=False, allow_blank=True, default=""
    )

    def validate_consent(self, value):
        if value is not True:
            raise serializers.ValidationError(_("勾选本事项须同意转介。"))
        return value


STEPS = (
    Step(
        State.REFERRED,
        State.REFERRED.label,
        role="investigator",
        office="hukou_district",
        deadline="deadline.youth_referral",
        applicant_next=_("已同意转介，青少年事务社工将与您联系；每年团市委集中开展帮扶。"),
    ),
    Step(
        State.NOMINATED,
        State.NOMINATED.label,
        role="approver",
        office="hukou_district",
        deadline="deadline.youth_list_approval",
        applicant_next=_("已列入本年度青春公益帮扶名单，待团区委审核，无需操作。"),
    ),
    Step(
        State.LISTED,
        State.LISTED.label,
        role="investigator",
        office="hukou_district",
        deadline="deadline.youth_delivery",
        applicant_next=_("帮扶名单已审核，社工将上门送达帮扶，无需操作。"),
    ),
)

_LONG_AGO = dt.date(2000, 1, 1)
_NONE = "未找到原始依据"
PARAMETERS = (
    (
        "youth_charity.age_limit",
        "青春公益帮扶对象年龄上限（不满）",
        Decimal("25"),
        "years",
        _LONG_AGO,
        _NONE,
        False,
    ),
    (
        "deadline.youth_referral",
        "青少年事务社工联系转介家庭",
        Decimal("20"),
        "working_days",
        _LONG_AGO,
        _NONE,
        False,
    ),
    (
        "deadline.youth_list_approval",
        "团区委审核帮扶名单",
        Decimal("10"),
        "working_days",
        _LONG_AGO,
        _NONE,
        False,
    ),
    ("deadline.youth_delivery", "上门送达帮扶", Decimal("20"), "working_days", _LONG_AGO, _NONE, False),
)

HELP_LABELS = {
    "gift_pack": _("慰问大礼包"),
    "education_pack": _("教育礼包"),
    "micro_wish": _("微心愿"),
}


def _approval_facts(case) -> list[tuple[str, str]]:
    help_ = (case.details or {}).get("youth_help")
    if not help_:
        return []
    lines = [
        (_("帮扶内容"), str(HELP_LABELS.get(help_["kind"], help_["kind"]))),
        (_("送达日期"), help_["delivered_on"]),
    ]
    if help_.get("wish"):
        lines.append((_("微心愿"), help_["wish"]))
    return lines


def _issuer(case) -> str:
    office = case.decided_office
    return (
        _("共青团上海市%(district)s委员会") % {"district": office.name}
        if office
        else str(_("共青团上海市委员会"))
    )


FAMILY = register(
    Family(
        entitlement_lasts=False,
        code="youth_charity",
        label=_("青春公益类"),
        model=YouthCharityCase,
        states=State,
        steps=STEPS,
        assess=assess_facts,
        pre_tick=False,
        form_questions={"youth_charity": YouthReferralQuestions},
        parameters=PARAMETERS,
        staff_sections=(),
        notices=NoticeText(
            approval=_("你家于%(day)s同意转介参加%(item)s，已列入本年度帮扶名单，帮扶已送达。"),
            approval_title=_("%(item)s帮扶送达告知书"),
            approval_facts=_approval_facts,
            rights="",
            issuer=_issuer,
        ),
    )
)
