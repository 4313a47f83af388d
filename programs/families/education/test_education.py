"""教育救助: it waits for a status, the school reviews, the education bureau decides."""

from review.models import WorkItem
from tests.api_helpers import fire, status_items
from tests.factories import payload
from tests.flows import case_of, online, refresh, to_state


def test_education_aid_waits_for_dibao_then_school_then_bureau(users, api):
    app = online(users, payload(items=["dibao", "edu_compulsory"]))
    edu = case_of(app, "edu_compulsory")
    assert edu.state == "waiting" and edu.waiting_for == ["dibao"]
    case = to_state(users, "edu_compulsory", "school_review")
    item = WorkItem.objects.get(case=case, status="open")
    assert (item.role, item.department.code, item.office.code) == ("reviewer", "education", "310105")
    reviewer = api(users["reviewer_edu"])
    assert fire(reviewer, case.pk, "approve").status_code == 409  # the school has not reviewed it yet
    assert (
        fire(reviewer, case.pk, "pass_school_review", note="学校评审通过").json()["state"] == "bureau_review"
    )
    response = fire(reviewer, case.pk, "approve", amount="1500")
    assert response.json()["state"] == "approved" and response.json()["granted_amount"] == "1500.00"
    status = status_items(api(users["applicant"]), case.application.reference)["edu_compulsory"]
    assert status["granted_amount"] == "1500.00"


def test_the_school_can_refuse_with_a_reason(users, api):
    case = to_state(users, "edu_compulsory", "school_review")
    reviewer = api(users["reviewer_edu"])
    assert fire(reviewer, case.pk, "deny").status_code == 400
    assert fire(reviewer, case.pk, "deny", reason="学生已转学").json()["state"] == "denied"
    assert refresh(case).decision_reason == "学生已转学"
