"""临时救助 through the one door: accepted where the emergency happened, a small amount paid first,
the street review, the street decision (一事一议 above the street limit), paid in stages, the cap."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from accounts.snapshot import config_changed
from intake.models import Channel
from intake.services import application_accept, application_submit
from intake.validation import PayloadInvalid
from notices.models import Notice
from programs.assessment import money
from programs.engine import case_act
from programs.errors import ActionInvalid, ActionNotPermitted, CaseConflict
from programs.models import Program
from programs.notice_text import notice_wording
from programs.parameters import parameter, plain
from programs.registry import family_of
from programs.screening import ScreeningMember, screen_today
from review.models import WorkItem
from tests.api_helpers import fire, status_items
from tests.factories import member, payload, staff
from tests.flows import case_of, online, refresh, submit

from .models import AdvancePayment, Instalment, StreetMeeting

CODE = "temporary_assistance"
HUAYANG, JIANGSU, CAOYANG = "310105001", "310105002", "310107001"
MEETING = {
    "meeting_held_on": "",  # filled in per test (today)
    "meeting_attendees": "街道办事处主任、民政科科长、社区救助顾问",
    "meeting_minutes": "经一事一议，同意按核定金额给予临时救助。",
}


@pytest.fixture(autouse=True)
def family_open(db):
    """The catalogue still says "opening soon"; the item is worked by this family here."""
    Program.objects.filter(code=CODE).update(family=CODE)
    config_changed()  # an update() sends no signal (accounts.snapshot)


@pytest.fixture
def staff_of(users):
    """The people around a case at 华阳路 street, and those who must not act on it."""
    return {
        **users,
        "street_reviewer": staff("reviewer", office_code=HUAYANG),
        "jiangsu_reviewer": staff("reviewer", office_code=JIANGSU),
        "jiangsu_approver": staff("approver", office_code=JIANGSU),
        "putuo_reviewer": staff("reviewer", office_code=CAOYANG),
        "putuo_approver": staff("approver", office_code=CAOYANG),
        "edu_street_reviewer": staff("reviewer", office_code=HUAYANG, department="education"),
    }


def today() -> dt.date:
    return timezone.localdate()


def answers(**over) -> dict:
    given = {
        "kind": "emergency",
        "description": "家中厨房失火，家具衣物烧毁，暂时无法居住",
        "incident_date": today().isoformat(),
        "urgent": False,
    }
    given.update(over)
    return {CODE: given}


def ta_payload(*, members=None, hukou="310105001001", residence=None, items=(CODE,), **over) -> dict:
    return payload(
        items=list(items),
        members=members,
        hukou=hukou,
        residence=residence or hukou,
        item_answers=answers(**over),
        materials_provided=["id_card", "incident_proof", "hukou_book", "check_authorization"],
    )


def act(case, user, action, **data):
    return case_act(case=case.pk, user=user, action=action, data=data)


def cap_for(members: int) -> Decimal:
    on = today()
    standard = parameter("dibao.standard", on=on).value
    return money(standard * members * parameter("temporary_assistance.max_months", on=on).value)


def limit(key: str) -> Decimal:
    return money(parameter(f"temporary_assistance.{key}", on=today()).value)


def live(case) -> WorkItem:
    return WorkItem.objects.select_related("office", "department").get(case=case, status="open")


def meeting() -> dict:
    return {**MEETING, "meeting_held_on": today().isoformat()}


def at_decision(who, *, proposed=None, **over):
    """A case of a 华阳路 household, reviewed by the street reviewer, at the approver's decision."""
    case = case_of(submit(who, ta_payload(**over)), CODE)
    fields = {"proposed_amount": str(proposed)} if proposed is not None else {}
    act(case, who["street_reviewer"], "complete_review", note="经核实，情况属实", **fields)
    case = refresh(case)
    assert case.state == "decision"
    return case


# --- The whole way: advance on the day of acceptance, review, approval in two stages -----------


