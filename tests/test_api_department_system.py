"""What a department system needs: an API root, office look-up, household search by POST,
work-item filters, and a case carrying its due date, actions with fields and facts."""

import datetime as dt

from review.models import WorkItem
from tests.factories import payload
from tests.flows import submit, to_state


def test_the_api_root_lists_the_entry_points(users, api):
    body = api(users["reviewer_civil"]).get("/api/v1/").json()
    assert {"applications", "work-items", "offices", "household-search", "token"} <= set(body["links"])
    assert body["schema"].endswith("/api/schema/")


def test_offices_can_be_looked_up_by_name_code_and_level(users, api):
    client = api(users["clerk"])
    found = client.get("/api/v1/offices/", {"q": "华阳", "level": "committee"}).json()["results"]
    assert [o["code"] for o in found] == ["310105001001"]
    assert found[0]["parent"] == "310105001"
    assert client.get("/api/v1/offices/", {"level": "planet"}).status_code == 400


def test_a_clerk_searches_households_by_id_number_in_a_post_body(users, api):
    app = submit(users, payload(items=["dibao"]))
    person = app.members.order_by("id").first()
    from intake.identity import decrypt_id_number

    number = decrypt_id_number(person.id_number_encrypted)
    response = api(users["clerk"]).post("/api/v1/households/search/", {"id_number": number}, format="json")
    assert response.status_code == 200
    assert [h["id"] for h in response.json()] == [app.household_id]
    assert number not in response.content.decode()  # members come back masked
    assert (
        api(users["reviewer_medical"])
        .post("/api/v1/households/search/", {"id_number": number}, format="json")
        .status_code
        == 403
    )
    assert api(users["clerk"]).get(f"/api/v1/households/search/?id_number={number}").status_code == 405


def test_the_work_queue_filters(users, api):
    first = to_state(users, "dibao", "review")
    second = to_state(users, "dibao", "review")
    WorkItem.objects.filter(case=second, status="open").update(due_date=dt.date(2020, 1, 2))
    client = api(users["reviewer_civil"])

    def refs(**params):
        return [w["reference"] for w in client.get("/api/v1/work-items/", params).json()["results"]]

    assert refs(reference=first.application.reference) == [first.application.reference]
    assert refs(case=second.pk) == [second.application.reference]
    assert refs(overdue="true") == [second.application.reference]
    assert refs(due_before="2021-01-01") == [second.application.reference]
    assert set(refs(step="review")) == {first.application.reference, second.application.reference}
    assert refs(step="investigation") == []
    assert client.get("/api/v1/work-items/", {"due_before": "next week"}).status_code == 400


def test_a_case_carries_its_due_date_actions_with_fields_and_the_amount_by_the_rules(users, api):
    case = to_state(users, "dibao", "decision")
    body = api(users["approver"]).get(f"/api/v1/cases/{case.pk}/").json()
    assert body["step_due_date"]
    actions = {a["action"]: a for a in body["available_actions"]}
    assert set(actions) == {"approve", "deny"}
    assert {f["name"] for f in actions["deny"]["fields"]} == {"reason"}
    assert body["facts"]["amount_by_rules"] == "4120.00"
