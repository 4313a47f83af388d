from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "topic",
        "dedupe_key",
        "status",
        "attempts",
        "available_at",
        "lease_until",
        "done_at",
    )
    list_filter = ("status", "topic")
    search_fields = ("dedupe_key",)
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False