def test_urgent_case_is_paid_in_advance_on_acceptance_day_then_approved_in_two_stages(
    staff_of, django_capture_on_commit_callbacks
):
    who = staff_of
    app = submit(who, ta_payload(urgent=True))
    case = case_of(app, CODE)
    assert case.state == "review"
    item = live(case)
    assert (item.step, item.role, item.department.code, item.office.code) == (
        "review",
        "reviewer",
        "civil_affairs",
        HUAYANG,
    )
    assert (item.deadline_key, item.deadline_days, item.deadline_unit) == (
        "deadline.temporary_assistance_review",
        5,
        "working_days",
    )
    accepted_on = timezone.localdate(refresh(case).application.accepted_at)

    act(case, who["street_reviewer"], "pay_advance", amount="800", reason="火灾后无处安身，先行发放生活费")
    advance = AdvancePayment.objects.get(case=case)
    assert (advance.amount, advance.paid_on, advance.paid_by) == (
        Decimal("800.00"),
        accepted_on,
        who["street_reviewer"],
    )
    assert advance.paid_on == today()  # paid the very day it was accepted
    assert refresh(case).state == "review" and live(case).pk == item.pk  # the review goes on

    first, second = today(), today() + dt.timedelta(days=30)
    schedule = [{"on": first.isoformat(), "amount": "1200"}, {"on": second.isoformat(), "amount": "1000"}]
    act(
        case,
        who["street_reviewer"],
        "complete_review",
        note="火灾属实，建议救助3000元，分两期发放",
        proposed_amount="3000",
        schedule=schedule,
    )
    case = refresh(case)
    assert case.state == "decision"
    assert case.details["cap"] == str(cap_for(3))
    item = live(case)
    assert (item.role, item.department.code, item.office.code) == ("approver", "civil_affairs", HUAYANG)

    with django_capture_on_commit_callbacks(execute=True):  # the notice is rendered after the commit
        act(case, who["approver"], "approve", note="同意")  # the review's proposal, as proposed
    case = refresh(case)
    assert case.state == "approved"
    assert case.granted_amount == Decimal("3000.00") and case.monthly_amount is None
    assert case.decided_office.code == HUAYANG and case.decided_by == who["approver"]
    assert list(
        Instalment.objects.filter(case=case).values_list("number", "due_on", "amount", "paid_on")
    ) == [
        (1, first, Decimal("1200.00"), None),
        (2, second, Decimal("1000.00"), None),
    ]
    assert not StreetMeeting.objects.filter(case=case).exists()  # 3000 is within the street limit
    assert not WorkItem.objects.filter(case=case, status="open").exists()

    assert Notice.objects.filter(case=case, kind="approval", status="ready").exists()
    wording = notice_wording(case)
    assert wording["issuer"] == "华阳路街道办事处"
    facts = dict(wording["approval_facts"])
    assert facts["救助总额"] == "3000.00 元（一次性临时救助）。"
    assert facts["先行救助"] == f"{accepted_on.isoformat()} 已先行发放 800.00 元，计入救助总额。"
    assert facts["第1期发放"] == f"{first.isoformat()} 发放 1200.00 元。"
    assert facts["第2期发放"] == f"{second.isoformat()} 发放 1000.00 元。"

    shown = family_of(case).facts(case)
    assert shown["cap"] == str(cap_for(3)) and shown["granted_amount"] == "3000.00"
    assert shown["advance"]["amount"] == "800.00" and shown["advance"]["paid_on"] == accepted_on.isoformat()
    assert [s["amount"] for s in shown["schedule"]] == ["1200.00", "1000.00"]


def test_case_facts_and_actions_through_the_api(staff_of, api):
    who = staff_of
    app = online(who, ta_payload(urgent=True))
    case = case_of(app, CODE)
    applicant = api(who["applicant"])
    assert "先行发放小额救助" in status_items(applicant, app.reference)[CODE]["next_action"]
    reviewer = api(who["street_reviewer"])
    body = reviewer.get(f"/api/v1/cases/{case.pk}/").json()
    assert body["facts"]["cap"] == str(cap_for(3)) and body["facts"]["urgent"] is True
    assert [a["action"] for a in body["available_actions"]] == ["pay_advance", "complete_review"]
    assert fire(reviewer, case.pk, "pay_advance", amount="500", reason="急需").status_code == 200
    response = fire(reviewer, case.pk, "complete_review", note="属实", proposed_amount="2500")
    assert response.status_code == 200 and response.json()["state"] == "decision"
    assert "等待审批决定" in status_items(applicant, app.reference)[CODE]["next_action"]
    assert fire(api(who["approver"]), case.pk, "approve", amount="99999").status_code == 400
    body = fire(api(who["approver"]), case.pk, "approve").json()
    assert body["state"] == "approved" and body["granted_amount"] == "2500.00"
    # No schedule: what the advance left is paid in one stage on the decision day.
    assert body["facts"]["schedule"] == [
        {"number": 1, "due_on": today().isoformat(), "amount": "2000.00", "paid_on": None}
    ]
    assert body["facts"]["advance"]["amount"] == "500.00"


