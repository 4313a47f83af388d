from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, USERS, seed_demo


class Command(BaseCommand):
    help = "Seed the demo office tree, one login per role and sample households (idempotent)."

    def handle(self, *args, **options):
        seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password {DEMO_PASSWORD}):"))
        for username, full_name, role, _office, dept in USERS:
            self.stdout.write(f"  {username:<18} {full_name:<6} {role}{' / ' + dept if dept else ''}")
