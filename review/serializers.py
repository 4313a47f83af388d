from rest_framework import serializers

from .models import WorkItem
from .selectors import is_overdue


class WorkItemOut(serializers.ModelSerializer):
    reference = serializers.CharField(source="application.reference")
    case_id = serializers.IntegerField(allow_null=True)
    program = serializers.CharField(source="case.program.code", allow_null=True, default=None)
    department = serializers.CharField(source="department.code")
    office = serializers.CharField(source="office.name")
    claimed_by = serializers.CharField(source="claimed_by.username", allow_null=True, default=None)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "reference",
            "case_id",
            "program",
            "step",
            "role",
            "department",
            "office",
            "status",
            "opened_on",
            "due_date",
            "due_provisional",
            "overdue",
            "claimed_by",
            "claimed_at",
        ]

    def get_overdue(self, item) -> bool:
        return is_overdue(item)