# --- Where: the street where the emergency happened ---------------------------------------------


def _putuo_household_with_emergency_in_huayang(users, *, accept_by="clerk"):
    """Registered and living in 普陀 (曹杨一村), the emergency in 华阳路: the 华阳路 centre keys it in."""
    data = ta_payload(hukou="310107001001", incident_office=HUAYANG, urgent=True)
    return submit(users, data, by=accept_by)


def test_emergency_accepted_where_it_happened_is_worked_by_that_street(staff_of):
    who = staff_of
    app = _putuo_household_with_emergency_in_huayang(who)
    case = case_of(app, CODE)
    assert case.details["form"]["incident_office"] == HUAYANG
    assert refresh(case).application.accepted_by == who["clerk"]  # the 华阳路 centre accepted it
    item = live(case)
    assert (item.role, item.office.code) == ("reviewer", HUAYANG)  # not the hukou street 曹杨
    decision = family_of(case).step("decision")
    assert decision.office_by(case) == "incident_street"
    # The hukou-place (普陀) street sees the case but may not act on it.
    for user, action, data in (
        (who["putuo_reviewer"], "pay_advance", {"amount": "500", "reason": "急需"}),
        (who["putuo_reviewer"], "complete_review", {"note": "属实"}),
        (who["putuo_approver"], "pay_advance", {"amount": "500", "reason": "急需"}),
    ):
        with pytest.raises(ActionNotPermitted):
            act(case, user, action, **data)
    assert refresh(case).state == "review" and not AdvancePayment.objects.filter(case=case).exists()


def test_street_where_it_happened_works_and_decides_a_case_of_a_household_registered_elsewhere(
    staff_of, django_capture_on_commit_callbacks
):
    who = staff_of
    case = case_of(_putuo_household_with_emergency_in_huayang(who), CODE)
    act(case, who["street_reviewer"], "pay_advance", amount="600", reason="急需")
    act(case, who["street_reviewer"], "complete_review", note="属实", proposed_amount="2000")
    with pytest.raises(ActionNotPermitted):
        act(refresh(case), who["putuo_approver"], "approve")
    with django_capture_on_commit_callbacks(execute=True):
        act(refresh(case), who["approver"], "approve")
    case = refresh(case)
    assert case.state == "approved" and case.decided_office.code == HUAYANG
    # Applied online: the 华阳路 window may accept it too (either place, or where it happened).
    data = ta_payload(hukou="310107001001", incident_office=HUAYANG, urgent=True)
    online = application_submit(
        payload=data,
        submitted_by=who["applicant"],
        channel=Channel.ONLINE,
        idempotency_key=uuid.uuid4().hex,
    )
    application_accept(application=online, actor=who["clerk"])
    assert case_of(online, CODE).state == "review"


# --- Money: the cap, the street limit, the advance ----------------------------------------------


def test_the_cap_is_dibao_standard_times_members_times_three_months(staff_of):
    who = staff_of
    cap = cap_for(3)
    assert cap == money(parameter("dibao.standard", on=today()).value * 3 * 3)  # SH1: ≤ 3 months
    case = case_of(submit(who, ta_payload()), CODE)
    with pytest.raises(ActionInvalid) as refused:
        act(
            case,
            who["street_reviewer"],
            "complete_review",
            note="属实",
            proposed_amount=str(cap + Decimal("0.01")),
        )
    assert f"超过本次临时救助上限 {cap} 元" in str(refused.value)
    case = at_decision(who)
    with pytest.raises(ActionInvalid) as refused:
        act(case, who["approver"], "approve", amount=str(cap + Decimal("0.01")), **meeting())
    standard = plain(parameter("dibao.standard", on=today()).value)
    assert str(refused.value) == (
        f"核定救助总额 {cap + Decimal('0.01')} 元超过本次临时救助上限 {cap} 元"
        f"（低保标准 {standard} 元 × 家庭人数 3 人 × 3 个月）。"
    )
    assert refresh(case).state == "decision" and not Instalment.objects.filter(case=case).exists()
    act(case, who["approver"], "approve", amount=str(cap), **meeting())
    case = refresh(case)
    assert case.state == "approved" and case.granted_amount == cap
    assert any(s["rule"] == "amount_cap" and s["params"]["cap"] == str(cap) for s in case.eligibility_trace)


