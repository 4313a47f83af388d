from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from .models import Material, Program


class MaterialOut(serializers.ModelSerializer):
    class Meta:
        model = Material
        fields = ["code", "name", "name_en", "note"]


class ProgramOut(serializers.ModelSerializer):
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.name")
    is_open = serializers.BooleanField()
    materials = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Program
        fields = [
            "code",
            "name",
            "name_en",
            "department",
            "department_name",
            "family",
            "is_open",
            "apply_at",
            "apply_at_en",
            "precondition_text",
            "precondition_text_en",
            "requires_status",
            "grants_status",
            "materials",
        ]


class CaseStatusOut(serializers.Serializer):
    """What staff of a department that runs another item of the application may see."""

    id = serializers.IntegerField()
    # One value per shape, so that a body matches exactly one of the Case schema's oneOf.
    access = serializers.SerializerMethodField(help_text="full：全部信息；status：仅办理状态")
    reference = serializers.CharField(source="application.reference")
    program = serializers.CharField(source="program.code")
    program_name = serializers.CharField(source="program.name")
    department = serializers.CharField(source="program.department.code")
    state = serializers.CharField()
    state_label = serializers.CharField()
    step_due_date = serializers.SerializerMethodField()
    decided_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field({"type": "string", "enum": ["status"]})
    def get_access(self, case) -> str:
        return case.access

    def get_step_due_date(self, case) -> str | None:
        from .engine import live_item

        item = live_item(case)
        return item.due_date.isoformat() if item else None


class CaseOut(CaseStatusOut):
    """The whole case, for those who work it (and the applicant)."""

    waiting_for = serializers.ListField(child=serializers.CharField())
    opened_automatically = serializers.BooleanField()
    declared_figures = serializers.SerializerMethodField()
    verified_figures = serializers.JSONField()
    eligibility_trace = serializers.JSONField()
    policy_figures = serializers.JSONField()
    details = serializers.JSONField()
    publicity_ends_on = serializers.DateField(allow_null=True)
    decision_reason = serializers.CharField()
    monthly_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    granted_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    available_actions = serializers.SerializerMethodField(
        help_text="本人现在可以办理的操作及其字段（按本环节的办理表）"
    )
    facts = serializers.SerializerMethodField(help_text="办理情况，如已签字的调查人员数、按政策计算的金额")

    @extend_schema_field({"type": "string", "enum": ["full"]})
    def get_access(self, case) -> str:
        return case.access

    def get_declared_figures(self, case) -> dict:
        from .assessment import household_figures

        return household_figures(case.application)

    def get_available_actions(self, case) -> list[dict]:
        from .engine import actions_for_user

        request = self.context.get("request")
        if request is None:
            return []
        return [
            {"action": action.name, "label": str(action.label), "fields": _fields(action.input())}
            for action in actions_for_user(case=case, user=request.user)
        ]

    def get_facts(self, case) -> dict:
        from .registry import family_of

        family = family_of(case)
        return family.facts(case) if family.facts else {}


def _fields(serializer) -> list[dict]:
    out = []
    for name, field in serializer.fields.items():
        entry = {
            "name": name,
            "type": type(field).__name__.removesuffix("Field").lower(),
            "required": field.required,
            "label": str(field.label or name),
        }
        if isinstance(field, serializers.Serializer):
            entry["type"], entry["fields"] = "object", _fields(field)
        out.append(entry)
    return out


def case_out(case, *, request) -> dict:
    from .selectors import FULL

    serializer = CaseOut if case.access == FULL else CaseStatusOut
    return serializer(case, context={"request": request}).data


CASE_RESPONSE = PolymorphicProxySerializer(
    component_name="Case",
    serializers=[CaseOut, CaseStatusOut],
    resource_type_field_name=None,
)


def action_request_schema():
    """The request body of POST /cases/{id}/transitions/, documented per action."""
    from .registry import FAMILIES

    by_name: dict[str, type[serializers.Serializer]] = {}
    for family in FAMILIES.values():
        for name, action in family.actions.items():
            by_name.setdefault(name, action.input)
    components = {}
    for name, input_class in sorted(by_name.items()):
        fields = {
            "action": serializers.ChoiceField(choices=[name], help_text=str(name)),
            "expected_state": serializers.CharField(required=False, help_text="如与当前状态不符，返回 409"),
        }
        components[name] = type(f"{_camel(name)}Action", (input_class,), fields)
    return PolymorphicProxySerializer(
        component_name="CaseAction",
        serializers=components,
        resource_type_field_name="action",
    )


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))
