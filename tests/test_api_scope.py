"""One parametrised test per endpoint: nothing leaks across applicants, offices or departments."""

import pytest

from tests.api_helpers import submit
from tests.factories import UserFactory, payload, staff
from tests.flows import submit as submit_service


@pytest.fixture
def case_in_huayang(users):
    """An accepted dibao application of a household in 华阳路街道 (office 310105001)."""
    return submit_service(users, payload(items=["dibao", "edu_compulsory"]))


def outsider(kind: str):
    return {
        "other_applicant": lambda: UserFactory(role="applicant"),
        "clerk_other_office": lambda: staff("clerk", office_code="310107001"),
        "reviewer_other_office": lambda: staff("reviewer", office_code="310107", department="civil_affairs"),
        "reviewer_other_department": lambda: staff("reviewer", office_code="310105", department="housing"),
    }[kind]()


ENDPOINTS = [
    ("get", "/api/v1/applications/{ref}/"),
    ("post", "/api/v1/applications/{ref}/accept/"),
    ("post", "/api/v1/applications/{ref}/return/"),
    ("post", "/api/v1/applications/{ref}/resubmit/"),
    ("get", "/api/v1/cases/{case}/"),
    ("post", "/api/v1/cases/{case}/transitions/"),
    ("post", "/api/v1/work-items/{item}/claim/"),
]


@pytest.mark.parametrize("method,url", ENDPOINTS)
@pytest.mark.parametrize("kind", ["other_applicant", "clerk_other_office", "reviewer_other_office"])
def test_objects_outside_scope_are_404(case_in_huayang, api, method, url, kind):
    app = case_in_huayang
    case = app.cases.get(program__code="dibao")
    item = case.work_items.get(status="open")
    target = url.format(ref=app.reference, case=case.pk, item=item.pk)
    body = {
        "action": "investigate",
        "findings": "x",
        "missing_materials": ["id_card"],
        "provided": ["id_card"],
    }
    response = getattr(api(outsider(kind)), method)(target, body, format="json")
    assert response.status_code == 404
    assert app.reference not in response.content.decode()


@pytest.mark.parametrize(
    "kind", ["other_applicant", "clerk_other_office", "reviewer_other_office", "reviewer_other_department"]
)
def test_lists_leave_out_what_is_outside_scope(case_in_huayang, api, kind):
    client = api(outsider(kind))
    assert case_in_huayang.reference not in client.get("/api/v1/applications/").content.decode()
    assert client.get("/api/v1/work-items/").json()["results"] == []


def test_applicant_a_cannot_read_applicant_b(users, api):
    a, b = api(users["applicant"]), api(UserFactory(role="applicant"))
    ref = submit(a, payload(items=["dibao"])).json()["reference"]
    assert a.get(f"/api/v1/applications/{ref}/").status_code == 200
    assert b.get(f"/api/v1/applications/{ref}/").status_code == 404
    assert b.get("/api/v1/applications/").json()["results"] == []


def test_clerk_cannot_attach_a_household_of_another_office(case_in_huayang, api):
    client = api(staff("clerk", office_code="310107001"))
    data = {
        **payload(items=["dibao"], hukou="310107001001", residence="310107001001"),
        "household_id": case_in_huayang.household_id,
    }
    assert submit(client, data).status_code == 404


def test_reviewer_of_another_department_does_not_see_the_queue_item(case_in_huayang, api, users):
    mine = api(users["investigator"]).get("/api/v1/work-items/").json()["results"]
    assert [w["reference"] for w in mine] == [case_in_huayang.reference]
    for dept in ("education", "medical_security"):
        other = api(staff("investigator", office_code="310105001", department=dept))
        assert other.get("/api/v1/work-items/").json()["results"] == []


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/api/v1/applications/"),
        ("post", "/api/v1/applications/"),
        ("get", "/api/v1/work-items/"),
        ("get", "/api/v1/cases/1/"),
    ],
)
def test_anonymous_is_refused(db, api, method, url):
    assert getattr(api(), method)(url).status_code in (401, 403)


def test_applicant_cannot_fire_a_reviewer_transition(case_in_huayang, api, users):
    case = case_in_huayang.cases.get(program__code="dibao")
    owner = api(users["clerk"])  # in scope, but a clerk may not investigate
    response = owner.post(
        f"/api/v1/cases/{case.pk}/transitions/", {"action": "investigate", "findings": "x"}, format="json"
    )
    assert response.status_code == 403
