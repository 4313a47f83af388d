"""廉租住房保障 and 共有产权保障住房 (S000 §(八), §(九)) through the API: each step's work item (role,
department, office, due date), the reuse of this application's civil-affairs 核对 instead of a
second investigation, where 共有产权 may be accepted, the notices, and who may not act."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from notices.models import Notice
from notices.services import notice_render
from programs.models import ProgramCase
from programs.parameters import parameter
from programs.screening import ScreeningMember, screen_today
from review.calendar import add_working_days, due_date
from review.models import WorkItem
from tests.api_helpers import end_publicity, fire, status_items, submit
from tests.factories import member, staff
from tests.flows import case_of, online, refresh, run_to_review
from tests.test_pdf_notices import pdf_text

from .flows import housing_payload
from .workflow import LOW_RENT, SHARED_OWNERSHIP

HUAYANG, JIANGSU, CAOYANG = "310105001", "310105002", "310107001"
CHANGNING, PUTUO = "310105", "310107"


def today() -> dt.date:
    return timezone.localdate()


def live(case) -> WorkItem:
    return WorkItem.objects.select_related("office", "department").get(case_id=case.pk, status="open")


def where(case) -> tuple:
    item = live(case)
    return item.step, item.role, item.department.code, item.office.code


def days(key: str) -> int:
    return int(parameter(key, on=today()).value)


def notice_text(case, kind) -> str:
    notice = Notice.objects.get(case=case, kind=kind)
    notice_render(notice_id=notice.pk)
    notice.refresh_from_db()
    return "".join(pdf_text(Path(notice.file.path).read_bytes()).split())


def accepted(api, users, data, *, clerk="clerk"):
    response = submit(api(users[clerk]), data)
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    assert api(users[clerk]).post(f"/api/v1/applications/{reference}/accept/").status_code == 200
    return reference


def case_by(reference, code) -> ProgramCase:
    return ProgramCase.objects.get(application__reference=reference, program__code=code)


@pytest.fixture
def putuo(users):
    return {
        "reviewer": staff("reviewer", office_code=PUTUO, department="housing", username="housing_putuo_r"),
        "approver": staff("approver", office_code=PUTUO, department="housing", username="housing_putuo_a"),
    }


# --- 廉租住房 on its own: the street's economic investigation, review, 公示, rent subsidy ----------


def test_low_rent_alone_is_investigated_by_the_street_then_reviewed_publicised_and_granted_rent(
    users, api, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    reference = accepted(api, users, housing_payload(LOW_RENT))
    case = case_by(reference, LOW_RENT)
    accepted_on = timezone.localdate(case.application.accepted_at)
    assert case.state == "lr_investigation"
    assert where(case) == ("lr_investigation", "investigator", "housing", HUAYANG)
    assert live(case).due_date == add_working_days(accepted_on, days("deadline.lr_investigation")).day
    # Nothing to wait for: the street investigates (a changed income figure is taken).
    response = fire(
        api(users["investigator_housing"]),
        case.pk,
        "record_economic_investigation",
        figures={"income_counted": "900"},
        findings="入户调查，收入略高于申报",
    )
    assert response.status_code == 200, response.content
    case = refresh(case)
    assert case.state == "lr_district_review"
    assert case.details["economic_check"]["source"] == "investigation"
    assert case.verified_figures["per_capita_income"] == "300.00"
    assert case.transitions.filter(
        name="complete_investigation", actor=users["investigator_housing"]
    ).exists()
    assert where(case) == ("lr_district_review", "reviewer", "housing", CHANGNING)
    assert live(case).due_date == add_working_days(today(), days("deadline.lr_district_review")).day

    assert (
        fire(api(users["reviewer_housing"]), case.pk, "propose_housing", note="符合条件").status_code == 200
    )
    case = refresh(case)
    period = parameter("deadline.publicity", on=today())
    assert case.state == "publicity"
    assert case.publicity_ends_on == due_date(start=today(), days=int(period.value), unit=period.unit).day
    assert where(case) == ("publicity", "reviewer", "housing", CHANGNING)
    # The decision is not possible during 公示: the message says when it ends.
    early = fire(api(users["approver_housing"]), case.pk, "approve", note="同意")
    assert early.status_code == 409 and case.publicity_ends_on.isoformat() in early.json()["detail"]

    end_publicity(case.pk)
    case = refresh(case)
    assert case.state == "lr_decision"
    assert where(case) == ("lr_decision", "approver", "housing", CHANGNING)
    assert live(case).due_date == add_working_days(case.publicity_ends_on, days("deadline.lr_decision")).day
    with django_capture_on_commit_callbacks(execute=True):
        response = fire(api(users["approver_housing"]), case.pk, "approve", note="同意租金配租")
    assert response.status_code == 200, response.content
    case = refresh(case)
    # 90 元/m² × (15 − 8) m² × 3 members
    assert case.state == "approved" and case.monthly_amount == Decimal("1890.00")
    assert case.decided_office.code == CHANGNING and case.decided_department.code == "housing"
    text = notice_text(case, "approval")
    assert "长宁区住房保障和房屋管理局" in text
    assert "租金配租" in text and "1890.00" in text and "每月" in text


def test_flat_allocation_has_no_amount_and_says_so(users, api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from tests.flows import to_state

    case = to_state(users, LOW_RENT, "lr_decision")
    response = fire(api(users["approver_housing"]), case.pk, "approve", allocation="flat")
    assert response.status_code == 200, response.content
    case = refresh(case)
    assert case.state == "approved" and case.monthly_amount is None
    assert case.details["allocation"] == "flat"
    text = notice_text(case, "approval")
    assert "实物配租" in text and "长宁区住房保障和房屋管理局" in text
    assert fire(api(users["approver_housing"]), case.pk, "approve", allocation="house").status_code in (
        400,
        409,
    )


def test_housing_difficulty_not_met_is_denied_with_the_reason(users, api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    answers = {"urban_hukou": True, "housing_kind": "own", "living_area": "22", "note": ""}
    reference = accepted(api, users, housing_payload(LOW_RENT, answers=answers))
    case = case_by(reference, LOW_RENT)
    fire(api(users["investigator_housing"]), case.pk, "record_economic_investigation", findings="属实")
    refused = fire(api(users["reviewer_housing"]), case.pk, "propose_housing")
    assert refused.status_code == 400 and "人均居住面积" in refused.json()["detail"]
    assert fire(api(users["reviewer_housing"]), case.pk, "deny").status_code == 200
    case = refresh(case)
    assert case.state == "denied" and "人均居住面积 22" in case.decision_reason
    text = notice_text(case, "denial")
    assert "不予保障" in text and "人均居住面积" in text and "长宁区住房保障和房屋管理局" in text


def test_an_objection_in_publicity_sends_the_case_back_to_review(users, api):
    from tests.flows import to_state

    case = to_state(users, LOW_RENT, "publicity")
    assert (
        fire(api(users["reviewer_housing"]), case.pk, "object", content="邻居反映另有住房").status_code == 200
    )
    case = refresh(case)
    assert case.state == "lr_district_review" and case.publicity_ends_on is None
    assert where(case) == ("lr_district_review", "reviewer", "housing", CHANGNING)


# --- 廉租住房 with 低保 in one application: the civil-affairs 核对 is reused -----------------------


def test_low_rent_reuses_the_dibao_verification_and_waits_for_it(users, api):
    reference = accepted(api, users, housing_payload(LOW_RENT, items=["dibao", LOW_RENT]))
    housing, dibao = case_by(reference, LOW_RENT), case_by(reference, "dibao")
    assert housing.state == "lr_investigation"
    assert where(housing) == ("lr_investigation", "investigator", "housing", HUAYANG)
    # Before the dibao 核对: the housing investigator is refused, naming the item it waits for.
    response = fire(
        api(users["investigator_housing"]), housing.pk, "record_economic_investigation", findings="x"
    )
    assert response.status_code == 400
    assert dibao.program.display_name in response.json()["detail"]
    assert refresh(housing).state == "lr_investigation"
    page = api(users["investigator_housing"]).get(f"/api/v1/cases/{housing.pk}/").json()
    assert page["facts"]["verification_awaited"] == dibao.program.display_name

    run_to_review(users, dibao)  # two investigators sign, the district civil affairs verifies
    housing, dibao = refresh(housing), refresh(dibao)
    assert dibao.state == "review"
    assert housing.state == "lr_district_review"
    check = housing.details["economic_check"]
    assert check["source"] == "reused" and check["program"] == "dibao" and check["case"] == dibao.pk
    assert housing.verified_figures == dibao.verified_figures
    # No housing investigation happened: the move is the reuse, with its reason.
    assert not housing.transitions.filter(name="complete_investigation").exists()
    reused = housing.transitions.get(name="reuse_verification")
    assert reused.reason.startswith("复用本申请民政家庭经济状况核对结果（")
    assert reused.actor == users["reviewer_civil"]
    assert not WorkItem.objects.filter(
        case_id=housing.pk, step="lr_investigation", completed_by=users["investigator_housing"]
    ).exists()
    assert where(housing) == ("lr_district_review", "reviewer", "housing", CHANGNING)
    assert fire(api(users["reviewer_housing"]), housing.pk, "propose_housing").status_code == 200


def test_a_household_already_verified_is_reused_when_the_step_opens(users):
    """The dibao 核对 done before 廉租's step opens (e.g. 廉租 accepted later): taken on opening."""
    from programs.economic import verification_reuse
    from programs.registry import as_family

    app = online(users, housing_payload(LOW_RENT, items=["dibao", LOW_RENT]))
    run_to_review(users, case_of(app, "dibao"))
    housing = refresh(case_of(app, LOW_RENT))
    assert housing.state == "lr_district_review"
    # Reusing twice does nothing more.
    assert verification_reuse(as_family(housing)) is False


