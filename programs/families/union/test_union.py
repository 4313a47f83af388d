"""工会困难职工帮扶 (S000 §(十二)) end to end through the API: the grassroots union named on the
form visits and files, the district (or industry) union reviews, the city federation re-reviews,
the economic check reuses this application's civil-affairs verification when there is one, 公示,
the decision paid to the bank card (never shown in full)."""

import json
from decimal import Decimal

from accounts.models import Office
from programs.models import ProgramCase
from programs.notice_text import notice_wording
from review.models import WorkItem
from tests.api_helpers import fire, status_items, submit
from tests.factories import payload, staff
from tests.flows import (
    act,
    case_of,
    end_publicity,
    investigation_record,
    online,
    refresh,
    verification_complete,
)

from .demo import seed
from .flows import answers

CODE = "union_hardship"
CARD = "6222021001123456789"


def _apply(api, users, **overrides):
    data = payload(items=[CODE], item_answers={CODE: answers(**overrides)})
    response = submit(api(users["clerk"]), data)
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    assert (
        api(users["clerk"]).post(f"/api/v1/applications/{reference}/accept/", {}, format="json").status_code
        == 200
    )
    return status_items(api(users["clerk"]), reference)[CODE]["case_id"]


def _at(case_id, step, role, office):
    item = WorkItem.objects.get(case_id=case_id, status="open")
    assert (item.step, item.role, item.office.code, item.department.code) == (
        step,
        role,
        office,
        "trade_union",
    )


def test_the_grassroots_union_files_and_the_city_federation_decides(users, api):
    case_id = _apply(api, users)
    _at(case_id, "union_visit", "reviewer", "310105900001")
    other_union = staff("reviewer", office_code="310000800001", department="trade_union")
    for wrong in (other_union, users["reviewer_street"], users["applicant"]):
        assert fire(api(wrong), case_id, "record_home_visit", findings="x").status_code in (403, 404)
    assert (
        fire(api(users["union_cadre"]), case_id, "record_home_visit", findings="入户走访属实").status_code
        == 200
    )
    _at(case_id, "union_archive", "reviewer", "310105900001")
    assert fire(api(users["union_cadre"]), case_id, "archive", archive_number="HY-1").status_code == 200
    _at(case_id, "union_first_review", "reviewer", "310105")
    assert (
        fire(api(users["union_cadre"]), case_id, "pass_first_review").status_code == 403
    )  # below the district
    assert fire(api(users["union_district"]), case_id, "pass_first_review", note="同意").status_code == 200
    _at(case_id, "union_city_review", "reviewer", "310000")
    assert fire(api(users["union_city"]), case_id, "pass_city_review", note="同意").status_code == 200
    _at(case_id, "union_economic_check", "reviewer", "310000")
    body = fire(api(users["union_city"]), case_id, "record_economic_check", note="核对无误").json()
    assert body["state"] == "publicity" and body["details"]["economic_check"]["source"] == "union"
    _at(case_id, "publicity", "reviewer", "310105900001")
    end_publicity(ProgramCase.objects.get(pk=case_id))
    _at(case_id, "union_decision", "approver", "310000")
    assert (
        fire(api(users["union_city_approver"]), case_id, "decide_help", amount="20000").status_code == 400
    )  # over the cap
    body = fire(api(users["union_city_approver"]), case_id, "decide_help", amount="3000", note="同意").json()
    assert body["state"] == "approved" and Decimal(body["granted_amount"]) == Decimal("3000")
    case = ProgramCase.objects.get(pk=case_id)
    facts = dict(notice_wording(case)["approval_facts"])
    assert facts["发放方式"] == "直接发放至本人银行卡（尾号 6789）"
    assert notice_wording(case)["issuer"] == "上海市（演示）总工会"
    # The card number is never shown in full: not in the API, not in the notice.
    for who in ("applicant", "union_city_approver"):
        shown = json.dumps(api(users[who]).get(f"/api/v1/cases/{case_id}/").json(), ensure_ascii=False)
        assert CARD not in shown
    assert CARD not in json.dumps(notice_wording(case), ensure_ascii=False)


