"""The export request form: a purpose (required) and the scope."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.lifecycle import SharedState
from programs.registry import state_choices

from .selectors import export_programs_for_user
from .services import PURPOSE_MAX_LENGTH, PURPOSE_MIN_LENGTH

DATE_ERROR = _("请按“年-月-日”填写日期，例如 2026-01-31。")


class ExportRequestForm(forms.Form):
    purpose = forms.CharField(
        label=_("导出用途"),
        max_length=PURPOSE_MAX_LENGTH,
        error_messages={
            "required": _("请说明导出用途（至少 4 个字）。"),
            "max_length": _("导出用途请不超过 200 个字。"),
        },
    )
    program = forms.ModelChoiceField(
        label=_("事项"),
        queryset=None,
        required=False,
        to_field_name="code",
        error_messages={"invalid_choice": _("请从列表中选择事项。")},
    )
    state = forms.ChoiceField(
        label=_("办理状态"), required=False, error_messages={"invalid_choice": _("请从列表中选择办理状态。")}
    )
    submitted_from = forms.DateField(
        label=_("提交日期（起）"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
    )
    submitted_to = forms.DateField(
        label=_("提交日期（止）"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = export_programs_for_user(user=user)
        self.fields["state"].choices = [("", "")] + [
            (value, label) for value, label in state_choices() if value != SharedState.NEW
        ]

    def clean_purpose(self):
        purpose = self.cleaned_data["purpose"].strip()
        if len(purpose) < PURPOSE_MIN_LENGTH:
            raise forms.ValidationError(_("请说明导出用途（至少 4 个字）。"))
        return purpose

    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("截止日期不能早于起始日期。"))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "program": data.get("program"),
            "state": data.get("state") or "",
            "submitted_from": data.get("submitted_from"),
            "submitted_to": data.get("submitted_to"),
        }
