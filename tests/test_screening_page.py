"""The public screener page (智能引导, /screening/): no login, nothing stored, nobody identified;
the families' own rules on what was typed, on the day asked, explained condition by condition."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from accounts.models import AuditEvent
from intake.models import Draft
from intake.services import draft_for, draft_payload
from programs.screening import ScreeningMember, screen_today

URL = "/screening/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the page's rate limit counts in the (per-process) cache
    yield
    cache.clear()


def _family(**extra) -> dict:
    """A parent on 300 yuan a month of transfers and a child at school: dibao likely."""
    post = {
        "member_count": "2",
        "m0-age": "45",
        "m0-relation": "self",
        "m0-employment_status": "unemployed",
        "m0-school_stage": "none",
        "m0-disability_grade": "none",
        "m0-incomes-other": "300",
        "m1-age": "12",
        "m1-relation": "child",
        "m1-employment_status": "student",
        "m1-school_stage": "compulsory",
        "m1-disability_grade": "none",
        "action": "screen",
    }
    post.update(extra)
    return post


def _group(page: str, code: str) -> str:
    return page.split(f'data-group="{code}"')[1].split('class="screening-group"')[0]


def _item(page: str, code: str) -> str:
    return page.split(f'data-item="{code}"')[1].split('class="card screening-item"')[0]


def test_anyone_reaches_the_page_without_logging_in(world, client):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "智能引导" in page and 'name="m0-age"' in page
    # Nobody is identified: no names, no ID numbers are asked.
    assert "m0-name" not in page and "id_number" not in page and "身份证号码" not in page.split("<form")[1]
    assert re.search(r'id="on"[^>]*value="\d{4}-\d\d-\d\d"', page)  # the day defaults to today
    assert "（有残疾时填写）" in page and "同一胎出生的子女填写相同数字" in page


def test_a_household_typed_gets_dibao_likely_with_its_amount_and_the_trace(world, client):
    response = client.post(URL, _family())
    assert response.status_code == 200
    page = response.content.decode()
    dibao = _item(page, "dibao")
    assert 'data-outcome="likely"' in dibao
    assert "估算每月约 3000 元" in dibao  # today's standard 1,650 × 2 − 300
    assert "民政" in dibao  # the department
    # Every condition in plain words, passed ✓ with its figures.
    assert "人均月收入低于低保标准" in dibao and "低保标准 1650 元" in dibao and "✓" in dibao
    assert "不是审核决定" in page
    # A serial item waits on the status the household is likely to get.
    assert 'data-item="edu_compulsory"' in _group(page, "depends")
    assert "需先获批低保" in _item(page, "edu_compulsory")
    # The same answer as the screener itself gives (one rule, no second copy).
    results = {
        r.program.code: r
        for r in screen_today(
            [
                ScreeningMember(
                    age=45, relation="self", employment="unemployed", incomes={"other": Decimal(300)}
                ),
                ScreeningMember(age=12, relation="child", employment="student", school_stage="compulsory"),
            ]
        )
    }
    likely = re.findall(r'data-item="(\w+)" data-outcome="likely"', page)
    assert set(likely) == {code for code, r in results.items() if r.outcome == "likely"}
    # What was typed stays in the form for another go.
    assert 'name="m0-incomes-other" value="300"' in page


def test_an_earlier_day_uses_the_standard_then_in_force(world, client):
    page = client.post(URL, _family(on="2024-08-01")).content.decode()
    dibao = _item(page, "dibao")
    assert "低保标准 1595 元" in dibao and "估算每月约 2890 元" in dibao  # 1,595 × 2 − 300
    assert "按 2024-08-01 执行的政策" in page
    assert 'id="on" name="on" value="2024-08-01"' in page


def test_a_failed_condition_is_shown_with_its_figures(world, client):
    post = _family(**{"m0-employment_status": "employed", "m0-incomes-wages": "9000", "m0-incomes-other": ""})
    page = client.post(URL, post).content.decode()
    dibao = _item(page, "dibao")
    assert 'data-outcome="not_likely"' in dibao and "估算每月" not in dibao
    assert "✗" in dibao and "不符合：" in dibao and "低保标准 1650 元" in dibao
    assert 'data-item="dibao"' in _group(page, "not_likely")


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong_in_chinese(world, client):
    post = _family(**{"m0-age": "", "m1-age": "两百", "m1-incomes-wages": "abc", "m1-birth_group": "12"})
    post["on"] = "2024-13-45"
    response = client.post(URL, post)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page and "估算结果" not in page
    assert "请填写年龄或出生日期" in page  # the API's own message
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    for anchor in ("m0-age", "m1-age", "m1-incomes-wages", "m1-birth_group", "on"):
        assert f'href="#{anchor}"' in summary, anchor
        assert re.search(rf'id="{anchor}"[^>]*aria-invalid="true"', page), anchor
    assert "第2位成员" in summary and "年龄（周岁）：" in summary
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", summary)  # no English sentence
    # Nothing typed is lost.
    assert 'value="两百"' in page and 'value="abc"' in page and 'value="12"' in page
    assert 'name="m0-incomes-other" value="300"' in page


def test_a_day_before_the_rules_had_their_figures_is_a_message_on_the_date(world, client):
    response = client.post(URL, _family(on="2020-01-01"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#on"' in page and "2020-01-01 时还没有本系统可用的政策标准" in page
    assert re.search(r'id="on"[^>]*value="2020-01-01"[^>]*aria-invalid="true"', page)


@pytest.mark.parametrize(
    "post",
    [
        {"member_count": "x", "m0-age": "-3"},
        {"member_count": "999", "m0-age": "40", "m0-relation": "nobody"},
        {"member_count": "1", "m0-age": "40", "m0-disability_grade": "9", "m0-school_stage": "phd"},
        {"member_count": "1", "m0-age": "40", "m0-incomes-wages": "1e999", "on": "yesterday"},
        {"member_count": "1", "m0-age": "40", "on": "0850-08-21"},
        {"member_count": "1", "m0-age": "40", "on": "9999-12-31", "m0-incomes-wages": "99999999999"},
        {"member_count": "1", "m0-age": "40" * 30, "action": "remove-0"},
        {},
    ],
)
def test_tampered_posts_are_answered_never_a_server_error(world, client, post):
    response = client.post(URL, post)
    assert response.status_code in (200, 400)
    assert "智能引导" in response.content.decode()


def test_add_and_remove_a_member_without_scripts_keep_what_was_typed(world, client):
    response = client.post(URL, {**_family(), "action": "add_member"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="member_count" value="3"' in page and "估算结果" not in page
    assert 'name="m0-incomes-other" value="300"' in page and 'name="m1-age" value="12"' in page
    assert re.search(r'id="m2-age"[^>]*autofocus', page)  # straight to the new member
    # Removing member 2 (the child) moves nobody else's answers.
    page = client.post(URL, {**_family(), "member_count": "2", "action": "remove-1"}).content.decode()
    assert 'name="member_count" value="1"' in page and 'name="m0-age" value="45"' in page
    assert 'name="m1-age"' not in page
    # At most six members: the button goes, a seventh never appears.
    six = {**_family(), "member_count": "6", **{f"m{i}-age": "30" for i in range(2, 6)}}
    page = client.post(URL, {**six, "action": "add_member"}).content.decode()
    assert 'name="m5-age"' in page and 'name="m6-age"' not in page and 'value="add_member"' not in page


def test_nothing_is_stored_and_nothing_personal_audited(world, client):
    audits, drafts = AuditEvent.objects.count(), Draft.objects.count()
    client.post(URL, _family())
    assert AuditEvent.objects.count() == audits and Draft.objects.count() == drafts
    assert not client.session.keys() - {"_language"}


def test_the_page_is_rate_limited_with_a_plain_answer(world, client, monkeypatch):
    from intake.screening_views import ScreeningPageThrottle

    monkeypatch.setattr(ScreeningPageThrottle, "rate", "2/min")
    assert client.post(URL, _family()).status_code == 200
    assert client.post(URL, _family()).status_code == 200
    response = client.post(URL, _family())
    assert response.status_code == 429 and "请稍等一分钟再试" in response.content.decode()
    assert 'name="m0-incomes-other" value="300"' in response.content.decode()


def test_an_anonymous_visitor_is_led_to_log_in_and_apply(world, client):
    page = client.post(URL, _family()).content.decode()
    start = page.split('id="start-application"')[1]
    assert 'href="/apply/"' in start and "screening/start" not in start
    assert client.post("/screening/start/", _family()).status_code == 302  # to the login page
    assert Draft.objects.count() == 0


def test_an_applicant_starts_the_form_with_the_household_and_the_likely_items(users, client):
    applicant = users["applicant"]
    client.force_login(applicant)
    page = client.post(URL, _family(**{"m1-birth_group": "1"})).content.decode()
    assert 'action="/screening/start/"' in page and 'name="m1-birth_group" value="1"' in page
    response = client.post("/screening/start/", _family(**{"m1-birth_group": "1"}))
    assert response.status_code == 302 and response["Location"] == "/apply/household/"
    data = draft_payload(draft_for(owner=applicant))
    members = data["members"]
    assert [m["relation"] for m in members] == ["self", "child"]
    assert members[0]["name"] == applicant.full_name and members[1]["name"] == ""
    assert members[0]["incomes"] == {"other": "300"} and members[1]["school_stage"] == "compulsory"
    assert members[1]["birth_group"] == "1" and not members[0]["id_number"]
    assert "dibao" in data["suggested_items"] and "edu_compulsory" not in data["suggested_items"]
    household = client.get("/apply/household/").content.decode()
    assert 'name="m1-birth_group" value="1"' in household and "请补充每位成员的姓名和身份证号码" in household


def test_starting_again_never_overwrites_a_household_being_typed(users, client):
    applicant = users["applicant"]
    client.force_login(applicant)
    draft = draft_for(owner=applicant)
    draft.data = {"members": [{"name": "张三", "relation": "self"}, {"name": "李四", "relation": "spouse"}]}
    draft.save()
    client.post("/screening/start/", _family())
    data = draft_payload(draft_for(owner=applicant))
    assert [m["name"] for m in data["members"]] == ["张三", "李四"]
    assert "dibao" in data["suggested_items"]


def test_staff_who_take_no_applications_cannot_start_one(users, client):
    client.force_login(users["reviewer_civil"])
    page = client.post(URL, _family()).content.decode()
    assert "screening/start" not in page
    response = client.post("/screening/start/", _family())
    assert response.status_code == 302 and response["Location"] == URL
    assert not Draft.objects.filter(owner=users["reviewer_civil"]).exists()


def test_the_page_is_linked_from_the_applicants_home(users, client):
    client.force_login(users["applicant"])
    page = client.get("/applications/").content.decode()
    assert 'href="/screening/"' in page


def test_digits_that_are_not_numbers_never_raise_a_500(world, client, users):
    # "²".isdigit() is True but int("²") fails: every count and index the pages parse says so.
    page = client.post(URL, {"member_count": "²", "m0-age": "40", "action": "remove-²"})
    assert page.status_code in (200, 400)
    client.force_login(users["applicant"])
    form = client.post("/apply/household/", {"member_count": "²", "m0-name": "李测试", "m²-name": "x"})
    assert form.status_code in (200, 302, 400)
