"""Issue 9, across the civil-affairs items: the approval level as configuration (seed 004), the
whole-procedure limits it and 人户分离 / hard cases set, and the 人户分离 commission (S003)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from accounts.models import Office
from programs.approval import approval_level, level_for
from programs.errors import ActionNotPermitted
from programs.models import ApprovalLevel, Commission, Program
from programs.procedure import procedure_deadlines
from review.calendar import add_working_days
from review.models import WorkItem
from tests.factories import payload, staff
from tests.flows import (
    act,
    case_approve,
    case_of,
    case_propose_approval,
    end_publicity,
    investigation_record,
    refresh,
    run_to_review,
    submit,
    verification_complete,
)

JIANGSU = "310105002001"  # 江苏路: no delegation, the district decides


def _whole(case):
    return next(d for d in procedure_deadlines(refresh(case)) if d.code == "whole_procedure")


def _live(case):
    return WorkItem.objects.get(case=case, status="open")


def _to_decision(users, case):
    case = run_to_review(users, case)
    case = case_propose_approval(case=case, actor=users["reviewer_civil"])
    return end_publicity(case)


def test_under_street_delegation_the_street_approver_decides_within_20_working_days(users):
    app = submit(users, payload(items=["dibao"]))
    case = case_of(app, "dibao")
    level = approval_level(case)
    assert level.delegated and level.sample_share == Decimal("0.20")
    assert (
        _whole(case).due
        == add_working_days(timezone.localdate(refresh(case).application.accepted_at), 20).day
    )
    case = _to_decision(users, case)
    item = _live(case)
    assert (item.step, item.role, item.office.code) == ("decision", "approver", "310105001")
    # The approver of another street cannot even see the case (404).
    other_street = staff("approver", office_code="310105002")
    with pytest.raises(Http404):
        case_approve(case=case, actor=other_street)
    case = case_approve(case=case, actor=users["approver"])
    assert case.state == "approved" and case.decided_office.code == "310105001"


def test_without_delegation_the_district_decides_within_30_working_days(users):
    app = submit(users, payload(items=["dibao"], hukou=JIANGSU, residence=JIANGSU))
    case = case_of(app, "dibao")
    assert not approval_level(case).delegated
    assert (
        _whole(case).due
        == add_working_days(timezone.localdate(refresh(case).application.accepted_at), 30).day
    )
    street_investigators = [staff("investigator", office_code="310105002") for _ in range(2)]
    for investigator in street_investigators:
        investigation_record(case=refresh(case), investigator=investigator)
    case = verification_complete(case=refresh(case), actor=users["reviewer_civil"])
    case = end_publicity(case_propose_approval(case=case, actor=users["reviewer_civil"]))
    item = _live(case)
    assert (item.step, item.office.code) == ("decision", "310105")
    jiangsu_approver = staff("approver", office_code="310105002")
    with pytest.raises(ActionNotPermitted):  # the street may not decide without delegation
        case_approve(case=case, actor=jiangsu_approver)
    with pytest.raises(Http404):  # the wrong department (no item of theirs on this application)
        case_approve(case=case, actor=staff("approver", office_code="310105", department="education"))
    with pytest.raises(ActionNotPermitted):  # the right office, the wrong role
        case_approve(case=case, actor=users["reviewer_civil"])
    case = case_approve(case=case, actor=users["approver_district"])
    assert case.state == "approved" and case.decided_office.code == "310105"


def test_the_level_is_effective_dated_and_a_street_row_wins_over_its_district(users):
    dibao = Program.objects.get(code="dibao")
    jiangsu = Office.objects.get(code="310105002")
    district = Office.objects.get(code="310105")
    assert not level_for(office=jiangsu, program=dibao, on=dt.date(2026, 1, 1)).delegated
    ApprovalLevel.objects.create(
        office=district,
        program=dibao,
        level="street",
        sample_share=Decimal("0.1"),
        effective_from=dt.date(2026, 3, 1),
    )
    assert not level_for(office=jiangsu, program=dibao, on=dt.date(2026, 2, 28)).delegated
    assert level_for(office=jiangsu, program=dibao, on=dt.date(2026, 3, 1)).delegated
    ApprovalLevel.objects.create(
        office=jiangsu, program=dibao, level="district", effective_from=dt.date(2026, 6, 1)
    )
    assert level_for(office=jiangsu, program=dibao, on=dt.date(2026, 5, 31)).delegated
    assert not level_for(office=jiangsu, program=dibao, on=dt.date(2026, 6, 1)).delegated
    # The level is read on the acceptance day: a later change does not move a case mid-way.
    assert level_for(
        office=Office.objects.get(code="310105001001"), program=dibao, on=dt.date(2026, 6, 1)
    ).delegated


def test_a_hard_case_gets_the_extended_limit_and_needs_a_reason(users):
    app = submit(users, payload(items=["dibao"]))
    case = case_of(app, "dibao")
    case = run_to_review(users, case)
    from programs.errors import ActionInvalid

    with pytest.raises(ActionInvalid):
        act(case, users["reviewer_civil"], "declare_hard_case", reason=" ")
    with pytest.raises(Http404):  # another department's reviewer cannot see it
        act(case, users["reviewer_edu"], "declare_hard_case", reason="家庭成员长期失联，需多方核实")
    with pytest.raises(ActionNotPermitted):  # the approver may see it, but this is the reviewer's step
        act(case, users["approver"], "declare_hard_case", reason="家庭成员长期失联，需多方核实")
    case = act(case, users["reviewer_civil"], "declare_hard_case", reason="家庭成员长期失联，需多方核实")
    assert case.state == "review"
    accepted = timezone.localdate(refresh(case).application.accepted_at)
    assert _whole(case).due == add_working_days(accepted, 45).day


def test_the_publicity_shows_the_amount_the_rules_give(users):
    app = submit(users, payload(items=["dibao"]))
    case = run_to_review(users, case_of(app, "dibao"))
    facts_amount = case.monthly_amount
    assert facts_amount is None  # not fixed before approval
    case = case_propose_approval(case=case, actor=users["reviewer_civil"])
    publicity = refresh(case).details["publicity"]
    assert publicity["monthly_amount"] == "4120.00" and publicity["members"] == 3
    approved = case_approve(case=end_publicity(case), actor=users["approver"])
    assert str(approved.monthly_amount) == "4120.00"


def test_residence_street_investigates_publishes_and_reports_back_and_the_hukou_street_decides(users):
    # 人户分离: hukou in 华阳路 (decides, under delegation), home in 江苏路 (works on commission).
    app = submit(users, payload(items=["dibao"], residence=JIANGSU))
    case = case_of(app, "dibao")
    commission = Commission.objects.get(case=case)
    assert (commission.from_office.code, commission.to_office.code) == ("310105001", "310105002")
    assert commission.commissioned_on == timezone.localdate() and commission.reported_on is None
    assert _live(case).office.code == "310105002"  # the home investigation
    with pytest.raises(ActionNotPermitted):  # the hukou street's investigator does not go
        investigation_record(case=case, investigator=users["investigator"])
    for _ in range(2):
        investigation_record(case=refresh(case), investigator=staff("investigator", office_code="310105002"))
    case = verification_complete(case=refresh(case), actor=users["reviewer_civil"])
    case = case_propose_approval(case=case, actor=users["reviewer_street"])  # the hukou street reviews
    assert _live(case).office.code == "310105002"  # 公示 at the residence committee
    case = end_publicity(case)
    assert case.state == "commission_report"
    residence_reviewer = staff("reviewer", office_code="310105002")
    with pytest.raises(ActionNotPermitted):  # the hukou street does not report to itself
        act(case, users["reviewer_street"], "report_back", report="已调查", neighbours_visited=True)
    case = act(
        case,
        residence_reviewer,
        "report_back",
        report="入户调查、邻里走访、民主评议均已完成，公示期满无异议。",
        neighbours_visited=True,
        democratic_evaluation="评议通过",
    )
    commission.refresh_from_db()
    assert commission.reported_on == timezone.localdate() and commission.reported_by == residence_reviewer
    assert case.state == "decision" and _live(case).office.code == "310105001"
    with pytest.raises(ActionNotPermitted):  # the residence street does not decide
        case_approve(case=case, actor=staff("approver", office_code="310105002"))
    case = case_approve(case=case, actor=users["approver"])
    assert case.state == "approved" and case.decided_office.code == "310105001"
    # Both streets see the case.
    from programs.selectors import case_get_for_user

    assert case_get_for_user(user=residence_reviewer, pk=case.pk).access == "full"
    assert case_get_for_user(user=users["reviewer_street"], pk=case.pk).access == "full"


def test_a_street_decision_under_delegation_opens_a_district_sampling_item(users):
    from review.models import SampleCheck
    from review.sampling import sample_check_record, sample_checks_for_user

    app = submit(users, payload(items=["dibao"]))
    case = case_approve(case=_to_decision(users, case_of(app, "dibao")), actor=users["approver"])
    check = SampleCheck.objects.get(case=case)
    month = timezone.localdate(case.decided_at)
    assert check.reason == "street_delegation" and check.office.code == "310105" and check.role == "reviewer"
    assert check.draw_key == f"street_delegation:310105001:dibao:{month:%Y-%m}"
    assert list(sample_checks_for_user(users["reviewer_civil"])) == [check]
    assert not sample_checks_for_user(users["reviewer_street"]).exists()  # the street does not check itself
    with pytest.raises((ActionNotPermitted, Http404)):
        sample_check_record(check=check, user=users["reviewer_edu"], outcome="upheld", note="")
    sample_check_record(check=check, user=users["reviewer_civil"], outcome="upheld", note="决定依据充分")
    check.refresh_from_db()
    assert check.status == "done" and check.checked_by == users["reviewer_civil"]
    # The district's own decisions (no delegation) are not sampled as street decisions.
    other = submit(users, payload(items=["dibao"], hukou=JIANGSU, residence=JIANGSU))
    other_case = case_of(other, "dibao")
    for _ in range(2):
        investigation_record(
            case=refresh(other_case), investigator=staff("investigator", office_code="310105002")
        )
    other_case = verification_complete(case=refresh(other_case), actor=users["reviewer_civil"])
    other_case = end_publicity(case_propose_approval(case=other_case, actor=users["reviewer_civil"]))
    other_case = case_approve(case=other_case, actor=users["approver_district"])
    assert not SampleCheck.objects.filter(case=other_case).exists()
