"""accounts.compiled: a read compiled once gives what its queryset gives — the same rows, the
same values (converted as the ORM converts them), select_related rows joined, deferred fields
deferred — and runs with new values without compiling again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.compiled import CompiledRead
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
