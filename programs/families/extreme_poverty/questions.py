"""The 特困 item's own questions on the unified form, and the obligor's shape everywhere.

An obligor (法定赡养、抚养、扶养义务人) is the same object on the form (ObligorAnswer, many), on
the screener (raw JSON, read through the same serializer) and in the investigator's records
(models.SupportObligor.as_answer), so that one rule reads them all.
"""

from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from intake.models import Person
from programs.steps import ActionInput, FormQuestions

from .models import OBLIGOR_RELATIONS, ObligorStatus

MAX_OBLIGORS = 20


class LabelledChoiceField(serializers.ChoiceField):
    """A choice typed as its code or as its label in any language of the site ("子女", "一级"):
    the staff page renders every field as text, and a person types what they read."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            text = data.strip()
            if text in self.choices:
                return text
            for code, label in self.choices.items():
                for language, _name in settings.LANGUAGES:
                    with translation.override(language):
                        if text == str(label):
                            return code
            data = text
        return super().to_internal_value(data)


def choice_options(choices) -> str:
    """The labels a person may type, for a help line: "配偶、子女、父母…"."""
    return "、".join(str(label) for value, label in choices if value not in ("", "none"))


class ObligorAnswer(ActionInput):
    """One obligor as declared or recorded."""

    name = serializers.CharField(label=_("义务人姓名"), max_length=50)
    relation = LabelledChoiceField(label=_("与申请人关系"), choices=OBLIGOR_RELATIONS)
    age = serializers.IntegerField(label=_("年龄（周岁）"), min_value=0, max_value=130)
    monthly_income = serializers.DecimalField(
        label=_("本人月收入（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        default=Decimal("0"),
    )
    assets = serializers.DecimalField(
        label=_("本人财产（元）"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("不清楚的可不填；判断无履行义务能力需核实财产的，不填则视为未核实。"),
    )
    disability_grade = LabelledChoiceField(
        label=_("残疾等级"), choices=Person.Disability.choices, required=False, default="none"
    )
    disability_kind = LabelledChoiceField(
        label=_("残疾类别"),
        choices=Person.DisabilityKind.choices,
        required=False,
        allow_blank=True,
        default="",
    )
    status = LabelledChoiceField(
        label=_("特殊情形"), choices=ObligorStatus.choices, required=False, default=ObligorStatus.NONE
    )
    note = serializers.CharField(
        label=_("备注"), max_length=500, required=False, allow_blank=True, default=""
    )


def obligor_record(validated: dict) -> dict:
    """A validated obligor as JSON-ready values (what the case keeps and the rules read)."""
    return {
        "name": validated["name"].strip(),
        "relation": validated["relation"],
        "age": int(validated["age"]),
        "monthly_income": str(validated.get("monthly_income") or Decimal("0")),
        "assets": None if validated.get("assets") is None else str(validated["assets"]),
        "disability_grade": validated.get("disability_grade") or "none",
        "disability_kind": validated.get("disability_kind") or "",
        "status": validated.get("status") or ObligorStatus.NONE,
        "note": validated.get("note") or "",
    }


def obligor_parsed(raw) -> dict | None:
    """An obligor from any source (form, screener, records), or None when it is not one."""
    serializer = ObligorAnswer(data=raw if isinstance(raw, dict) else {})
    return obligor_record(serializer.validated_data) if serializer.is_valid() else None


class ObligorList(serializers.ListField):
    """A list of obligors whose errors read "第2位义务人：年龄（周岁）：…" (one flat message each)."""

    def __init__(self, **kwargs):
        super().__init__(child=ObligorAnswer(), max_length=MAX_OBLIGORS, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, list):
            raise serializers.ValidationError(_("格式不正确：应为义务人列表。"))
        if len(data) > MAX_OBLIGORS:
            raise serializers.ValidationError(_("义务人最多填写 %(n)s 位。") % {"n": MAX_OBLIGORS})
        out, messages = [], []
        for index, item in enumerate(data, start=1):
            serializer = ObligorAnswer(data=item if isinstance(item, dict) else {})
            if serializer.is_valid():
                out.append(obligor_record(serializer.validated_data))
                continue
            for name, errors in serializer.errors.items():
                field = serializer.fields.get(name)
                label = field.label if field is not None else name
                for error in errors if isinstance(errors, list) else [errors]:
                    messages.append(
                        _("第%(n)s位义务人：%(label)s：%(message)s")
                        % {"n": index, "label": label, "message": error}
                    )
        names = [o["name"] for o in out]
        if len(set(names)) != len(names):
            messages.append(_("义务人姓名重复，请每位义务人填写一次。"))
        if messages:
            raise serializers.ValidationError(messages)
        return out


class ExtremePovertyQuestions(FormQuestions):
    """特困 asks for the applicant's support obligors who are not on the application (N3 §9)."""

    obligors = ObligorList(
        label=_("法定赡养、抚养、扶养义务人"),
        required=False,
        default=list,
        help_text=_("未随本申请共同申请的配偶、父母、成年子女等；没有的不填。"),
    )

    def answers(self) -> dict:
        return {"obligors": list(self.validated_data.get("obligors") or [])}
