"""Throughput of the two hottest endpoints under gunicorn on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/submit_throughput.py

Creates a scratch database `onewindow_bench` next to the given one, migrates it, seeds the demo
world and a few hundred applicant accounts with API tokens, starts gunicorn (4 sync workers,
like DESIGN.md's reference measurement) and drives it from client processes with keep-alive
connections: first submissions (POST /api/v1/applications/, one case + 3 members + 3 items),
then status reads (GET /api/v1/applications/<ref>/). Prints requests/s and latency
percentiles. DESIGN.md's bare-Django reference on these machines: ~420 writes/s, ~740 reads/s;
the target is at least half of each. Figures only — nothing here asserts a time.
"""

import argparse
import http.client
import json
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
sys.path.insert(0, str(ROOT))


def scratch_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parsed = urlparse(base)
    if not parsed.scheme.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the benchmark creates onewindow_bench there).")
    return parsed._replace(path="/onewindow_bench").geturl()


def recreate_database(url: str) -> str:
    """Drop and create the (scratch) database `url` names, on its server; returns `url`."""
    import psycopg2

    name = urlparse(url).path.lstrip("/")
    conn = psycopg2.connect(urlparse(url)._replace(path="/postgres").geturl())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return url


def gunicorn(app: str, port: int, env: dict, workers: int) -> subprocess.Popen:
    """`app` under gunicorn (sync workers) on 127.0.0.1:`port`, once it answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", "--keep-alive", "30"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/")
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"{app} did not start on port {port}")


def prepare(db_url: str, accounts: int) -> list[str]:
    recreate_database(db_url)
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "0",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    script = f"""
from accounts.demo import seed_offices, seed_users
from accounts.models import User
from rest_framework.authtoken.models import Token
seed_users(seed_offices())
users = User.objects.bulk_create(
    User(username=f"bench{{i}}", password="!", role="applicant") for i in range({accounts})
)
tokens = Token.objects.bulk_create(Token(user=u, key=Token.generate_key()) for u in users)
print("\\n".join(t.key for t in tokens))
"""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line for line in out.splitlines() if len(line) == 40]


def payload(seq: int) -> bytes:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from intake.identity import check_character

    def idn(n, year):
        first = f"310105{year}0101{(seq * 3 + n) % 999:03d}"
        return first + check_character(first)

    members = [
        {
            "name": "甲",
            "id_number": idn(0, 1980),
            "relation": "self",
            "employment_status": "unemployed",
            "incomes": {"transfer": "500"},
        },
        {
            "name": "乙",
            "id_number": idn(1, 1982),
            "relation": "spouse",
            "employment_status": "flexible",
            "incomes": {"wages": "1200"},
        },
        {
            "name": "丙",
            "id_number": idn(2, 2014),
            "relation": "child",
            "employment_status": "student",
            "school_stage": "compulsory",
        },
    ]
    body = {
        "household": {
            "hukou_office": "310105001001",
            "residence_office": "310105001001",
            "address": "长宁区测试路 1 号",
        },
        "members": members,
        "items": ["dibao", "edu_compulsory", "medical_inpatient"],
        "materials_provided": ["id_card"],
        "consent_economic_check": True,
        "opt_in_low_income": True,
    }
    return json.dumps(body, ensure_ascii=False).encode()


def client(kind: str, tokens: list[str], seconds: float, start_at: float, queue, refs: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    latencies, errors, made = [], 0, []
    while time.time() < start_at:
        time.sleep(0.01)
    end, i = start_at + seconds, 0
    while time.time() < end:
        token = tokens[i % len(tokens)]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        t0 = time.perf_counter()
        if kind == "write":
            headers["Idempotency-Key"] = uuid.uuid4().hex
            conn.request("POST", "/api/v1/applications/", body=payload(i), headers=headers)
        else:
            ref_token, ref = refs[i % len(refs)].split(":")
            headers["Authorization"] = f"Bearer {ref_token}"
            conn.request("GET", f"/api/v1/applications/{ref}/", headers=headers)
        response = conn.getresponse()
        data = response.read()
        latencies.append(time.perf_counter() - t0)
        if response.status >= 300:
            errors += 1
        elif kind == "write" and len(made) < 200:
            made.append(f"{token}:{json.loads(data)['reference']}")
        i += 1
    queue.put((latencies, errors, made))


def run(kind: str, tokens, refs, *, processes: int, seconds: float):
    queue = mp.Queue()
    start_at = time.time() + 1.0
    share = max(len(tokens) // processes, 1)
    procs = [
        mp.Process(
            target=client,
            args=(kind, tokens[p * share : (p + 1) * share] or tokens, seconds, start_at, queue, refs),
        )
        for p in range(processes)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = [x for r in results for x in r[0]]
    errors = sum(r[1] for r in results)
    made = [x for r in results for x in r[2]]
    latencies.sort()
    pct = lambda q: latencies[min(int(q * len(latencies)), len(latencies) - 1)] * 1000  # noqa: E731
    print(
        f"{kind:>5}: {len(latencies) / seconds:7.1f} req/s  p50 {pct(0.5):6.1f} ms  p95 {pct(0.95):6.1f} ms"
        f"  p99 {pct(0.99):6.1f} ms  mean {statistics.mean(latencies) * 1000:6.1f} ms  errors {errors}/{len(latencies)}"
    )
    return made


# Each request is a first application of its own applicant (a token used once): a second one
# for the same household and items would be refused by the one-live-case-per-item rule.
WRK_WRITE = """
local tokens = {%(tokens)s}
local body = [==[%(body)s]==]
local counter = 0
local threads = 0
function setup(thread)
  thread:set("tid", tostring(math.random(1, 1000000000)))
  thread:set("offset", threads * math.floor(#tokens / 2))
  threads = threads + 1
end
function request()
  counter = counter + 1
  local token = tokens[(offset + counter) %% #tokens + 1]
  local headers = {["Authorization"] = "Bearer " .. token,
                   ["Content-Type"] = "application/json", ["Idempotency-Key"] = tid .. "-" .. counter}
  return wrk.format("POST", "/api/v1/applications/", headers, body)
end
"""
WRK_READ = """
local pairs_ = {%(pairs)s}
local counter = 0
function request()
  counter = counter + 1
  local p = pairs_[(counter %% #pairs_) + 1]
  return wrk.format("GET", "/api/v1/applications/" .. p[2] .. "/", {["Authorization"] = "Bearer " .. p[1]})
end
"""


def run_wrk(kind: str, script: str, *, connections: int, seconds: float, port: int = PORT) -> dict:
    import re
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--latency",
            "-s",
            f.name,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
    lat = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures = {
        "rps": float(rps),
        "p50": lat.get("50"),
        "p90": lat.get("90"),
        "p99": lat.get("99"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }
    print(
        f"{kind:>5}: {figures['rps']:7.1f} req/s  p50 {figures['p50']}  p90 {figures['p90']}  p99 {figures['p99']}"
        f"  non-2xx {figures['non2xx']}  (wrk, {connections} connections)",
        flush=True,
    )
    return figures


def references(db_url: str) -> list[tuple[str, str]]:
    env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "config.settings.base"}
    script = (
        "from intake.models import Application\nfrom rest_framework.authtoken.models import Token\n"
        "t = dict(Token.objects.values_list('user_id', 'key'))\n"
        "for ref, uid in Application.objects.values_list('reference', 'submitted_by_id')[:400]: print(t[uid], ref)"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [tuple(line.split()) for line in out.splitlines() if len(line.split()) == 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument(
        "--clients", type=int, default=8, help="client processes (keep-alive connection each)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument(
        "--python-client", action="store_true", help="use Python client processes even if wrk is installed"
    )
    args = parser.parse_args()
    db_url = scratch_database_url()
    print("preparing scratch database …", flush=True)
    tokens = prepare(db_url, accounts=4000)
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "0",
        "DJANGO_CONN_MAX_AGE": "60",
        "ONEWINDOW_TASKS_EAGER": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env["PYTHONWARNINGS"] = "ignore"
    server = gunicorn("config.wsgi:application", PORT, env, args.workers)
    try:
        print(
            f"gunicorn {args.workers} sync workers, {args.clients} client processes, {args.seconds:.0f} s each, "
            f"{os.cpu_count()} cores shared by server, client and PostgreSQL"
        )
        if shutil.which("wrk") and not args.python_client:
            body = payload(1).decode()
            run_wrk(
                "write",
                WRK_WRITE % {"tokens": ", ".join(f'"{t}"' for t in tokens), "body": body},
                connections=args.clients,
                seconds=args.seconds,
            )
            pairs = references(db_url)
            run_wrk(
                "read",
                WRK_READ % {"pairs": ", ".join(f'{{"{t}", "{r}"}}' for t, r in pairs)},
                connections=args.clients,
                seconds=args.seconds,
            )
        else:
            refs = run("write", tokens, [], processes=args.clients, seconds=args.seconds)
            run("read", tokens, refs, processes=args.clients, seconds=args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
