"""全市通办 and the offices of an application.

- A clerk anywhere in the city may key in an application for a household registered elsewhere;
  the application is then visible to that centre and to the offices that handle it, no other.
- Each application keeps the offices it was submitted with: a later application of the same
  household never moves a live case; a move is an explicit, audited change by the deciding office.
"""

import uuid

import pytest

from accounts.models import AuditEvent, Office
from intake.models import Application
from review.models import WorkItem

from .api_helpers import submit
from .factories import member, payload, staff

pytestmark = pytest.mark.django_db

HUAYANG = "310105001001"  # 华阳居委会, 华阳路街道, 长宁区
JIANGSU = "310105002001"  # 江苏路居委会, 江苏路街道, 长宁区


@pytest.fixture
def putuo(world):
    """A second Putuo street, so there is a centre that has nothing to do with the case."""
    district = Office.objects.get(code="310107")
    other = Office.objects.create(
        code="310107002", name="长风新村街道", level=Office.Level.STREET, parent=district
    )
    return {
        "clerk": staff("clerk", office_code="310107001"),  # 曹杨新村街道: the walk-in's centre
        "advisor": staff("advisor", office_code="310107001"),
        "other_clerk": staff("clerk", office_code=other.code),
    }


def _counter_submit(api, clerk, data):
    response = submit(api(clerk), data)
    assert response.status_code == 201, response.json()
    return Application.objects.get(reference=response.json()["reference"])


def test_a_clerk_anywhere_keys_in_an_application_for_a_household_registered_elsewhere(users, api, putuo):
    app = _counter_submit(api, putuo["clerk"], payload(items=["dibao"], hukou=HUAYANG, residence=HUAYANG))
    assert app.intake_office.code == "310107001"
    assert (app.hukou_office.code, app.residence_office.code) == (HUAYANG, HUAYANG)
    body = api(putuo["clerk"]).get(f"/api/v1/applications/{app.reference}/").json()
    assert (body["intake_office"], body["hukou_office"]) == ("310107001", HUAYANG)

    # The centre that keyed it in accepts it (一口受理 at the counter the family walked into).
    acceptance = WorkItem.objects.get(application=app, case__isnull=True)
    assert acceptance.office.code == "310107001"
    assert api(putuo["clerk"]).post(f"/api/v1/applications/{app.reference}/accept/").status_code == 200

    # The work then goes to the offices that handle it, and they see the application.
    investigation = WorkItem.objects.get(case__application=app, status="open")
    assert investigation.office.code == "310105001"
    for user in (users["clerk"], users["investigator"], users["reviewer_civil"], putuo["clerk"]):
        assert api(user).get(f"/api/v1/applications/{app.reference}/").status_code == 200, user.username
    # ... and no other: another centre, another street of the district, another department.
    others = [
        putuo["other_clerk"],
        staff("clerk", office_code="310105002"),
        staff("investigator", office_code="310107001"),  # the centre's street, but not a clerk's work
        users["reviewer_edu"],
    ]
    case = app.cases.get()
    for user in others[:3]:
        assert api(user).get(f"/api/v1/applications/{app.reference}/").status_code == 404, user.username
        assert api(user).get(f"/api/v1/cases/{case.pk}/").status_code == 404, user.username
    assert api(users["reviewer_edu"]).get(f"/api/v1/applications/{app.reference}/").status_code == 404


