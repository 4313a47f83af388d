"""“就业困难人员”灵活就业社会保险补贴 (S000 §(六)) end to end through the API: the street
employment service recognises, the district grants the subsidy with its monthly amount and end
date (3 years, or to retirement when fewer than 5 years remain); a 低保-only claim waits for the
dibao decision of the same application."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from notices.models import Notice
from programs.models import Entitlement, Program, ProgramCase
from programs.notice_text import notice_wording
from review.calendar import due_date
from review.models import WorkItem
from tests.api_helpers import fire, status_items, submit
from tests.factories import member, payload, staff
from tests.flows import case_of, online, refresh, to_state

from .demo import seed
from .eligibility import add_months, retirement_date
from .flows import answers
from .models import DifficultyRecognition

CODE = "employment_insurance_subsidy"
TODAY = timezone.localdate()


def _apply(api, users, members=None, **overrides):
    data = payload(items=[CODE], members=members, item_answers={CODE: answers(**overrides)})
    response = submit(api(users["clerk"]), data)
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    assert (
        api(users["clerk"]).post(f"/api/v1/applications/{reference}/accept/", {}, format="json").status_code
        == 200
    )
    return status_items(api(users["clerk"]), reference)[CODE]["case_id"]


def _live(case_id):
    return WorkItem.objects.get(case_id=case_id, status="open")


def test_retirement_dates_follow_the_2024_gradual_rise():
    assert retirement_date(dt.date(1964, 12, 15), female=False) == dt.date(2024, 12, 15)
    assert retirement_date(dt.date(1965, 1, 10), female=False) == dt.date(2025, 2, 10)  # +1 month
    assert retirement_date(dt.date(1966, 1, 10), female=False) == dt.date(2026, 5, 10)  # +4 months
    assert retirement_date(dt.date(1980, 1, 1), female=False) == dt.date(2043, 1, 1)  # capped at 63
    assert retirement_date(dt.date(1975, 3, 1), female=True) == dt.date(2025, 5, 1)  # 50 + 2 months
    assert retirement_date(dt.date(1990, 1, 1), female=True) == dt.date(2045, 1, 1)  # capped at 55
    assert retirement_date(dt.date(1970, 1, 1), female=True, female_base_age=55) == dt.date(2025, 2, 1)


def _born_years_before_retirement(years: int) -> dt.date:
    """A man whose retirement date is `years` years and a few months after the start of this month."""
    start = TODAY.replace(day=1)
    low, high = add_months(start, years * 12 + 2), add_months(start, years * 12 + 9)
    for months in range(50 * 12, 70 * 12):  # the gradual rise: search the birth month
        birth = add_months(start, -months)
        if low <= retirement_date(birth, female=False) < high:
            return birth
    raise AssertionError("no birth month found")


def _grant(api, users, birth):
    case_id = _apply(
        api, users, members=[member("李测试", relation="self", birth=birth, employment="flexible")]
    )
    item = _live(case_id)
    assert (item.step, item.role, item.office.code, item.department.code) == (
        "er_recognition",
        "reviewer",
        "310105001",
        "hrss",
    )
    assert item.due_date == due_date(start=item.opened_on, days=10, unit="working_days").day
    body = fire(
        api(users["employment_street"]), case_id, "recognise", category="older_unemployed", note="核实"
    ).json()
    assert body["state"] == "es_subsidy_decision"
    item = _live(case_id)
    assert (item.role, item.office.code, item.department.code) == ("approver", "310105", "hrss")
    # The recogniser may not also grant (segregation of duties), nor may civil affairs.
    assert fire(api(users["approver_district"]), case_id, "approve").status_code == 403
    assert fire(api(users["approver_hrss"]), case_id, "approve", amount="5000").status_code == 400
    body = fire(api(users["approver_hrss"]), case_id, "approve", note="同意").json()
    assert body["state"] == "approved"
    return ProgramCase.objects.get(pk=case_id), body


def test_four_years_from_retirement_the_subsidy_runs_to_retirement(users, api):
    birth = _born_years_before_retirement(4)
    case, body = _grant(api, users, birth)
    assert Decimal(body["monthly_amount"]) == Decimal("1131.90")  # 50 % × 7546 × (20 % + 10 %)
    retires = retirement_date(birth, female=False)
    period = case.details["subsidy"]
    assert period["extended_to_retirement"] is True
    assert period["until"] == (retires - dt.timedelta(days=1)).isoformat()
    assert period["months"] > 36
    recognition = DifficultyRecognition.objects.get(case=case)
    assert recognition.category == "older_unemployed" and recognition.lapses_on.isoformat() == period["until"]
    assert not recognition.is_valid_on(retires)
    facts = dict(notice_wording(case)["approval_facts"])
    assert (
        "1131.90" in facts["补贴金额"]
        and period["until"] in facts["补贴期限"]
        and "延长至退休" in facts["期限说明"]
    )
    assert Notice.objects.filter(case=case, kind="approval").exists()


def test_ten_years_from_retirement_the_subsidy_runs_three_years(users, api):
    case, _body = _grant(api, users, _born_years_before_retirement(10))
    period = case.details["subsidy"]
    start = TODAY.replace(day=1)
    assert period == {
        **period,
        "from": start.isoformat(),
        "until": (add_months(start, 36) - dt.timedelta(days=1)).isoformat(),
        "months": 36,
        "extended_to_retirement": False,
    }


def test_a_dibao_only_claim_waits_for_the_dibao_decision_of_the_same_application(users):
    from tests.flows import act, end_publicity, investigation_record, verification_complete

    data = payload(items=["dibao", CODE], item_answers={CODE: answers(categories=["dibao_low_income"])})
    app = online(users, data)
    case = case_of(app, CODE)
    assert case.state == "waiting" and case.waiting_for == ["dibao"]
    dibao = case_of(app, "dibao")
    investigation_record(case=dibao, investigator=users["investigator"])
    investigation_record(case=dibao, investigator=users["investigator2"])
    verification_complete(case=refresh(dibao), actor=users["reviewer_civil"])
    act(refresh(dibao), users["reviewer_civil"], "propose_approval", note="通过")
    end_publicity(dibao)
    act(refresh(dibao), users["approver"], "approve", note="同意")
    assert refresh(case).state == "er_recognition"
    recognised = act(refresh(case), users["employment_street"], "recognise", category="dibao_low_income")
    assert recognised.state == "es_subsidy_decision"


def test_a_claim_with_another_category_does_not_wait(users):
    data = payload(
        items=["dibao", CODE],
        item_answers={CODE: answers(categories=["dibao_low_income", "older_unemployed"])},
    )
    case = case_of(online(users, data), CODE)
    assert case.state == "er_recognition"
    # Without the status the 低保 category does not apply; the other one does.
    from programs.errors import ActionInvalid
    from tests.flows import act

    try:
        act(case, users["employment_street"], "recognise", category="dibao_low_income")
        raise AssertionError("recognised by a status the household does not hold")
    except ActionInvalid as refused:
        assert "未享受低保或低收入待遇" in str(refused)
    assert act(refresh(case), users["employment_street"], "recognise", category="older_unemployed").state == (
        "es_subsidy_decision"
    )


def test_an_existing_dibao_entitlement_needs_no_wait(users):
    first = online(users, payload(items=["dibao"]), accept=False)
    Entitlement.objects.create(
        household=first.household, program=Program.objects.get(code="dibao"), valid_from=dt.date(2026, 1, 1)
    )
    data = payload(items=[CODE], item_answers={CODE: answers(categories=["dibao_low_income"])})
    case = case_of(online(users, data, household=first.household), CODE)
    assert case.state == "er_recognition"


def test_two_months_unemployed_is_refused_with_the_reason(users, api):
    since = (TODAY - dt.timedelta(days=60)).isoformat()
    case_id = _apply(api, users, unemployed_since=since, flexible_employment_since=None)
    refused = fire(api(users["employment_street"]), case_id, "recognise", category="older_unemployed")
    assert refused.status_code == 400
    body = fire(api(users["employment_street"]), case_id, "deny").json()
    assert body["state"] == "denied" and "连续处于实际失业状态6个月以上" in body["decision_reason"]


def test_the_wrong_street_department_or_applicant_may_not_recognise(users, api):
    case_id = _apply(api, users)
    jiangsu = staff("reviewer", office_code="310105002", department="hrss")
    for user in (jiangsu, users["reviewer_street"], users["applicant"], users["approver_hrss"]):
        assert fire(api(user), case_id, "recognise", category="older_unemployed").status_code in (403, 404)
    assert to_state(users, CODE, "es_subsidy_decision").state == "es_subsidy_decision"


def test_the_demo_world_gives_each_office_something_to_do(users):
    seed(users)
    states = sorted(ProgramCase.objects.filter(program__code=CODE).values_list("state", flat=True))
    assert states == ["er_recognition", "es_subsidy_decision"]
