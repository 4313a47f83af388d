from django.core.management.base import BaseCommand

from programs.memo import memoised
from programs.tally import tally_rebuild


class Command(BaseCommand):
    help = "Recount the dashboard's summary (cases by state, decisions by working days) from the cases."

    def handle(self, *args, **options):
        with memoised():
            states, decisions = tally_rebuild()
        self.stdout.write(f"{states} state rows, {decisions} decision rows")
