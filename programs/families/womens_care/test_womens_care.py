"""困难重症妇女关爱 (S000 §(十三)) end to end through the API: the neighbourhood women's
federation reports, the street reviews, the district checks, the city approves the campaign's
help; a man, another illness or last year's onset is refused with the reason."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from notices.models import Notice
from programs.models import ProgramCase
from programs.notice_text import notice_wording
from review.calendar import due_date
from review.models import WorkItem
from tests.api_helpers import fire, status_items, submit
from tests.factories import member, payload, staff

from .demo import seed
from .flows import answers

CODE = "women_critical_illness"
TODAY = timezone.localdate()


def _live(case_id):
    return WorkItem.objects.get(case_id=case_id, status="open")


def _apply(api, users, members=None, **overrides):
    data = payload(items=[CODE], members=members, item_answers={CODE: answers(**overrides)})
    response = submit(api(users["clerk"]), data)
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    api(users["clerk"]).post(f"/api/v1/applications/{reference}/accept/", {}, format="json")
    return reference, status_items(api(users["applicant"]) if False else api(users["clerk"]), reference)[
        CODE
    ]["case_id"]


def _expect(case_id, step, role, office, days):
    item = _live(case_id)
    assert (item.step, item.role, item.office.code, item.department.code) == (
        step,
        role,
        office,
        "womens_federation",
    )
    assert item.due_date == due_date(start=item.opened_on, days=days, unit="working_days").day


def test_the_campaigns_help_is_approved_level_by_level(users, api):
    reference, case_id = _apply(api, users)
    _expect(case_id, "wf_report", "reviewer", "310105001001", 5)
    # Another neighbourhood's federation, the civil-affairs reviewer and the applicant may not report.
    other = staff("reviewer", office_code="310105001002", department="womens_federation")
    assert fire(api(other), case_id, "report", note="x").status_code in (403, 404)
    assert fire(api(users["reviewer_street"]), case_id, "report", note="x").status_code in (403, 404)
    assert fire(api(users["applicant"]), case_id, "report", note="x").status_code in (403, 404)
    assert (
        fire(api(users["women_committee"]), case_id, "report", note="排摸属实").json()["state"]
        == "wf_street_review"
    )
    _expect(case_id, "wf_street_review", "reviewer", "310105001", 5)
    assert fire(api(users["women_street"]), case_id, "pass_street_review", note="材料齐全").status_code == 200
    _expect(case_id, "wf_district_check", "reviewer", "310105", 5)
    # The street may not also check for the district.
    assert fire(api(users["women_street"]), case_id, "pass_district_check", note="x").status_code == 403
    assert fire(api(users["women_district"]), case_id, "pass_district_check", note="把关").status_code == 200
    _expect(case_id, "wf_city_approval", "approver", "310000", 10)
    # The amount is the campaign's, never typed.
    typed = fire(api(users["women_city"]), case_id, "approve", note="同意", amount="9999")
    assert typed.status_code == 400
    body = fire(api(users["women_city"]), case_id, "approve", note="同意").json()
    assert body["state"] == "approved" and Decimal(body["monthly_amount"]) == Decimal("2000")
    case = ProgramCase.objects.get(pk=case_id)
    assert Notice.objects.filter(case=case, kind=Notice.Kind.APPROVAL).exists()
    wording = notice_wording(case)
    assert wording["issuer"] == "上海市（演示）妇女联合会"
    facts = dict(wording["approval_facts"])
    assert "2000" in facts["关爱金"] and "银行卡" in facts["关爱金"]


def test_a_man_is_refused_with_the_reason(users, api):
    men = [member("李测试", relation="self"), member("王测试", relation="spouse", female=True)]
    reference, case_id = _apply(api, users, members=men, member="李测试")
    refused = fire(api(users["women_committee"]), case_id, "report", note="x")
    assert refused.status_code == 400 and "不能上报" in str(refused.json())
    body = fire(api(users["women_committee"]), case_id, "deny", reason="").json()
    assert body["state"] == "denied"
    assert "李测试为男性，本项目仅面向女性" in body["decision_reason"]
    case = ProgramCase.objects.get(pk=case_id)
    assert Notice.objects.filter(case=case, kind=Notice.Kind.DENIAL).exists()
    assert "不予帮扶" in notice_wording(case)["denial_text"]
    assert case.decided_office.code == "310105001001"  # refused in writing where it was reported


def test_another_illness_or_last_years_onset_is_refused(users, api):
    _reference, other_illness = _apply(api, users, illness="other")
    body = fire(api(users["women_committee"]), other_illness, "deny", reason="").json()
    assert "不属于妇科、乳腺重症" in body["decision_reason"]
    last_year = dt.date(TODAY.year - 1, 6, 1).isoformat()
    _reference, old_onset = _apply(api, users, diagnosed_on=last_year)
    body = fire(api(users["women_committee"]), old_onset, "deny", reason="").json()
    assert f"不属{TODAY.year}年发病" in body["decision_reason"]


def test_a_diagnosis_in_the_future_is_refused_at_the_door(users, api):
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    data = payload(items=[CODE], item_answers={CODE: answers(diagnosed_on=tomorrow)})
    response = submit(api(users["clerk"]), data)
    assert response.status_code == 400
    assert f"item_answers.{CODE}.diagnosed_on" in response.json()["errors"] or "diagnosed_on" in str(
        response.json()
    )


def test_the_demo_world_gives_each_federation_something_to_do(users):
    seed(users)
    states = sorted(ProgramCase.objects.filter(program__code=CODE).values_list("state", flat=True))
    assert states == ["wf_city_approval", "wf_report"]