def test_above_the_street_limit_the_approval_needs_the_street_meeting_minutes(staff_of):
    who = staff_of
    street_limit = limit("street_limit")
    total = street_limit + Decimal("1000")
    case = at_decision(who, proposed=total)
    with pytest.raises(ActionInvalid) as refused:
        act(case, who["approver"], "approve", note="同意")
    assert "一事一议" in str(refused.value) and f"街道审批限额 {plain(street_limit)} 元" in str(refused.value)
    with pytest.raises(ActionInvalid, match="记录不完整"):
        act(case, who["approver"], "approve", meeting_minutes="同意")
    with pytest.raises(ActionInvalid, match="不能晚于今天"):
        act(
            case,
            who["approver"],
            "approve",
            **{**meeting(), "meeting_held_on": str(today() + dt.timedelta(1))},
        )
    assert not StreetMeeting.objects.filter(case=case).exists()
    # A web form writes the stages as text: "date amount；date amount".
    later = today() + dt.timedelta(days=31)
    stages = f"{today().isoformat()} {total - 2000}；{later.isoformat()} 2000"
    act(case, who["approver"], "approve", schedule=stages, **meeting())
    case = refresh(case)
    assert case.state == "approved" and case.granted_amount == total
    minutes = StreetMeeting.objects.get(case=case)
    assert (minutes.held_on, minutes.attendees, minutes.minutes, minutes.recorded_by) == (
        today(),
        MEETING["meeting_attendees"],
        MEETING["meeting_minutes"],
        who["approver"],
    )
    assert [i.amount for i in Instalment.objects.filter(case=case)] == [total - 2000, Decimal("2000")]


def test_at_the_street_limit_the_street_decides_without_a_meeting(staff_of):
    who = staff_of
    case = at_decision(who, proposed=limit("street_limit"))
    act(case, who["approver"], "approve")
    case = refresh(case)
    assert case.state == "approved" and case.granted_amount == limit("street_limit")
    assert not StreetMeeting.objects.filter(case=case).exists()


def test_an_advance_above_the_limit_is_refused(staff_of):
    who = staff_of
    advance_limit = limit("advance_limit")
    case = case_of(submit(who, ta_payload(urgent=True)), CODE)
    with pytest.raises(ActionInvalid) as refused:
        act(
            case,
            who["street_reviewer"],
            "pay_advance",
            amount=str(advance_limit + Decimal("0.01")),
            reason="急需",
        )
    assert "超过小金额先行救助限额" in str(refused.value)
    assert not AdvancePayment.objects.filter(case=case).exists()
    with pytest.raises(ActionInvalid, match="理由"):
        act(case, who["street_reviewer"], "pay_advance", amount="100", reason="  ")
    act(case, who["street_reviewer"], "pay_advance", amount=str(advance_limit), reason="急需")
    assert AdvancePayment.objects.get(case=case).amount == advance_limit
    with pytest.raises(ActionInvalid, match="不能重复先行救助"):
        act(case, who["street_reviewer"], "pay_advance", amount="1", reason="再次")


def test_only_an_urgent_case_is_paid_in_advance(staff_of):
    who = staff_of
    case = case_of(submit(who, ta_payload(urgent=False)), CODE)
    with pytest.raises(ActionInvalid, match="情况紧急"):
        act(case, who["street_reviewer"], "pay_advance", amount="500", reason="急需")
    assert not AdvancePayment.objects.filter(case=case).exists()


