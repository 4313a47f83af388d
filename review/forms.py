"""The work queue's filters on the web page (the API's are review.api.WorkQueueFilter)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Program
from programs.registry import FAMILIES


class QueueFilterForm(forms.Form):
    program = forms.ChoiceField(label=_("事项"), required=False)
    step = forms.ChoiceField(label=_("环节"), required=False)
    reference = forms.CharField(label=_("受理编号"), required=False, max_length=32)
    overdue = forms.BooleanField(label=_("只看已超期的"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        programs = list(Program.objects.filter(department_id=user.department_id).order_by("sort_order"))
        self.fields["program"].choices = [("", _("全部事项"))] + [(p.code, p.display_name) for p in programs]
        steps: dict[str, str] = {}
        for program in programs:
            family = FAMILIES.get(program.family)
            for step in family.steps if family else ():
                if step.role == user.role:
                    steps.setdefault(step.state, family.state_label(step.state))
        self.fields["step"].choices = [("", _("全部环节"))] + sorted(steps.items())

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None, False)}