def test_low_rent_investigates_itself_when_the_awaited_item_closes_unverified(users, api):
    reference = accepted(api, users, housing_payload(LOW_RENT, items=["dibao", LOW_RENT]))
    housing, dibao = case_by(reference, LOW_RENT), case_by(reference, "dibao")
    ProgramCase.objects.filter(pk=dibao.pk).update(state="precondition_not_met")  # closed before any 核对
    response = fire(
        api(users["investigator_housing"]), housing.pk, "record_economic_investigation", findings="属实"
    )
    assert response.status_code == 200, response.content
    assert refresh(housing).details["economic_check"]["source"] == "investigation"


@pytest.mark.django_db
def test_a_dibao_household_meets_the_economic_test_by_its_status(world):
    well_off = [
        ScreeningMember(age=40, relation="self", employment="employed", incomes={"wages": Decimal("20000")})
    ]
    answers = {LOW_RENT: {"living_area": "7"}}
    plain = {r.program.code: r for r in screen_today(well_off, answers=answers)}
    assert plain[LOW_RENT].outcome == "not_likely"
    held = {r.program.code: r for r in screen_today(well_off, statuses=["dibao"], answers=answers)}
    assert held[LOW_RENT].outcome == "likely"
    assert any(s["rule"] == "economic_test_by_status" for s in held[LOW_RENT].trace)
    # Not typed on the screener: the area is left to the housing department, not guessed.
    poor = [ScreeningMember(age=40, relation="self", employment="unemployed")]
    untyped = {r.program.code: r for r in screen_today(poor)}
    area = next(s for s in untyped[LOW_RENT].trace if s["rule"] == "housing_difficulty")
    assert "房管部门核实" in area["detail"]


