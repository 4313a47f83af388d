from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Department, Office, Role, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "office", "department", "is_active")
    list_filter = ("role", "department", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("机构与角色"), {"fields": ("full_name", "phone", "role", "office", "department")}),
    )


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "sort_order")


class ActorRoleFilter(admin.SimpleListFilter):
    """The actor's role by its name. Django's own filter shows the blank role of the system's own
    writes as a link with no text, which a screen reader cannot name (axe: link-name)."""

    title = _("角色")
    parameter_name = "actor_role"
    NO_ROLE = "none"

    def lookups(self, request, model_admin):
        labels = dict(Role.choices)
        roles = AuditEvent.objects.order_by("actor_role").values_list("actor_role", flat=True).distinct()
        return [
            (role or self.NO_ROLE, labels.get(role, role) if role else _("系统（无角色）")) for role in roles
        ]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(actor_role="" if self.value() == self.NO_ROLE else self.value())


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "actor_role", "code", "object_type", "object_id", "success", "ip")
    list_filter = ("success", ActorRoleFilter, "code")
    search_fields = ("code", "object_id", "actor__username")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # and PostgreSQL refuses it anyway (accounts/migrations/0004)
