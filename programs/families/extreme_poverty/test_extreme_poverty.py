"""特困人员救助供养 (N3, 2021) through the screener and through the one door, step by step."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.snapshot import config_changed
from notices.models import Notice
from programs.engine import case_act
from programs.errors import ActionInvalid, ActionNotPermitted, CaseConflict
from programs.models import Entitlement, PolicyParameter, Program, ProgramCase
from programs.procedure import procedure_deadlines
from programs.registry import family_of
from programs.screening import LIKELY, NOT_LIKELY, ScreeningMember, screen, screening_facts
from review.models import SampleCheck, WorkItem
from review.sampling import sample_check_record
from tests.factories import member, payload, staff
from tests.flows import act, case_of, end_publicity, online, refresh, submit

from .models import CareLevel, SupportObligor
from .sampling import extreme_poverty_sample
from .services import benefit_start

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def extreme_poverty_family(users):
    """The catalogue row moves to this family (programs/catalogue.py, once merged)."""
    Program.objects.filter(code="extreme_poverty").update(family="extreme_poverty")
    config_changed()  # an update() sends no signal (accounts.snapshot)
    PolicyParameter.objects.get_or_create(
        key="deadline.sample_check",
        effective_from=dt.date(2000, 1, 1),
        defaults={"name": "抽查核实", "value": 15, "unit": "working_days", "confirmed": False},
    )


def born(age: int) -> dt.date:
    """A birth date that makes the person exactly `age` today."""
    return dt.date(TODAY.year - age, TODAY.month, min(TODAY.day, 28))


def elder(
    name="张老伯", *, age=70, incomes=None, assets=None, disability="none", kind="", relation="self"
) -> dict:
    data = member(
        name,
        relation=relation,
        birth=born(age),
        employment="retired" if age >= 60 else "unemployed",
        incomes=incomes,
        assets=assets,
        disability=disability,
    )
    data["disability_kind"] = kind
    return data


def tekun(members, *, obligors=None, **extra) -> dict:
    return payload(
        items=["extreme_poverty"],
        members=members,
        item_answers={"extreme_poverty": {"obligors": obligors or []}},
        materials_provided=["id_card", "hukou_book", "check_authorization", "disability_certificate"],
        **extra,
    )


def son(**over) -> dict:
    return {"name": "张某", "relation": "child", "age": 45, "monthly_income": "6000", **over}


def investigate(users, case, *, unable=()):
    """The street investigator assesses every member (ticking `unable` items) and completes."""
    for person in case.application.members.order_by("id"):
        act(
            case, users["investigator"], "assess_self_care", member=person.name, **dict.fromkeys(unable, True)
        )
    return act(case, users["investigator"], "complete_investigation", findings="入户核实，情况属实")


def to_confirmation(users, case):
    case = act(case, users["reviewer_street"], "propose_confirmation", note="初审同意")
    assert case.state == "publicity"
    return end_publicity(case)


# (label, members, obligors, eligible, the rule that decides)
TABLE = [
    ("age 60 is elderly", [dict(age=60)], [], True, "no_work_capacity"),
    ("age 59 is not", [dict(age=59)], [], False, "no_work_capacity"),
    ("age 17 is a minor", [dict(age=17)], [], True, "no_work_capacity"),
    ("age 18 is not", [dict(age=18)], [], False, "no_work_capacity"),
    (
        "grade 3 intellectual",
        [dict(age=40, disability="3", kind="intellectual")],
        [],
        True,
        "no_work_capacity",
    ),
    ("grade 3 physical", [dict(age=40, disability="3", kind="physical")], [], False, "no_work_capacity"),
    ("grade 2 physical", [dict(age=40, disability="2", kind="physical")], [], True, "no_work_capacity"),
    ("income at the standard", [dict(age=70, incomes={"property_income": "1650"})], [], False, "no_income"),
    (
        "income under the standard",
        [dict(age=70, incomes={"property_income": "1649.99"})],
        [],
        True,
        "no_income",
    ),
    (
        "pension not counted",
        [dict(age=70, incomes={"pension": "3000", "transfer": "500"})],
        [],
        True,
        "no_income",
    ),
    (
        "assets over the limit",
        [dict(age=70, assets={"deposits": "55000.01"})],
        [],
        False,
        "assets_within_limit",
    ),
    ("an able son", [dict(age=70)], [son()], False, "obligor_unable"),
    ("a son on dibao over 60", [dict(age=85)], [son(age=62, status="dibao")], True, "obligor_unable"),
    (
        "a son in prison, property known",
        [dict(age=70)],
        [son(status="imprisoned", assets="0")],
        True,
        "obligor_unable",
    ),
    (
        "a son in prison, property unknown",
        [dict(age=70)],
        [son(status="imprisoned")],
        False,
        "obligor_unable",
    ),
]


def _screening_member(spec: dict) -> ScreeningMember:
    return ScreeningMember(
        age=spec["age"],
        disability_grade=spec.get("disability", "none"),
        disability_kind=spec.get("kind", ""),
        incomes=spec.get("incomes") or {},
        assets=spec.get("assets") or {},
    )


@pytest.mark.parametrize(
    ("label", "members", "obligors", "eligible", "rule"), TABLE, ids=[r[0] for r in TABLE]
)
def test_eligibility_table_on_the_screener(label, members, obligors, eligible, rule):
    facts = screening_facts(
        [_screening_member(m) for m in members],
        on=TODAY,
        answers={"extreme_poverty": {"obligors": obligors}},
    )
    result = next(r for r in screen(facts) if r.program.code == "extreme_poverty")
    assert result.outcome == (LIKELY if eligible else NOT_LIKELY)
    decisive = [s for s in result.trace if s["rule"] == rule]
    assert decisive and all(s["passed"] for s in decisive) == eligible
    if eligible:
        assert result.monthly_amount == Decimal("2075.00") * len(members)


@pytest.mark.parametrize(
    ("label", "members", "obligors", "eligible", "rule"), TABLE, ids=[r[0] for r in TABLE]
)
def test_eligibility_table_through_the_workflow(users, label, members, obligors, eligible, rule):
    people = [
        elder(
            f"成员{i}",
            age=m["age"],
            incomes=m.get("incomes"),
            assets=m.get("assets"),
            disability=m.get("disability", "none"),
            kind=m.get("kind", ""),
        )
        for i, m in enumerate(members)
    ]
    case = case_of(submit(users, tekun(people, obligors=obligors)), "extreme_poverty")
    assert case.state == "investigation"
    case = investigate(users, case)
    assert case.state == "ep_first_review"
    decisive = [s for s in case.eligibility_trace if s["rule"] == rule]
    assert decisive and all(s["passed"] for s in decisive) == eligible
    if eligible:
        case = act(case, users["reviewer_street"], "propose_confirmation", note="初审同意")
        assert case.state == "publicity"
    else:
        with pytest.raises(ActionInvalid):
            act(case, users["reviewer_street"], "propose_confirmation", note="初审同意")
        assert refresh(case).state == "ep_first_review"


def test_pension_is_traced_and_not_counted(users):
    case = case_of(
        submit(users, tekun([elder(incomes={"pension": "3000", "transfer": "500"})])), "extreme_poverty"
    )
    case = investigate(users, case)
    income = next(s for s in case.eligibility_trace if s["rule"] == "no_income")
    assert income["passed"]
    assert "计算收入 3500.00 元，其中养老金 3000.00 元不计入" in income["detail"]
    assert "人均月收入 500.00 元；低保标准 1650 元" in income["detail"]


def test_an_able_supporter_means_refusal_naming_them(users, django_capture_on_commit_callbacks):
    case = case_of(submit(users, tekun([elder()], obligors=[son()])), "extreme_poverty")
    case = investigate(users, case)
    verdict = next(s for s in case.eligibility_trace if s["rule"] == "obligor_unable")
    assert not verdict["passed"]
    assert verdict["detail"] == "张某（子女，45岁，月收入 6000 元）有赡养能力"
    # The street may not refuse: it reports to the district, which decides (N3 第十九条).
    case = act(case, users["reviewer_street"], "report_ineligible", note="其子有赡养能力")
    assert case.state == "ep_confirmation"
    item = WorkItem.objects.get(case=case, status="open")
    assert (item.role, item.office.code, item.department.code) == ("approver", "310105", "civil_affairs")
    with pytest.raises(ActionInvalid):
        act(case, users["approver_district"], "approve", note="同意")
    with django_capture_on_commit_callbacks(execute=True):
        case = act(case, users["approver_district"], "deny", reason="")
    assert case.state == "denied"
    assert "张某（子女，45岁，月收入 6000 元）有赡养能力" in case.decision_reason
    assert case.decided_office.code == "310105"
    assert not Entitlement.objects.filter(source_case=case).exists()
    denial = Notice.objects.get(case=case, kind="denial")
    assert denial.status == "ready"
    written = next(d for d in procedure_deadlines(case) if d.code == "written_denial")
    from review.calendar import add_working_days

    assert written.due == add_working_days(timezone.localdate(case.decided_at), 3).day


def test_no_able_supporter_approved_from_next_month_with_care_level(
    users, client, django_capture_on_commit_callbacks
):
    PolicyParameter.objects.filter(key="extreme_poverty.care.full").update(value=Decimal("800"))
    config_changed()  # an update() sends no signal (accounts.snapshot)
    app = submit(users, tekun([elder(age=82)], obligors=[son()]))
    case = case_of(app, "extreme_poverty")
    # The investigator finds the son is serving a sentence and owns nothing: a correction.
    act(
        case,
        users["investigator"],
        "record_obligor",
        name="张某",
        relation="子女",
        age="45",
        monthly_income="0",
        assets="0",
        status="在监狱服刑",
        note="2024年起服刑",
    )
    obligor = SupportObligor.objects.get(case=case)
    assert (obligor.status, obligor.relation, obligor.recorded_by) == (
        "imprisoned",
        "child",
        users["investigator"],
    )
    case = investigate(users, case, unable=("eating", "dressing", "toileting", "bathing"))
    assert case.state == "ep_first_review"
    care = next(s for s in case.eligibility_trace if s["rule"] == "self_care")
    assert "完全丧失生活自理能力" in care["detail"] and "4 项不能达到" in care["detail"]
    # From the first review on, the amount the rules give is known: 2075 + 800 (完全失能).
    facts = family_of(case).facts(case)
    assert facts["amount_by_rules"] == "2875.00"
    assert facts["self_care"][0]["level"] == CareLevel.FULL
    case = to_confirmation(users, case)
    assert case.state == "ep_confirmation"
    client.force_login(users["approver_district"])
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    assert "每月救助供养金额 2875.00 元" in page and f"确认后自 {benefit_start(TODAY).isoformat()} 起" in page
    with django_capture_on_commit_callbacks(execute=True):
        case = act(case, users["approver_district"], "approve", note="")
    assert case.state == "approved"
    assert case.monthly_amount == Decimal("2875.00")
    assert case.policy_figures["extreme_poverty.standard"]["value"] == "2075"
    assert case.policy_figures["extreme_poverty.care.full"]["value"] == "800"
    start = benefit_start(TODAY)
    assert start.day == 1 and start > TODAY and (start - TODAY).days <= 31
    # The status holds from the confirmation (items waiting for it start); support from next month.
    assert Entitlement.objects.get(source_case=case).valid_from == TODAY
    assert case.details["benefit_from"] == start.isoformat()
    assert start.isoformat() in dict(family_of(case).notices.approval_facts(case))["救助供养金额"]
    notice = Notice.objects.get(case=case, kind="approval")
    assert notice.status == "ready"


def test_the_form_obligors_are_validated_with_clear_messages(users):
    from intake.validation import PayloadInvalid

    with pytest.raises(PayloadInvalid) as caught:
        submit(users, tekun([elder()], obligors=[{"name": "张某", "relation": "child", "age": "abc"}]))
    message = caught.value.errors["item_answers.extreme_poverty.obligors"]
    assert "第1位义务人" in message and "年龄" in message


def test_an_objection_in_publicity_sends_the_case_back_to_investigation(users):
    case = investigate(users, case_of(submit(users, tekun([elder()])), "extreme_poverty"))
    case = act(case, users["reviewer_street"], "propose_confirmation", note="初审同意")
    case = act(case, users["reviewer_street"], "object", content="邻居反映其子女有稳定收入")
    assert case.state == "investigation" and case.publicity_ends_on is None
    item = WorkItem.objects.get(case=case, status="open")
    assert item.deadline_key == "deadline.extreme_poverty_investigation"
    # A new round: the same investigator signs again.
    case = act(case, users["investigator"], "complete_investigation", findings="重新调查：子女无收入")
    assert case.state == "ep_first_review"


def test_investigation_needs_every_self_care_assessment(users):
    case = case_of(
        submit(users, tekun([elder("甲"), elder("乙", age=75, relation="spouse")])), "extreme_poverty"
    )
    act(case, users["investigator"], "assess_self_care", member="甲")
    with pytest.raises(ActionInvalid, match="乙"):
        act(case, users["investigator"], "complete_investigation", findings="情况属实")
    with pytest.raises(ActionInvalid, match="没有“丙”"):
        act(case, users["investigator"], "assess_self_care", member="丙")
    with pytest.raises(ActionInvalid):
        act(case, users["investigator"], "record_obligor", name="乙", relation="配偶", age="70")


def _at(users, state):
    """A case of the demo applicant's own (applied online, with education aid waiting for the
    status, so that the education department sees the application) at `state`."""
    data = tekun([elder()])
    data["items"] = ["extreme_poverty", "edu_compulsory"]
    case = case_of(online(users, data), "extreme_poverty")
    assert case_of(case.application, "edu_compulsory").state == "waiting"
    if state == "investigation":
        act(case, users["investigator"], "assess_self_care", member="张老伯")
        return case, "complete_investigation", {"findings": "情况属实"}, users["investigator"]
    case = investigate(users, case)
    if state == "ep_first_review":
        return case, "propose_confirmation", {"note": "同意"}, users["reviewer_street"]
    case = act(case, users["reviewer_street"], "propose_confirmation", note="同意")
    if state == "publicity":
        return case, "object", {"content": "有异议"}, users["reviewer_street"]
    return end_publicity(case), "approve", {"note": "同意"}, users["approver_district"]


STEP_ROLES = {
    "investigation": "investigator",
    "ep_first_review": "reviewer",
    "publicity": "reviewer",
    "ep_confirmation": "approver",
}


@pytest.mark.parametrize("state", list(STEP_ROLES))
def test_each_step_refuses_wrong_department_office_and_the_applicant(users, state):
    case, action, data, holder = _at(users, state)
    role = STEP_ROLES[state]
    office = holder.office.code
    wrong_department = staff(role, office_code=office, department="education")
    wrong_office = staff(role, office_code="310107001" if role != "approver" else "310107")
    other_street = staff(role, office_code="310105002")
    for user, refusal in (
        (wrong_department, ActionNotPermitted),  # sees the application (status only), may not act
        (wrong_office, Http404),  # another district: cannot see the case at all
        (other_street, Http404),  # another street of the same district
        (staff(role, office_code=office, department="medical_security"), Http404),  # no item of theirs
        (users["applicant"], ActionNotPermitted),
    ):
        before = AuditEvent.objects.filter(code="programs.case.action_refused").count()
        with pytest.raises(refusal):
            case_act(case=case.pk, user=user, action=action, data=data)
        assert AuditEvent.objects.filter(code="programs.case.action_refused").count() == before + 1
        assert refresh(case).state == state
    if state != "ep_confirmation":
        # The street's holder may not confirm: only the district does.
        with pytest.raises((ActionNotPermitted, CaseConflict)):
            case_act(case=case.pk, user=holder, action="approve", data={"note": "同意"})
    case_act(case=case.pk, user=holder, action=action, data=data)
    assert refresh(case).state != state
    if state == "ep_confirmation":
        # The confirmation hands off to the item waiting for the status (串联).
        assert case_of(case.application, "edu_compulsory").state == "school_review"


def _confirmed(users, n):
    cases = []
    for i in range(n):
        case = investigate(users, case_of(submit(users, tekun([elder(f"老人{i}")])), "extreme_poverty"))
        case = act(to_confirmation(users, case), users["approver_district"], "approve", note="")
        cases.append(case)
    return cases


def test_thirty_percent_of_confirmations_are_sampled_reproducibly(users):
    cases = _confirmed(users, 10)
    drawn = extreme_poverty_sample(on=TODAY)
    assert len(drawn) == 3
    checks = SampleCheck.objects.filter(reason="extreme_poverty_confirmation")
    chosen = set(checks.values_list("case_id", flat=True))
    assert chosen <= {c.pk for c in cases}
    check = checks.first()
    assert (check.role, check.office.code, check.department.code) == ("reviewer", "310105", "civil_affairs")
    assert check.draw_key == f"extreme_poverty:{TODAY:%Y-%m}"
    # A second run is a no-op; the same cases and key give the same sample.
    assert extreme_poverty_sample(on=TODAY) == []
    assert checks.count() == 3
    SampleCheck.objects.all().delete()
    call_command("extreme_poverty_sample", "--on", TODAY.isoformat())
    assert set(checks.values_list("case_id", flat=True)) == chosen
    # The district reviewer works a check; the confirming approver and the street may not.
    check = checks.first()
    with pytest.raises(ActionNotPermitted):
        sample_check_record(check=check, user=users["approver_district"], outcome="upheld", note="")
    with pytest.raises(ActionNotPermitted):
        sample_check_record(check=check, user=users["reviewer_street"], outcome="upheld", note="")
    done = sample_check_record(check=check, user=users["reviewer_civil"], outcome="upheld", note="材料齐全")
    assert done.status == "done" and done.checked_by == users["reviewer_civil"]


def test_the_sample_counts_only_confirmations_of_the_month(users):
    from .tasks import sample

    cases = _confirmed(users, 2)
    earlier = timezone.now() - dt.timedelta(days=62)
    ProgramCase.objects.filter(pk=cases[0].pk).update(decided_at=earlier)
    # The daily task tops up this month's and last month's draws: the earlier one is in neither.
    assert sample.delay().get() == 1  # ceil(0.3 × 1)
    assert list(SampleCheck.objects.values_list("case_id", flat=True)) == [cases[1].pk]
    drawn = extreme_poverty_sample(on=TODAY, month=timezone.localdate(earlier))
    assert [c.case_id for c in drawn] == [cases[0].pk]
    assert (
        drawn[0].drawn_on == TODAY
        and drawn[0].draw_key == f"extreme_poverty:{timezone.localdate(earlier):%Y-%m}"
    )


def test_the_street_works_the_investigation_on_the_staff_page(users, client):
    case = case_of(submit(users, tekun([elder()])), "extreme_poverty")
    url = f"/work/cases/{case.pk}/"
    client.force_login(users["investigator"])
    html = client.get(url).content.decode()
    assert 'data-action="record_obligor"' in html and 'data-action="assess_self_care"' in html
    assert "不能自主吃饭" in html and "可填：配偶" in html and "尚未登记法定义务人" in html
    post = {
        "action": "record_obligor",
        "expected_state": "investigation",
        "name": "张某",
        "relation": "子女",
        "age": "四十五",
        "monthly_income": "6000",
    }
    response = client.post(url, post)
    assert response.status_code == 400
    html = response.content.decode()
    assert "年龄（周岁）：" in html and 'value="张某"' in html and 'value="四十五"' in html
    assert client.post(url, {**post, "age": "45"}).status_code == 302
    assert SupportObligor.objects.get(case=case).relation == "child"
    assert "已登记法定义务人：张某（子女）" in client.get(url).content.decode()
    assessed = {
        "action": "assess_self_care",
        "expected_state": "investigation",
        "member": "张老伯",
        "eating": "1",
    }
    assert client.post(url, assessed).status_code == 302
    done = {"action": "complete_investigation", "expected_state": "investigation", "findings": "情况属实"}
    assert client.post(url, done).status_code == 302
    assert refresh(case).state == "ep_first_review"
    client.force_login(users["reviewer_street"])
    html = client.get(url).content.decode()
    assert "张某（子女，45岁，月收入 6000 元）有赡养能力" in html
    assert 'data-action="report_ineligible"' in html


def test_the_screening_api_reads_the_obligors_and_survives_bad_ones(api):
    body = {
        "members": [{"age": 75, "incomes": {"pension": "2500"}}],
        "item_answers": {"extreme_poverty": {"obligors": [son()]}},
    }
    response = api().post("/api/v1/screening/", body, format="json")
    assert response.status_code == 200
    item = next(i for i in response.json()["items"] if i["code"] == "extreme_poverty")
    assert item["outcome"] == "not_likely"
    assert any("张某（子女，45岁，月收入 6000 元）有赡养能力" in s["detail"] for s in item["trace"])
    for bad in ("abc", [{"name": "李某"}]):
        body["item_answers"] = {"extreme_poverty": {"obligors": bad}}
        response = api().post("/api/v1/screening/", body, format="json")
        assert response.status_code == 200
        item = next(i for i in response.json()["items"] if i["code"] == "extreme_poverty")
        assert item["outcome"] == "not_likely"
        assert any("信息不完整" in s["detail"] for s in item["trace"])