def test_a_clerk_finds_a_household_anywhere_by_its_full_id_number_and_attaches_to_it(users, api, putuo):
    data = payload(items=["dibao"], hukou=HUAYANG, residence=HUAYANG)
    first = _counter_submit(api, users["clerk"], data)
    number = data["members"][0]["id_number"]

    found = api(putuo["clerk"]).post("/api/v1/households/search/", {"id_number": number}, format="json")
    assert found.status_code == 200 and [h["id"] for h in found.json()] == [first.household_id]
    assert number not in found.content.decode()  # masked in the answer
    searched = AuditEvent.objects.filter(code="intake.household.searched", actor=putuo["clerk"]).get()
    assert searched.data == {"found": 1, "households": [first.household_id]}
    assert number not in str(searched.data)
    # An advisor may search within scope only; an unknown number finds nothing.
    assert (
        api(putuo["advisor"]).post("/api/v1/households/search/", {"id_number": number}, format="json").json()
        == []
    )
    assert (
        api(putuo["clerk"])
        .post("/api/v1/households/search/", {"id_number": member()["id_number"]}, format="json")
        .json()
        == []
    )

    # Attaching needs a member's full ID number in the application (the clerk holds the card) ...
    legal = payload(items=["legal_aid"], members=[data["members"][0]], hukou=HUAYANG, residence=HUAYANG)
    stranger = payload(items=["legal_aid"], hukou=HUAYANG, residence=HUAYANG)
    refused = submit(api(putuo["clerk"]), {**stranger, "household_id": first.household_id})
    assert refused.status_code == 404
    for bad in ("abc", -1, 10**30, None):
        answer = submit(api(putuo["clerk"]), {**stranger, "household_id": bad})
        assert answer.status_code in (201, 404), (bad, answer.status_code)  # None means "a new household"
    second = submit(api(putuo["clerk"]), {**legal, "household_id": first.household_id})
    assert second.status_code == 201, second.json()
    assert Application.objects.get(reference=second.json()["reference"]).household_id == first.household_id
    # ... and the attach shows nothing of the first application to the Putuo centre.
    assert api(putuo["clerk"]).get(f"/api/v1/applications/{first.reference}/").status_code == 404


def test_the_web_counter_takes_a_household_found_in_another_district(users, api, client, putuo):
    data = payload(items=["dibao"])
    first = _counter_submit(api, users["clerk"], data)
    client.force_login(putuo["clerk"])
    page = client.post(
        "/counter/apply/household/",
        {"action": "search_household", "search_id": data["members"][0]["id_number"]},
    ).content.decode()
    assert "长宁区测试路 1 号" in page
    chosen = client.post("/counter/household/", {"household_id": first.household_id})
    assert chosen.status_code == 302
    # A household the search did not find cannot be chosen by guessing its number.
    other = _counter_submit(api, users["clerk"], payload(items=["dibao"]))
    guessed = client.post("/counter/household/", {"household_id": other.household_id})
    assert guessed.status_code == 404


def test_a_new_application_does_not_move_the_live_case_of_an_earlier_one(users, api):
    data = payload(items=["dibao"], hukou=HUAYANG, residence=HUAYANG)
    first = _counter_submit(api, users["clerk"], data)
    api(users["clerk"]).post(f"/api/v1/applications/{first.reference}/accept/")
    item = WorkItem.objects.get(case__application=first, status="open")
    assert item.office.code == "310105001"

    # The family moved to Jiangsu Road and applies there for legal aid, online.
    moved = payload(items=["legal_aid"], members=data["members"], hukou=JIANGSU, residence=JIANGSU)
    jiangsu_clerk = staff("clerk", office_code="310105002")
    second = submit(api(jiangsu_clerk), {**moved, "household_id": first.household_id})
    assert second.status_code == 201, second.json()

    first = Application.objects.get(pk=first.pk)
    item.refresh_from_db()
    assert (first.hukou_office.code, first.residence_office.code) == (HUAYANG, HUAYANG)
    assert item.office.code == "310105001"  # the open dibao step stays with Huayang Road
    assert api(users["clerk"]).get(f"/api/v1/applications/{first.reference}/").status_code == 200
    assert api(jiangsu_clerk).get(f"/api/v1/applications/{first.reference}/").status_code == 404


