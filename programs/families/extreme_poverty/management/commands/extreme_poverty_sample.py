import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from programs.families.extreme_poverty.sampling import extreme_poverty_sample


class Command(BaseCommand):
    help = "抽取特困人员审核确认抽查（不低于30%，按月，可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--on", help="YYYY-MM-DD：抽取该日所在月份的确认事项（默认今天）")
        parser.add_argument("--month", help="YYYY-MM：抽取该月的确认事项（默认为 --on 所在月份）")

    def handle(self, *args, on=None, month=None, **options):
        try:
            day = dt.date.fromisoformat(on) if on else timezone.localdate()
            of = dt.date.fromisoformat(f"{month}-01") if month else day
        except ValueError as exc:
            raise CommandError("--on 应为 YYYY-MM-DD、--month 应为 YYYY-MM 格式") from exc
        drawn = extreme_poverty_sample(on=day, month=of)
        self.stdout.write(f"{of:%Y-%m}: {len(drawn)} drawn")
