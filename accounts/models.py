"""Users, the office tree, the nine departments, and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalizedNameMixin:
    """`display_name`: the English name when the page is in English and one is recorded."""

    @property
    def display_name(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and getattr(self, "name_en", ""):
            return self.name_en
        return self.name


class Office(LocalizedNameMixin, models.Model):
    """An administrative office: city → district → street → neighbourhood committee."""

    class Level(models.TextChoices):
        CITY = "city", _("市")
        DISTRICT = "district", _("区（县）")
        STREET = "street", _("街道（乡镇）")
        COMMITTEE = "committee", _("居（村）委会")
        # An organisation under a district or the city: a grassroots trade union, a youth
        # social-work agency. Never a household's place.
        UNIT = "unit", _("基层单位（工会、社工机构等）")

    code = models.CharField(_("机构代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级机构"),
    )
    # Materialised path of codes ("/310000/310105/310105001/"), so a subtree is one prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        prefix = self.parent.path if self.parent_id else "/"
        self.path = f"{prefix}{self.code}/"
        super().save(*args, **kwargs)

    def ancestor_at(self, level: str) -> "Office | None":
        node: Office | None = self
        while node is not None and node.level != level:
            node = node.parent
        return node


class Department(LocalizedNameMixin, models.Model):
    """One of the nine departments that run assistance items."""

    code = models.SlugField(_("部门代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100)
    # The agency's name after an office's name, as it signs a notice: 长宁区 + 民政局.
    agency_name = models.CharField(_("机构名称后缀"), max_length=50, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    CLERK = "clerk", _("窗口受理员")
    ADVISOR = "advisor", _("社区救助顾问")
    INVESTIGATOR = "investigator", _("入户调查员")
    REVIEWER = "reviewer", _("审核人员")
    APPROVER = "approver", _("审批人")
    # 三权分立: the system administrator manages users, offices and parameters and sees no case
    # data; the auditor reads the audit log only; the district head oversees the district's cases.
    ADMIN = "admin", _("系统管理员")
    AUDITOR = "auditor", _("安全审计员")
    DISTRICT_HEAD = "district_head", _("区级负责人")
    # 一卡通: the district's finance staff produce, check and export the monthly payment list.
    FINANCE = "finance", _("财务人员")


STAFF_ROLES = frozenset(
    {
        Role.CLERK,
        Role.ADVISOR,
        Role.INVESTIGATOR,
        Role.REVIEWER,
        Role.APPROVER,
        Role.ADMIN,
        Role.AUDITOR,
        Role.DISTRICT_HEAD,
        Role.FINANCE,
    }
)


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.APPLICANT)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属机构"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属部门"),
    )
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="staff_user_has_office_and_department",
                condition=models.Q(role="applicant")
                | (models.Q(office__isnull=False) & models.Q(department__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES


class AuditEvent(models.Model):
    """One row per write made through a service: who, what (namespaced code), on what."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # PROTECT: a user with audit rows is deactivated, never deleted (the rows cannot change).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The actor's role when it happened (roles change; the row must not).
    actor_role = models.CharField(max_length=20, blank=True)
    code = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    success = models.BooleanField(default=True)
    # The client's address (REMOTE_ADDR, or the trusted proxy's header: ONEWINDOW_CLIENT_IP_HEADER).
    ip = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["object_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.code} {self.object_type}:{self.object_id}"
