"""POST /api/v1/screening/: the screener (智能引导) as an API, open to anyone, nobody identified.

The input shape (ScreeningInput) is shared with the public page and the unified form's items
step; the answer is programs.screening's, i.e. the families' own rules.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from intake.models import Person
from intake.serializers import AssetInput, ExpenseInput, IncomeInput

from .parameters import MissingParameter
from .screening import DEPENDS, LIKELY, NOT_LIKELY, OUTCOME_LABELS, ScreeningMember, screen, screening_facts
from .trace import trace_shown

MAX_MEMBERS = 20


class ScreeningMemberInput(serializers.Serializer):
    age = serializers.IntegerField(
        min_value=0, max_value=130, required=False, help_text="周岁；或填 birth_date"
    )
    birth_date = serializers.DateField(required=False)
    relation = serializers.ChoiceField(choices=Person.Relation.choices, required=False, default="other")
    sex = serializers.ChoiceField(choices=Person.Sex.choices, required=False, allow_blank=True, default="")
    disability_grade = serializers.ChoiceField(
        choices=Person.Disability.choices, required=False, default=Person.Disability.NONE
    )
    disability_kind = serializers.ChoiceField(
        choices=Person.DisabilityKind.choices, required=False, allow_blank=True, default=""
    )
    employment_status = serializers.ChoiceField(
        choices=Person.Employment.choices, required=False, default=Person.Employment.UNEMPLOYED
    )
    school_stage = serializers.ChoiceField(
        choices=Person.SchoolStage.choices, required=False, default=Person.SchoolStage.NONE
    )
    birth_group = serializers.IntegerField(min_value=1, max_value=9, required=False, allow_null=True)
    incomes = IncomeInput(required=False, help_text="月收入（元）")
    assets = AssetInput(required=False, help_text="财产（元）")
    expenses = ExpenseInput(required=False, help_text="月刚性支出（元）")

    def validate(self, attrs):
        if attrs.get("age") is None and attrs.get("birth_date") is None:
            raise serializers.ValidationError({"age": [_("请填写年龄或出生日期。")]})
        return attrs


class ScreeningInput(serializers.Serializer):
    members = ScreeningMemberInput(many=True, allow_empty=False, max_length=MAX_MEMBERS)
    on = serializers.DateField(required=False, help_text="按该日有效的政策参数估算；默认今天")
    statuses = serializers.ListField(
        child=serializers.ChoiceField(choices=["dibao", "low_income", "extreme_poverty", "rigid_expense"]),
        required=False,
        default=list,
        help_text="家庭已享受的救助身份",
    )
    item_answers = serializers.DictField(
        child=serializers.DictField(), required=False, default=dict, help_text="事项自身的问题，按事项代码"
    )

    def facts(self):
        data = self.validated_data
        on = data.get("on") or timezone.localdate()
        return screening_facts(
            [_member(m, on) for m in data["members"]],
            on=on,
            statuses=data.get("statuses") or (),
            answers=data.get("item_answers") or {},
        )


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _member(m: dict, on: dt.date) -> ScreeningMember:
    return ScreeningMember(
        age=m["age"] if m.get("age") is not None else _age(m["birth_date"], on),
        relation=m.get("relation") or "other",
        sex=m.get("sex") or "",
        disability_grade=m.get("disability_grade") or "none",
        disability_kind=m.get("disability_kind") or "",
        employment=m.get("employment_status") or "",
        school_stage=m.get("school_stage") or "none",
        birth_group=m.get("birth_group"),
        incomes={k: v for k, v in (m.get("incomes") or {}).items() if v},
        assets={k: v for k, v in (m.get("assets") or {}).items() if v},
        expenses={k: v for k, v in (m.get("expenses") or {}).items() if v},
    )


class TraceStepOut(serializers.Serializer):
    rule = serializers.CharField()
    label = serializers.CharField()
    passed = serializers.BooleanField()
    detail = serializers.CharField()


class ScreeningItemOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    department = serializers.CharField()
    outcome = serializers.ChoiceField(choices=[LIKELY, DEPENDS, NOT_LIKELY])
    outcome_label = serializers.CharField()
    depends_on = serializers.ListField(child=serializers.CharField())
    covered_by = serializers.CharField(help_text="已被另一可能符合的事项涵盖（如低保），无需另选")
    estimated_monthly_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    trace = TraceStepOut(many=True)
    parameters = serializers.DictField()
    note = serializers.CharField()


class ScreeningOut(serializers.Serializer):
    on = serializers.DateField()
    figures = serializers.DictField()
    items = ScreeningItemOut(many=True)


def screening_out(facts, results) -> dict:
    return {
        "on": facts.on,
        "figures": facts.figures,
        "items": [
            {
                "code": r.program.code,
                "name": r.program.display_name,
                "department": r.program.department.display_name,
                "outcome": r.outcome,
                "outcome_label": str(_(OUTCOME_LABELS[r.outcome])),
                "depends_on": r.depends_on,
                "covered_by": r.covered_by,
                "estimated_monthly_amount": r.monthly_amount,
                "trace": [
                    {k: s[k] for k in ("rule", "label", "passed", "detail")} for s in trace_shown(r.trace)
                ],
                "parameters": r.parameters,
                "note": str(r.note),
            }
            for r in results
        ],
    }


class ScreeningThrottle(AnonRateThrottle):
    scope = "screening"
    rate = "60/min"


class Screening(APIView):
    """智能引导: which items might this household get, on the rules and figures in force on `on`."""

    permission_classes = [AllowAny]
    throttle_classes = [ScreeningThrottle]

    @extend_schema(request=ScreeningInput, responses={200: ScreeningOut})
    def post(self, request):
        serializer = ScreeningInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            facts = serializer.facts()
        except MissingParameter:
            raise serializers.ValidationError(
                {"on": [_("该日期没有适用的政策标准，请选择更晚的日期。")]}
            ) from None
        return Response(ScreeningOut(screening_out(facts, screen(facts))).data)
