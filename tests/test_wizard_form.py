"""The unified form as its users meet it: saved as they type, asking only what the chosen items
need, a real check-your-answers page, items grouped by need, a known household not retyped."""

import re
from decimal import Decimal

import pytest

from accounts.snapshot import config_changed
from intake.models import Application, Draft, FinancialEntry
from intake.services import draft_for, draft_payload
from intake.wizard import payload_for_submit
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
    # Every item is open: none is a disabled checkbox, none "opening soon".
    assert "disabled" not in page and "即将开通" not in page
    # One not open (its family unregistered) would be listed apart, never offered.
    from programs.models import Program

    Program.objects.filter(code="youth_charity").update(family="opening_soon")
    config_changed()  # an update() sends no signal (accounts.snapshot)
    page = client.get("/apply/items/").content.decode()
    assert "disabled" not in page and "即将开通" in page and 'value="youth_charity"' not in page


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


# --- Members' disability kind and multiple-birth group ----------------------------------------


def _household(data, **extra):
    post = household_post(data)
    post.update(extra)
    return post


def test_disability_kind_and_birth_group_reach_the_check_page_and_the_household(users, client):
    import datetime as dt

    from intake.models import Person
    from tests.factories import member

    client.force_login(users["applicant"])
    data = payload(
        items=["dibao"],
        members=[
            member("李测试", relation="self", incomes={"transfer": "500"}),
            member(
                "李大宝",
                relation="child",
                birth=dt.date(2016, 5, 5),
                employment="student",
                school="compulsory",
            ),
            member(
                "李二宝",
                relation="child",
                birth=dt.date(2016, 5, 5),
                employment="student",
                school="compulsory",
            ),
        ],
    )
    page = client.get("/apply/household/").content.decode()
    # Without scripts both fields are always there, saying whom they are for.
    assert 'name="m0-disability_kind"' in page and "（有残疾时填写）" in page
    assert 'name="m0-birth_group"' in page and "同一胎出生的子女填写相同数字（如三胞胎均填 1）" in page
    post = _household(
        data,
        **{
            "m0-disability_grade": "2",
            "m0-disability_kind": "physical",
            "m1-birth_group": "1",
            "m2-birth_group": "1",
        },
    )
    assert client.post("/apply/household/", post).status_code == 302
    saved = draft_payload(draft_for(owner=users["applicant"]))["members"]
    assert saved[0]["disability_kind"] == "physical" and [m["birth_group"] for m in saved] == ["", "1", "1"]
    again = client.get("/apply/household/").content.decode()
    assert re.search(r'<option value="physical"\s+selected', again)
    assert 'id="m2-birth_group" name="m2-birth_group" value="1"' in again
    client.post("/apply/items/", {"action": "next", "items": ["dibao"]})
    client.post("/apply/money/", money_post(data))
    review = client.get("/apply/review/").content.decode()
    assert "残疾类别" in review and "肢体残疾" in review and "physical" not in review
    assert 'href="/apply/household/?from=review#m0-disability_kind"' in review
    assert 'href="/apply/household/?from=review#m2-birth_group"' in review
    data["items"] = ["dibao"]
    walk = {
        "/apply/materials/": {"action": "next", "materials_provided": data["materials_provided"]},
        "/apply/consent/": {"action": "next", "consent_economic_check": "1"},
    }
    for url, body in walk.items():
        assert client.post(url, body).status_code == 302
    draft = Draft.objects.get(owner=users["applicant"], submitted_application__isnull=True)
    assert client.post("/apply/review/", {"action": "submit", "draft_id": draft.pk}).status_code == 302
    people = {p.name: p for p in Person.objects.filter(household__applications__isnull=False).distinct()}
    assert people["李测试"].disability_grade == "2" and people["李测试"].disability_kind == "physical"
    assert people["李大宝"].birth_group == 1 and people["李二宝"].birth_group == 1
    assert people["李测试"].birth_group is None


def test_a_kind_without_a_grade_is_not_submitted(users, client):
    data = payload(items=["dibao"])
    data["members"][0].update(disability_grade="none", disability_kind="visual")
    data["members"][1].update(disability_grade="3", disability_kind="hearing")
    members = payload_for_submit(data)["members"]
    assert members[0]["disability_kind"] == "" and members[1]["disability_kind"] == "hearing"
    assert data["members"][0]["disability_kind"] == "visual"  # the draft keeps what was chosen


