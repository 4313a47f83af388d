"""The means-tested family's step table, inputs, notice wording and parameters — as data."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from programs.assessment import FIGURE_LABELS, household_figures
from programs.parameters import parameter
from programs.procedure import ProcedureLimits
from programs.rechecks import means_tested_cycle
from programs.registry import Family, NoticeText, register
from programs.steps import Action, ActionInput, ApproveInput, DenyInput, NoteInput, Step, deny_help
from review.calendar import add_working_days

from . import services
from .eligibility import assess_facts
from .workflow import REQUIRED_SIGNATURES, MeansTestedCase, State, publicity_over, signatures


class InvestigateInput(ActionInput):
    findings = serializers.CharField(label=_("调查情况"), max_length=4000, allow_blank=True)
    applicant_signed = serializers.BooleanField(
        label=_("申请人（或家庭成员）已在调查表上签字确认"), required=False, default=False
    )


def _figure(label):
    return serializers.DecimalField(
        label=label, required=False, allow_null=True, max_digits=14, decimal_places=2, min_value=Decimal("0")
    )


class FiguresInput(ActionInput):
    """The verified monthly figures; a total alone sets its per-capita figure too."""

    income_counted = _figure(FIGURE_LABELS["income_counted"])
    per_capita_income = _figure(FIGURE_LABELS["per_capita_income"])
    assets_total = _figure(FIGURE_LABELS["assets_total"])
    per_capita_assets = _figure(FIGURE_LABELS["per_capita_assets"])
    medical_expense = _figure(FIGURE_LABELS["medical_expense"])
    education_expense = _figure(FIGURE_LABELS["education_expense"])


class VerifyInput(ActionInput):
    figures = FiguresInput(label=_("核对结果（元）"), required=False, help_text=_("与申报一致的可不填。"))
    note = serializers.CharField(
        label=_("核对说明"), required=False, allow_blank=True, default="", max_length=2000
    )


def _declared_figures(case) -> dict:
    """The verification starts from the declared figures, computed by the rules (exemption,
    per-capita); the reviewer changes only what the check found different."""
    declared = household_figures(case.application)
    return {"figures": {key: declared[key] for key in FIGURE_LABELS}}


def _amount_help(case) -> str:
    """The decision's amount is the rules' (never typed in): say what it will be."""
    from django.utils import timezone

    from .eligibility import assess

    amount = assess(case, on=timezone.localdate()).monthly_amount if case.verified_figures else None
    if amount is None:
        return ""
    return _("救助金额按核对结果和救助标准自动计算：每月 %(amount)s 元。") % {"amount": amount}


class HardCaseInput(ActionInput):
    reason = serializers.CharField(label=_("认定为疑难案件的理由"), max_length=2000, allow_blank=True)


class CommissionReportInput(ActionInput):
    report = serializers.CharField(label=_("受托调查、评议和公示情况报告"), max_length=4000, allow_blank=True)
    neighbours_visited = serializers.BooleanField(label=_("已走访邻里"), required=False, default=False)
    democratic_evaluation = serializers.CharField(
        label=_("民主评议情况"), required=False, allow_blank=True, default="", max_length=2000
    )


# Items whose deciding level is configuration (seed 004): the others stay with the hukou street.
LEVEL_CONFIGURED = {"dibao"}


def _decision_where(case) -> str:
    from programs.approval import decision_where

    return decision_where(case) if case.program.code in LEVEL_CONFIGURED else "hukou_street"


def _commission_help(case) -> str:
    commission = getattr(case, "commission", None)
    if commission is None:
        return ""
    return _(
        "受%(from)s委托（%(day)s），请报告入户调查、邻里走访、民主评议和公示情况，由户籍地街道作出决定。"
    ) % {
        "from": commission.from_office.display_name,
        "day": commission.commissioned_on.isoformat(),
    }


class ObjectionInput(ActionInput):
    content = serializers.CharField(label=_("公示异议内容"), max_length=4000, allow_blank=True)


def _signatures_help(case) -> str:
    return _("入户调查须两名工作人员分别签字确认，本轮已有 %(n)s/%(of)s 名。") % {
        "n": signatures(case),
        "of": REQUIRED_SIGNATURES,
    }


def _decision_opens_on(case) -> dt.date | None:
    return case.publicity_ends_on + dt.timedelta(days=1) if case.publicity_ends_on else None


def _publicity_note(case) -> str:
    if not case.publicity_ends_on:
        return ""
    days = int(parameter("deadline.decision_after_publicity", on=case.publicity_ends_on).value)
    return _(
        "公示期至 %(end)s 结束。期满无异议的，自 %(opens)s 起由审批人作出决定，"
        "时限为公示期满后 %(days)s 个工作日（%(due)s 前）。"
    ) % {
        "end": case.publicity_ends_on.isoformat(),
        "opens": _decision_opens_on(case).isoformat(),
        "days": days,
        "due": add_working_days(case.publicity_ends_on, days).day.isoformat(),
    }


DENY = Action("deny", _("不予批准"), DenyInput, services.deny, style="secondary", help=deny_help)
HARD_CASE = Action(
    "declare_hard_case",
    _("认定为疑难案件（延长办理时限）"),
    HardCaseInput,
    services.declare_hard_case,
    style="secondary",
)

STEPS = (
    # 人户分离: the residence-place street investigates and runs 公示; the hukou-place street decides.
    Step(
        State.INVESTIGATION,
        State.INVESTIGATION.label,
        role="investigator",
        department="civil_affairs",
        office="residence_street",
        deadline="deadline.investigation",
        actions=(
            Action(
                "investigate",
                _("签字确认调查结果"),
                InvestigateInput,
                services.investigate,
                help=_signatures_help,
            ),
        ),
        applicant_next=_("工作人员将上门入户调查，请保持电话畅通，并在调查表上签字确认。"),
    ),
    Step(
        State.VERIFICATION,
        State.VERIFICATION.label,
        role="reviewer",
        department="civil_affairs",
        office="hukou_district",
        deadline="deadline.verification",
        actions=(
            Action("verify", _("完成核对"), VerifyInput, services.verify, initial=_declared_figures),
            HARD_CASE,
        ),
        applicant_next=_("正在核对家庭经济状况，无需操作。"),
    ),
    Step(
        State.REVIEW,
        State.REVIEW.label,
        role="reviewer",
        department="civil_affairs",
        office="hukou_street",
        deadline="deadline.review",
        actions=(
            Action("propose_approval", _("拟批准，进入公示"), NoteInput, services.propose_approval),
            DENY,
            HARD_CASE,
        ),
        applicant_next=_("正在审核，无需操作。"),
    ),
    Step(
        State.PUBLICITY,
        State.PUBLICITY.label,
        role="reviewer",
        department="civil_affairs",
        office="residence_street",
        deadline="deadline.publicity",
        actions=(
            Action(
                "object",
                _("记录异议，重新调查"),
                ObjectionInput,
                services.record_objection,
                style="secondary",
            ),
        ),
        applicant_next=_("正在居（村）委会公示，无需操作。"),
        timer=lambda case, today: publicity_over(case, today),
        timer_transition="end_publicity",
        staff_note=_publicity_note,
    ),
    # 人户分离: the residence street reports what it did on commission; the hukou street decides.
    Step(
        State.COMMISSION_REPORT,
        State.COMMISSION_REPORT.label,
        role="reviewer",
        department="civil_affairs",
        office="residence_street",
        deadline="deadline.commission_report",
        actions=(
            Action(
                "report_back",
                _("报告受托情况"),
                CommissionReportInput,
                services.report_back,
                help=_commission_help,
            ),
        ),
        applicant_next=_("居住地街道正在向户籍地街道报告调查和公示情况，无需操作。"),
    ),
    # Decided by the street under delegation, else by the district (programs.approval, seed 004).
    Step(
        State.DECISION,
        State.DECISION.label,
        role="approver",
        department="civil_affairs",
        office="hukou_street",
        office_by=_decision_where,
        deadline="deadline.decision_after_publicity",
        actions=(
            Action(
                "approve",
                _("批准"),
                ApproveInput,
                services.approve,
                help=_amount_help,
                not_by=("complete_verification", "propose_approval"),
            ),
            DENY,
        ),
        applicant_next=_("公示期满无异议，等待审批决定，无需操作。"),
        counted_from=lambda case: case.publicity_ends_on,
    ),
)


def _approval_facts(case) -> list[tuple[str, str]]:
    facts = []
    if case.monthly_amount is not None:
        facts.append(
            (
                _("救助金额"),
                _("每月 %(amount)s 元（保障人数 %(n)s 人），自批准之月起按月发放。")
                % {
                    "amount": case.monthly_amount,
                    "n": case.verified_figures.get("members", ""),
                },
            )
        )
    standard = case.policy_figures.get("dibao.standard")
    if standard:
        facts.append(
            (
                _("适用标准"),
                _("%(name)s %(value)s 元/人/月（%(day)s起执行）")
                % {
                    "name": _("最低生活保障标准"),
                    "value": standard["value"],
                    "day": standard["effective_from"],
                },
            )
        )
    return facts


def _facts(case) -> dict:
    """Signatures of this round, and the monthly amount the rules give on the figures so far."""
    from django.utils import timezone

    from .eligibility import assess

    facts = {"signatures": signatures(case), "signatures_required": REQUIRED_SIGNATURES}
    if case.verified_figures:
        assessment = assess(case, on=timezone.localdate())
        amount = assessment.monthly_amount
        facts["amount_by_rules"] = str(amount) if amount is not None else None
    return facts


FAMILY = register(
    Family(
        code="means_tested",
        recheck_months=means_tested_cycle,
        assess=assess_facts,
        form_needs=("incomes", "assets", "expenses"),
        procedure=ProcedureLimits(
            whole="deadline.whole_procedure",
            whole_split="deadline.whole_procedure_extended",
            whole_delegated="deadline.whole_procedure_street",
            denial_notice="deadline.denial_notice",
        ),
        label=_("民政经济状况核对类"),
        model=MeansTestedCase,
        states=State,
        steps=STEPS,
        staff_sections=("figures", "trace", "investigations"),
        facts=_facts,
        parameters=(
            (
                "deadline.commission_report",
                "人户分离受托街道报告",
                Decimal("3"),
                "working_days",
                dt.date(2000, 1, 1),
                "未找到原始依据（S003 未规定期限）",
                False,
            ),
        ),
        notices=NoticeText(
            approval=_(
                "你（你家庭）于%(day)s提出的%(item)s申请，经入户调查、家庭经济状况核对、审核和公示，符合条件，决定准予救助。"
            ),
            approval_facts=_approval_facts,
            approval_closing=_(
                "救助期间，家庭人口、收入、财产状况发生变化的，应当及时告知户籍所在地街道办事处（乡镇人民政府）。"
            ),
        ),
    )
)
