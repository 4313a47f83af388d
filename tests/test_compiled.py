"""accounts.compiled: a read compiled once gives what its queryset gives — the same rows, the
same values (converted as the ORM converts them), select_related rows joined, deferred fields
deferred — and runs with new values without compiling again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.compiled import CompiledRead, JsonChildren
from intake.models import Application, ApplicationMaterial
from programs.models import CaseTransition, ProgramCase
from tests.factories import payload
from tests.flows import online


def _values(obj) -> dict:
    return {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname in obj.__dict__
    }


def test_a_compiled_read_gives_what_its_queryset_gives(users):
    apps = [online(users, payload(items=["dibao", "medical_inpatient"])) for _ in range(2)]
    cases = CompiledRead(
        lambda app: ProgramCase.objects.filter(application=app).defer("eligibility_trace").order_by("id"), int
    )
    for app in apps:
        expected = list(ProgramCase.objects.filter(application=app).defer("eligibility_trace").order_by("id"))
        got = cases(app.pk)
        assert [_values(c) for c in got] == [_values(c) for c in expected] and len(got) == 2
        assert all("eligibility_trace" in c.get_deferred_fields() for c in got)
        assert all(c.details is not None and c._state.adding is False for c in got)  # JSON converted
    # select_related: the joined row is there without a query.
    checklist = CompiledRead(
        lambda app: ApplicationMaterial.objects.filter(application=app).select_related("material"), int
    )
    rows = checklist(apps[0].pk)
    assert rows and len(rows) == ApplicationMaterial.objects.filter(application=apps[0]).count()
    with CaptureQueriesContext(connection) as queries:
        names = [r.material.display_name for r in rows]
    assert names and len(queries) == 0
    # A list argument: one plan per length; an empty list matches nothing and asks nothing.
    history = CompiledRead(lambda ids: CaseTransition.objects.filter(case_id__in=ids).order_by("id"), [int])
    ids = list(ProgramCase.objects.filter(application__in=apps).values_list("pk", flat=True))
    assert [t.pk for t in history(ids)] == list(
        CaseTransition.objects.filter(case_id__in=ids).order_by("id").values_list("pk", flat=True)
    )
    assert [t.pk for t in history(ids[:1])] == list(
        CaseTransition.objects.filter(case_id=ids[0]).order_by("id").values_list("pk", flat=True)
    )
    with CaptureQueriesContext(connection) as queries:
        assert history([]) == []
    assert len(queries) == 0
    # A string argument, and one argument used twice.
    own = CompiledRead(
        lambda ref, user: Application.objects.filter(reference=ref, submitted_by=user).exclude(
            household__owner=user
        ),
        str,
        int,
    )
    clerk_app = online(users, payload(items=["dibao"]))
    assert own(clerk_app.reference, clerk_app.submitted_by_id) == list(
        Application.objects.filter(
            reference=clerk_app.reference, submitted_by=clerk_app.submitted_by_id
        ).exclude(household__owner=clerk_app.submitted_by_id)
    )
    assert own("YC-NO-SUCH", clerk_app.submitted_by_id) == []


def test_a_build_whose_value_does_not_reach_the_sql_is_refused(db):
    # The stand-in is dropped (a constant instead): the compiled SQL could never take the value.
    broken = CompiledRead(lambda ref: Application.objects.filter(reference="fixed"), str)
    with pytest.raises(ValueError, match="stand-in"):
        broken("YC1")
    with pytest.raises(TypeError):
        CompiledRead(lambda a: Application.objects.filter(pk=a), int)()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="JSON children are PostgreSQL's")
def test_children_folded_as_json_come_back_as_the_orm_reads_them(users):
    from django.db.models import OuterRef

    from intake.models import FinancialEntry, Person
    from review.models import WorkItem

    app = online(users, payload(items=["dibao", "medical_inpatient"]))
    other = online(users, payload(items=["dibao"]))
    history = JsonChildren(CaseTransition, order=["created_at", "id"])
    items = JsonChildren(WorkItem, order=["-id"])
    members = JsonChildren(Person, ["id", "household", "name", "birth_date"], order=["household", "id"])
    read = CompiledRead(
        lambda pk: Application.objects.filter(pk=pk).annotate(
            h=history.expression(CaseTransition.objects.filter(case__application=OuterRef("pk"))),
            w=items.expression(WorkItem.objects.filter(application=OuterRef("pk"))),
            m=members.expression(Person.objects.filter(applications=OuterRef("pk"))),
        ),
        int,
    )
    for application in (app, other):
        [got] = read(application.pk)
        expected = CaseTransition.objects.filter(case__application=application).order_by("created_at", "id")
        assert [_values(t) for t in history.instances(got.h)] == [_values(t) for t in expected]
        assert history.instances(got.h) and all(t.created_at.tzinfo for t in history.instances(got.h))
        expected_items = WorkItem.objects.filter(application=application).order_by("-id")
        assert [_values(w) for w in items.instances(got.w)] == [_values(w) for w in expected_items]
        people = members.instances(got.m)
        assert [(p.pk, p.name, p.birth_date) for p in people] == [
            (p.pk, p.name, p.birth_date) for p in application.members.all()
        ]
        assert people and all("relation" in p.get_deferred_fields() for p in people)
    # No children: an empty list, not None.
    empty = CompiledRead(
        lambda pk: Application.objects.filter(pk=pk).annotate(
            w=items.expression(WorkItem.objects.filter(application=OuterRef("pk"), step="no-such"))
        ),
        int,
    )
    assert items.instances(empty(app.pk)[0].w) == []
    # A field whose JSON form is not exact (a decimal) is refused when the spec is built.
    with pytest.raises(ValueError, match="amount"):
        JsonChildren(FinancialEntry, ["id", "amount"], order=["id"])
    with pytest.raises(ValueError, match="order by"):
        JsonChildren(Person, ["id"], order=["name"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared reads are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_compiled_read_is_prepared_once_per_session_and_prepared_again_on_a_new_one(settings):
    from django.db import transaction

    from accounts.models import Office

    read = CompiledRead(lambda code: Office.objects.filter(code=code), str)
    office = Office.objects.create(code="TESTPREP", name="测试", level="street")
    with CaptureQueriesContext(connection) as queries:
        assert read("TESTPREP") == [office]
        assert read("NOSUCH") == []
    sql = [q["sql"] for q in queries.captured_queries]
    assert sql[0].startswith("PREPARE ow_read_") and len(sql) == 3 and sql[1].startswith("EXECUTE ow_read_")
    # A rollback keeps what the session prepared.
    with transaction.atomic():
        assert read("TESTPREP") == [office]
        transaction.set_rollback(True)
    assert read("TESTPREP") == [office]
    # A new session prepares again.
    connection.close()
    with CaptureQueriesContext(connection) as queries:
        assert read("TESTPREP") == [office]
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["PREPARE", "EXECUTE"]
    # Switched off (behind a transaction-pooling pgbouncer): the plain statement.
    settings.ONEWINDOW_PREPARED_READS = False
    plain = CompiledRead(lambda code: Office.objects.filter(code=code), str)
    with CaptureQueriesContext(connection) as queries:
        assert plain("TESTPREP") == [office]
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"]


def test_bulk_insert_writes_what_bulk_create_writes(users):
    """accounts.compiled.bulk_insert: the rows as bulk_create leaves them (keys from RETURNING,
    saved state, auto_now_add, a parent's key taken after the parent was saved), and the values
    in the database as bulk_create stores them — decimals, JSON, addresses, NULLs."""
    from decimal import Decimal

    from accounts.compiled import bulk_insert
    from accounts.models import AuditEvent
    from intake.models import FinancialEntry, Household, Person

    app = online(users, payload(items=["dibao"]))
    person = app.members.first()
    office = app.hukou_office
    household = Household(owner=None, hukou_office=office, residence_office=office)  # unsaved yet
    people = [
        Person(
            household=household,
            name=name,
            id_number_encrypted="x",
            id_number_index=f"i{name}",
            id_number_masked="310***",
            birth_date="1980-01-01",
            sex="F",
            relation="self",
        )
        for name in ("甲", "乙")
    ]
    bulk_insert([household])
    bulk_insert(people)
    assert household.pk and all(p.pk and not p._state.adding and p._state.db == "default" for p in people)
    assert [p.household_id for p in people] == [household.pk] * 2
    assert list(Person.objects.filter(household=household).values_list("name", flat=True)) == ["甲", "乙"]
    entries = [
        FinancialEntry(
            application=app, person=person, category="income", kind="wages", amount=Decimal("1234.56")
        ),
        FinancialEntry(
            application=app, person=person, category="income", kind="transfer", amount=Decimal("0.10")
        ),
    ]
    bulk_insert(entries)
    assert list(
        FinancialEntry.objects.filter(pk__in=[e.pk for e in entries])
        .order_by("pk")
        .values_list("amount", flat=True)
    ) == [
        Decimal("1234.56"),
        Decimal("0.10"),
    ]
    events = [
        AuditEvent(
            actor=users["clerk"],
            actor_role="clerk",
            code="t.one",
            object_type="x",
            object_id="1",
            success=True,
            ip="10.1.2.3",
            data={"a": [1, "二"], "b": None},
        ),
        AuditEvent(
            actor=None,
            actor_role="",
            code="t.two",
            object_type="x",
            object_id="2",
            success=False,
            ip=None,
            data={},
        ),
    ]
    bulk_insert(events)
    stored = {e.code: e for e in AuditEvent.objects.filter(code__startswith="t.")}
    assert stored["t.one"].data == {"a": [1, "二"], "b": None} and stored["t.one"].ip == "10.1.2.3"
    assert stored["t.two"].ip is None and stored["t.two"].actor_id is None and stored["t.two"].created_at
    assert events[0].created_at == stored["t.one"].created_at  # auto_now_add, as bulk_create sets it
    # A row with its key set goes to bulk_create (which raises as it would).
    assert bulk_insert([]) == []
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():  # the duplicate key, from bulk_create
        bulk_insert(
            [
                FinancialEntry(
                    pk=entries[0].pk,
                    application=app,
                    person=person,
                    category="income",
                    kind="wages",
                    amount=Decimal("1"),
                )
            ]
        )
