from rest_framework import serializers

from .models import Material, Program, ProgramCase


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
            "precondition_text",
            "requires_status",
            "materials",
        ]


class CaseOut(serializers.ModelSerializer):
    reference = serializers.CharField(source="application.reference")
    program = serializers.CharField(source="program.code")
    program_name = serializers.CharField(source="program.name")
    state_label = serializers.CharField(source="get_state_display")
    declared_figures = serializers.SerializerMethodField()

    class Meta:
        model = ProgramCase
        fields = [
            "id",
            "reference",
            "program",
            "program_name",
            "state",
            "state_label",
            "waiting_for",
            "opened_automatically",
            "declared_figures",
            "verified_figures",
            "eligibility_trace",
            "policy_figures",
            "publicity_ends_on",
            "decision_reason",
            "monthly_amount",
            "decided_at",
        ]

    def get_declared_figures(self, case) -> dict:
        from .eligibility import household_figures

        return household_figures(case.application)


ACTIONS = ["investigate", "verify", "propose_approval", "object", "approve", "deny", "pass_school_review"]


class TransitionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=ACTIONS)
    expected_state = serializers.CharField(required=False, help_text="如与当前状态不符，返回 409")
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    applicant_signed = serializers.BooleanField(required=False, default=False)
    figures = serializers.DictField(child=serializers.CharField(), required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    content = serializers.CharField(required=False, allow_blank=True, default="")
