"""API shapes. Input validation lives in intake.validation (shared with the web form); these
serializers document the payload for the OpenAPI schema and shape the responses."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Application, Person
from .validation import ASSET_KINDS, EXPENSE_KINDS, INCOME_KINDS


def _money(name: str, kinds) -> type[serializers.Serializer]:
    fields = {
        kind: serializers.DecimalField(max_digits=12, decimal_places=2, required=False) for kind in kinds
    }
    return type(name, (serializers.Serializer,), fields)


class HouseholdInput(serializers.Serializer):
    hukou_office = serializers.CharField(help_text="户籍地居（村）委会代码")
    residence_office = serializers.CharField(help_text="居住地居（村）委会代码")
    address = serializers.CharField()
    phone = serializers.CharField(required=False, allow_blank=True)


IncomeInput = _money("IncomeInput", INCOME_KINDS)
AssetInput = _money("AssetInput", ASSET_KINDS)
ExpenseInput = _money("ExpenseInput", EXPENSE_KINDS)


class MemberInput(serializers.Serializer):
    name = serializers.CharField()
    id_number = serializers.CharField(help_text="居民身份证号码（GB 11643）")
    relation = serializers.ChoiceField(choices=Person.Relation.choices)
    disability_grade = serializers.ChoiceField(choices=Person.Disability.choices, required=False)
    employment_status = serializers.ChoiceField(choices=Person.Employment.choices)
    school_stage = serializers.ChoiceField(choices=Person.SchoolStage.choices, required=False)
    disability_kind = serializers.ChoiceField(
        choices=Person.DisabilityKind.choices, required=False, help_text="残疾类别（残疾人证）"
    )
    birth_group = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=9, help_text="同一胎出生的子女填写相同数字"
    )
    incomes = IncomeInput(required=False, help_text="月收入（元）")
    assets = AssetInput(required=False, help_text="财产（元）")
    expenses = ExpenseInput(required=False, help_text="月刚性支出（元）")


class ApplicationInput(serializers.Serializer):
    household = HouseholdInput()
    members = MemberInput(many=True)
    items = serializers.ListField(
        child=serializers.CharField(), help_text="救助事项代码，见 /api/v1/catalogue/"
    )
    materials_provided = serializers.ListField(child=serializers.CharField(), required=False)
    consent_economic_check = serializers.BooleanField()
    opt_in_low_income = serializers.BooleanField(required=False, default=True)
    delegated = serializers.BooleanField(required=False, default=False)
    delegate_name = serializers.CharField(required=False, allow_blank=True)
    delegate_relation = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    household_id = serializers.IntegerField(
        required=False, help_text="窗口受理：已有家庭的编号（须在本机构范围内）"
    )


class MemberOut(serializers.ModelSerializer):
    id_number = serializers.CharField(source="id_number_masked", help_text="已脱敏")

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "id_number",
            "relation",
            "sex",
            "birth_date",
            "disability_grade",
            "disability_kind",
            "employment_status",
            "school_stage",
            "birth_group",
        ]


class NoticeOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    url = serializers.CharField()


class HistoryOut(serializers.Serializer):
    at = serializers.DateTimeField(source="created_at")
    transition = serializers.CharField(source="name")
    source = serializers.CharField()
    target = serializers.CharField()
    reason = serializers.CharField()


class ItemStatusOut(serializers.Serializer):
    case_id = serializers.IntegerField(source="case.pk")
    code = serializers.CharField(source="case.program.code")
    name = serializers.CharField(source="case.program.name")
    state = serializers.CharField(source="case.state")
    state_label = serializers.CharField(source="step")
    due_date = serializers.DateField(allow_null=True)
    due_provisional = serializers.BooleanField()
    overdue = serializers.BooleanField()
    next_action = serializers.CharField()
    waiting_for = serializers.ListField(child=serializers.CharField(), source="case.waiting_for")
    opened_automatically = serializers.BooleanField(source="case.opened_automatically")
    full = serializers.BooleanField(
        help_text="false：仅可查看该事项的办理状态（本部门办理同一申请的其他事项）"
    )
    decision_reason = serializers.SerializerMethodField()
    monthly_amount = serializers.SerializerMethodField()
    granted_amount = serializers.SerializerMethodField()
    notices = serializers.SerializerMethodField()
    history = HistoryOut(many=True)

    def get_decision_reason(self, item) -> str:
        return item.case.decision_reason if item.reason_visible else ""

    def get_monthly_amount(self, item) -> str | None:
        value = item.case.monthly_amount if item.full else None
        return None if value is None else str(value)

    def get_granted_amount(self, item) -> str | None:
        value = item.case.granted_amount if item.full else None
        return None if value is None else str(value)

    def get_notices(self, item) -> list[dict]:
        from django.urls import reverse

        return [
            {"id": n.pk, "kind": n.kind, "status": n.status, "url": reverse("notices:download", args=[n.pk])}
            for n in (item.case.notices.all() if item.full else [])
        ]


class DepartmentColumnOut(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.name")
    items = ItemStatusOut(many=True)


class ApplicationOut(serializers.ModelSerializer):
    members = MemberOut(many=True, read_only=True)
    items = serializers.SerializerMethodField()
    hukou_office = serializers.CharField(source="hukou_office.code", read_only=True)
    residence_office = serializers.CharField(source="residence_office.code", read_only=True)
    intake_office = serializers.CharField(source="intake_office.code", read_only=True, allow_null=True)

    class Meta:
        model = Application
        fields = [
            "reference",
            "channel",
            "acceptance",
            "submitted_at",
            "accepted_at",
            "delegated",
            "missing_materials",
            "return_reason",
            "return_due_date",
            "materials_listed_total",
            "materials_asked",
            "hukou_office",
            "residence_office",
            "intake_office",
            "members",
            "items",
        ]

    def get_items(self, application) -> list[dict]:
        return [
            {"case_id": c.pk, "code": c.program.code, "state": c.state}
            for c in application.cases.select_related("program")
        ]


class ApplicationDetailOut(ApplicationOut):
    """The application with its status page: one column per department."""

    columns = serializers.SerializerMethodField()

    class Meta(ApplicationOut.Meta):
        fields = [*ApplicationOut.Meta.fields, "columns"]

    def _status(self, application):
        from programs.status import application_status

        if getattr(self, "_columns_for", None) != application.pk:
            request = self.context.get("request")
            user = request.user if request is not None else None
            self._columns, self._columns_for = application_status(application, user=user), application.pk
        return self._columns

    def get_items(self, application) -> list[dict]:
        return [
            {"case_id": i.case.pk, "code": i.case.program.code, "state": i.case.state}
            for column in self._status(application)
            for i in column.items
        ]

    def get_columns(self, application) -> list[dict]:
        return DepartmentColumnOut(self._status(application), many=True).data


class ReturnInput(serializers.Serializer):
    missing_materials = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MoveInput(serializers.Serializer):
    hukou_office = serializers.CharField(max_length=20, help_text="新的户籍地居（村）委会代码")
    residence_office = serializers.CharField(max_length=20, help_text="新的居住地居（村）委会代码")
    reason = serializers.CharField(max_length=500, help_text="变更原因（如户籍迁移、搬家）")

    def _committee(self, code):
        from accounts.models import Office

        office = Office.objects.filter(code=code, level=Office.Level.COMMITTEE).first()
        if office is None:
            raise serializers.ValidationError(_("所选居（村）委会不存在，请重新选择。"))
        return office

    def validate_hukou_office(self, value):
        return self._committee(value)

    def validate_residence_office(self, value):
        return self._committee(value)


class ResubmitInput(serializers.Serializer):
    provided = serializers.ListField(child=serializers.CharField())


# The status read's fast path: the same body as ApplicationDetailOut, built as plain dicts. DRF's
# field machinery (a bound field per attribute, per row) was over half of a status read's time; the
# serializers above stay the documented schema, and tests/test_api_body.py holds the two equal.
_datetime = serializers.DateTimeField()
_MEMBER_FIELDS = [f for f in MemberOut.Meta.fields if f not in ("id_number", "birth_date")]


def _when(value) -> str | None:
    return None if value is None else _datetime.to_representation(value)


def _day(value) -> str | None:
    return None if value is None else value.isoformat()


def _amount(value) -> str | None:
    return None if value is None else str(value)


def _member_body(person) -> dict:
    body = {name: getattr(person, name) for name in _MEMBER_FIELDS}
    body["id_number"] = person.id_number_masked
    body["birth_date"] = _day(person.birth_date)
    return body


def _item_body(item, notice_url) -> dict:
    case = item.case
    program = case.program
    return {
        "case_id": case.pk,
        "code": program.code,
        "name": str(program.name),
        "state": case.state,
        "state_label": str(item.step),
        "due_date": _day(item.due_date),
        "due_provisional": item.due_provisional,
        "overdue": item.overdue,
        "next_action": str(item.next_action),
        "waiting_for": [str(code) for code in case.waiting_for],
        "opened_automatically": case.opened_automatically,
        "full": item.full,
        "decision_reason": case.decision_reason if item.reason_visible else "",
        "monthly_amount": _amount(case.monthly_amount) if item.full else None,
        "granted_amount": _amount(case.granted_amount) if item.full else None,
        "notices": [
            {"id": n.pk, "kind": n.kind, "status": n.status, "url": notice_url(n.pk)}
            for n in (case.notices.all() if item.full else [])
        ],
        "history": [
            {
                "at": _when(t.created_at),
                "transition": t.name,
                "source": t.source,
                "target": t.target,
                "reason": t.reason,
            }
            for t in item.history
        ],
    }


def application_detail_body(application, *, user) -> dict:
    """ApplicationDetailOut(application).data, for `user`, without DRF's per-field work."""
    from django.urls import reverse

    from programs.status import application_status

    from .selectors import application_members

    columns = application_status(application, user=user)
    marker = reverse("notices:download", args=[0])
    head, _sep, tail = marker.rpartition("/0/")

    def notice_url(pk) -> str:
        return f"{head}/{pk}/{tail}"

    office = lambda o: None if o is None else o.code  # noqa: E731
    return {
        "reference": application.reference,
        "channel": application.channel,
        "acceptance": application.acceptance,
        "submitted_at": _when(application.submitted_at),
        "accepted_at": _when(application.accepted_at),
        "delegated": application.delegated,
        "missing_materials": application.missing_materials,
        "return_reason": application.return_reason,
        "return_due_date": _day(application.return_due_date),
        "materials_listed_total": application.materials_listed_total,
        "materials_asked": application.materials_asked,
        "hukou_office": office(application.hukou_office),
        "residence_office": office(application.residence_office),
        "intake_office": office(application.intake_office),
        "members": [_member_body(p) for p in application_members(application)],
        "items": [
            {"case_id": i.case.pk, "code": i.case.program.code, "state": i.case.state}
            for column in columns
            for i in column.items
        ],
        "columns": [
            {
                "department": column.department.code,
                "department_name": str(column.department.name),
                "items": [_item_body(i, notice_url) for i in column.items],
            }
            for column in columns
        ],
    }
