"""Anonymise applications past ONEWINDOW_RETENTION_DAYS (PIPL §19, §47); see intake/retention.py."""

from django.core.management.base import BaseCommand

from intake.retention import retention_run


class Command(BaseCommand):
    help = "Anonymise closed applications (and then their households) past the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be anonymised; change nothing"
        )

    def handle(self, *args, dry_run: bool = False, **options):
        report = retention_run(dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)
