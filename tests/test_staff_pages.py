"""Staff pages: the household's contact for those who work the case, verification forms that start
from the declared figures, errors that name fields by their labels, and the pages in English."""

import datetime as dt
import re

import pytest
from django.utils import translation

from programs.models import CaseTransition, ProgramCase
from tests.api_helpers import fire
from tests.factories import payload, staff
from tests.flows import case_deny, case_of, refresh, run_to_review, submit, to_state

ADDRESS, PHONE = "长宁区测试路 1 号", "13800000000"


@pytest.fixture(autouse=True)
def chinese_between_requests():
    """A request in English leaves English active in the test's thread: services called by the
    test itself afterwards must still write their records as in production, in Chinese."""
    yield
    translation.activate("zh-hans")


def _errors(page: str) -> list[str]:
    return re.findall(r'<p class="error">([^<]*)</p>', page)


def _value(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def _at_investigation(users):
    return case_of(submit(users, payload(items=["dibao"])), "dibao")


def test_the_investigator_sees_address_phone_and_members_on_the_case_and_in_the_queue(users, client):
    case = _at_investigation(users)
    for who in ("investigator", "investigator2"):  # both investigators of the street sign
        client.force_login(users[who])
        page = client.get(f"/work/cases/{case.pk}/").content.decode()
        assert 'id="household"' in page
        assert ADDRESS in page and PHONE in page
        assert all(name in page for name in ("李测试", "王测试", "李小测"))
        assert 'value="investigate"' in page
    queue = client.get("/work/").content.decode()
    assert ADDRESS in queue and PHONE in queue


def test_the_reviewer_sees_the_contact_too(users, client):
    case = run_to_review(users, _at_investigation(users))
    client.force_login(users["reviewer_civil"])
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    assert ADDRESS in page and PHONE in page


def test_an_investigator_of_another_street_gets_404_and_no_contact(users, client):
    case = _at_investigation(users)
    for office in ("310105002", "310107001"):  # 江苏路街道 (same district), 曹杨新村街道 (another)
        client.force_login(staff("investigator", office_code=office))
        response = client.get(f"/work/cases/{case.pk}/")
        assert response.status_code == 404
        assert ADDRESS not in response.content.decode()
        assert ADDRESS not in client.get("/work/").content.decode()


def test_staff_of_another_item_see_the_status_but_not_the_contact(users, client):
    app = submit(users, payload(items=["dibao", "medical_inpatient"]))
    client.force_login(users["reviewer_medical"])
    page = client.get(f"/work/cases/{case_of(app, 'dibao').pk}/").content.decode()
    assert 'id="status-only"' in page and ADDRESS not in page and PHONE not in page


def test_the_verification_form_starts_from_the_declared_figures(users, client):
    case = to_state(users, "dibao", "verification")
    client.force_login(users["reviewer_civil"])
    url = f"/work/cases/{case.pk}/"
    page = client.get(url).content.decode()
    # 500 transfer + 1,200 flexible wages less the 870 exemption = 830, over three people.
    expected = {
        "figures-income_counted": "830.00",
        "figures-per_capita_income": "276.67",
        "figures-assets_total": "0.00",
        "figures-per_capita_assets": "0.00",
        "figures-medical_expense": "0.00",
        "figures-education_expense": "0.00",
    }
    assert {name: _value(page, name) for name in expected} == expected
    assert "系统根据申报数据计算，可修改" in page
    # The reviewer changes the counted income only; the per-capita figure left as pre-filled follows it.
    posted = {
        **expected,
        "figures-income_counted": "1200",
        "action": "verify",
        "expected_state": "verification",
    }
    assert client.post(url, posted).status_code == 302
    figures = ProgramCase.objects.get(pk=case.pk).verified_figures
    assert figures["income_counted"] == "1200.00" and figures["per_capita_income"] == "400.00"


def test_unchanged_prefilled_figures_verify_as_declared(users, client):
    case = to_state(users, "dibao", "verification")
    client.force_login(users["reviewer_civil"])
    url = f"/work/cases/{case.pk}/"
    page = client.get(url).content.decode()
    names = re.findall(r'name="(figures-[a-z_]+)"', page)
    posted = {name: _value(page, name) for name in names}
    response = client.post(url, {**posted, "action": "verify", "expected_state": "verification"})
    assert response.status_code == 302
    assert refresh(case).state == "review"
    assert ProgramCase.objects.get(pk=case.pk).verified_figures["per_capita_income"] == "276.67"


def test_a_bad_figure_is_named_by_its_label_never_by_its_key(users, client, api):
    case = to_state(users, "dibao", "verification")
    client.force_login(users["reviewer_civil"])
    url = f"/work/cases/{case.pk}/"
    bad = {"action": "verify", "expected_state": "verification", "figures-income_counted": "abc"}
    response = client.post(url, bad)
    assert response.status_code == 400
    errors = _errors(response.content.decode())
    assert errors and errors[0].startswith("计算收入（月，已扣除就业收入豁免）：")
    assert not any("income_counted" in e for e in errors)
    english = _errors(client.post(url, bad, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert english and english[0].startswith("Counted income (monthly, after the employment exemption)")
    assert not any("income_counted" in e for e in english)
    # Both figures changed and contradicting each other: the message names both by label.
    both = {**bad, "figures-income_counted": "2400", "figures-per_capita_income": "300"}
    page = client.post(url, both).content.decode()
    assert "计算收入（月，已扣除就业收入豁免）" in page and "人均月收入 300.00 元" in page
    # The API keeps the key as the field's path, and its message names the label.
    body = fire(api(users["reviewer_civil"]), case.pk, "verify", figures={"income_counted": "-1"}).json()
    message = body["errors"]["figures.income_counted"]
    assert message.startswith("计算收入（月，已扣除就业收入豁免）：") and "income_counted" not in message
    assert refresh(case).state == "verification"


def test_the_decision_form_states_the_amount_the_rules_give(users, client):
    case = to_state(users, "dibao", "decision")
    client.force_login(users["approver"])
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    # (1,650 standard × 3) − 830 counted income.
    assert "救助金额按核对结果和救助标准自动计算：每月 4120.00 元。" in page


def test_legal_aid_decision_has_no_amount_field(users, client):
    case = to_state(users, "legal_aid", "legal_review")
    client.force_login(users["reviewer_justice"])
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    assert 'value="approve"' in page and 'name="amount"' not in page


def test_records_stay_chinese_when_staff_work_in_english(users, client):
    case = _at_investigation(users)
    url = f"/work/cases/{case.pk}/"
    for who in ("investigator", "investigator2"):
        client.force_login(users[who])
        body = {"action": "investigate", "expected_state": "investigation", "findings": "属实"}
        assert client.post(url, body, HTTP_ACCEPT_LANGUAGE="en").status_code == 302
    client.force_login(users["reviewer_civil"])
    client.post(url, {"action": "verify", "expected_state": "verification"}, HTTP_ACCEPT_LANGUAGE="en")
    reasons = list(CaseTransition.objects.filter(case=case).values_list("reason", flat=True))
    assert "两名调查人员均已签字确认" in reasons
    trace = refresh(case).eligibility_trace
    assert trace[0]["label"] == "人均月收入低于低保标准"
    assert trace[0]["detail"] == "人均月收入 276.67 元，低保标准 1650 元"
    assert trace[0]["params"] == {"income": "276.67", "standard": "1650"}


def test_dates_on_staff_pages_are_beijing_dates(users, client):
    app = submit(users, payload(items=["dibao"]))
    case = case_deny(
        case=run_to_review(users, case_of(app, "dibao")), actor=users["reviewer_civil"], reason="x"
    )
    late = dt.datetime(2026, 10, 9, 17, 30, tzinfo=dt.UTC)  # 2026-10-10 01:30 in Beijing
    ProgramCase.objects.filter(pk=case.pk).update(decided_at=late)
    CaseTransition.objects.filter(case=case, name="deny").update(created_at=late)
    client.force_login(users["reviewer_civil"])
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    assert "决定日期：2026-10-10" in page and "2026-10-10 01:30" in page
    assert "2026-10-09" not in page


# --- English ------------------------------------------------------------------------------
# Tests below marked "merge" assert English from var/translations-english.json: they pass once
# those msgids are merged into locale/en/LC_MESSAGES/django.po and compiled.


def test_english_case_page_translates_labels_place_and_history(users, client):
    case = run_to_review(users, _at_investigation(users))
    client.force_login(users["reviewer_civil"])
    page = client.get(f"/work/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for english in (
        "Household",
        "Home address",
        "Phone",
        "Counted income (monthly, after the employment exemption)",
        "Where",
        "Community affairs service centre",  # the item's apply_at
        "Counter acceptance",  # system reasons in the history
        "Both investigators signed",
    ):
        assert english in page, english
    for chinese in ("社区事务受理服务中心", "两名调查人员均已签字确认", "窗口受理", "家庭信息"):
        assert chinese not in page, chinese
    assert "Refused" not in page and "Not approved" in page  # the deny button


def test_english_trace_is_shown_in_english_merge(users, client):
    case = run_to_review(users, _at_investigation(users))
    client.force_login(users["reviewer_civil"])
    page = client.get(f"/work/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    trace = page[page.index('id="trace"') :]
    trace = trace[: trace.index("</table>")]
    assert "Monthly income per person below the dibao standard" in trace
    assert "Monthly income per person 276.67 yuan; dibao standard 1650 yuan" in trace
    assert not re.search(r"[\u4e00-\u9fff]", trace)


def test_english_denied_case_says_not_approved_never_refused(users, client):
    app = submit(users, payload(items=["dibao"]))
    case = case_deny(
        case=run_to_review(users, case_of(app, "dibao")), actor=users["reviewer_civil"], reason="x"
    )
    client.force_login(users["reviewer_civil"])
    page = client.get(f"/work/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not approved" in page and "Refused" not in page
    # The decision itself is the Chinese record.
    assert refresh(case).decision_reason == "x"


def test_english_legal_aid_place_and_condition(users, client):
    case = to_state(users, "legal_aid", "legal_review")
    client.force_login(users["reviewer_justice"])
    page = client.get(f"/work/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Legal aid centre (apply online first, then bring the originals for checking)" in page
    assert "are exempt from the economic check" in page
    assert "法律援助中心" not in page


def test_english_dashboard_names_departments_in_english(users, client):
    app = submit(users, payload(items=["dibao"]))
    case_deny(case=run_to_review(users, case_of(app, "dibao")), actor=users["reviewer_civil"], reason="x")
    submit(users, payload(items=["dibao"]))
    client.force_login(users["district_head"])
    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<li>Civil Affairs：" in page and "民政" not in page
    assert "Not approved" in page and "Refused" not in page
    chinese = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<li>民政：" in chinese
