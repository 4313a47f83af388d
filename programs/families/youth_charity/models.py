"""The yearly campaign: per-district quotas from the funds raised, the district lists the
agencies draw up, the league's approval and stamp, the city's filing, and each help delivered."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .workflow import YouthCharityCase  # noqa: F401  (the family's proxy model, for its migration)


class Campaign(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    theme = models.CharField(_("主题"), max_length=100)
    funds_raised = models.DecimalField(_("社会动员筹集资金（元）"), max_digits=14, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("青春公益集中行动")
        verbose_name_plural = _("青春公益集中行动")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.theme}"


class DistrictList(models.Model):
    """One district's list in a campaign: its quota, then draft → submitted → approved → filed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("排摸中")
        SUBMITTED = "submitted", _("已报团区委")
        APPROVED = "approved", _("团区委已审核盖章")
        FILED = "filed", _("已报团市委备案")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="lists")
    district = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("区")
    )
    quota = models.PositiveIntegerField(_("帮扶名额"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    stamp = models.CharField(_("盖章"), max_length=100, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("区帮扶名单")
        verbose_name_plural = _("区帮扶名单")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "district"], name="youth_list_per_district")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.district.name}"


class Nomination(models.Model):
    class Source(models.TextChoices):
        REFERRAL = "referral", _("一件事转介")
        FOUND = "found", _("社工排摸发现")

    class Help(models.TextChoices):
        GIFT_PACK = "gift_pack", _("慰问大礼包")
        EDUCATION_PACK = "education_pack", _("教育礼包")
        MICRO_WISH = "micro_wish", _("微心愿")

    district_list = models.ForeignKey(DistrictList, on_delete=models.CASCADE, related_name="nominations")
    case = models.OneToOneField(
        "programs.ProgramCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="youth_nomination",
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    name = models.CharField(_("姓名"), max_length=50)
    age = models.PositiveSmallIntegerField(_("年龄"))
    situation = models.CharField(_("困难情况"), max_length=500, blank=True)
    help_kind = models.CharField(_("帮扶内容"), max_length=20, choices=Help.choices)
    wish = models.CharField(_("微心愿"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delivery_note = models.CharField(_("送达情况"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("帮扶对象")
        verbose_name_plural = _("帮扶对象")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name
