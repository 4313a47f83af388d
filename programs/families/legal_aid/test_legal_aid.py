"""法律援助 end to end through the API: pre-check, originals, decision (7 days), lawyer (3 days)."""

import datetime as dt

from notices.models import Notice
from programs.models import Entitlement, Program
from review.calendar import due_date
from review.models import WorkItem
from tests.api_helpers import fire, status_items, submit
from tests.factories import member, payload


def _live(case_id):
    return WorkItem.objects.get(case_id=case_id, status="open")


def _run(api, users, reference):
    """The centre's steps, checking each work item's office, department and deadline."""
    justice = api(users["reviewer_justice"])
    case_id = status_items(api(users["applicant"]), reference)["legal_aid"]["case_id"]
    item = _live(case_id)
    assert (item.step, item.role, item.office.code, item.department.code) == (
        "precheck",
        "reviewer",
        "310105",
        "justice",
    )
    assert (
        fire(justice, case_id, "pass_precheck", matter="劳动报酬纠纷（拖欠工资）").json()["state"]
        == "onsite_check"
    )
    body = fire(justice, case_id, "verify_originals", originals_verified=True).json()
    assert body["state"] == "legal_review"
    today = dt.date.today()
    assert _live(case_id).due_date == due_date(start=today, days=7, unit="calendar_days").day
    return justice, case_id, body


def test_legal_aid_for_a_dibao_household_waives_the_hardship_check(users, api):
    applicant = api(users["applicant"])
    first = submit(applicant, payload(items=["dibao"])).json()["reference"]
    from intake.models import Application

    household = Application.objects.get(reference=first).household
    Entitlement.objects.create(
        household=household, program=Program.objects.get(code="dibao"), valid_from=dt.date(2026, 1, 1)
    )
    response = submit(applicant, payload(items=["legal_aid"]))
    assert response.status_code == 201
    reference = response.json()["reference"]
    # No window acceptance for legal aid: the centre's pre-check is its acceptance.
    assert status_items(applicant, reference)["legal_aid"]["state"] == "precheck"
    justice, case_id, body = _run(api, users, reference)
    waived = [s for s in body["eligibility_trace"] if s["rule"] == "economic_hardship_waived"]
    assert (
        waived
        and waived[0]["passed"]
        and "第四十二条" in waived[0]["detail"]
        and "最低生活保障" in waived[0]["detail"]
    )
    assert "income_below_hardship_line" not in [s["rule"] for s in body["eligibility_trace"]]
    approved = fire(justice, case_id, "approve", note="符合法律援助条件")
    assert approved.json()["state"] == "lawyer_assignment"
    assert _live(case_id).due_date == due_date(start=dt.date.today(), days=3, unit="calendar_days").day
    assert Notice.objects.filter(case_id=case_id, kind="approval").exists()
    done = fire(justice, case_id, "assign_lawyer", lawyer="李律师", law_firm="长宁律师事务所")
    assert done.json()["state"] == "approved"
    assert done.json()["details"]["lawyer"] == "李律师"
    assert not WorkItem.objects.filter(case_id=case_id, status="open").exists()
    item = status_items(applicant, reference)["legal_aid"]
    assert item["state"] == "approved" and item["full"]


def test_legal_aid_without_a_status_checks_hardship_and_refuses_in_writing(users, api):
    applicant = api(users["applicant"])
    rich = [member("高收入", relation="self", employment="employed", incomes={"wages": "30000"})]
    reference = submit(applicant, payload(items=["legal_aid"], members=rich)).json()["reference"]
    justice, case_id, body = _run(api, users, reference)
    check = next(s for s in body["eligibility_trace"] if s["rule"] == "income_below_hardship_line")
    assert check["passed"] is False and "3300" in check["detail"]
    assert body["policy_figures"]["legal_aid.hardship_line"]["confirmed"] is False
    refused = fire(justice, case_id, "approve")
    assert refused.status_code == 400
    denied = fire(justice, case_id, "deny", reason="")
    assert denied.json()["state"] == "denied"
    assert "人均月收入低于法律援助经济困难标准" in denied.json()["decision_reason"]
    assert Notice.objects.filter(case_id=case_id, kind="denial").exists()


def test_a_poor_household_without_status_passes_the_hardship_check(users, api):
    reference = submit(api(users["applicant"]), payload(items=["legal_aid"])).json()["reference"]
    _justice, _case_id, body = _run(api, users, reference)
    check = next(s for s in body["eligibility_trace"] if s["rule"] == "income_below_hardship_line")
    assert check["passed"] is True


def test_only_the_legal_aid_centre_may_pre_check(users, api):
    reference = submit(api(users["applicant"]), payload(items=["legal_aid"])).json()["reference"]
    case_id = status_items(api(users["applicant"]), reference)["legal_aid"]["case_id"]
    for name in ("reviewer_civil", "reviewer_medical", "clerk", "applicant"):
        assert fire(api(users[name]), case_id, "pass_precheck", matter="x").status_code in (403, 404), name
