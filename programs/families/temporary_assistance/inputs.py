"""What the temporary-assistance form asks and what each action takes (request bodies)."""

import re
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from programs.steps import ActionInput, FormQuestions, NoteInput

from .eligibility import Kind


def _street_choices() -> list[tuple[str, str]]:
    from accounts.snapshot import offices_at

    streets = offices_at("street")
    return [
        ("", _t("户籍所在地")),
        *((o.code, f"{o.parent.name if o.parent else ''}{o.name}") for o in streets),
    ]


class TAQuestions(FormQuestions):
    """临时救助's own questions on the unified form (case.details["form"])."""

    kind = serializers.ChoiceField(label=_("临时救助类型"), choices=Kind.choices)
    description = serializers.CharField(
        label=_("遇到的困难（发生了什么）"),
        max_length=2000,
        help_text=_("如火灾、交通事故、突发重大疾病、自然灾害，或突发大额医疗、教育等刚性支出。"),
    )
    incident_date = serializers.DateField(label=_("发生日期"))
    urgent = serializers.BooleanField(label=_("情况紧急，急需先行救助"), required=False, default=False)
    # 急难发生地 (S003): the street that works the case; none = the hukou place.
    incident_office = serializers.ChoiceField(
        label=_("急难发生地（街道、乡镇）"),
        choices=[],
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "在户籍地以外发生急难的，选择急难发生地的街道（乡镇），由该街道办理；不选的由户籍地办理。"
        ),
        error_messages={"invalid_choice": _("“{input}”不是本市街道（乡镇）的代码。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The streets as they are when the form is checked (offices are data, not code).
        self.fields["incident_office"].choices = _street_choices()

    def validate_incident_date(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("发生日期不能晚于今天。"))
        return value


class OptionalDateField(serializers.DateField):
    """A date a web form may leave blank ("" = none)."""

    def validate_empty_values(self, data):
        if data == "":
            return True, None
        return super().validate_empty_values(data)


def _money(label, **kwargs):
    return serializers.DecimalField(
        label=label, max_digits=12, decimal_places=2, min_value=Decimal("0.01"), **kwargs
    )


class StageInput(ActionInput):
    on = serializers.DateField(label=_("发放日期"))
    amount = _money(_("发放金额（元）"))


STAGE_SEPARATORS = re.compile(r"[\n;；]+")
STAGE_PARTS = re.compile(r"[\s,，:：]+")


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "on": {"type": "string", "format": "date"},
                        "amount": {"type": "string", "format": "decimal"},
                    },
                    "required": ["on", "amount"],
                },
            },
            {"type": "string", "description": "每期“日期 金额”，以分号或换行分隔"},
        ],
        "nullable": True,
    }
)
class ScheduleField(serializers.Field):
    """分阶段发放: a list of {"on": date, "amount": yuan}; a web form writes one stage per line
    (or separated by "；") as "2026-06-01 1000"."""

    default_error_messages = {
        "invalid": _(
            "分阶段发放安排格式不正确：每期写作“日期 金额”，如“2026-06-01 1000”，各期用分号或换行分隔。"
        )
    }

    def to_internal_value(self, data):
        if isinstance(data, str):
            rows = []
            for line in STAGE_SEPARATORS.split(data):
                if not line.strip():
                    continue
                parts = STAGE_PARTS.split(line.strip())
                if len(parts) != 2:
                    self.fail("invalid")
                rows.append({"on": parts[0], "amount": parts[1]})
            data = rows
        if not isinstance(data, list):
            self.fail("invalid")
        stages = StageInput(data=data, many=True)
        if not stages.is_valid():
            raise serializers.ValidationError(_stage_errors(stages))
        return [dict(stage) for stage in stages.validated_data]

    def to_representation(self, value):
        return [{"on": s["on"].isoformat(), "amount": str(s["amount"])} for s in value or []]


def _stage_errors(stages) -> list[str]:
    fields = StageInput().fields
    messages = []
    for n, errors in enumerate(stages.errors, start=1):
        for name, problems in (errors or {}).items():
            label = fields[name].label if name in fields else name
            for problem in problems if isinstance(problems, list) else [problems]:
                messages.append(
                    _t("第%(n)s期%(label)s：%(message)s") % {"n": n, "label": label, "message": problem}
                )
    return messages or [_t("分阶段发放安排格式不正确。")]


def schedule_text(rows) -> str:
    """A recorded schedule ([{"on", "amount"}]) as the web form writes it."""
    return "；".join(f"{row['on']} {row['amount']}" for row in rows or [])


def _schedule(label, help_text):
    return ScheduleField(label=label, required=False, allow_null=True, default=None, help_text=help_text)


class AdvanceInput(ActionInput):
    amount = _money(_("先行救助金额（元）"))
    reason = serializers.CharField(label=_("先行救助理由"), max_length=2000, allow_blank=True)


class ReviewInput(NoteInput):
    note = serializers.CharField(label=_("审核意见"), max_length=2000, allow_blank=True)
    proposed_amount = _money(
        _("拟救助金额（元）"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("含已先行救助的金额；不符合条件、建议不予救助的不填。"),
    )
    schedule = _schedule(
        _("分阶段发放安排"),
        _("一次审批、分阶段救助：各期金额合计为拟救助金额减去已先行救助金额；不填的，批准后一次发放。"),
    )


class TAApproveInput(NoteInput):
    amount = _money(
        _("核定救助总额（元）"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("含已先行救助的金额；不填的，按审核拟定的金额。"),
    )
    schedule = _schedule(
        _("分阶段发放安排"),
        _("各期金额合计为核定救助总额减去已先行救助金额；不填的，按审核拟定的安排（未拟定的一次发放）。"),
    )
    meeting_held_on = OptionalDateField(
        label=_("街道会议日期"), required=False, allow_null=True, default=None
    )
    meeting_attendees = serializers.CharField(
        label=_("参会人员"), required=False, allow_blank=True, default="", max_length=500
    )
    meeting_minutes = serializers.CharField(
        label=_("会议纪要"),
        required=False,
        allow_blank=True,
        default="",
        max_length=4000,
        help_text=_(
            "核定救助总额超过街道审批限额的，须经街道会议“一事一议”，填写会议日期、参会人员和会议纪要。"
        ),
    )