def test_the_economic_check_reuses_the_civil_affairs_verification(users):
    data = payload(items=["dibao", CODE], item_answers={CODE: answers()})
    app = online(users, data)
    case, dibao = case_of(app, CODE), case_of(app, "dibao")
    act(case, users["union_cadre"], "record_home_visit", findings="属实")
    act(refresh(case), users["union_cadre"], "archive", archive_number="HY-2")
    act(refresh(case), users["union_district"], "pass_first_review")
    act(refresh(case), users["union_city"], "pass_city_review")
    assert refresh(case).state == "union_economic_check"
    # While dibao's check is to come, the union does not check twice.
    from programs.errors import ActionInvalid

    try:
        act(refresh(case), users["union_city"], "record_economic_check")
        raise AssertionError("checked twice")
    except ActionInvalid as refused:
        assert "最低生活保障" in str(refused)
    investigation_record(case=dibao, investigator=users["investigator"])
    investigation_record(case=dibao, investigator=users["investigator2"])
    verification_complete(case=refresh(dibao), actor=users["reviewer_civil"])
    case = refresh(case)
    assert case.state == "publicity"
    assert case.details["economic_check"]["source"] == "reused"
    assert case.details["economic_check"]["program"] == "dibao"
    assert case.verified_figures == refresh(dibao).verified_figures


def test_a_verification_done_before_the_step_is_taken_when_it_opens(users):
    data = payload(items=["dibao", CODE], item_answers={CODE: answers()})
    app = online(users, data)
    case, dibao = case_of(app, CODE), case_of(app, "dibao")
    investigation_record(case=dibao, investigator=users["investigator"])
    investigation_record(case=dibao, investigator=users["investigator2"])
    verification_complete(case=refresh(dibao), actor=users["reviewer_civil"])
    act(case, users["union_cadre"], "record_home_visit", findings="属实")
    act(refresh(case), users["union_cadre"], "archive", archive_number="HY-3")
    act(refresh(case), users["union_district"], "pass_first_review")
    act(refresh(case), users["union_city"], "pass_city_review")
    assert (
        refresh(case).state == "publicity" and refresh(case).details["economic_check"]["source"] == "reused"
    )


def test_a_union_under_an_industry_union_is_reviewed_by_the_industry_union(users, api):
    case_id = _apply(api, users, grassroots_union="310000800001", employer="上海城建公交公司")
    cadre = staff("reviewer", office_code="310000800001", department="trade_union")
    industry = staff("reviewer", office_code="310000800", department="trade_union")
    assert fire(api(users["union_cadre"]), case_id, "record_home_visit", findings="x").status_code in (
        403,
        404,
    )
    fire(api(cadre), case_id, "record_home_visit", findings="属实")
    fire(api(cadre), case_id, "archive", archive_number="JT-1")
    _at(case_id, "union_first_review", "reviewer", "310000800")
    assert fire(api(users["union_district"]), case_id, "pass_first_review").status_code in (403, 404)
    assert fire(api(industry), case_id, "pass_first_review", note="同意").status_code == 200


def test_an_unknown_union_or_a_bad_card_is_refused_at_the_door(users, api):
    assert Office.objects.filter(code="310105910001").exists()  # the youth agency is no union
    for bad in ({"grassroots_union": "310105910001"}, {"bank_card": "12ab"}):
        response = submit(api(users["clerk"]), payload(items=[CODE], item_answers={CODE: answers(**bad)}))
        assert response.status_code == 400, bad


def test_the_demo_world_gives_each_union_something_to_do(users):
    seed(users)
    states = sorted(ProgramCase.objects.filter(program__code=CODE).values_list("state", flat=True))
    assert states == ["union_first_review", "union_visit"]