def test_a_bad_birth_group_is_shown_on_its_field_and_nothing_typed_is_lost(users, client):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    response = client.post(
        "/apply/household/", _household(data, **{"m2-birth_group": "12", "m1-birth_group": "x"})
    )
    assert response.status_code == 400
    page = response.content.decode()
    message = "同胞多胞胎组请填写 1 至 9 的数字（同一胎出生的子女填写相同数字）。"
    assert page.count(message) == 4  # in the summary and on each field
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#m2-birth_group"' in summary and "第3位成员（李小测）" in summary
    assert re.search(
        r'id="m2-birth_group"[^>]*aria-describedby="m2-birth_group-help m2-birth_group-error"', page
    )
    assert re.search(r'id="m2-birth_group"[^>]*value="12"[^>]*aria-invalid="true"', page)
    assert 'value="x"' in page and f'value="{data["household"]["address"]}"' in page


# --- An item's own questions (Family.form_questions): the 事项信息 step --------------------------


def _questions_classes():
    from rest_framework import serializers

    from accounts.models import Office
    from programs.steps import FormQuestions

    class PersonRow(serializers.Serializer):
        name = serializers.CharField(label="姓名", max_length=50)
        age = serializers.IntegerField(label="年龄", min_value=0, max_value=130)
        sex = serializers.ChoiceField(
            label="性别", choices=[("M", "男"), ("F", "女")], default="M", required=False
        )

    class DibaoQuestions(FormQuestions):
        kind = serializers.ChoiceField(label="困难类型", choices=[("illness", "因病"), ("disaster", "因灾")])
        reason = serializers.CharField(label="困难原因", max_length=1000)
        since = serializers.DateField(label="困难开始日期")
        urgent = serializers.BooleanField(label="情况紧急", required=False, default=False)
        amount = serializers.DecimalField(
            label="急需金额（元）", max_digits=10, decimal_places=2, required=False, allow_null=True
        )
        incident_office = serializers.SlugRelatedField(
            label="困难发生地",
            slug_field="code",
            queryset=Office.objects.filter(level="street"),
            required=False,
            allow_null=True,
        )
        helpers = serializers.ListField(child=PersonRow(), label="赡养人", required=False)

        def answers(self):
            # FormQuestions.answers() keeps a Decimal as is, which JSON cannot hold: as text here.
            return {k: str(v) if isinstance(v, Decimal) else v for k, v in super().answers().items()}

    return DibaoQuestions


@pytest.fixture
def dibao_asks(monkeypatch):
    """The means-tested family asks dibao's applicants some questions of its own (for this test)."""
    from programs.registry import FAMILIES

    questions = _questions_classes()
    monkeypatch.setitem(FAMILIES["means_tested"].form_questions, "dibao", questions)
    return questions


def _to_items(client, data):
    assert client.post("/apply/household/", household_post(data)).status_code == 302


def _answers(**extra):
    post = {
        "action": "next",
        "q-dibao-kind": "illness",
        "q-dibao-reason": "丈夫突发重病住院，\n无法工作。",
        "q-dibao-since": "2026-10-01",
        "q-dibao-urgent": "1",
        "q-dibao-amount": "2000",
        "q-dibao-incident_office": "310105002",
        "q-dibao-helpers-count": "0",
    }
    post.update(extra)
    return post


def test_the_details_step_is_skipped_when_no_chosen_item_asks_questions(users, client):
    client.force_login(users["applicant"])
    _to_items(client, payload(items=["dibao"]))
    response = client.post("/apply/items/", {"action": "next", "items": ["dibao"]})
    assert response["Location"] == "/apply/money/"
    page = client.get("/apply/money/").content.decode()
    assert "事项信息" not in page.split('class="steps"')[1].split("</ol>")[0]
    assert client.post("/apply/money/", {"action": "back"})["Location"] == "/apply/items/"
    assert "不需要填写这一步" in client.get("/apply/details/").content.decode()


