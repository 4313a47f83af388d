"""The catalogue (items, their departments and materials) from the process's copy.

Inside a unit of work (programs.memo.memoised: a request, a sweep, a task) the catalogue is read
once per process while the configuration version holds (accounts.snapshot); outside one, each
call reads what it needs from the database, as before.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from accounts.models import Department
from accounts.snapshot import in_unit_of_work

from .models import Material, Program
from .parameters import memo_get


@dataclass(frozen=True)
class Catalogue:
    programs: dict  # code → Program (department selected, materials prefetched), in sort order
    by_pk: dict  # pk → Program
    departments: dict  # code → Department
    materials: dict  # pk → Material, every material an item lists


def _load() -> Catalogue:
    programs = list(
        Program.objects.select_related("department")
        .prefetch_related(Prefetch("materials", queryset=Material.objects.order_by("sort_order", "code")))
        .order_by("sort_order", "code")
    )
    return Catalogue(
        programs={p.code: p for p in programs},
        by_pk={p.pk: p for p in programs},
        departments={d.code: d for d in Department.objects.all()},
        materials={m.pk: m for p in programs for m in p.materials.all()},
    )


def catalogue() -> Catalogue | None:
    """The whole catalogue inside a unit of work, else None (read the database)."""
    if not in_unit_of_work():
        return None
    return memo_get("catalogue", _load)


def programs_by_code(codes) -> dict:
    """code → Program for the given codes (unknown codes are left out)."""
    cat = catalogue()
    if cat is None:
        return {p.code: p for p in Program.objects.filter(code__in=list(codes)).select_related("department")}
    return {code: cat.programs[code] for code in codes if code in cat.programs}


def programs_by_pk(pks) -> dict:
    """pk → Program (department selected) for the given keys."""
    cat = catalogue()
    if cat is None:
        return Program.objects.select_related("department").in_bulk(set(pks))
    return {pk: cat.by_pk[pk] for pk in pks if pk in cat.by_pk}


def status_names() -> dict:
    """code → the status an item gives its holders (or its name), for every item."""
    cat = catalogue()
    if cat is None:
        return {p.code: p.status_name for p in Program.objects.only("code", "name", "short_name")}
    return {code: p.status_name for code, p in cat.programs.items()}


def department_by_code(code: str) -> Department:
    cat = catalogue()
    if cat is None or code not in cat.departments:
        return Department.objects.get(code=code)
    return cat.departments[code]


def materials_merged(codes) -> list[Material]:
    """一次告知: every material the items need, each listed once, in checklist order."""
    cat = catalogue()
    if cat is None:
        return list(
            Material.objects.filter(programs__code__in=list(codes)).distinct().order_by("sort_order", "code")
        )
    seen = {}
    for code in codes:
        program = cat.programs.get(code)
        for material in program.materials.all() if program is not None else ():
            seen.setdefault(material.pk, material)
    return sorted(seen.values(), key=lambda m: (m.sort_order, m.code))


def material_links(codes) -> int:
    """How many materials the items list in all, counting a shared one once per item."""
    cat = catalogue()
    if cat is None:
        return Program.materials.through.objects.filter(program__code__in=list(codes)).count()
    return sum(len(cat.programs[c].materials.all()) for c in codes if c in cat.programs)
