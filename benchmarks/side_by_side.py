"""The project and the bare-Django reference, side by side in one run, in alternation.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/side_by_side.py

Both run under gunicorn (4 sync workers each) on the same PostgreSQL server, each on its own
scratch database (`onewindow_bench`, `onewindow_reference`), driven by wrk (16 connections).
Every round measures, one after the other: reference write, project write, reference read,
project read — so that a busy moment of the machine falls on both. The write is a first
application of a household (1 case, 3 members, dibao + edu_compulsory + medical_inpatient);
the reference writes 1 case + 3 members + 3 program rows in one transaction
(benchmarks/reference). The read is the status read (GET /api/v1/applications/<ref>/).

Prints each run (requests/s, latency, non-2xx, the 1-minute load average before it) and the
median over the rounds with the ratio project / reference. Figures only: nothing asserts.
"""

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import submit_throughput as project  # noqa: E402

PROJECT_PORT, REFERENCE_PORT = project.PORT, project.PORT + 1
TOKENS_PER_RUN = 3000


def reference_database(base: str) -> str:
    url = project.recreate_database(urlparse(base)._replace(path="/onewindow_reference").geturl())
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "benchmarks.reference.settings"}
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return url


def reference_refs(url: str) -> list[str]:
    import psycopg2

    conn = psycopg2.connect(url)
    with conn.cursor() as cur:
        cur.execute("SELECT reference FROM reference_case ORDER BY id DESC LIMIT 400")
        refs = [r[0] for r in cur.fetchall()]
    conn.close()
    return refs


WRK_REFERENCE_READ = """
local refs = {%(refs)s}
local counter = 0
function request()
  counter = counter + 1
  return wrk.format("GET", "/api/v1/applications/" .. refs[(counter %% #refs) + 1] .. "/")
end
"""
WRK_REFERENCE_WRITE = """
local body = [==[%(body)s]==]
function request()
  return wrk.format("POST", "/api/v1/applications/", {["Content-Type"] = "application/json"}, body)
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    print("preparing the scratch databases …", flush=True)
    project_db = project.scratch_database_url()
    tokens = project.prepare(project_db, accounts=TOKENS_PER_RUN * (args.rounds + 1))
    reference_db = reference_database(base)
    common = {**os.environ, "DJANGO_DEBUG": "0", "PYTHONWARNINGS": "ignore", "DJANGO_LOG_LEVEL": "ERROR"}
    common.pop("REDIS_URL", None)
    servers = [
        project.gunicorn(
            "config.wsgi:application",
            PROJECT_PORT,
            {
                **common,
                "DATABASE_URL": project_db,
                "DJANGO_SETTINGS_MODULE": "config.settings.base",
                "DJANGO_CONN_MAX_AGE": "60",
                "ONEWINDOW_TASKS_EAGER": "1",
            },
            args.workers,
        ),
        project.gunicorn(
            "benchmarks.reference.wsgi:application",
            REFERENCE_PORT,
            {
                **common,
                "DATABASE_URL": reference_db,
                "DJANGO_SETTINGS_MODULE": "benchmarks.reference.settings",
            },
            args.workers,
        ),
    ]
    body = project.payload(1).decode()
    results: dict[tuple[str, str], list[dict]] = {}
    used = 0

    def measure(kind: str, side: str, script: str, port: int) -> None:
        load = os.getloadavg()[0]
        print(f"{side:>9} ", end="", flush=True)
        figures = project.run_wrk(kind, script, connections=args.connections, seconds=args.seconds, port=port)
        figures["load"] = load
        results.setdefault((kind, side), []).append(figures)

    try:
        print(
            f"{os.cpu_count()} cores shared by both servers, wrk and PostgreSQL; gunicorn {args.workers} sync "
            f"workers each; wrk {args.connections} connections, {args.seconds:.0f} s per run, {args.rounds} rounds",
            flush=True,
        )
        for round_no in range(1, args.rounds + 1):
            print(f"-- round {round_no}", flush=True)
            measure("write", "reference", WRK_REFERENCE_WRITE % {"body": body}, REFERENCE_PORT)
            fresh = tokens[used : used + TOKENS_PER_RUN]
            used += TOKENS_PER_RUN
            measure(
                "write",
                "project",
                project.WRK_WRITE % {"tokens": ", ".join(f'"{t}"' for t in fresh), "body": body},
                PROJECT_PORT,
            )
            refs = reference_refs(reference_db)
            measure(
                "read",
                "reference",
                WRK_REFERENCE_READ % {"refs": ", ".join(f'"{r}"' for r in refs)},
                REFERENCE_PORT,
            )
            pairs = project.references(project_db)
            measure(
                "read",
                "project",
                project.WRK_READ % {"pairs": ", ".join(f'{{"{t}", "{r}"}}' for t, r in pairs)},
                PROJECT_PORT,
            )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)
    print()
    print(
        "| measure | project req/s | reference req/s | ratio | project p50 | reference p50 | load (1 min) |"
    )
    print("|---|---|---|---|---|---|---|")
    for kind, label in (("write", "submission"), ("read", "status read")):
        mine = results[(kind, "project")]
        ref = results[(kind, "reference")]
        mine_rps = statistics.median(r["rps"] for r in mine)
        ref_rps = statistics.median(r["rps"] for r in ref)
        loads = "/".join(f"{r['load']:.1f}" for pair in zip(ref, mine, strict=True) for r in pair)
        errors = sum(r["non2xx"] for r in mine)
        print(
            f"| {label} | {mine_rps:.1f} | {ref_rps:.1f} | {mine_rps / ref_rps:.2f} | "
            f"{statistics.median(_ms(r['p50']) for r in mine):.1f} ms | "
            f"{statistics.median(_ms(r['p50']) for r in ref):.1f} ms | {loads} |"
            + (f" ({errors} non-2xx)" if errors else "")
        )


def _ms(text: str | None) -> float:
    """wrk's latency ("812.00us", "23.41ms", "1.20s") in milliseconds."""
    if not text:
        return float("nan")
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


if __name__ == "__main__":
    main()