def test_the_advance_counts_toward_the_total_and_the_stages_pay_the_rest(staff_of):
    who = staff_of
    case = case_of(submit(who, ta_payload(urgent=True)), CODE)
    act(case, who["street_reviewer"], "pay_advance", amount="800", reason="急需")
    with pytest.raises(ActionInvalid, match="少于已先行救助的 800.00 元"):
        act(case, who["street_reviewer"], "complete_review", note="属实", proposed_amount="500")
    stages = [
        {"on": today().isoformat(), "amount": "1000"},
        {"on": str(today() + dt.timedelta(9)), "amount": "1000"},
    ]
    with pytest.raises(ActionInvalid) as refused:
        act(
            case,
            who["street_reviewer"],
            "complete_review",
            note="属实",
            proposed_amount="2000",
            schedule=stages,
        )
    assert "应等于救助总额 2000.00 元减去已先行救助 800.00 元，即 1200.00 元" in str(refused.value)
    yesterday = [{"on": str(today() - dt.timedelta(1)), "amount": "1200"}]
    with pytest.raises(ActionInvalid, match="早于今天"):
        act(
            case,
            who["street_reviewer"],
            "complete_review",
            note="属实",
            proposed_amount="2000",
            schedule=yesterday,
        )
    act(case, who["street_reviewer"], "complete_review", note="属实", proposed_amount="800")
    act(case, who["approver"], "approve")  # the advance was the whole of it: nothing left to pay
    case = refresh(case)
    assert case.state == "approved" and case.granted_amount == Decimal("800.00")
    assert not Instalment.objects.filter(case=case).exists()
    assert "第1期发放" not in dict(notice_wording(case)["approval_facts"])


def test_a_bad_schedule_is_a_clear_message(staff_of):
    who = staff_of
    case = case_of(submit(who, ta_payload()), CODE)
    for bad in ("下个月 1000", [{"on": today().isoformat(), "amount": "-5"}], {"on": "x"}):
        with pytest.raises(ValidationError) as refused:
            act(
                case,
                who["street_reviewer"],
                "complete_review",
                note="属实",
                proposed_amount="1000",
                schedule=bad,
            )
        assert "分阶段发放安排" in str(refused.value.detail["schedule"])
    assert refresh(case).state == "review"


def test_the_approver_denies_with_reasons_and_the_advance_stays_recorded(
    staff_of, django_capture_on_commit_callbacks
):
    who = staff_of
    case = case_of(submit(who, ta_payload(urgent=True)), CODE)
    act(case, who["street_reviewer"], "pay_advance", amount="300", reason="急需")
    act(case, who["street_reviewer"], "complete_review", note="经核实，火灾损失已由保险全额赔付")
    with pytest.raises(ActionInvalid, match="请填写核定救助总额"):
        act(refresh(case), who["approver"], "approve")
    with pytest.raises(ActionInvalid, match="必须填写理由"):
        act(refresh(case), who["approver"], "deny")
    with django_capture_on_commit_callbacks(execute=True):
        act(refresh(case), who["approver"], "deny", reason="损失已由保险全额赔付，基本生活未陷入困难")
    case = refresh(case)
    assert case.state == "denied" and "保险" in case.decision_reason and case.granted_amount is None
    assert Notice.objects.filter(case=case, kind="denial", status="ready").exists()
    assert AdvancePayment.objects.filter(case=case, amount=Decimal("300")).exists()


# --- Eligibility: one rule for the screener and the case ----------------------------------------

POOR = [{"incomes": {"pension": "1000"}}, {"incomes": {}}]
AT_AVERAGE = [{"incomes": {"pension": "7364"}}, {"incomes": {"pension": "7364"}}]
BELOW_AVERAGE = [{"incomes": {"pension": "7363.99"}}, {"incomes": {"pension": "7363.99"}}]
ASSETS_AT_LIMIT = [{"assets": {"deposits": "85000"}}, {"assets": {"deposits": "85000"}}]
ASSETS_OVER = [{"assets": {"deposits": "85000.01"}}, {"assets": {"deposits": "85000.01"}}]
WELL_OFF = [{"incomes": {"pension": "20000"}, "assets": {"deposits": "500000"}}, {}]

# name, answers, members, the rules that fail (none: eligible), whether the form accepts it
ELIGIBILITY = [
    ("emergency", {"kind": "emergency"}, POOR, (), True),
    ("emergency_needs_no_means_test", {"kind": "emergency"}, WELL_OFF, (), True),
    ("emergency_not_told", {"kind": "emergency", "description": ""}, POOR, ("sudden_hardship",), False),
    ("no_kind", {"kind": None}, POOR, ("hardship_kind",), False),
    ("expense_poor", {"kind": "expense"}, POOR, (), True),
    ("expense_just_below_average", {"kind": "expense"}, BELOW_AVERAGE, (), True),
    ("expense_at_average", {"kind": "expense"}, AT_AVERAGE, ("income_below_resident_average",), True),
    ("expense_assets_at_limit", {"kind": "expense"}, ASSETS_AT_LIMIT, (), True),
    ("expense_assets_over", {"kind": "expense"}, ASSETS_OVER, ("assets_within_limit",), True),
    (
        "expense_well_off",
        {"kind": "expense"},
        WELL_OFF,
        ("income_below_resident_average", "assets_within_limit"),
        True,
    ),
]


