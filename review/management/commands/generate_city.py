"""Fill a PostgreSQL database with a city: offices, households, members, applications, cases
across every item and office, and their work items (mostly done), in bulk inserts.

    manage.py generate_city --cases 1000000

For benchmarks (benchmarks/scale.py) only: it writes no audit, history or message rows and
calls no workflow; each case is either decided (approved or denied, with the done work items
of its steps) or at the first step of its family with one open work item there, due between
three weeks ago and three weeks ahead (so some are overdue; what fell due before today already
reminded or escalated, as by a sweep running every day). ID numbers are valid, encrypted
and blind-indexed as the application stores them, so the household search finds them.
"""

import csv
import datetime as dt
import io
import json
import random
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.demo import seed_approval_levels, seed_offices, seed_users
from accounts.models import Department, Office, Role, User
from intake.identity import blind_index, check_character, encrypt_id_number, mask_id_number
from intake.models import Application, Household, Person
from programs.memo import memoised
from programs.models import Program, ProgramCase
from programs.parameters import parameter
from programs.registry import FAMILIES, family_of
from programs.tally import tally_rebuild
from programs.work import step_department, step_office
from review.calendar import add_working_days
from review.models import WorkItem

TZ_DAY = dt.timedelta(days=1)


def _copy(model, objs) -> None:
    """COPY the rows into the model's table (every concrete column, ids set by the caller)."""
    if not objs:
        return
    fields = model._meta.concrete_fields
    columns = ", ".join(f'"{f.column}"' for f in fields)
    out = io.StringIO()
    writer = csv.writer(out)
    for obj in objs:
        row = []
        for f in fields:
            value = getattr(obj, f.attname)
            if value is None:
                row.append(r"\N")
            elif isinstance(value, bool):
                row.append("t" if value else "f")
            elif isinstance(value, dict | list):
                row.append(json.dumps(value, ensure_ascii=False))
            elif isinstance(value, dt.datetime | dt.date):
                row.append(value.isoformat())
            else:
                row.append(str(value))
        writer.writerow(row)
    out.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY \"{model._meta.db_table}\" ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", out
        )


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')  # noqa: S608
        return cursor.fetchone()[0]


def _reset_sequences(*models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
            )