# --- 共有产权: where it may be accepted ----------------------------------------------------------


def test_shared_ownership_is_refused_at_another_centre_naming_the_hukou_centre(users, api):
    clerk = api(users["clerk_putuo"])  # 曹杨新村街道 (普陀)
    response = submit(clerk, housing_payload(SHARED_OWNERSHIP))
    assert response.status_code == 400
    assert "华阳路街道社区事务受理服务中心" in response.json()["errors"]["items"]
    assert not ProgramCase.objects.filter(program__code=SHARED_OWNERSHIP).exists()
    # 廉租住房 alone is accepted at any centre (全市通办).
    reference = accepted(api, users, housing_payload(LOW_RENT), clerk="clerk_putuo")
    case = case_by(reference, LOW_RENT)
    assert where(case) == ("lr_investigation", "investigator", "housing", HUAYANG)


def test_online_shared_ownership_goes_to_the_hukou_street_centre(users, api):
    # Hukou in 华阳路, home in 江苏路: an online application would go to the residence centre,
    # 共有产权 goes to the hukou centre.
    app = online(users, housing_payload(SHARED_OWNERSHIP, residence="310105002001"), accept=False)
    acceptance = WorkItem.objects.get(application=app, case__isnull=True)
    assert (acceptance.step, acceptance.role, acceptance.office.code) == ("acceptance", "clerk", HUAYANG)
    jiangsu = staff("clerk", office_code=JIANGSU, department=users["clerk"].department.code)
    refused = api(jiangsu).post(f"/api/v1/applications/{app.reference}/accept/")
    assert refused.status_code == 400 and "华阳路街道社区事务受理服务中心" in refused.content.decode()
    assert api(users["clerk"]).post(f"/api/v1/applications/{app.reference}/accept/").status_code == 200
    case = case_of(app, SHARED_OWNERSHIP)
    assert refresh(case).state == "so_district_review"
    assert where(case) == ("so_district_review", "reviewer", "housing", CHANGNING)
    items = status_items(api(users["applicant"]), app.reference)
    assert items[SHARED_OWNERSHIP]["state"] == "so_district_review"
    assert items[SHARED_OWNERSHIP]["department"] == "housing"