def _screen(answers_given, members):
    people = [
        ScreeningMember(age=40 - i, relation="self" if i == 0 else "spouse", **m)
        for i, m in enumerate(members)
    ]
    results = screen_today(people, answers={CODE: answers_given})
    return next(r for r in results if r.program.code == CODE)


@pytest.mark.parametrize(("name", "given", "members", "failing", "_form"), ELIGIBILITY)
def test_eligibility_through_the_screener(world, name, given, members, failing, _form):
    result = _screen({**answers()[CODE], **given}, members)
    assert result.outcome == ("not_likely" if failing else "likely"), result.trace
    assert tuple(s["rule"] for s in result.trace if not s["passed"]) == failing
    cap = next(s for s in result.trace if s["rule"] == "amount_cap")
    assert cap["params"]["cap"] == str(cap_for(2)) and result.monthly_amount is None


def test_the_screener_takes_whatever_was_typed_without_failing(world):
    result = _screen({"kind": ["emergency"], "description": {"what": "fire"}, "urgent": "yes"}, POOR)
    assert result.outcome == "not_likely"
    assert [s["rule"] for s in result.trace if not s["passed"]] == ["hardship_kind", "sudden_hardship"]


def _people(members):
    return [
        member(
            f"成员{i}",
            relation="self" if i == 0 else "spouse",
            incomes=m.get("incomes"),
            assets=m.get("assets"),
        )
        for i, m in enumerate(members)
    ]


@pytest.mark.parametrize(("name", "given", "members", "failing"), [row[:4] for row in ELIGIBILITY if row[4]])
def test_eligibility_through_the_workflow(staff_of, name, given, members, failing):
    who = staff_of
    case = case_of(submit(who, ta_payload(members=_people(members), **given)), CODE)
    act(case, who["street_reviewer"], "complete_review", note="已审核")
    case = refresh(case)
    assert tuple(s["rule"] for s in case.eligibility_trace if not s["passed"]) == failing
    if not failing:
        act(case, who["approver"], "approve", amount="1000")
        assert refresh(case).state == "approved"
    else:
        with pytest.raises(ActionInvalid, match="不符合条件"):
            act(case, who["approver"], "approve", amount="1000")
        act(case, who["approver"], "deny")  # the failed conditions are the reasons
        case = refresh(case)
        labels = [s["label"] for s in case.eligibility_trace if s["rule"] in failing]
        assert case.state == "denied" and all(label in case.decision_reason for label in labels)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", "", "遇到的困难"),
        ("kind", "flood", "临时救助类型"),
        ("incident_date", (dt.date.today() + dt.timedelta(days=2)).isoformat(), "不能晚于今天"),
        ("incident_office", "310105001001", "不是本市街道（乡镇）的代码"),  # a committee, not a street
        ("incident_office", "999999999", "不是本市街道（乡镇）的代码"),
        ("surprise", "x", "未知字段"),
    ],
)
def test_the_form_questions_are_checked_at_submission(users, field, value, message):
    with pytest.raises(PayloadInvalid) as refused:
        submit(users, ta_payload(**{field: value}), accept=False)
    assert message in refused.value.errors[f"item_answers.{CODE}.{field}"]


def test_an_empty_incident_office_means_the_hukou_street(staff_of):
    case = case_of(submit(staff_of, ta_payload(hukou="310105002001", incident_office="")), CODE)
    assert live(case).office.code == JIANGSU


# --- Who may act: wrong role, department, office; the applicant ---------------------------------

