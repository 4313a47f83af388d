"""The process's copies of the configuration tables (accounts.snapshot, programs.snapshot)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts import snapshot
from accounts.snapshot import _changing as real_changing
from programs.memo import memoised
from programs.models import Program
from programs.parameters import parameter
from programs.snapshot import programs_by_code

pytestmark = pytest.mark.django_db


def _name(code="dibao") -> str:
    with memoised():
        return programs_by_code([code])[code].name


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def test_a_unit_of_work_reads_the_catalogue_and_parameters_once_per_process():
    import datetime as dt

    def read():
        with memoised():
            programs_by_code(["dibao", "legal_aid"])
            parameter("deadline.accept", on=dt.date(2026, 12, 1))

    assert _queries(read) > 0
    assert _queries(read) == 0  # the next request of the process: from its copy
    # Outside a unit of work, the database as before.
    assert _queries(lambda: programs_by_code(["dibao"])) == 1


def test_a_saved_change_is_seen_by_the_next_unit_of_work():
    assert _name() == Program.objects.get(code="dibao").name
    program = Program.objects.get(code="dibao")
    program.name = "最低生活保障（新）"
    program.save()
    assert _name() == "最低生活保障（新）"
    # An update() sends no signal: config_changed() says so.
    Program.objects.filter(code="dibao").update(name="最低生活保障（再）")
    snapshot.config_changed()
    assert _name() == "最低生活保障（再）"


def test_another_process_bumping_the_version_makes_this_one_reload():
    _name()
    Program.objects.filter(code="dibao").update(name="别的进程改的")  # as another process would
    assert _name() != "别的进程改的"  # this process keeps its copy …
    snapshot._cache().set(snapshot.VERSION_KEY, "bumped-elsewhere", timeout=None)
    assert _name() == "别的进程改的"  # … until the shared version moves


def test_with_the_shared_cache_down_every_read_goes_to_the_database(monkeypatch):
    class Down:
        def get(self, *a, **k):
            raise ConnectionError("redis down")

        add = set = get

    monkeypatch.setattr(snapshot, "_cache", lambda: Down())
    assert _name() == Program.objects.get(code="dibao").name
    assert _queries(_name) > 0  # nothing kept
    assert _queries(_name) > 0


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_is_never_remembered(monkeypatch):
    monkeypatch.setattr(snapshot, "_changing", real_changing)
    original = _name()
    with pytest.raises(RuntimeError), transaction.atomic():
        program = Program.objects.get(code="dibao")
        program.name = "回滚的名字"
        program.save()
        assert _name() == "回滚的名字"  # the changing transaction reads its own change …
        raise RuntimeError
    assert _name() == original  # … which, rolled back, no copy remembers
    assert _queries(_name) == 0  # and copies are kept again