def test_the_details_step_renders_each_question_by_its_kind(users, client, dibao_asks):
    client.force_login(users["applicant"])
    _to_items(client, payload(items=["dibao"]))
    response = client.post("/apply/items/", {"action": "next", "items": ["dibao", "legal_aid"]})
    assert response["Location"] == "/apply/details/"
    page = client.get("/apply/details/").content.decode()
    steps = page.split('class="steps"')[1].split("</ol>")[0]
    assert steps.index("选择救助事项") < steps.index("事项信息") < steps.index("收入、财产和支出")
    # One fieldset per item that asks (legal aid asks nothing).
    assert page.count('class="card item-questions"') == 1 and 'id="q-dibao"' in page
    assert "最低生活保障家庭生活救助" in page.split('id="q-dibao"')[1].split("</legend>")[0]
    assert re.search(
        r'type="radio" name="q-dibao-kind" value="illness" id="q-dibao-kind"[^>]*autofocus', page
    )
    assert re.search(r'<textarea id="q-dibao-reason" name="q-dibao-reason"[^>]*maxlength="1000"', page)
    assert re.search(r'<input type="date" id="q-dibao-since"', page)
    assert re.search(r'<input type="checkbox" id="q-dibao-urgent"', page)
    assert re.search(r'id="q-dibao-amount"[^>]*inputmode="decimal"', page)
    office = page.split('id="q-dibao-incident_office"')[1].split("</select>")[0]
    assert '<option value="">与户籍地相同</option>' in office
    assert '<optgroup label="长宁区">' in office and '<optgroup label="普陀区">' in office
    assert 'value="310105002"' in office and "310105001001" not in office  # streets only
    assert office.index("长宁区") < office.index("310105002") < office.index("普陀区")
    assert 'id="q-dibao-helpers-add"' in page


def test_answers_with_errors_are_kept_and_linked_from_the_summary(users, client, dibao_asks):
    client.force_login(users["applicant"])
    _to_items(client, payload(items=["dibao"]))
    client.post("/apply/items/", {"action": "next", "items": ["dibao"]})
    post = _answers(**{"q-dibao-kind": "", "q-dibao-since": "2026-02-30", "q-dibao-amount": "两千"})
    response = client.post("/apply/details/", post)
    assert response.status_code == 400
    page = response.content.decode()
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    for name in ("kind", "since", "amount"):
        assert f'href="#q-dibao-{name}"' in summary, name
        assert re.search(rf'id="q-dibao-{name}"[^>]*aria-invalid="true"', page), name
        assert f'id="q-dibao-{name}-error"' in page
    assert "最低生活保障家庭生活救助：困难类型：" in summary
    assert re.search(r'id="q-dibao-since"[^>]*aria-describedby="[^"]*q-dibao-since-error"', page)
    # Everything typed is still there.
    assert (
        'value="2026-02-30"' in page and 'value="两千"' in page and "丈夫突发重病住院，\n无法工作。" in page
    )
    assert re.search(r'<option value="310105002"\s*selected', page)
    assert re.search(r'id="q-dibao-urgent"[^>]*checked', page)


def test_a_committee_or_an_unknown_office_is_not_a_street(users, client, dibao_asks):
    client.force_login(users["applicant"])
    _to_items(client, payload(items=["dibao"]))
    client.post("/apply/items/", {"action": "next", "items": ["dibao"]})
    for code in ("310105001001", "999999999"):
        response = client.post("/apply/details/", _answers(**{"q-dibao-incident_office": code}))
        assert response.status_code == 400, code
        assert 'href="#q-dibao-incident_office"' in response.content.decode()


def test_a_repeated_question_adds_rows_without_scripts(users, client, dibao_asks):
    client.force_login(users["applicant"])
    _to_items(client, payload(items=["dibao"]))
    client.post("/apply/items/", {"action": "next", "items": ["dibao"]})
    post = _answers()
    del post["action"]
    response = client.post("/apply/details/", {**post, "add_row": "dibao.helpers"})
    assert response["Location"] == "/apply/details/?added=q-dibao-helpers-0-name#q-dibao-helpers-0-name"
    page = client.get(response["Location"]).content.decode()
    assert re.search(r'id="q-dibao-helpers-0-name"[^>]*autofocus', page)
    assert 'name="q-dibao-helpers-count" value="1"' in page
    assert "丈夫突发重病住院" in page  # the answers typed before the button are kept
    rows = {
        **_answers(),
        "q-dibao-helpers-count": "2",
        "q-dibao-helpers-0-name": "王大",
        "q-dibao-helpers-0-age": "40",
    }
    rows.update({"q-dibao-helpers-1-name": "王二", "q-dibao-helpers-1-age": "abc"})
    response = client.post("/apply/details/", rows)
    assert response.status_code == 400 and 'href="#q-dibao-helpers"' in response.content.decode()
    assert 'value="王二"' in response.content.decode() and 'value="abc"' in response.content.decode()
    rows["q-dibao-helpers-1-removed"] = "1"
    # A third row left as it came (only its default chosen) is kept in the draft, never submitted.
    rows.update({"q-dibao-helpers-count": "3", "q-dibao-helpers-2-name": "", "q-dibao-helpers-2-sex": "M"})
    assert client.post("/apply/details/", rows)["Location"] == "/apply/money/"
    data = draft_payload(draft_for(owner=users["applicant"]))
    saved = data["item_answers"]["dibao"]["helpers"]
    assert saved == [{"name": "王大", "age": "40", "sex": ""}, {"name": "", "age": "", "sex": "M"}]
    submitted = payload_for_submit(data)["item_answers"]["dibao"]["helpers"]
    assert submitted == [{"name": "王大", "age": "40"}]


