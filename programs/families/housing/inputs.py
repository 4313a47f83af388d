"""What the housing items ask on the unified form and what each action takes (request bodies)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from programs.assessment import FIGURE_LABELS
from programs.steps import ActionInput, FormQuestions, NoteInput

from .services import Allocation


class HousingKind(models.TextChoices):
    RENTED = "rented", _("租住私房")
    PUBLIC_RENTAL = "public_rental", _("租住公有住房")
    OWN = "own", _("自有产权住房")
    NONE = "none", _("无住房（借住等）")
    OTHER = "other", _("其他")


def _street_choices() -> list[tuple[str, str]]:
    from accounts.snapshot import offices_at

    streets = offices_at("street")
    return [("", _t("请选择")), *((o.code, f"{o.parent.name if o.parent else ''}{o.name}") for o in streets)]


def _area_field():
    return serializers.DecimalField(
        label=_("人均居住面积（平方米）"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text=_("家庭现住房屋的居住面积除以共同生活的家庭人数；无住房的填 0。"),
    )


def _kind_field():
    return serializers.ChoiceField(label=_("现住房情况"), choices=HousingKind.choices)


class LowRentQuestions(FormQuestions):
    """廉租住房保障's own questions on the unified form (case.details["form"])."""

    urban_hukou = serializers.BooleanField(label=_("家庭成员为本市城镇户籍"), required=False, default=True)
    housing_kind = _kind_field()
    living_area = _area_field()
    note = serializers.CharField(
        label=_("住房情况说明"), required=False, allow_blank=True, default="", max_length=500
    )


class SharedOwnershipQuestions(FormQuestions):
    """共有产权保障住房's own questions: a non-local household names its employer and the street
    where the employer is (it is accepted and reviewed in that district)."""

    hukou_local = serializers.BooleanField(
        label=_("本市城镇户籍家庭"),
        required=False,
        default=True,
        help_text=_("非本市户籍的常住家庭请取消勾选，并填写本市工作单位及其所在街道。"),
    )
    employer_name = serializers.CharField(
        label=_("本市工作单位名称"), required=False, allow_blank=True, default="", max_length=200
    )
    # 单位所在地 (S000 §(九)): the street office of the employer; programs.steps maps the place
    # "employer" to this answer.
    employer_office = serializers.ChoiceField(
        label=_("工作单位所在街道（乡镇）"),
        choices=[],
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": _("“{input}”不是本市街道（乡镇）的代码。")},
    )
    housing_kind = _kind_field()
    living_area = _area_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer_office"].choices = _street_choices()

    def validate(self, attrs):
        if attrs.get("hukou_local", True) is False:
            errors = {}
            if not str(attrs.get("employer_name") or "").strip():
                errors["employer_name"] = _("非本市户籍家庭须填写本市工作单位名称。")
            if not attrs.get("employer_office"):
                errors["employer_office"] = _("非本市户籍家庭须选择工作单位所在街道（乡镇）。")
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


def _figure(label):
    return serializers.DecimalField(
        label=label, required=False, allow_null=True, max_digits=14, decimal_places=2, min_value=Decimal("0")
    )


class HousingFiguresInput(ActionInput):
    """The investigated monthly figures; a total alone sets its per-capita figure too."""

    income_counted = _figure(FIGURE_LABELS["income_counted"])
    per_capita_income = _figure(FIGURE_LABELS["per_capita_income"])
    assets_total = _figure(FIGURE_LABELS["assets_total"])
    per_capita_assets = _figure(FIGURE_LABELS["per_capita_assets"])


class HousingInvestigationInput(ActionInput):
    figures = HousingFiguresInput(
        label=_("调查核实的经济状况（元）"), required=False, help_text=_("与申报一致的可不填。")
    )
    findings = serializers.CharField(label=_("经济状况调查情况"), max_length=4000, allow_blank=True)


class HousingObjectionInput(ActionInput):
    content = serializers.CharField(label=_("公示异议内容"), max_length=4000, allow_blank=True)


class HousingLowRentApproveInput(NoteInput):
    allocation = serializers.ChoiceField(
        label=_("配租方式"),
        choices=Allocation.CHOICES,
        required=False,
        default=Allocation.RENT_SUBSIDY,
        help_text=_("租金配租的补贴金额按保障面积标准和补贴标准自动计算。"),
    )
