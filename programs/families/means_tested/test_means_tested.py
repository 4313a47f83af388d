"""The means-tested family through the one door: fan-out, serial hand-off, decisions, low-income hand-off."""

import datetime as dt

import pytest

from programs.models import Entitlement
from review.models import WorkItem
from tests.factories import member, payload, well_off_members
from tests.flows import (
    case_approve,
    case_deny,
    case_of,
    case_propose_approval,
    end_publicity,
    run_to_review,
    submit,
)


def test_dibao_approval_starts_waiting_education_and_medical(users):
    app = submit(users, payload(items=["dibao", "edu_compulsory", "medical_inpatient"]))
    dibao = case_of(app, "dibao")
    assert dibao.state == "investigation"
    assert case_of(app, "edu_compulsory").state == "waiting"
    assert case_of(app, "medical_inpatient").waiting_for == ["dibao"]

    dibao = run_to_review(users, dibao)
    assert dibao.state == "review"
    assert all(step["passed"] for step in dibao.eligibility_trace)
    dibao = case_propose_approval(case=dibao, actor=users["reviewer_civil"])
    assert dibao.state == "publicity"
    dibao = case_approve(case=end_publicity(dibao), actor=users["approver"])

    assert dibao.state == "approved"
    # (1650 − (500 + 1200 − 870 exempted) / 3) × 3 = 4950 − 830 = 4120
    assert str(dibao.monthly_amount) == "4120.00"
    assert dibao.policy_figures["dibao.standard"]["value"] == "1650"
    assert Entitlement.objects.filter(household=app.household, program__code="dibao").exists()
    assert case_of(app, "edu_compulsory").state == "school_review"
    assert case_of(app, "medical_inpatient").state == "review"
    assert WorkItem.objects.filter(case__application=app, status="open").count() == 2


def test_dibao_denial_closes_education_as_precondition_not_met(users):
    app = submit(users, payload(items=["dibao", "edu_compulsory"], members=well_off_members()))
    dibao = run_to_review(users, case_of(app, "dibao"))
    assert not all(step["passed"] for step in dibao.eligibility_trace)
    case_deny(case=dibao, actor=users["reviewer_civil"], reason="")
    edu = case_of(app, "edu_compulsory")
    assert edu.state == "precondition_not_met"
    assert "低保" in edu.decision_reason
    assert not app.cases.filter(program__code="low_income").exists()


def test_dibao_denial_between_lines_opens_low_income_when_opted_in(users):
    # Per-capita 2,000: above the dibao standard (1,650), below the low-income line (3,300).
    members = [
        member("中测试", relation="self", employment="unemployed", incomes={"pension": "4000"}),
        member(
            "中小测", relation="child", birth=dt.date(2015, 1, 1), employment="student", school="compulsory"
        ),
    ]
    app = submit(users, payload(items=["dibao", "edu_compulsory"], members=members))
    dibao = run_to_review(users, case_of(app, "dibao"))
    case_deny(case=dibao, actor=users["reviewer_civil"], reason="")
    low = case_of(app, "low_income")
    assert low.opened_automatically and low.state == "review"
    assert case_of(app, "edu_compulsory").state == "waiting"
    low = case_propose_approval(case=low, actor=users["reviewer_civil"])
    case_approve(case=end_publicity(low), actor=users["approver"])
    assert case_of(app, "edu_compulsory").state == "school_review"


@pytest.mark.parametrize("opt_in", [False])
def test_no_low_income_without_opt_in(users, opt_in):
    members = [member("中测试", relation="self", incomes={"pension": "4000"})]
    app = submit(users, payload(items=["dibao"], members=members, opt_in_low_income=opt_in))
    case_deny(case=run_to_review(users, case_of(app, "dibao")), actor=users["reviewer_civil"], reason="")
    assert not app.cases.filter(program__code="low_income").exists()
