"""The outbox with a real Celery worker process on Redis and PostgreSQL.

The worker is a separate `celery worker` process pointed at the test database, as in
production. Covers: a decision's notice rendered by the worker after commit; a wake-up lost
with the broker (row written, no message) picked up by the sweeper; a row whose worker died
mid-task (lease expired) handed out again — and each handled exactly once.
"""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from notices.models import Notice
from routing.models import OutboxMessage

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent


def _need_real_services():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (the README's test command sets it)")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker process must share the test database")


@pytest.fixture
def worker():
    _need_real_services()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "ONEWINDOW_TASKS_EAGER": "0",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "-l",
            "warning",
            "-n",
            f"test-{uuid.uuid4().hex[:8]}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    try:
        yield proc
    finally:
        celery_app.conf.task_always_eager = was_eager
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_for(predicate, *, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def decided_case_with_notice(users):
    from tests.factories import payload, well_off_members
    from tests.flows import case_deny, case_of, run_to_review, submit

    app = submit(users, payload(items=["dibao"], members=well_off_members(), opt_in_low_income=False))
    case = run_to_review(users, case_of(app, "dibao"))
    return case_deny(case=case, actor=users["reviewer_civil"], reason="")


def test_worker_renders_the_decision_notice_after_commit(users, worker):
    case = decided_case_with_notice(users)
    notice = Notice.objects.get(case=case, kind=Notice.Kind.DENIAL)
    assert wait_for(lambda: Notice.objects.get(pk=notice.pk).status == Notice.Status.READY), _log(worker)
    message = OutboxMessage.objects.get(dedupe_key=f"notice.render:{notice.pk}")
    assert message.status == OutboxMessage.Status.DONE and message.attempts == 1
    assert Notice.objects.get(pk=notice.pk).file.read(5) == b"%PDF-"


def test_sweeper_delivers_a_row_whose_wake_up_was_lost(users, worker):
    from routing.tasks import outbox_sweep

    case = decided_case_with_notice(users)
    assert wait_for(lambda: not OutboxMessage.objects.exclude(status="done").exists()), _log(worker)
    # A second notice whose wake-up never reached the broker (written, no message sent).
    notice = Notice.objects.create(case=case, kind=Notice.Kind.PRECONDITION)
    message = OutboxMessage.objects.create(
        topic="notice.render",
        payload={"notice_id": notice.pk},
        dedupe_key=f"lost:{notice.pk}",
        available_at=timezone.now(),
    )
    time.sleep(1)
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.PENDING
    outbox_sweep.delay()  # what beat sends every 30 s
    assert wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.DONE), (
        _log(worker)
    )
    assert Notice.objects.get(pk=notice.pk).status == Notice.Status.READY


def test_expired_lease_is_handed_out_again_and_handled_once(users, worker):
    from routing.tasks import outbox_sweep

    case = decided_case_with_notice(users)
    assert wait_for(lambda: not OutboxMessage.objects.exclude(status="done").exists()), _log(worker)
    notice = Notice.objects.create(case=case, kind=Notice.Kind.PRECONDITION)
    # Claimed by a worker that was killed: lease long expired, never finished.
    message = OutboxMessage.objects.create(
        topic="notice.render",
        payload={"notice_id": notice.pk},
        dedupe_key=f"dead:{notice.pk}",
        available_at=timezone.now(),
        status=OutboxMessage.Status.CLAIMED,
        attempts=1,
        lease_until=timezone.now() - dt.timedelta(minutes=1),
    )
    outbox_sweep.delay()
    outbox_sweep.delay()  # two sweeps racing must not handle it twice
    assert wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.DONE), (
        _log(worker)
    )
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 2
    assert (
        Notice.objects.filter(case=case, kind=Notice.Kind.PRECONDITION, status=Notice.Status.READY).count()
        == 1
    )


def _log(proc) -> str:
    if proc.poll() is None:
        return "worker still running (no output read while alive)"
    return proc.stdout.read().decode(errors="replace")[-3000:]