def non_local_payload(**over):
    answers = {
        "hukou_local": False,
        "employer_name": "曹杨物流有限公司",
        "employer_office": CAOYANG,
        "housing_kind": "rented",
        "living_area": "9",
        **over,
    }
    return housing_payload(SHARED_OWNERSHIP, answers=answers)


def test_a_non_local_household_names_its_employer(users, api):
    response = submit(api(users["clerk_putuo"]), non_local_payload(employer_office="", employer_name=""))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert f"item_answers.{SHARED_OWNERSHIP}.employer_office" in errors
    assert f"item_answers.{SHARED_OWNERSHIP}.employer_name" in errors


def test_a_non_local_household_is_accepted_reviewed_and_decided_in_the_employers_district(
    users, api, putuo, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    # Not at the 华阳路 centre: the employer is in 普陀.
    wrong = submit(api(users["clerk"]), non_local_payload())
    assert wrong.status_code == 400 and "曹杨新村街道社区事务受理服务中心" in wrong.json()["errors"]["items"]
    reference = accepted(api, users, non_local_payload(), clerk="clerk_putuo")
    case = case_by(reference, SHARED_OWNERSHIP)
    accepted_on = timezone.localdate(case.application.accepted_at)
    assert where(case) == ("so_district_review", "reviewer", "housing", PUTUO)
    assert live(case).due_date == add_working_days(accepted_on, days("deadline.so_district_review")).day
    # 长宁's housing reviewer does not hold it.
    assert fire(api(users["reviewer_housing"]), case.pk, "propose_housing").status_code in (403, 404)
    assert fire(api(putuo["reviewer"]), case.pk, "propose_housing", note="符合条件").status_code == 200
    case = refresh(case)
    assert where(case) == ("publicity", "reviewer", "housing", PUTUO)
    end_publicity(case.pk)
    case = refresh(case)
    assert case.state == "so_decision"
    assert where(case) == ("so_decision", "approver", "housing", PUTUO)
    assert live(case).due_date == add_working_days(case.publicity_ends_on, days("deadline.so_decision")).day
    assert fire(api(users["approver_housing"]), case.pk, "approve").status_code in (403, 404)
    with django_capture_on_commit_callbacks(execute=True):
        assert fire(api(putuo["approver"]), case.pk, "approve", note="准予").status_code == 200
    case = refresh(case)
    assert case.state == "approved" and case.monthly_amount is None
    text = notice_text(case, "approval")
    assert "普陀区住房保障和房屋管理局" in text and "准购资格" in text


def test_shared_ownership_income_above_the_line_is_denied(users, api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rich = [member("富测试", employment="employed", incomes={"wages": "30000"})]
    reference = accepted(api, users, housing_payload(SHARED_OWNERSHIP, members=rich))
    case = case_by(reference, SHARED_OWNERSHIP)
    assert fire(api(users["reviewer_housing"]), case.pk, "propose_housing").status_code == 400
    assert fire(api(users["reviewer_housing"]), case.pk, "deny").status_code == 200
    text = notice_text(refresh(case), "denial")
    assert "人均月可支配收入" in text and "长宁区住房保障和房屋管理局" in text


# --- Who may not act ---------------------------------------------------------------------------


def test_wrong_department_office_or_applicant_is_refused(users, api):
    from tests.factories import UserFactory
    from tests.flows import to_state

    case = to_state(users, LOW_RENT, "lr_district_review")
    before = refresh(case).transitions.count()
    others = {
        "wrong department": users["reviewer_civil"],  # reviewer · civil affairs · 长宁
        "wrong office": staff("reviewer", office_code=PUTUO, department="housing"),
        "street below the district": staff("reviewer", office_code=HUAYANG, department="housing"),
        "wrong role": users["investigator_housing"],
        "applicant": users["applicant"],
        "another applicant": UserFactory(role="applicant"),
    }
    for who, user in others.items():
        response = fire(api(user), case.pk, "propose_housing", note="x")
        assert response.status_code in (403, 404), (who, response.status_code)
    assert refresh(case).transitions.count() == before and refresh(case).state == "lr_district_review"
    assert fire(api(UserFactory(role="applicant")), case.pk, "deny", reason="x").status_code == 404
    # At the street investigation: a civil-affairs investigator of the same street may not act.
    fresh = to_state(users, LOW_RENT, "lr_investigation")
    response = fire(api(users["investigator"]), fresh.pk, "record_economic_investigation", findings="x")
    assert response.status_code in (403, 404)


def test_unknown_fields_are_refused(users, api):
    from tests.flows import to_state

    case = to_state(users, LOW_RENT, "lr_decision")
    response = fire(api(users["approver_housing"]), case.pk, "approve", amount="5000")
    assert response.status_code == 400 and refresh(case).state == "lr_decision"


# --- The demo -----------------------------------------------------------------------------------


def test_demo_gives_each_housing_login_something_to_do(users):
    from .demo import seed

    seed(users)
    cases = ProgramCase.objects.filter(program__family="housing").order_by("pk")
    assert [(c.program.code, c.state) for c in cases] == [
        (LOW_RENT, "lr_investigation"),
        (LOW_RENT, "lr_decision"),
        (SHARED_OWNERSHIP, "so_district_review"),
    ]
    holders = {
        "lr_investigation": users["investigator_housing"],
        "lr_decision": users["approver_housing"],
        "so_district_review": users["reviewer_housing"],
    }
    for case in cases:
        from programs.engine import actions_for_user

        assert actions_for_user(case=case, user=holders[case.state]), case.state
