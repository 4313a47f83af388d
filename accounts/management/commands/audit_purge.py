"""Delete audit rows older than ONEWINDOW_AUDIT_RETENTION_DAYS (never less than six months)."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import AuditEvent


class Command(BaseCommand):
    help = "Purge audit rows past the retention period (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="delete; without it only count")

    def handle(self, *args, apply: bool = False, **options):
        days = max(int(settings.ONEWINDOW_AUDIT_RETENTION_DAYS), 180)
        cutoff = timezone.now() - dt.timedelta(days=days)
        old = AuditEvent.objects.filter(created_at__lt=cutoff)
        count = old.count()
        if apply and count:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL onewindow.audit_purge = 'on'")
                old._raw_delete(old.db)
        verb = "deleted" if apply else "would delete"
        self.stdout.write(f"{verb} {count} audit rows older than {days} days (before {cutoff:%Y-%m-%d})")
