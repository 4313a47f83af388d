from django.contrib import admin

from .models import CalendarOverride, Investigation, Objection, SampleCheck, WorkItem


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """Holidays and 调休 make-up days entered here beat the bundled calendar."""

    list_display = ("day", "is_working_day", "name")
    list_filter = ("is_working_day",)
    date_hierarchy = "day"


@admin.register(WorkItem)
class WorkItemAdmin(admin.ModelAdmin):
    list_display = (
        "application",
        "case",
        "step",
        "role",
        "department",
        "office",
        "status",
        "due_date",
        "due_provisional",
        "claimed_by",
    )
    list_filter = ("status", "department", "role", "due_provisional")
    search_fields = ("application__reference",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Investigation)
admin.site.register(Objection)


@admin.register(SampleCheck)
class SampleCheckAdmin(admin.ModelAdmin):
    """Draws and outcomes are written by review.sampling (audited); the admin only reads them."""

    list_display = ("case", "reason", "office", "drawn_on", "draw_key", "due_date", "status", "outcome")
    list_filter = ("reason", "status", "outcome", "department")
    search_fields = ("case__application__reference", "draw_key")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
