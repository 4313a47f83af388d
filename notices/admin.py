from django.contrib import admin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("case", "kind", "status", "created_at", "rendered_at")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in Notice._meta.fields]
