"""Workflow families and the states a ProgramCase can be in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Family(models.TextChoices):
    MEANS_TESTED = "means_tested", _("民政经济状况核对类")
    EDUCATION = "education", _("教育救助")
    MEDICAL = "medical", _("医疗救助")
    OPENING_SOON = "opening_soon", _("即将开通")


class CaseState(models.TextChoices):
    NEW = "new", _("新建")
    WAITING = "waiting", _("等待前置事项")
    SUBMITTED = "submitted", _("待受理")
    RETURNED = "returned", _("退回补正")
    INVESTIGATION = "investigation", _("入户调查")
    VERIFICATION = "verification", _("经济状况核对")
    REVIEW = "review", _("审核")
    PUBLICITY = "publicity", _("公示")
    SCHOOL_REVIEW = "school_review", _("学校审核")
    BUREAU_REVIEW = "bureau_review", _("教育局审核")
    APPROVED = "approved", _("已批准")
    DENIED = "denied", _("不予批准")
    PRECONDITION_NOT_MET = "precondition_not_met", _("不符合前置条件")

    @classmethod
    def final_states(cls) -> frozenset[str]:
        return frozenset({cls.APPROVED, cls.DENIED, cls.PRECONDITION_NOT_MET})
