"""The queue, the dashboard, the deadline sweep and the household search at a city's scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/scale.py --cases 1000000

Creates the scratch database `onewindow_city` (unless --reuse and it holds generated cases),
migrates it and fills it with `manage.py generate_city`; then, in this process, times each page
and selector over repeated runs (p50 / p95 in ms, and the SQL statements of one run), prints
`EXPLAIN (ANALYZE, BUFFERS)` of the heaviest statement of each and whether it used an index,
and a Markdown table at the end. Figures only: nothing here asserts a time.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def database(base: str, cases: int, reuse: bool) -> str:
    import psycopg2

    url = urlparse(base)._replace(path="/onewindow_city").geturl()
    admin = psycopg2.connect(urlparse(base)._replace(path="/postgres").geturl())
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = 'onewindow_city'")
        exists = cur.fetchone() is not None
    if reuse and exists:
        conn = psycopg2.connect(url)
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass('programs_programcase') IS NOT NULL")
            ready = cur.fetchone()[0]
            if ready:
                cur.execute("SELECT count(*) FROM programs_programcase")
                ready = cur.fetchone()[0] >= cases * 0.9
        conn.close()
        if ready:
            return url
    admin.close()
    from submit_throughput import recreate_database

    recreate_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "0",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "generate_city", "--cases", str(cases)], cwd=ROOT, env=env, check=True
    )
    return url


def timed(fn, runs: int):
    from django.db import connection, reset_queries

    fn()  # warm: the process's copies of the configuration, PostgreSQL's buffers
    captured = []

    def record(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            captured.append(
                {
                    "sql": sql % tuple(_quoted(p) for p in params) if params else sql,
                    "time": time.perf_counter() - t0,
                }
            )

    with connection.execute_wrapper(record):
        fn()
    times = []
    for _ in range(runs):
        reset_queries()
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(int(0.95 * len(times)), len(times) - 1)]
    return statistics.median(times), p95, captured


def _quoted(value):
    """A parameter as SQL text, for EXPLAIN (numbers and strings only; the rest as NULL)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if value is None:
        return "NULL"
    if isinstance(value, list | tuple):  # a JSON path, e.g. details #> '{form,incident_office}'
        return "'{" + ",".join(str(v) for v in value) + "}'"
    return "'" + str(value).replace("'", "''") + "'"


def explain(captured) -> str:
    """EXPLAIN ANALYZE of the slowest SELECT of one run."""
    from django.db import connection

    selects = [q for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    if not selects:
        return "(no SELECT)"
    heaviest = max(selects, key=lambda q: float(q["time"]))
    try:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + heaviest["sql"].replace("%", "%%"))
            plan = "\n".join(row[0] for row in cursor.fetchall())
    except Exception as exc:  # a parameter this simple quoting cannot render
        return f"(EXPLAIN failed: {exc})"
    uses = "index" if "Index" in plan else "NO INDEX (sequential scan)"
    return f"slowest statement ({float(heaviest['time']) * 1000:.1f} ms), {uses}:\n{heaviest['sql'][:300]}…\n{plan}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep onewindow_city if it is already filled")
    parser.add_argument("--no-explain", action="store_true")
    args = parser.parse_args()
    url = database(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"), args.cases, args.reuse
    )
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DJANGO_DEBUG": "0",
            "ONEWINDOW_TASKS_EAGER": "1",
            "DJANGO_LOG_LEVEL": "ERROR",
        }
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client
    from rest_framework.test import APIClient

    from accounts.models import User
    from intake.services import household_lookup
    from programs.memo import memoised
    from review.deadlines import deadline_sweep_once
    from review.management.commands.generate_city import Command as GenerateCity
    from review.models import WorkItem

    settings.ALLOWED_HOSTS = ["*"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM programs_programcase")
        n_cases = cursor.fetchone()[0]
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE status = 'open') FROM review_workitem")
        n_items, n_open = cursor.fetchone()
    print(f"{n_cases:,} program cases, {n_items:,} work items ({n_open:,} open)\n", flush=True)

    def web(username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    def api(username):
        client = APIClient()
        client.force_authenticate(User.objects.get(username=username))
        return client

    def page(client, url, **extra):
        def get():
            response = client.get(url, **extra)
            assert response.status_code == 200, (url, response.status_code)

        return get

    reviewer, investigator, head = web("reviewer_civil"), web("investigator"), web("district_head")
    reviewer_api = api("reviewer_civil")
    for username in ("reviewer_civil", "investigator"):
        user = User.objects.get(username=username)
        live = WorkItem.objects.filter(
            status="open",
            role=user.role,
            department=user.department,
            office__path__startswith=user.office.path,
        ).count()
        print(f"{username}: {live:,} open work items in their office subtree", flush=True)
    # A member of a generated household, by ID number (the counter's search).
    id_number = GenerateCity._id_number(123_457, "self")
    clerk_user = User.objects.get(username="clerk")

    def search():
        with memoised():
            found = household_lookup(user=clerk_user, id_number=id_number)
        assert found, "the generated household is found"

    swept = {}

    def sweep():
        with transaction.atomic(), memoised():
            swept.update(deadline_sweep_once())
            transaction.set_rollback(True)  # every run sweeps the same open items

    measures = [
        ("reviewer's queue, web, page 1", page(reviewer, "/work/"), args.runs),
        ("reviewer's queue, web, page 20", page(reviewer, "/work/?page=20"), args.runs),
        (
            "reviewer's queue, web, overdue + dibao",
            page(reviewer, "/work/?program=dibao&overdue=on"),
            args.runs,
        ),
        ("investigator's queue, web", page(investigator, "/work/"), args.runs),
        ("reviewer's queue, API, page 1", page(reviewer_api, "/api/v1/work-items/"), args.runs),
        ("reviewer's queue, API, overdue", page(reviewer_api, "/api/v1/work-items/?overdue=true"), args.runs),
        ("admin dashboard (district head)", page(head, "/dashboard/"), max(args.runs // 6, 3)),
        ("deadline sweep (rolled back)", sweep, 2),
        ("household search by ID (clerk, audited)", search, args.runs),
    ]
    table = []
    for label, fn, runs in measures:
        p50, p95, captured = timed(fn, runs)
        table.append((label, p50, p95, len(captured)))
        print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {len(captured)} queries", flush=True)
        if fn is sweep:
            # Its work depends on the day: how many items fall due (or overdue) today.
            told = swept["reminded"] + swept["escalated"]
            print(
                f"  each run: {swept['reminded']:,} reminded, {swept['escalated']:,} escalated"
                + (f", {p50 / told:.3f} ms per item" if told else ""),
                flush=True,
            )
            label = f"{label}: {told:,} items"
            table[-1] = (label, p50, p95, len(captured))
        if not args.no_explain:
            print(explain(captured), "\n", flush=True)
    print(f"\nAt {n_cases:,} cases and {n_items:,} work items ({n_open:,} open); {os.cpu_count()} cores:\n")
    print("| measure | p50 ms | p95 ms | queries |")
    print("|---|---|---|---|")
    for label, p50, p95, n in table:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {n} |")


if __name__ == "__main__":
    main()
