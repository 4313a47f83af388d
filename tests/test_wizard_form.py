"""The unified form as its users meet it: saved as they type, asking only what the chosen items
need, a real check-your-answers page, items grouped by need, a known household not retyped."""

import re

from intake.models import Application, Draft, FinancialEntry
from intake.services import draft_for, draft_payload
from tests.factories import UserFactory, payload
from tests.flows import submit as submit_service
from tests.web_helpers import household_post, money_post, walk_wizard


def _typed(data):
    post = household_post(data)
    post.pop("action")
    return post


def test_autosave_keeps_what_was_typed_and_says_when(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    response = client.post("/apply/household/autosave/", {**_typed(data), "m1-removed": "1"})
    assert response.status_code == 200
    answer = response.json()
    assert re.fullmatch(r"\d\d:\d\d", answer["saved_at"]) and answer["label"].startswith("已保存")
    saved = draft_payload(draft_for(owner=users["applicant"]))
    # Everything typed, and the member ticked for removal is still there: only the button removes.
    assert [m["name"] for m in saved["members"]] == [m["name"] for m in data["members"]]
    assert saved["household"]["address"] == data["household"]["address"]
    page = client.get("/apply/household/").content.decode()
    assert f'value="{data["members"][2]["id_number"]}"' in page and "已保存" in page


def test_autosave_is_the_owners_own_draft_and_never_the_check_page(users, client):
    data = payload(items=["dibao"])
    other = UserFactory(role="applicant")
    client.force_login(other)
    client.post("/apply/household/autosave/", _typed(data))
    assert not draft_payload(draft_for(owner=users["applicant"])).get("members")
    assert client.post("/apply/review/autosave/", {}).status_code == 404
    assert client.get("/apply/household/autosave/").status_code == 405
    client.logout()
    assert client.post("/apply/household/autosave/", _typed(data)).status_code == 302  # to the login


def test_an_added_member_brings_the_person_back_to_the_new_fields(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    response = client.post("/apply/household/", {**household_post(data), "action": "add_member"})
    assert response.status_code == 302 and response["Location"] == "/apply/household/?added=3#m3-name"
    page = client.get(response["Location"]).content.decode()
    assert re.search(r'id="m3-name"[^>]*autofocus', page)


def test_the_applicants_own_name_is_filled_in(users, client):
    client.force_login(users["applicant"])
    page = client.get("/apply/household/").content.decode()
    assert f'value="{users["applicant"].full_name}"' in page


def test_money_is_asked_only_for_what_the_chosen_items_need(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["edu_compulsory"])
    client.post("/apply/household/", household_post(data))
    # Education asks no money: the money step is skipped and not listed.
    response = client.post("/apply/items/", {"action": "next", "items": ["edu_compulsory"]})
    assert response["Location"] == "/apply/materials/"
    assert "收入、财产和支出" not in client.get("/apply/materials/").content.decode()
    assert client.post("/apply/materials/", {"action": "back"})["Location"] == "/apply/items/"
    # Legal aid asks incomes and property, not expenses.
    client.post("/apply/items/", {"action": "next", "items": ["legal_aid"]})
    page = client.get("/apply/money/").content.decode()
    assert 'name="m0-incomes-wages"' in page and 'name="m0-assets-deposits"' in page
    assert 'name="m0-expenses-medical"' not in page


def test_money_not_needed_is_not_submitted(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    data["members"][0]["expenses"] = {"medical": "300"}
    client.post("/apply/household/", household_post(data))
    client.post("/apply/items/", {"action": "next", "items": ["dibao"]})
    client.post("/apply/money/", money_post(data))
    # Then the person changes their mind: only legal aid, which asks no expenses.
    data["items"] = ["legal_aid"]
    data["materials_provided"] = []
    walk_wizard(client, data)
    application = Application.objects.get()
    kinds = set(FinancialEntry.objects.filter(application=application).values_list("category", flat=True))
    assert kinds == {"income"}


def test_money_is_grouped_by_member_with_totals(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    client.post("/apply/household/", household_post(data))
    client.post("/apply/items/", {"action": "next", "items": ["dibao"]})
    data["members"][0]["incomes"] = {"transfer": "500", "pension": "1,000"}
    client.post("/apply/money/", {**money_post(data), "action": "back"})
    page = client.get("/apply/money/").content.decode()
    assert page.count('class="card member money-member"') == 3
    assert re.search(r'id="money-member-0".*?data-total="incomes">1500<', page, re.S)
    assert re.search(r'data-household-total="incomes">2700<', page)  # 1500 + 1200 + 0


def test_check_page_shows_every_answer_labelled_with_a_change_link(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    data["members"][1]["assets"] = {"deposits": "3000"}
    data["members"][0]["expenses"] = {"medical": "450"}
    client.post("/apply/household/", household_post(data))
    client.post("/apply/items/", {"action": "next", "items": ["dibao"]})
    client.post("/apply/money/", money_post(data))
    page = client.get("/apply/review/").content.decode()
    for member in data["members"]:
        assert member["id_number"] in page  # the person who typed them checks them in full
    assert "存款" in page and "3000" in page and "医疗" in page and "450" in page
    assert "灵活就业" in page and "义务教育" in page  # labels, never codes
    assert 'href="/apply/money/?from=review#money-member-1"' in page
    # A 修改 link brings the person back to the check page once the step is saved.
    change = client.get("/apply/household/?from=review").content.decode()
    assert 'name="return_to" value="review"' in change and "回到核对页" in change
    back = client.post("/apply/household/", {**household_post(data), "return_to": "review"})
    assert back["Location"] == "/apply/review/"


def test_items_are_grouped_by_need_with_the_fitting_education_item_named(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    client.post("/apply/household/", household_post(data))
    page = client.get("/apply/items/").content.decode()
    needs = re.findall(r'data-need="(\w+)"', page)
    assert needs[:3] == ["living", "education", "medical"] and "legal" in needs
    compulsory = page.split('data-item="edu_compulsory"')[1].split("</div>")[0]
    assert "适合" in compulsory and "李小测" in compulsory
    assert "李小测" not in page.split('data-item="edu_preschool"')[1].split("</div>")[0]
    assert page.index('data-item="edu_compulsory"') < page.index('data-item="edu_preschool"')  # fits first
    # Items not open yet are listed apart, never as a disabled checkbox among the rest.
    assert "disabled" not in page and "即将开通" in page


def test_a_screeners_suggestion_pre_ticks_the_items(users, client):
    client.force_login(users["applicant"])
    draft = draft_for(owner=users["applicant"])
    draft.data = {"suggested_items": ["dibao"]}
    draft.save()
    page = client.get("/apply/items/").content.decode()
    assert re.search(r'value="dibao"\s+checked', page)


def test_errors_are_tied_to_their_fields_and_required_fields_marked(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    data["members"][1]["name"] = ""
    page = client.post("/apply/household/", household_post(data)).content.decode()
    assert re.search(r'id="m1-name"[^>]*aria-invalid="true"[^>]*aria-describedby="m1-name-error"', page)
    assert 'id="m1-name-error"' in page
    assert (
        'id="m0-name" name="m0-name"' in page and 'aria-invalid="true" aria-describedby="m0-name' not in page
    )
    assert page.count('class="required"') >= 4 and "标 * 的为必填项" in page


def test_back_after_submitting_says_the_application_is_in(users, client):
    client.force_login(users["applicant"])
    walk_wizard(client, payload(items=["dibao"]))
    application = Application.objects.get()
    page = client.get("/apply/review/").content.decode()
    assert application.reference in page and "无需再次提交" in page


def test_the_applicant_can_start_over(users, client):
    client.force_login(users["applicant"])
    client.post("/apply/household/", household_post(payload(items=["dibao"])))
    assert Draft.objects.filter(owner=users["applicant"]).exists()
    response = client.post("/apply-draft/discard/")
    assert response["Location"] == "/apply/"
    assert not Draft.objects.filter(owner=users["applicant"]).exists()
    assert "清空草稿" in client.get("/apply/household/").content.decode()


def test_a_known_households_id_numbers_are_not_retyped_nor_shown(users, client):
    data = payload(items=["dibao"])
    app = submit_service(users, data, accept=True)
    client.force_login(users["clerk"])
    client.post(
        "/counter/apply/household/",
        {"action": "search_household", "search_id": data["members"][0]["id_number"]},
    )
    client.post("/counter/household/", {"household_id": app.household_id})
    page = client.get("/counter/apply/household/").content.decode()
    for member in data["members"]:
        assert member["id_number"] not in page
    assert "无需重新录入" in page
    post = household_post(data)
    for i in range(len(data["members"])):
        post[f"m{i}-id_number"] = ""  # nothing retyped
    assert client.post("/counter/apply/household/", post).status_code == 302
    review = client.get("/counter/apply/review/").content.decode()
    assert data["members"][0]["id_number"] not in review and "已登记" in review
    walk = {
        "/counter/apply/items/": {"action": "next", "items": ["medical_outpatient"]},
        "/counter/apply/money/": {"action": "next"},
        "/counter/apply/materials/": {"action": "next"},
        "/counter/apply/consent/": {"action": "next", "consent_economic_check": "1"},
    }
    for url, body in walk.items():
        assert client.post(url, body).status_code == 302, url
    draft = Draft.objects.get(owner=users["clerk"], submitted_application__isnull=True)
    response = client.post("/counter/apply/review/", {"action": "submit", "draft_id": draft.pk})
    second = Application.objects.exclude(pk=app.pk).get()
    assert response["Location"] == f"/applications/{second.reference}/"
    assert second.household_id == app.household_id and second.members.count() == 3


def test_another_clerk_cannot_take_a_household_by_its_key_alone(users, client):
    data = payload(items=["dibao"])
    app = submit_service(users, data, accept=True)
    client.force_login(users["clerk_putuo"])  # another district, no search made
    assert client.post("/counter/household/", {"household_id": app.household_id}).status_code == 404


def test_the_chosen_items_families_are_looked_up_once_per_page(users, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    client.post("/apply/household/", household_post(data))
    client.post("/apply/items/", {"action": "next", "items": ["dibao"]})
    for step in ("money", "review"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/apply/{step}/").status_code == 200
        lookups = [q["sql"] for q in queries if 'SELECT "programs_program"."family"' in q["sql"]]
        assert len(lookups) == 1, (step, lookups)
