"""Idempotent submission and the concurrent-decision conflict (real PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from intake.models import Application
from notices.models import Notice
from programs.models import CaseTransition, ProgramCase
from tests.api_helpers import fire, status_items, submit
from tests.factories import payload, staff, well_off_members
from tests.flows import case_of, run_to_review
from tests.flows import submit as submit_service


def test_same_idempotency_key_twice_gives_the_same_case(users, api):
    client = api(users["applicant"])
    data = payload(items=["dibao"])
    first = submit(client, data, key="k-123")
    second = submit(client, data, key="k-123")
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["reference"] == second.json()["reference"]
    assert Application.objects.count() == 1


def test_same_key_with_a_different_body_is_refused_and_creates_nothing(users, api):
    client = api(users["applicant"])
    submit(client, payload(items=["dibao"]), key="k-456")
    response = submit(client, payload(items=["dibao", "edu_compulsory"]), key="k-456")
    assert response.status_code == 422
    assert "提交标识" in response.json()["detail"]
    assert Application.objects.count() == 1


def test_missing_idempotency_key_is_a_clear_400(users, api):
    response = api(users["applicant"]).post("/api/v1/applications/", payload(items=["dibao"]), format="json")
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["detail"]
    assert Application.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("actions", [("deny", "propose_approval"), ("deny", "deny")])
def test_two_reviewers_deciding_at_once_exactly_one_wins(users, api, actions):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent writers need PostgreSQL")
    app = submit_service(users, payload(items=["dibao"]))
    case = run_to_review(users, case_of(app, "dibao"))
    second_reviewer = staff("reviewer", office_code="310105", department="civil_affairs")
    clients = [api(users["reviewer_civil"]), api(second_reviewer)]
    barrier, results = threading.Barrier(2), [None, None]

    def act(i):
        try:
            barrier.wait()
            fields = {"reason": "收入核实有误"} if actions[i] == "deny" else {"note": "评审通过"}
            results[i] = fire(clients[i], case.pk, actions[i], expected_state="review", **fields)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    codes = sorted(r.status_code for r in results)
    assert codes == [200, 409], [r.content for r in results]
    loser = next(r for r in results if r.status_code == 409)
    assert "已被他人处理" in loser.json()["detail"]
    case = ProgramCase.objects.get(pk=case.pk)
    assert case.state in ("denied", "publicity")
    assert CaseTransition.objects.filter(case=case, source="review").count() == 1
    assert Notice.objects.filter(case=case).count() == (1 if case.state == "denied" else 0)


def test_a_stale_form_gets_409_and_changes_nothing(users, api):
    app = submit_service(users, payload(items=["dibao"], members=well_off_members()))
    case = run_to_review(users, case_of(app, "dibao"))
    response = fire(api(users["reviewer_civil"]), case.pk, "deny", reason="x", expected_state="verification")
    assert response.status_code == 409
    assert ProgramCase.objects.get(pk=case.pk).state == "review"


def test_acting_on_a_case_already_decided_is_409(users, api):
    app = submit_service(users, payload(items=["dibao"], members=well_off_members(), opt_in_low_income=False))
    case = run_to_review(users, case_of(app, "dibao"))
    reviewer = api(users["reviewer_civil"])
    assert fire(reviewer, case.pk, "deny", reason="超标").status_code == 200
    again = fire(reviewer, case.pk, "deny", reason="超标")
    assert again.status_code == 409
    assert status_items(api(users["clerk"]), app.reference)["dibao"]["state"] == "denied"
