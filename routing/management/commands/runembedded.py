"""The embedded default in one command: migrate, seed demo data, sweep in-process, serve."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD, USERS


class Command(BaseCommand):
    help = "Run OneWindow on the embedded default (SQLite, in-process tasks, demo data)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--sweep-interval", type=float, default=30.0)

    def handle(self, *args, addrport, sweep_interval, **options):
        if not settings.ONEWINDOW_TASKS_EAGER:
            raise CommandError(
                "runembedded runs tasks in-process; unset REDIS_URL or set ONEWINDOW_TASKS_EAGER=1."
            )
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", verbosity=0)
        from routing.sweeper import start_sweeper_thread, sweep_once

        sweep_once()
        start_sweeper_thread(interval=sweep_interval)
        self.stdout.write(self.style.SUCCESS(f"\nOneWindow 社会救助“一件事” — http://{addrport}/"))
        self.stdout.write(f"Demo logins (password / 密码: {DEMO_PASSWORD}):")
        for username, full_name, role, _office, dept in USERS:
            self.stdout.write(f"  {username:<18} {full_name:<6} {role}{' / ' + dept if dept else ''}")
        self.stdout.write("")
        call_command("runserver", addrport, use_reloader=False)
