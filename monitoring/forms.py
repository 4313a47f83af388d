from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ChangeReport, Recheck


class RecheckDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("复核结果"), choices=Recheck.Outcome.choices, widget=forms.RadioSelect
    )
    per_capita_income = forms.DecimalField(
        label=_("核查后家庭月人均收入（元）"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    amount = forms.DecimalField(
        label=_("调整后金额（元）"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    exit_months = forms.IntegerField(label=_("渐退期（月）"), required=False, min_value=1, max_value=6)
    note = forms.CharField(
        label=_("复核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ChangeReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("变化类型"), choices=ChangeReport.Kind.choices, widget=forms.RadioSelect)
    person = forms.TypedChoiceField(label=_("涉及成员"), required=False, coerce=int, empty_value=None)
    occurred_on = forms.DateField(label=_("发生日期"), widget=forms.DateInput(attrs={"type": "date"}))
    details = forms.CharField(
        label=_("情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("（不涉及具体成员）"))] + [(m.pk, m.name) for m in members]

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("发生日期不能晚于今天。"))
        return day

    def clean(self):
        data = super().clean()
        if data.get("kind") in (ChangeReport.Kind.DEATH, ChangeReport.Kind.MOVED_OUT) and not data.get(
            "person"
        ):
            self.add_error("person", _("请选择涉及的家庭成员。"))
        return data


class EndForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("end", _("终止")), ("revoke", _("撤销"))], widget=forms.RadioSelect, label=_("操作")
    )
    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("终止或撤销救助必须填写理由，理由将写入决定书。")},
    )