def test_answers_are_on_the_check_page_and_reach_the_case(users, client, dibao_asks):
    from programs.models import ProgramCase

    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    _to_items(client, data)
    client.post("/apply/items/", {"action": "next", "items": ["dibao"]})
    rows = {"q-dibao-helpers-count": "1", "q-dibao-helpers-0-name": "王大", "q-dibao-helpers-0-age": "40"}
    assert client.post("/apply/details/", _answers(**rows))["Location"] == "/apply/money/"
    client.post("/apply/money/", money_post(data))
    client.post("/apply/materials/", {"action": "next", "materials_provided": data["materials_provided"]})
    client.post("/apply/consent/", {"action": "next", "consent_economic_check": "1"})
    review = client.get("/apply/review/").content.decode()
    answers = review.split('id="check-details"')[1].split('id="check-materials"')[0]
    for label, shown in (("困难类型", "因病"), ("情况紧急", "是"), ("困难发生地", "长宁区 江苏路街道")):
        assert re.search(rf"<dt>{label}</dt><dd>{shown}</dd>", answers), label
    assert "丈夫突发重病住院，<br>无法工作。" in answers and "姓名 王大，年龄 40" in answers
    assert 'href="/apply/details/?from=review#q-dibao-kind"' in answers
    draft = Draft.objects.get(owner=users["applicant"], submitted_application__isnull=True)
    response = client.post("/apply/review/", {"action": "submit", "draft_id": draft.pk})
    assert response.status_code == 302 and "/applications/" in response["Location"]
    case = ProgramCase.objects.get(program__code="dibao")
    assert case.details["form"] == {
        "kind": "illness",
        "reason": "丈夫突发重病住院，\n无法工作。",
        "since": "2026-10-01",
        "urgent": True,
        "amount": "2000.00",
        "incident_office": "310105002",
        "helpers": [{"name": "王大", "age": 40, "sex": "M"}],
    }


def test_a_submission_with_a_missing_answer_sends_the_person_to_the_details_step(users, client, dibao_asks):
    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    walk_wizard(client, data)  # walk_wizard never posts the details step: dibao's answers are missing
    assert not Application.objects.exists()
    draft = Draft.objects.get(owner=users["applicant"], submitted_application__isnull=True)
    response = client.post("/apply/review/", {"action": "submit", "draft_id": draft.pk})
    assert response["Location"] == "/apply/details/?check=1"
    page = client.get(response["Location"]).content.decode()
    assert 'href="#q-dibao-kind"' in page and 'href="#q-dibao-since"' in page and "有 3 处需要修改" in page


# --- The screener on the items step --------------------------------------------------------------


