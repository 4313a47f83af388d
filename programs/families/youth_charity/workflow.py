"""“爱心上海”青春公益集中行动 (S000 §(十四)) — not an application: a yearly campaign.

Ticking the item on the unified form is the family's consent to be referred. The referral case
waits at yc_referred until a youth social-work agency of its district puts the young person on
the district's campaign list (yc_nominated); the district league approves and stamps the list
(yc_listed); the help is delivered and recorded (approved, with a notice of what was given).
A referral not put on this year's list stays referred for the next campaign. The work is done on
the campaign (models.py, services.py), whose services move the case; the engine has no action
on these steps (an agency is an organisation under the district, not a district office).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from programs.lifecycle import SharedState as S
from programs.models import ProgramCase


class State(models.TextChoices):
    REFERRED = "yc_referred", _("已同意转介")
    NOMINATED = "yc_nominated", _("已列入帮扶名单（待团区委审核）")
    LISTED = "yc_listed", _("帮扶名单已审核")


class YouthCharityCase(ProgramCase):
    FIRST_STATE = State.REFERRED

    class Meta:
        proxy = True
        verbose_name = _("青春公益转介")
        verbose_name_plural = _("青春公益转介")

    @transition(field="state", source=State.REFERRED, target=State.NOMINATED)
    def nominate(self) -> None:
        pass

    @transition(field="state", source=State.NOMINATED, target=State.REFERRED)
    def withdraw_nomination(self) -> None:
        pass

    @transition(field="state", source=State.NOMINATED, target=State.LISTED)
    def list_approved(self) -> None:
        pass

    @transition(field="state", source=State.LISTED, target=S.APPROVED)
    def approve(self) -> None:
        pass