def test_a_move_is_an_explicit_audited_change_by_the_deciding_office(users, api):
    first = _counter_submit(api, users["clerk"], payload(items=["dibao"], hukou=HUAYANG, residence=HUAYANG))
    api(users["clerk"]).post(f"/api/v1/applications/{first.reference}/accept/")
    url = f"/api/v1/applications/{first.reference}/move/"
    body = {"hukou_office": JIANGSU, "residence_office": JIANGSU, "reason": "户籍迁至江苏路"}
    jiangsu_clerk = staff("clerk", office_code="310105002")

    # Not the deciding office, the wrong role, the wrong department: refused.
    assert api(jiangsu_clerk).post(url, body, format="json").status_code == 404
    assert api(users["investigator"]).post(url, body, format="json").status_code == 403
    assert api(users["reviewer_edu"]).post(url, body, format="json").status_code == 404
    justice_clerk = staff("clerk", office_code="310105001", department="justice")
    assert api(justice_clerk).post(url, body, format="json").status_code in (403, 404)
    # Bad input: a clear 400 naming the field.
    missing = api(users["approver"]).post(url, {**body, "reason": ""}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    bad_office = api(users["approver"]).post(url, {**body, "hukou_office": "999"}, format="json")
    assert bad_office.status_code == 400 and "hukou_office" in bad_office.json()["errors"]
    same = {"hukou_office": HUAYANG, "residence_office": HUAYANG, "reason": "无变化"}
    assert api(users["approver"]).post(url, same, format="json").status_code == 400

    moved = api(users["approver"]).post(url, body, format="json")
    assert moved.status_code == 200, moved.json()
    assert (moved.json()["hukou_office"], moved.json()["residence_office"]) == (JIANGSU, JIANGSU)
    item = WorkItem.objects.get(case__application=first, status="open")
    assert item.office.code == "310105002"
    assert api(jiangsu_clerk).get(f"/api/v1/applications/{first.reference}/").status_code == 200
    # Huayang Road's street staff lose sight of it; its counter, which keyed it in, keeps it.
    assert api(users["investigator"]).get(f"/api/v1/applications/{first.reference}/").status_code == 404
    assert api(users["clerk"]).get(f"/api/v1/applications/{first.reference}/").status_code == 200
    event = AuditEvent.objects.get(code="intake.application.moved", object_id=str(first.pk))
    assert event.actor == users["approver"]
    assert event.data["from"]["hukou"] == HUAYANG and event.data["to"]["hukou"] == JIANGSU
    assert event.data["work_items_moved"] == 1


def test_the_migration_copied_each_households_offices_onto_its_applications(users, api):
    """Rows made before the change: the data migration's function gives them their offices."""
    import importlib

    migration = importlib.import_module("intake.migrations.0003_application_offices")
    app = _counter_submit(api, users["clerk"], payload(items=["dibao"], hukou=HUAYANG, residence=JIANGSU))
    Application.objects.filter(pk=app.pk).update(
        hukou_office=Office.objects.get(code=JIANGSU), residence_office=Office.objects.get(code=HUAYANG)
    )
    from django.apps import apps

    migration.copy_household_offices(apps, None)
    app = Application.objects.get(pk=app.pk)
    assert (app.hukou_office.code, app.residence_office.code) == (HUAYANG, JIANGSU)


def test_unique_idempotency_still_holds_for_counter_submissions_elsewhere(users, api, putuo):
    data = payload(items=["dibao"])
    key = uuid.uuid4().hex
    one = submit(api(putuo["clerk"]), data, key=key)
    two = submit(api(putuo["clerk"]), data, key=key)
    assert (one.status_code, two.status_code) == (201, 200)
    assert one.json()["reference"] == two.json()["reference"]


def test_the_status_page_shows_the_offices_and_lets_the_deciding_office_move_it(users, api, client):
    app = _counter_submit(api, users["clerk"], payload(items=["dibao"], hukou=HUAYANG, residence=HUAYANG))
    api(users["clerk"]).post(f"/api/v1/applications/{app.reference}/accept/")
    url = f"/applications/{app.reference}/move/"
    client.force_login(users["investigator"])
    page = client.get(f"/applications/{app.reference}/").content.decode()
    assert "华阳居委会" in page and "变更办理地" not in page  # offices shown, no move for this role
    assert (
        client.post(url, {"hukou_office": JIANGSU, "residence_office": JIANGSU, "reason": "x"}).status_code
        == 403
    )

    client.force_login(users["approver"])
    assert "变更办理地" in client.get(f"/applications/{app.reference}/").content.decode()
    # No reason: a clear message, nothing moved.
    answer = client.post(
        url, {"hukou_office": JIANGSU, "residence_office": JIANGSU, "reason": " "}, follow=True
    )
    assert "请说明变更办理地的原因" in answer.content.decode()
    assert Application.objects.get(pk=app.pk).hukou_office.code == HUAYANG
    bad = client.post(
        url, {"hukou_office": "abc\u0000", "residence_office": JIANGSU, "reason": "搬家"}, follow=True
    )
    assert bad.status_code in (200, 400) and Application.objects.get(pk=app.pk).hukou_office.code == HUAYANG
    moved = client.post(url, {"hukou_office": JIANGSU, "residence_office": JIANGSU, "reason": "户籍迁移"})
    assert moved.status_code == 302
    assert Application.objects.get(pk=app.pk).hukou_office.code == JIANGSU
    assert WorkItem.objects.get(case__application=app, status="open").office.code == "310105002"
