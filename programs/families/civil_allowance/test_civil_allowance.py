"""重残无业 and 三胞胎以上 (S000 §(四), §(五)): one table of cases per item, each row through the
screener, through the rules on a really submitted case, and through the whole workflow (window
acceptance → street review → district decision); then who may act at each step.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone, translation

from accounts.models import AuditEvent
from accounts.snapshot import config_changed
from notices.models import Notice
from programs.engine import REFUSED
from programs.errors import ActionInvalid, ActionNotPermitted, CaseConflict
from programs.facts import facts_for_case
from programs.models import Program
from programs.notice_text import notice_wording
from programs.screening import ScreeningMember, screen_today
from programs.trace import trace_shown
from review.calendar import add_working_days
from review.models import WorkItem
from tests.api_helpers import fire, status_items
from tests.factories import member, payload, staff
from tests.flows import act, case_of, online, refresh, submit

from .eligibility import assess_facts

CODES = ("severe_disability", "multiple_birth")
TODAY = timezone.localdate()
STANDARD = Decimal("1650")  # severe_disability.standard and multiple_birth.share from 2025-07-01
CITY_INCOME = Decimal("88366")  # multiple_birth.city_income from 2025-01-01 (2024's figure)


def born(years: int, *, days: int = 0) -> dt.date:
    """The birth date of someone exactly `years` old today, moved `days` later (younger)."""
    try:
        day = TODAY.replace(year=TODAY.year - years)
    except ValueError:  # 29 February
        day = TODAY.replace(year=TODAY.year - years, day=28)
    return day + dt.timedelta(days=days)


def age_today(birth: dt.date) -> int:
    return TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))


@pytest.fixture(autouse=True)
def open_items(world):
    """Until programs/catalogue.py names this family for the two items, they are "opening soon"."""
    Program.objects.filter(code__in=CODES).update(family="civil_allowance")
    config_changed()  # an update() sends no signal (accounts.snapshot)


@pytest.fixture
def holders(users):
    """华阳路 street's civil-affairs reviewer and 长宁 district's civil-affairs approver."""
    return {
        "street": staff("reviewer", office_code="310105001", username="ca_reviewer_street"),
        "district": staff("approver", office_code="310105", username="ca_approver_district"),
    }


# --- A member of the form and of the screener from one description ----------------------------


def person(
    name,
    *,
    relation="child",
    birth=None,
    grade="none",
    kind="",
    employment="unemployed",
    school="none",
    group=None,
    incomes=None,
):
    return {
        "name": name,
        "relation": relation,
        "birth": birth or born(40),
        "grade": grade,
        "kind": kind,
        "employment": employment,
        "school": school,
        "group": group,
        "incomes": incomes or {},
    }


def form_member(p) -> dict:
    data = member(
        p["name"],
        relation=p["relation"],
        birth=p["birth"],
        employment=p["employment"],
        school=p["school"],
        disability=p["grade"],
        incomes=p["incomes"],
    )
    return {**data, "disability_kind": p["kind"], "birth_group": p["group"]}


def screening_member(p) -> ScreeningMember:
    return ScreeningMember(
        age=age_today(p["birth"]),
        relation=p["relation"],
        disability_grade=p["grade"],
        disability_kind=p["kind"],
        employment=p["employment"],
        school_stage=p["school"],
        birth_group=p["group"],
        incomes=p["incomes"],
    )


def screened(code, people, **kwargs):
    return next(
        r for r in screen_today([screening_member(p) for p in people], **kwargs) if r.program.code == code
    )


def applied(users, code, people):
    """A counter application for `code`, accepted at the window: the case at the street review."""
    app = submit(users, payload(items=[code], members=[form_member(p) for p in people]))
    return case_of(app, code)


def failed_rules(trace) -> list[str]:
    return [step["rule"] for step in trace if not step["passed"]]


# --- 重残无业: the table -----------------------------------------------------------------------

SELF = {"relation": "self"}


def disabled(grade, kind, **extra):
    return person("张重残", **{**SELF, "grade": grade, "kind": kind, **extra})


# id, members, eligible, monthly amount, the rules that fail
SEVERE = [
    ("grade1_physical", [disabled("1", "physical")], True, "1650.00", []),
    ("grade2_visual", [disabled("2", "visual")], True, "1650.00", []),
    ("grade2_kind_not_given", [disabled("2", "")], True, "1650.00", []),
    ("grade3_intellectual", [disabled("3", "intellectual")], True, "1650.00", []),
    ("grade3_physical", [disabled("3", "physical")], False, None, ["severe_disability_grade"]),
    ("grade3_mental", [disabled("3", "mental")], False, None, ["severe_disability_grade"]),
    ("grade4_intellectual", [disabled("4", "intellectual")], False, None, ["severe_disability_grade"]),
    ("no_certificate", [person("李无残", **SELF)], False, None, ["holds_disability_certificate"]),
    (
        "aged_16_today",
        [disabled("1", "physical", birth=born(16), employment="student", school="highschool")],
        True,
        "1650.00",
        [],
    ),
    (
        "aged_15_turns_16_tomorrow",
        [disabled("1", "physical", birth=born(16, days=1), employment="student", school="highschool")],
        False,
        None,
        ["age_16_or_over"],
    ),
    ("employed", [disabled("1", "physical", employment="employed")], False, None, ["not_employed"]),
    ("flexibly_employed", [disabled("2", "physical", employment="flexible")], False, None, ["not_employed"]),
    ("unable_to_work", [disabled("2", "physical", employment="unable")], True, "1650.00", []),
    (
        "pension_below_standard",
        [disabled("1", "physical", employment="retired", birth=born(65), incomes={"pension": "1000"})],
        True,
        "650.00",
        [],
    ),
    (
        "pension_a_cent_below",
        [disabled("1", "physical", employment="retired", birth=born(65), incomes={"pension": "1649.99"})],
        True,
        "0.01",
        [],
    ),
    (
        "pension_at_standard",
        [disabled("1", "physical", employment="retired", birth=born(65), incomes={"pension": "1650"})],
        False,
        None,
        ["pension_below_standard"],
    ),
    (
        "pension_above_standard",
        [disabled("2", "intellectual", employment="retired", birth=born(65), incomes={"pension": "2400"})],
        False,
        None,
        ["pension_below_standard"],
    ),
    (
        "two_qualify_summed",
        [
            disabled("1", "physical"),
            person(
                "张智残",
                relation="spouse",
                grade="3",
                kind="intellectual",
                employment="retired",
                birth=born(62),
                incomes={"pension": "500"},
            ),
        ],
        True,
        "2800.00",  # 1650 + (1650 − 500)
        [],
    ),
    (
        "one_of_two_qualifies",
        [disabled("1", "physical"), person("张轻残", relation="spouse", grade="4", kind="physical")],
        True,
        "1650.00",
        [],
    ),
    (
        "neither_of_two_qualifies",
        [
            disabled("3", "physical"),
            person("张在职", relation="spouse", grade="1", kind="visual", employment="employed"),
        ],
        False,
        None,
        ["severe_disability_grade", "not_employed"],
    ),
]


@pytest.mark.parametrize(
    "people, eligible, amount, failing", [row[1:] for row in SEVERE], ids=[row[0] for row in SEVERE]
)
def test_severe_disability_table_screener_rules_and_workflow(
    users, holders, people, eligible, amount, failing
):
    # The screener, on what a family would type.
    result = screened("severe_disability", people)
    assert result.outcome == ("likely" if eligible else "not_likely")
    assert result.monthly_amount == (Decimal(amount) if amount else None)
    assert failed_rules(result.trace) == failing
    assert result.parameters["severe_disability.standard"] == {
        "value": "1650",
        "unit": "yuan",
        "effective_from": "2025-07-01",
        "confirmed": False,
    }
    # The same rules on a submitted case.
    case = applied(users, "severe_disability", people)
    assert case.state == "allowance_street_review"
    assessment = assess_facts("severe_disability", facts_for_case(case))
    assert assessment.eligible is eligible
    assert assessment.monthly_amount == (Decimal(amount) if amount else None)
    assert failed_rules(assessment.trace) == failing
    # The whole workflow.
    _decide(case, holders, eligible=eligible, amount=amount, failing=failing)


def _decide(case, holders, *, eligible, amount, failing):
    street, district = holders["street"], holders["district"]
    if not eligible:
        with pytest.raises(ActionInvalid):
            act(case, street, "pass_street_review", note="材料齐全")
        assert refresh(case).state == "allowance_street_review"
        denied = act(case, street, "deny")
        assert denied.state == "denied" and denied.monthly_amount is None
        assert failed_rules(denied.eligibility_trace) == failing
        for step in denied.eligibility_trace:
            if not step["passed"]:
                assert step["label"] in denied.decision_reason and step["detail"] in denied.decision_reason
        return denied
    passed = act(case, street, "pass_street_review", note="残疾人证、就业情况核实无误")
    assert passed.state == "allowance_district_decision"
    assert passed.eligibility_trace and not failed_rules(passed.eligibility_trace)
    with pytest.raises(ActionInvalid):  # the amount is the rules', never typed
        act(case, district, "approve", amount="9999")
    approved = act(case, district, "approve", note="同意")
    assert approved.state == "approved"
    assert approved.monthly_amount == Decimal(amount)
    assert not failed_rules(approved.eligibility_trace)
    assert approved.decided_office.code == "310105" and approved.decided_department.code == "civil_affairs"
    return approved


def test_severe_disability_trace_names_each_figure(users, holders):
    people = [
        disabled("1", "physical", employment="retired", birth=born(65), incomes={"pension": "1000"}),
        person("张轻残", relation="spouse", grade="3", kind="physical", birth=born(60)),
    ]
    approved = _decide(
        applied(users, "severe_disability", people), holders, eligible=True, amount="650.00", failing=[]
    )
    details = {step["rule"]: step["detail"] for step in approved.eligibility_trace}
    assert details["local_hukou"] == "户籍在本市"
    assert details["age_16_or_over"] == "张重残：65 周岁"
    assert details["severe_disability_grade"] == "张重残：残疾等级 一级，残疾类别 肢体残疾"
    assert details["not_employed"] == "张重残：就业状况 退休"
    assert details["pension_below_standard"] == "张重残：月养老金 1000.00 元，补助标准 1650 元"
    assert (
        details["other_holders_not_counted"]
        == "不计入：张轻残（未符合：持一级、二级残疾人证，或三级智力残疾人证）"
    )
    assert "补助对象 1 人（张重残）" in details["subsidy_recipients"]
    assert "每月合计 650.00 元" in details["subsidy_recipients"]
    assert approved.policy_figures["severe_disability.standard"]["value"] == "1650"
    assert approved.policy_figures["severe_disability.standard"]["confirmed"] is False
    # The figures that are words are kept in every language: an English page shows them in English.
    with translation.override("en"):
        shown = {step["rule"]: step["detail"] for step in trace_shown(approved.eligibility_trace)}
    assert "Grade 1" in shown["severe_disability_grade"] and "一级" not in shown["severe_disability_grade"]
    assert "Retired" in shown["not_employed"]


def test_severe_disability_outside_the_city_is_not_likely_on_the_screener(world):
    result = screened("severe_disability", [disabled("1", "physical")], local_hukou=False)
    assert result.outcome == "not_likely" and failed_rules(result.trace) == ["local_hukou"]


def test_the_standard_in_force_on_the_day_asked_is_the_one_used(world):
    facts_members = [screening_member(disabled("1", "physical"))]
    from programs.screening import screen, screening_facts

    for day, value in ((dt.date(2024, 8, 1), "1595"), (dt.date(2025, 8, 1), "1650")):
        result = next(
            r for r in screen(screening_facts(facts_members, on=day)) if r.program.code == "severe_disability"
        )
        assert result.monthly_amount == Decimal(value)
        assert result.parameters["severe_disability.standard"]["value"] == value


# --- 三胞胎以上: the table ---------------------------------------------------------------------


def family_of(children, *, wages="6000", extra=()):
    """Two parents (the father earns `wages` a month) and the children, plus any `extra` members."""
    return [
        person("王父", relation="self", birth=born(38), employment="employed", incomes={"wages": wages}),
        person("李母", relation="spouse", birth=born(36)),
        *extra,
        *children,
    ]


def births(n, *, years=5, days=0, school="preschool", group=1, prefix="王"):
    stages = school if isinstance(school, list) else [school] * n
    return [
        person(f"{prefix}{'甲乙丙丁戊'[i]}", birth=born(years, days=days), school=stages[i], group=group)
        for i in range(n)
    ]


GRANDMA = person("王祖母", relation="grandparent", birth=born(70), employment="retired")
# Six members: a monthly income of 44,183 is 88,366 a year per head, exactly the city figure.
AT_CITY = "44183"
JUST_BELOW_CITY = "44182.99"

MULTIPLE = [
    ("twins", family_of(births(2)), False, None, ["triplets_or_more"]),
    ("no_multiple_birth", family_of([person("王独", birth=born(5))]), False, None, ["triplets_or_more"]),
    ("triplets", family_of(births(3)), True, "1650.00", []),
    ("quadruplets", family_of(births(4)), True, "3300.00", []),
    ("quintuplets", family_of(births(5)), True, "4950.00", []),
    (
        "triplets_in_one_birth_and_a_sibling",
        family_of([*births(3), person("王哥", birth=born(9), school="compulsory", group=2)]),
        True,
        "1650.00",
        [],
    ),
    (
        "triplets_aged_15_not_in_school",
        family_of(births(3, years=16, days=1, school="none")),
        True,
        "1650.00",
        [],
    ),
    (
        "triplets_aged_16_not_in_school",
        family_of(births(3, years=16, school="none")),
        False,
        None,
        ["children_age_or_schooling"],
    ),
    (
        "triplets_aged_17_in_high_school",
        family_of(births(3, years=17, school="highschool")),
        True,
        "1650.00",
        [],
    ),
    ("triplets_aged_19_at_university", family_of(births(3, years=19, school="higher")), True, "1650.00", []),
    (
        "quadruplets_aged_17_one_in_school",  # the objects are chosen among the qualifying children
        family_of(births(4, years=17, school=["vocational", "none", "none", "none"])),
        True,
        "1650.00",
        [],
    ),
    (
        "quadruplets_aged_17_two_in_school",
        family_of(births(4, years=17, school=["highschool", "highschool", "none", "none"])),
        True,
        "3300.00",
        [],
    ),
    (
        "income_at_the_city_figure",
        family_of(births(3), wages=AT_CITY, extra=[GRANDMA]),
        False,
        None,
        ["income_below_city_average"],
    ),
    ("income_just_below", family_of(births(3), wages=JUST_BELOW_CITY, extra=[GRANDMA]), True, "1650.00", []),
    (
        "twins_and_rich",
        family_of(births(2), wages="60000"),
        False,
        None,
        ["triplets_or_more", "income_below_city_average"],
    ),
]


@pytest.mark.parametrize(
    "people, eligible, amount, failing", [row[1:] for row in MULTIPLE], ids=[row[0] for row in MULTIPLE]
)
def test_multiple_birth_table_screener_rules_and_workflow(users, holders, people, eligible, amount, failing):
    result = screened("multiple_birth", people)
    assert result.outcome == ("likely" if eligible else "not_likely")
    assert result.monthly_amount == (Decimal(amount) if amount else None)
    assert failed_rules(result.trace) == failing
    assert result.parameters["multiple_birth.city_income"]["value"] == "88366"
    case = applied(users, "multiple_birth", people)
    assert case.state == "allowance_street_review"
    assessment = assess_facts("multiple_birth", facts_for_case(case))
    assert assessment.eligible is eligible
    assert assessment.monthly_amount == (Decimal(amount) if amount else None)
    assert failed_rules(assessment.trace) == failing
    _decide(case, holders, eligible=eligible, amount=amount, failing=failing)


def test_multiple_birth_trace_gives_the_income_and_the_shares(users, holders):
    people = family_of(births(4, years=17, school=["highschool", "none", "highschool", "highschool"]))
    approved = _decide(
        applied(users, "multiple_birth", people), holders, eligible=True, amount="3300.00", failing=[]
    )
    details = {step["rule"]: step["detail"] for step in approved.eligibility_trace}
    assert (
        details["triplets_or_more"]
        == "同胞多胞胎子女 4 人（王甲、王乙、王丙、王丁），均为申请家庭的共同生活成员"
    )
    assert details["children_age_or_schooling"].startswith("符合条件的子女 3/4 人：")
    assert "王乙 17 周岁、不在学：不符合" in details["children_age_or_schooling"]
    assert "王甲 17 周岁、普通高中：符合" in details["children_age_or_schooling"]
    # 6,000 a month for six people: 12,000 a year per head.
    assert details["income_below_city_average"] == (
        "家庭年人均可支配收入 12000.00 元（月收入合计 6000.00 元 × 12 ÷ 6 人），上年度本市居民人均可支配收入 88366 元"
    )
    assert details["subsidy_shares"].startswith(
        "2 份（同胞子女 4 人减 2，且不超过符合条件的子女 3 人）× 每份 1650 元"
    )


def test_the_income_is_the_declared_one_before_the_dibao_employment_exemption(world):
    # 3,000 of wages, of which the dibao rules would exempt 870: the subsidy counts all of it.
    result = screened("multiple_birth", family_of(births(3), wages="3000"))
    check = next(s for s in result.trace if s["rule"] == "income_below_city_average")
    assert "月收入合计 3000.00 元" in check["detail"] and "7200.00 元" in check["detail"]


# --- Steps, deadlines, notices, the applicant's page ------------------------------------------


def test_each_step_opens_its_work_item_where_and_for_whom_the_table_says(users, holders, api):
    # Applied online by the demo applicant, accepted at the window (一口受理).
    data = payload(items=["severe_disability"], members=[form_member(disabled("1", "physical"))])
    case = case_of(online(users, data), "severe_disability")
    item = WorkItem.objects.get(case=case, status="open")
    assert (item.step, item.role, item.department.code, item.office.code) == (
        "allowance_street_review",
        "reviewer",
        "civil_affairs",
        "310105001",
    )
    assert item.due_date == add_working_days(TODAY, 10).day
    status = status_items(api(users["applicant"]), case.application.reference)["severe_disability"]
    assert "街道正在审核" in status["next_action"]
    act(case, holders["street"], "pass_street_review")
    item = WorkItem.objects.get(case=case, status="open")
    assert (item.step, item.role, item.department.code, item.office.code) == (
        "allowance_district_decision",
        "approver",
        "civil_affairs",
        "310105",
    )
    assert item.due_date == add_working_days(TODAY, 10).day
    status = status_items(api(users["applicant"]), case.application.reference)["severe_disability"]
    assert "区民政局正在审批" in status["next_action"]


def test_an_application_waits_for_the_window_acceptance(users):
    app = submit(
        users,
        payload(items=["severe_disability"], members=[form_member(disabled("1", "physical"))]),
        accept=False,
    )
    assert case_of(app, "severe_disability").state == "submitted"


def test_approval_and_denial_notices_state_the_amount_and_the_reasons(
    users, holders, django_capture_on_commit_callbacks
):
    case = applied(users, "multiple_birth", family_of(births(3)))
    act(case, holders["street"], "pass_street_review")
    with django_capture_on_commit_callbacks(execute=True):
        approved = act(case, holders["district"], "approve")
    assert Notice.objects.filter(case=approved, kind="approval", status="ready").exists()
    wording = notice_wording(approved)
    assert wording["issuer"] == "长宁区民政局"
    assert "经街道审核、区民政局审批，符合条件" in wording["approval_text"]
    facts = dict(wording["approval_facts"])
    assert facts["补助金额"] == "每月 1650.00 元（1 份，每份 1650 元），自批准之月起按月发放。"
    assert "2025-07-01" in facts["适用标准"]

    refused = applied(users, "severe_disability", [disabled("3", "physical")])
    with django_capture_on_commit_callbacks(execute=True):
        denied = act(refused, holders["street"], "deny", reason="")
    assert Notice.objects.filter(case=denied, kind="denial", status="ready").exists()
    assert "持一级、二级残疾人证，或三级智力残疾人证" in denied.decision_reason
    assert "肢体残疾" in denied.decision_reason
    assert notice_wording(denied)["issuer"] == "华阳路街道办事处"


def test_severe_disability_notice_names_the_recipients_and_the_standard(users, holders):
    case = applied(
        users, "severe_disability", {row[0]: row[1] for row in SEVERE}["two_qualify_summed"]
    )  # 2,800 a month
    act(case, holders["street"], "pass_street_review")
    approved = act(case, holders["district"], "approve")
    facts = dict(notice_wording(approved)["approval_facts"])
    assert facts["补助金额"] == "每月 2800.00 元（补助对象 2 人），自批准之月起按月发放。"
    assert facts["适用标准"].startswith("重残无业人员生活补助标准 1650 元/人/月（2025-07-01起执行）")


def test_a_denial_with_every_condition_met_needs_the_reviewers_reason(users, holders):
    case = applied(users, "severe_disability", [disabled("1", "physical")])
    with pytest.raises(ActionInvalid):
        act(case, holders["street"], "deny", reason="")
    act(case, holders["street"], "pass_street_review")
    denied = act(case, holders["district"], "deny", reason="残疾人证已过有效期")
    assert denied.state == "denied" and denied.decision_reason == "残疾人证已过有效期"


def test_the_decision_reassesses_on_the_day_it_is_made(users, holders):
    """A standard changed after the street review is the one the decision applies."""
    from programs.models import PolicyParameter

    case = applied(users, "severe_disability", [disabled("1", "physical")])
    act(case, holders["street"], "pass_street_review")
    PolicyParameter.objects.create(
        key="severe_disability.standard",
        name="重残无业人员生活补助标准（每人每月）",
        value=Decimal("1700"),
        unit="yuan",
        effective_from=TODAY,
        source="测试",
        confirmed=True,
    )
    approved = act(case, holders["district"], "approve")
    assert approved.monthly_amount == Decimal("1700.00")
    assert approved.policy_figures["severe_disability.standard"]["effective_from"] == TODAY.isoformat()


def test_the_approval_is_the_district_decision_not_the_street_review(users, holders):
    case = applied(users, "severe_disability", [disabled("1", "physical")])
    with pytest.raises(CaseConflict):  # approve belongs to the decision step, not the live one
        act(case, holders["district"], "approve")
    assert refresh(case).state == "allowance_street_review"


# --- Who may act -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, step, refusal, code",
    [
        # The street review (华阳路's civil affairs).
        ("reviewer_edu", "street", Http404, 404),  # the district's education reviewer: wrong department
        ("reviewer_medical", "street", Http404, 404),
        ("reviewer_other_street", "street", Http404, 404),  # civil affairs of 江苏路, not 华阳路
        ("reviewer_other_district", "street", Http404, 404),  # civil affairs of 普陀
        ("approver_street", "street", ActionNotPermitted, 403),  # right office, wrong role
        ("investigator", "street", ActionNotPermitted, 403),
        ("clerk", "street", ActionNotPermitted, 403),
        ("applicant", "street", Http404, 404),
        # The district decision (长宁's civil affairs).
        ("approver", "district", ActionNotPermitted, 403),  # the demo approver sits at the street
        ("approver_other_district", "district", Http404, 404),  # 普陀's civil-affairs approver
        ("approver_edu_district", "district", Http404, 404),  # 长宁's education approver
        ("reviewer_edu", "district", Http404, 404),
        ("reviewer_civil", "district", ActionNotPermitted, 403),  # the district's reviewer, not approver
        ("street_reviewer", "district", ActionNotPermitted, 403),  # who passed the street review
        ("applicant", "district", Http404, 404),
    ],
)
def test_only_the_steps_holder_may_act(users, holders, api, who, step, refusal, code):
    people = {
        **users,
        "reviewer_other_street": staff("reviewer", office_code="310105002"),
        "reviewer_other_district": staff("reviewer", office_code="310107"),
        "approver_street": staff("approver", office_code="310105001"),
        "approver_other_district": staff("approver", office_code="310107"),
        "approver_edu_district": staff("approver", office_code="310105", department="education"),
        "street_reviewer": holders["street"],
    }
    case = applied(users, "severe_disability", [disabled("1", "physical")])
    action = "pass_street_review"
    if step == "district":
        act(case, holders["street"], "pass_street_review")
        action = "approve"
    before = refresh(case).state
    with pytest.raises(refusal):
        act(case, people[who], action)
    assert fire(api(people[who]), case.pk, action, note="").status_code == code
    assert refresh(case).state == before
    assert AuditEvent.objects.filter(code=REFUSED, actor=people[who], object_id=str(case.pk)).count() == 2


def test_the_holders_act_and_the_district_reviewer_supervises_the_street_step(users, holders, api):
    case = applied(users, "severe_disability", [disabled("1", "physical")])
    # 长宁's civil-affairs reviewer sits above 华阳路: the engine lets a supervising office act.
    assert fire(api(users["reviewer_civil"]), case.pk, "pass_street_review").json()["state"] == (
        "allowance_district_decision"
    )
    response = fire(api(holders["district"]), case.pk, "approve", note="同意")
    assert response.status_code == 200
    assert response.json()["state"] == "approved" and response.json()["monthly_amount"] == "1650.00"
    assert fire(api(holders["district"]), case.pk, "approve", amount="1").status_code == 409  # decided


def test_a_typed_amount_is_refused_through_the_api_too(users, holders, api):
    case = applied(users, "multiple_birth", family_of(births(3)))
    act(case, holders["street"], "pass_street_review")
    response = fire(api(holders["district"]), case.pk, "approve", amount="5000")
    assert response.status_code == 400
    assert "自动计算" in response.content.decode()
    assert refresh(case).state == "allowance_district_decision"