class Command(BaseCommand):
    help = "Generate a city of households, applications, cases and work items (PostgreSQL, bulk)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1_000_000)
        parser.add_argument("--open-share", type=float, default=0.1, help="cases still at a step")
        parser.add_argument("--streets", type=int, default=10, help="generated streets per district")
        parser.add_argument("--committees", type=int, default=20, help="generated committees per street")
        parser.add_argument("--batch", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=12)

    def handle(self, *args, cases, open_share, streets, committees, batch, seed, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_city needs PostgreSQL (set DATABASE_URL).")
        rng = random.Random(seed)  # noqa: S311  (generated data, not secrets)
        started = time.monotonic()
        offices = seed_offices()
        if not User.objects.filter(role=Role.CLERK).exists():
            seed_users(offices)
            seed_approval_levels(offices)
        committees_all = self._offices(offices, streets, committees)
        programs = [p for p in Program.objects.select_related("department") if p.family in FAMILIES]
        clerks = list(User.objects.filter(role=Role.CLERK))
        self.stdout.write(
            f"{len(committees_all)} committees, {len(programs)} items; generating {cases:,} cases …"
        )
        applications_n = max(cases * 10 // 33, 1)  # ≈ 3.3 items an application
        households_n = max(applications_n // 3, 1)
        today = timezone.localdate()
        # Yesterday's sweep reminded what was due within `reminder.lead` working days of it and
        # escalated what was overdue by then; today's finds one day's worth (benchmarks/scale.py).
        lead = int(parameter("reminder.lead", on=today).value)
        self.reminded_until = add_working_days(today - TZ_DAY, lead).day
        self.swept_at = timezone.now() - dt.timedelta(days=1)
        ids = {
            m: _next_id(m)
            for m in (Household, Person, Application, ProgramCase, WorkItem, Application.members.through)
        }
        made = {"households": 0, "persons": 0, "applications": 0, "cases": 0, "work_items": 0, "open": 0}
        one_window = Department.objects.get(code="civil_affairs")
        person_seq = 0
        households_per_batch = max(batch // 10, 1)
        with memoised():
            for first in range(0, households_n, households_per_batch):
                rows = {k: [] for k in ("households", "persons", "applications", "members", "cases", "items")}
                for _h in range(first, min(first + households_per_batch, households_n)):
                    committee = rng.choice(committees_all)
                    household = Household(
                        id=ids[Household],
                        hukou_office=committee,
                        residence_office=committee,
                        address=f"{committee.name}{rng.randint(1, 300)}号",
                        phone=f"139{rng.randint(0, 99999999):08d}",
                        created_at=timezone.now() - dt.timedelta(days=rng.randint(30, 1500)),
                    )
                    ids[Household] += 1
                    rows["households"].append(household)
                    people = []
                    for relation in ("self", "spouse", "child"):
                        person_seq += 1
                        number = self._id_number(person_seq, relation)
                        people.append(
                            Person(
                                id=ids[Person],
                                household=household,
                                name=f"居民{person_seq}",
                                id_number_encrypted=encrypt_id_number(number),
                                id_number_index=blind_index(number),
                                id_number_masked=mask_id_number(number),
                                birth_date=dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                                sex="M" if int(number[16]) % 2 else "F",
                                relation=relation,
                                employment_status="student" if relation == "child" else "unemployed",
                                school_stage="compulsory" if relation == "child" else "none",
                            )
                        )
                        ids[Person] += 1
                    rows["persons"] += people
                    self._applications(rng, household, people, programs, clerks, rows, ids, open_share)
                self._insert(rows, one_window, rng, today, ids, made)
                made["households"] += len(rows["households"])
                made["persons"] += len(rows["persons"])
                made["applications"] += len(rows["applications"])
                if made["cases"] >= cases:
                    break
                elapsed = time.monotonic() - started
                self.stdout.write(
                    f"  {made['cases']:>9,} cases, {made['work_items']:>9,} work items "
                    f"({made['open']:,} open), {elapsed:6.1f} s",
                    ending="\r" if self.stdout.isatty() else "\n",
                )
        _reset_sequences(Household, Person, Application, ProgramCase, WorkItem, Application.members.through)
        with memoised():  # the cases came in by COPY, past the engine: count them for the dashboard
            tally_rebuild()
        with connection.cursor() as cursor:
            # As autovacuum leaves a live database (index-only scans need the visibility map);
            # VACUUM cannot run inside a transaction (a test's).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"{made['households']:,} households, {made['persons']:,} persons, "
                f"{made['applications']:,} applications, {made['cases']:,} cases, "
                f"{made['work_items']:,} work items ({made['open']:,} open) in {time.monotonic() - started:.0f} s"
            )
        )

    def _offices(self, offices, streets, committees) -> list[Office]:
        """The demo committees and, under each demo district, generated streets and committees."""
        existing = {o.code: o for o in Office.objects.all()}
        for district in [o for o in offices.values() if o.level == Office.Level.DISTRICT]:
            for s in range(1, streets + 1):
                code = f"{district.code}{800 + s:03d}"
                street = existing.get(code) or Office.objects.create(
                    code=code,
                    name=f"第{s}街道",
                    name_en=f"Street {s}",
                    level=Office.Level.STREET,
                    parent=district,
                )
                for c in range(1, committees + 1):
                    ccode = f"{code}{c:03d}"
                    if ccode not in existing:
                        existing[ccode] = Office.objects.create(
                            code=ccode,
                            name=f"第{s}街道第{c}居委会",
                            name_en=f"Street {s} committee {c}",
                            level=Office.Level.COMMITTEE,
                            parent=street,
                        )
        return list(
            Office.objects.filter(level=Office.Level.COMMITTEE, parent__level=Office.Level.STREET)
            .select_related("parent__parent__parent")
            .order_by("code")
        )

    @staticmethod
    def _id_number(seq: int, relation: str) -> str:
        """A valid, unique resident ID number (310105, a birth day, a sequence, the check)."""
        base = dt.date(1950, 1, 1) if relation != "child" else dt.date(2008, 1, 1)
        span = 20000 if relation != "child" else 5000
        born = base + dt.timedelta(days=seq % span)
        first = f"310105{born:%Y%m%d}{(seq // span) % 1000:03d}"
        return first + check_character(first)

    def _applications(self, rng, household, people, programs, clerks, rows, ids, open_share):
        """About three applications of the household; the latest may hold open cases."""
        n_apps = rng.choice((2, 3, 3, 4))
        for a in range(n_apps):
            latest = a == n_apps - 1
            submitted = timezone.now() - dt.timedelta(
                days=rng.randint(1, 20) if latest else rng.randint(60, 1400)
            )
            clerk = rng.choice(clerks)
            application = Application(
                id=ids[Application],
                reference=f"YG{ids[Application]:012d}",
                household=household,
                channel="counter",
                submitted_by=clerk,
                applicant=people[0],
                hukou_office=household.hukou_office,
                residence_office=household.residence_office,
                intake_office=clerk.office,
                consent_economic_check=True,
                idempotency_key=uuid.uuid4().hex,
                request_fingerprint="generated",
                submitted_at=submitted,
                acceptance="accepted",
                accepted_at=submitted + dt.timedelta(hours=rng.randint(1, 48)),
                accepted_by=clerk,
                materials_listed_total=8,
                materials_asked=4,
            )
            ids[Application] += 1
            rows["applications"].append(application)
            for person in people:
                rows["members"].append(
                    Application.members.through(
                        id=ids[Application.members.through], application=application, person=person
                    )
                )
                ids[Application.members.through] += 1
            for program in rng.sample(programs, rng.choice((2, 3, 3, 4, 5))):
                is_open = latest and rng.random() < open_share * 3
                case = ProgramCase(
                    id=ids[ProgramCase],
                    application=application,
                    household=household,
                    program=program,
                    created_at=submitted,
                    updated_at=submitted,
                )
                ids[ProgramCase] += 1
                rows["cases"].append((case, is_open, submitted))

    def _insert(self, rows, one_window, rng, today, ids, made) -> None:
        items = []
        cases = []
        for case, is_open, _submitted in rows["cases"]:
            family = family_of(case)
            step = family.steps[0]
            department = step_department(case, step)
            office = step_office(case, step)
            # The one-window acceptance, done when the application was accepted.
            done_day = timezone.localtime(case.application.accepted_at).date()
            if is_open:
                case.__dict__["state"] = step.state  # generated: no transition (FSM-protected field)
                due = today + dt.timedelta(days=rng.randint(-21, 21))
                item = self._item(
                    ids, case, step.state, step.role, department, office, due - 14 * TZ_DAY, due, "open"
                )
                # As a city whose sweep has been running: told of what fell due before today.
                if due <= self.reminded_until:
                    item.reminded_at = self.swept_at
                if due < today - TZ_DAY:
                    item.escalated_at = self.swept_at
                items.append(item)
                made["open"] += 1
            else:
                decided = case.application.accepted_at + dt.timedelta(days=rng.randint(5, 60))
                case.__dict__["state"] = "approved" if rng.random() < 0.7 else "denied"
                case.decided_at, case.decided_office, case.decided_department = decided, office, department
                for s in family.steps[:2]:
                    items.append(
                        self._item(
                            ids,
                            case,
                            s.state,
                            s.role,
                            step_department(case, s),
                            step_office(case, s),
                            done_day,
                            done_day + 10 * TZ_DAY,
                            "done",
                            completed_at=decided,
                        )
                    )
            cases.append(case)
        for application in rows["applications"]:
            day = timezone.localtime(application.accepted_at).date()
            items.append(
                WorkItem(
                    id=ids[WorkItem],
                    application=application,
                    case=None,
                    step="acceptance",
                    role="clerk",
                    department=one_window,
                    office=application.intake_office,
                    status="done",
                    opened_on=day,
                    counted_from=day,
                    due_date=day + 2 * TZ_DAY,
                    deadline_key="deadline.accept",
                    deadline_days=2,
                    completed_at=application.accepted_at,
                    created_at=application.accepted_at,
                )
            )
            ids[WorkItem] += 1
        with transaction.atomic():
            _copy(Household, rows["households"])
            _copy(Person, rows["persons"])
            _copy(Application, rows["applications"])
            _copy(Application.members.through, rows["members"])
            _copy(ProgramCase, cases)
            _copy(WorkItem, items)
        made["cases"] += len(cases)
        made["work_items"] += len(items)

    @staticmethod
    def _item(ids, case, step, role, department, office, opened, due, status, completed_at=None) -> WorkItem:
        item = WorkItem(
            id=ids[WorkItem],
            application=case.application,
            case=case,
            step=step,
            role=role,
            department=department,
            office=office,
            status=status,
            opened_on=opened,
            counted_from=opened,
            due_date=due,
            deadline_key="generated",
            deadline_days=10,
            completed_at=completed_at,
            created_at=timezone.now(),
        )
        ids[WorkItem] += 1
        return item
