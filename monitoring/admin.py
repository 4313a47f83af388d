from django.contrib import admin

from .models import Certificate, ChangeReport, CheckIn, EntitlementChange, PaymentRun, Recheck


class ReadOnly(admin.ModelAdmin):
    """Written by services only (each with an audit row); the admin reads."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EntitlementChange)
class EntitlementChangeAdmin(ReadOnly):
    list_display = ("entitlement", "kind", "amount_before", "amount_after", "effective_on", "actor")
    list_filter = ("kind",)


@admin.register(Recheck)
class RecheckAdmin(ReadOnly):
    list_display = ("entitlement", "reason", "status", "due_on", "office", "outcome")
    list_filter = ("status", "reason", "outcome")


@admin.register(ChangeReport)
class ChangeReportAdmin(ReadOnly):
    list_display = ("household", "kind", "occurred_on", "channel", "created_at")


@admin.register(CheckIn)
class CheckInAdmin(ReadOnly):
    list_display = ("entitlement", "month", "confirmed_at")


@admin.register(PaymentRun)
class PaymentRunAdmin(ReadOnly):
    list_display = ("district", "month", "rows", "total", "checked_by", "confirmed_by")


@admin.register(Certificate)
class CertificateAdmin(ReadOnly):
    list_display = ("number", "entitlement", "issued_on", "issuer")
