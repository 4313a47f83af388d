from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    ApprovalLevel,
    CaseTransition,
    Entitlement,
    Material,
    PolicyParameter,
    Program,
    ProgramCase,
)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "department", "family", "apply_at")
    list_filter = ("department", "family")
    search_fields = ("code", "name", "name_en")
    filter_horizontal = ("materials",)


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "note", "sort_order")


@admin.register(PolicyParameter)
class PolicyParameterAdmin(admin.ModelAdmin):
    """Policy is data: admins add a new effective-dated row rather than editing the past."""

    list_display = ("key", "name", "value", "unit", "effective_from", "confirmed", "source")
    list_filter = ("confirmed", "unit", "key")
    search_fields = ("key", "name", "source")

    @admin.display(boolean=True, description=_("已核实"))
    def confirmed_flag(self, obj):
        return obj.confirmed


@admin.register(ApprovalLevel)
class ApprovalLevelAdmin(admin.ModelAdmin):
    """Who decides dibao and temporary assistance, per office (seed 004). A change is a new row
    from its effective date; a row already in force is history and stays as it was."""

    list_display = ("office", "program", "level", "sample_share", "effective_from", "source")
    list_filter = ("level", "program")
    search_fields = ("office__name", "office__code", "source")

    def _in_force(self, obj) -> bool:
        from django.utils import timezone

        return obj is not None and obj.effective_from <= timezone.localdate()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._in_force(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._in_force(obj)


class CaseTransitionInline(admin.TabularInline):
    model = CaseTransition
    extra = 0
    can_delete = False
    readonly_fields = ("created_at", "name", "source", "target", "actor", "reason")


@admin.register(ProgramCase)
class ProgramCaseAdmin(admin.ModelAdmin):
    """Read-only: cases move only through the services, never by editing the state here."""

    list_display = ("application", "program", "state", "decided_at")
    list_filter = ("state", "program__department", "program")
    search_fields = ("application__reference",)
    inlines = [CaseTransitionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Entitlement)
class EntitlementAdmin(admin.ModelAdmin):
    list_display = (
        "household",
        "program",
        "status",
        "amount",
        "valid_from",
        "valid_until",
        "next_recheck_on",
    )
    list_filter = ("program", "status")