def _items_page(client, url="/apply/items/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _choice(page, code):
    return page.split(f'data-item="{code}"')[1].split('class="item-choice"')[0]


def _ticked(page, code) -> bool:
    return bool(re.search(rf'value="{code}"\s+checked', page))


def test_the_items_step_says_what_the_screener_finds_before_money_is_known(users, client):
    client.force_login(users["applicant"])
    _to_items(client, payload(items=["dibao"]))
    page = _items_page(client)
    assert 'id="screening-note"' in page and "不是审核结论" in page and "您还没有填写收入和财产" in page
    assert "可能符合" in _choice(page, "dibao")
    assert "估算每月约 4950 元" in _choice(page, "dibao")  # no income yet: 1,650 × 3
    assert "取决于其他事项：低保、低收入" in _choice(page, "edu_compulsory")
    # Not likely for what fails in itself, not for the status this application may bring.
    assert "可能不符合：0 名成员在读该学段" in _choice(page, "edu_preschool")
    # With no figures a means-tested item is not ticked for the person.
    assert not _ticked(page, "dibao") and not re.search(r'name="items" value="\w+"\s+checked', page)


def test_once_the_money_is_known_the_likely_items_are_pre_ticked(users, client):
    from intake.services import draft_save

    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    _to_items(client, data)
    draft = draft_for(owner=users["applicant"])
    members = draft_payload(draft)["members"]
    members[0]["incomes"] = {"transfer": "500"}
    members[1]["incomes"] = {"wages": "1,200"}
    draft_save(draft=draft, data={"members": members, "money_known": True}, step="items")
    page = _items_page(client)
    assert "您还没有填写收入和财产" not in page
    dibao = _choice(page, "dibao")
    # (1,650 × 3) − (500 + 1,200 − 870 exempted wages) = 4,120
    assert "可能符合" in dibao and "估算每月约 4120 元" in dibao and _ticked(page, "dibao")
    assert not _ticked(page, "edu_compulsory")  # it depends on dibao being granted
    assert not _ticked(page, "extreme_poverty") and "可能不符合：" in _choice(page, "extreme_poverty")
    # What the person chose is never changed by the screener.
    client.post("/apply/items/", {"action": "next", "items": ["legal_aid"]})
    page = _items_page(client)
    assert _ticked(page, "legal_aid") and not _ticked(page, "dibao")
    client.post("/apply/items/", {"action": "next"})  # everything unticked: an error, and stays so
    assert not re.search(r'name="items" value="\w+"\s+checked', _items_page(client))


def test_a_well_off_household_is_told_the_first_failed_condition_with_its_figures(users, client):
    from intake.services import draft_save
    from tests.factories import well_off_members

    client.force_login(users["applicant"])
    data = payload(items=["dibao"], members=well_off_members())
    _to_items(client, data)
    draft = draft_for(owner=users["applicant"])
    members = draft_payload(draft)["members"]
    members[0]["incomes"] = {"wages": "20000"}
    draft_save(draft=draft, data={"members": members}, step="items")
    page = _items_page(client)
    dibao = _choice(page, "dibao")
    assert "可能不符合：人均月收入 9565.00 元，低保标准 1650 元" in dibao  # (20,000 − 870) / 2
    assert "估算每月" not in dibao and not _ticked(page, "dibao")


def test_the_counter_screens_a_known_household_with_the_statuses_it_holds(users, client):
    import datetime as dt

    from programs.models import Entitlement, Program

    data = payload(items=["medical_outpatient"])
    app = submit_service(users, data, accept=True)
    Entitlement.objects.create(
        household=app.household, program=Program.objects.get(code="dibao"), valid_from=dt.date(2026, 1, 1)
    )
    client.force_login(users["clerk"])
    client.post(
        "/counter/apply/household/",
        {"action": "search_household", "search_id": data["members"][0]["id_number"]},
    )
    client.post("/counter/household/", {"household_id": app.household_id})
    page = _items_page(client, "/counter/apply/items/")
    # The child at school gets the compulsory-education aid now that the household holds dibao;
    # education asks no money, so it is ticked for the clerk.
    assert "可能符合" in _choice(page, "edu_compulsory") and _ticked(page, "edu_compulsory")
    assert not _ticked(page, "dibao")  # no money typed yet at this counter visit
    # Without the status (a new household, same people) the same item only depends on it.
    client.force_login(users["applicant"])
    _to_items(client, data)
    assert "取决于其他事项" in _choice(_items_page(client), "edu_compulsory")


def test_the_items_step_runs_the_screener_once_in_bounded_queries(
    users, client, django_assert_max_num_queries
):
    from unittest import mock

    from programs import screening

    client.force_login(users["applicant"])
    _to_items(client, payload(items=["dibao"]))
    with mock.patch("intake.choosing.screen", wraps=screening.screen) as screened:
        with django_assert_max_num_queries(70):  # one screener run: bounded by the items, not the data
            _items_page(client)
    assert screened.call_count == 1
