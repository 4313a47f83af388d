"""Print the catalogue of assistance items as a table, or as JSON with --json."""

import json

from django.core.management.base import BaseCommand
from django.db.models import Prefetch

from programs.models import Material, Program


def catalogue_rows() -> list[dict]:
    programs = Program.objects.select_related("department").prefetch_related(
        Prefetch("materials", queryset=Material.objects.order_by("sort_order"))
    )
    return [
        {
            "code": p.code,
            "name": p.name,
            "name_en": p.name_en,
            "department": p.department.code,
            "department_name": p.department.name,
            "family": p.family,
            "open": p.is_open,
            "apply_at": p.apply_at,
            "apply_at_en": p.apply_at_en,
            "preconditions": p.precondition_text,
            "preconditions_en": p.precondition_text_en,
            "requires_status": p.requires_status,
            "materials": [m.code for m in p.materials.all()],
        }
        for p in programs
    ]


class Command(BaseCommand):
    help = "Print the catalogue of the 22 sub-items plus 特困 and 临时救助."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print JSON instead of a table"
        )

    def handle(self, *args, as_json: bool = False, **options):
        rows = catalogue_rows()
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        header = f"{'code':<30} {'department':<18} {'workflow':<13} {'name'}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header.encode()))
        for r in rows:
            status = r["family"] if r["open"] else "opening soon"
            pre = f"  [needs: {', '.join(r['requires_status'])}]" if r["requires_status"] else ""
            self.stdout.write(
                f"{r['code']:<30} {r['department']:<18} {status:<13} {r['name']} / {r['name_en']}{pre}"
            )
        self.stdout.write(f"\n{len(rows)} items, {sum(r['open'] for r in rows)} open.")