REVIEW_ACTIONS = {
    "pay_advance": {"amount": "500", "reason": "急需"},
    "complete_review": {"note": "属实", "proposed_amount": "1000"},
}
DECISION_ACTIONS = {"approve": {"amount": "1000"}, "deny": {"reason": "不符合"}}
# who, what they get: 404 when they may not even see the case, 403 when they see it but do not
# hold the step, 409 when they hold another step of it.
REFUSED_AT_REVIEW = [
    ("applicant", ActionNotPermitted),
    ("approver", ActionNotPermitted),  # the street's approver does not hold the review
    ("reviewer_medical", ActionNotPermitted),  # another department, sees the application
    ("edu_street_reviewer", Http404),  # another department, same street
    ("jiangsu_reviewer", Http404),  # same department, another street
    ("putuo_reviewer", Http404),
]
REFUSED_AT_DECISION = [
    ("applicant", ActionNotPermitted),
    ("street_reviewer", ActionNotPermitted),  # the reviewer does not hold the decision
    ("reviewer_medical", ActionNotPermitted),
    ("edu_street_reviewer", Http404),
    ("jiangsu_approver", Http404),
    ("putuo_approver", Http404),
]


def _case_with_another_department(who):
    """A 华阳路 case whose application also asks medical aid (so medical security sees it)."""
    return case_of(online(who, ta_payload(urgent=True, items=(CODE, "medical_inpatient"))), CODE)


@pytest.mark.parametrize("action", sorted(REVIEW_ACTIONS))
def test_only_the_street_reviewer_acts_at_review(staff_of, action):
    who = staff_of
    case = _case_with_another_department(who)
    for name, refusal in REFUSED_AT_REVIEW:
        with pytest.raises(refusal):
            act(case, who[name], action, **REVIEW_ACTIONS[action])
    assert refresh(case).state == "review" and not AdvancePayment.objects.filter(case=case).exists()
    act(case, who["street_reviewer"], action, **REVIEW_ACTIONS[action])


@pytest.mark.parametrize("action", sorted(DECISION_ACTIONS))
def test_only_the_street_approver_decides(staff_of, action):
    who = staff_of
    case = _case_with_another_department(who)
    act(case, who["street_reviewer"], "complete_review", note="属实", proposed_amount="1000")
    for name, refusal in REFUSED_AT_DECISION:
        with pytest.raises(refusal):
            act(case, who[name], action, **DECISION_ACTIONS[action])
    assert refresh(case).state == "decision"
    act(case, who["approver"], action, **DECISION_ACTIONS[action])
    assert refresh(case).state == ("approved" if action == "approve" else "denied")


def test_an_action_of_a_step_already_done_says_where_the_case_is(staff_of):
    who = staff_of
    case = at_decision(who, proposed=1000, urgent=True)
    with pytest.raises(CaseConflict) as refused:
        act(case, who["street_reviewer"], "pay_advance", amount="100", reason="急需")
    assert "审批决定" in str(refused.value.message) and "小金额先行救助" in str(refused.value.message)
    assert not AdvancePayment.objects.filter(case=case).exists()


def test_the_staff_page_pays_in_advance_reviews_and_approves_with_text_schedules(staff_of, client):
    """The web forms: a schedule is typed as "date amount；date amount", blanks mean "none"."""
    who = staff_of
    case = case_of(submit(who, ta_payload(urgent=True)), CODE)
    url = f"/work/cases/{case.pk}/"
    client.force_login(who["street_reviewer"])
    page = client.get(url).content.decode()
    assert "小金额先行救助" in page and 'name="schedule"' in page
    posted = client.post(url, {"action": "pay_advance", "amount": "400", "reason": "急需"})
    assert posted.status_code == 302 and AdvancePayment.objects.get(case=case).amount == Decimal("400")
    later = today() + dt.timedelta(days=20)
    text = f"{today().isoformat()} 600；{later.isoformat()} 1000"
    form = {"action": "complete_review", "note": "属实", "proposed_amount": "2000", "schedule": text}
    assert client.post(url, form).status_code == 302
    client.force_login(who["approver"])
    page = client.get(url).content.decode()
    assert f"{today().isoformat()} 600.00；{later.isoformat()} 1000.00" in page  # the proposal, pre-filled
    blank_meeting = {"meeting_held_on": "", "meeting_attendees": "", "meeting_minutes": ""}
    form = {
        "action": "approve",
        "note": "",
        "amount": "2000.00",
        "schedule": f"{today().isoformat()} 600.00；{later.isoformat()} 1000.00",
        **blank_meeting,
    }
    assert client.post(url, form).status_code == 302
    case = refresh(case)
    assert case.state == "approved" and case.granted_amount == Decimal("2000.00")
    assert [i.amount for i in Instalment.objects.filter(case=case)] == [Decimal("600"), Decimal("1000")]
