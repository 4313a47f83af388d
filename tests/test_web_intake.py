"""The unified form on the web: steps, drafts kept on errors, one case per submit, scope, masking."""

import json

from intake.models import Application, Draft
from intake.services import draft_payload, draft_save
from tests.factories import UserFactory, payload, staff
from tests.flows import submit as submit_service
from tests.web_helpers import household_post, money_post, walk_wizard


def test_applicant_walks_every_step_and_lands_on_a_status_page_with_a_column_per_department(users, client):
    client.force_login(users["applicant"])
    response = walk_wizard(client, payload(items=["dibao", "edu_compulsory", "medical_inpatient"]))
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/applications/{application.reference}/"
    page = client.get(response["Location"]).content.decode()
    for department in ("civil_affairs", "education", "medical_security"):
        assert f'data-department="{department}"' in page
    assert 'data-item="dibao" data-state="submitted"' in page
    assert 'data-item="edu_compulsory" data-state="waiting"' in page
    assert 'data-item="medical_inpatient" data-state="waiting"' in page


def test_invalid_id_number_gets_a_field_error_and_keeps_everything_typed(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    data["members"][0]["id_number"] = "130402198207290622"
    response = client.post("/apply/household/", household_post(data))
    page = response.content.decode()
    assert response.status_code == 400
    assert "身份证号码校验位不正确" in page
    assert 'value="130402198207290622"' in page  # the wrong value stays for correction
    for member in data["members"]:
        assert f'value="{member["name"]}"' in page
    assert data["household"]["address"] in page
    draft = Draft.objects.get(owner=users["applicant"])
    assert draft_payload(draft)["members"][0]["id_number"] == "130402198207290622"
    assert draft.data["household"]["address"] == data["household"]["address"]
    # At rest the ID number is encrypted, never plaintext.
    assert "130402198207290622" not in json.dumps(draft.data)
    # A reload shows the same input.
    assert 'value="130402198207290622"' in client.get("/apply/household/").content.decode()


def test_missing_name_and_out_of_range_income_are_reported_and_kept(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    data["members"][1]["name"] = ""
    response = client.post("/apply/household/", household_post(data))
    assert response.status_code == 400 and "请填写姓名" in response.content.decode()
    data["members"][1]["name"] = "王测试"
    assert client.post("/apply/household/", household_post(data)).status_code == 302
    client.post("/apply/items/", {"action": "next", "items": data["items"]})
    data["members"][0]["incomes"] = {"wages": "99999999999"}
    data["members"][1]["incomes"] = {"wages": "abc"}
    page = client.post("/apply/money/", money_post(data)).content.decode()
    assert "合理范围" in page and "请输入数字金额" in page
    assert 'value="99999999999"' in page and 'value="abc"' in page


def test_submitting_twice_creates_one_application(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    first = walk_wizard(client, data)
    draft = Draft.objects.get(submitted_application__isnull=False)
    second = client.post("/apply/review/", {"action": "submit", "draft_id": draft.pk})
    assert Application.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_final_submit_with_a_problem_goes_back_to_the_step_with_the_error(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    walk_wizard_until_review(client, data)
    draft = Draft.objects.get(owner=users["applicant"])
    draft_save(draft=draft, data={"consent_economic_check": False}, step="review")
    response = client.post("/apply/review/", {"action": "submit", "draft_id": draft.pk}, follow=True)
    assert Application.objects.count() == 0
    assert "须同意授权核对家庭经济状况" in response.content.decode()


def walk_wizard_until_review(client, data):
    client.post("/apply/household/", household_post(data))
    client.post("/apply/items/", {"action": "next", "items": data["items"]})
    client.post("/apply/money/", money_post(data))
    client.post("/apply/materials/", {"action": "next"})
    client.post("/apply/consent/", {"action": "next", "consent_economic_check": "1"})


def test_money_and_check_pages_hint_when_the_household_obviously_cannot_qualify(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    data["members"][0]["incomes"] = {"wages": "30000"}
    client.post("/apply/household/", household_post(data))
    items = client.get("/apply/items/").content.decode()
    assert "即将开通" not in items  # every item runs a workflow: none is listed as opening soon
    client.post("/apply/items/", {"action": "next", "items": data["items"]})
    assert client.post("/apply/money/", money_post(data)).status_code == 302
    assert "已超过低收入标准" in client.get("/apply/money/").content.decode()
    assert "已超过低收入标准" in client.get("/apply/review/").content.decode()


def test_applicant_b_gets_404_on_applicant_a_status_page(users, client):
    app = submit_service(users, payload(items=["dibao"]), accept=False)
    client.force_login(UserFactory(role="applicant"))
    assert client.get(f"/applications/{app.reference}/").status_code == 404


def test_clerk_of_another_office_cannot_see_the_case_but_finds_the_household_by_id(users, client):
    """全市通办: a walk-in may be registered anywhere, so a clerk finds the household by the full ID
    number on the card in hand; the household's applications stay with their own offices."""
    data = payload(items=["dibao"])
    app = submit_service(users, data, accept=False)
    client.force_login(staff("clerk", office_code="310107001"))
    assert client.get(f"/applications/{app.reference}/").status_code == 404
    search = {"action": "search_household", "search_id": data["members"][0]["id_number"]}
    page = client.post("/counter/apply/household/", search).content.decode()
    assert app.household.address in page and app.reference not in page
    wrong = client.post("/counter/apply/household/", {**search, "search_id": "310105198001010000"})
    assert "没有找到" in wrong.content.decode()


def test_clerk_finds_a_household_of_their_office_by_id_number(users, client):
    data = payload(items=["dibao"])
    app = submit_service(users, data, accept=False)
    client.force_login(users["clerk"])
    page = client.post(
        "/counter/apply/household/",
        {"action": "search_household", "search_id": data["members"][0]["id_number"]},
    ).content.decode()
    assert app.household.address in page
    assert data["members"][0]["id_number"] not in page  # masked in the results


def test_id_numbers_are_masked_on_the_status_page(users, client):
    data = payload(items=["dibao"])
    app = submit_service(users, data, accept=False)
    client.force_login(users["clerk"])
    page = client.get(f"/applications/{app.reference}/").content.decode()
    for member in data["members"]:
        assert member["id_number"] not in page
        assert member["id_number"][:4] + "**********" + member["id_number"][-4:] in page
        assert f"<td>{member['name']}</td>" in page


def test_clerk_keys_in_a_delegated_walk_in_application(users, client):
    client.force_login(users["clerk"])
    data = payload(items=["dibao"])
    client.post("/counter/apply/household/", household_post(data))
    client.post("/counter/apply/money/", money_post(data))
    client.post("/counter/apply/items/", {"action": "next", "items": ["dibao"]})
    client.post("/counter/apply/materials/", {"action": "next"})
    response = client.post(
        "/counter/apply/consent/", {"action": "next", "consent_economic_check": "1", "delegated": "1"}
    )
    assert "请填写代办人姓名" in response.content.decode()
    client.post(
        "/counter/apply/consent/",
        {"action": "next", "consent_economic_check": "1", "delegated": "1", "delegate_name": "居委会 张主任"},
    )
    draft = Draft.objects.get(owner=users["clerk"])
    client.post("/counter/apply/review/", {"action": "submit", "draft_id": draft.pk})
    application = Application.objects.get()
    assert (
        application.channel == "counter"
        and application.delegated
        and application.delegate_name == "居委会 张主任"
    )


def test_a_submitted_draft_keeps_no_personal_data(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    walk_wizard(client, data)
    draft = Draft.objects.get(owner=users["applicant"], submitted_application__isnull=False)
    assert draft.data == {}


def test_an_applicant_downloads_their_households_data_and_nothing_else(users, client):
    from tests.flows import online, to_state

    mine = online(users, payload(items=["dibao"]))
    to_state(users, "dibao", "publicity")  # notes and objections of my other case stay out
    from tests.factories import member

    other = submit_service(
        users,
        payload(
            items=["dibao"],
            hukou="310105001002",
            residence="310105001002",
            members=[member("别家人", relation="self")],
        ),
    )
    client.force_login(users["applicant"])
    response = client.get("/my-data/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    references = [a["reference"] for a in data["applications"]]
    assert mine.reference in references and other.reference not in references
    text = response.content.decode()
    assert "评审会议通过" not in text and "入户核实" not in text  # reviewers' notes, investigations
    for person in other.members.all():
        assert person.name not in text or person.household_id in {
            h.pk for h in users["applicant"].households.all()
        }
    for person in mine.members.all():
        assert person.id_number_masked in text
    pdf = client.get("/my-data/?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    from accounts.models import AuditEvent

    assert AuditEvent.objects.filter(code="intake.data_export", actor=users["applicant"]).count() == 2
    client.force_login(users["clerk"])
    assert client.get("/my-data/").status_code == 403


def test_an_empty_items_step_is_a_message_linked_to_the_items_not_a_server_error(users, client):
    client.force_login(users["applicant"])
    response = client.post("/apply/items/", {"action": "next"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page and 'href="#items"' in page and 'id="items"' in page
