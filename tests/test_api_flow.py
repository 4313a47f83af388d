"""The whole flow through the API: fan-out, dibao steps, serial hand-off, denial closing dependants."""

from decimal import Decimal

from notices.models import Notice
from programs.models import CaseTransition
from tests.api_helpers import end_publicity, fire, status_items, submit
from tests.factories import payload, well_off_members


def test_dibao_approval_starts_education_and_medical_and_a_denial_closes_education(users, api):
    applicant, clerk = api(users["applicant"]), api(users["clerk"])
    investigator, investigator2 = api(users["investigator"]), api(users["investigator2"])
    reviewer, approver = api(users["reviewer_civil"]), api(users["approver"])

    # 1. One form, three items, three departments.
    response = submit(applicant, payload(items=["dibao", "edu_compulsory", "medical_inpatient"]))
    assert response.status_code == 201, response.content
    ref = response.json()["reference"]
    items = status_items(applicant, ref)
    assert {i["department"] for i in items.values()} == {"civil_affairs", "education", "medical_security"}
    assert items["dibao"]["state"] == "submitted"
    assert items["edu_compulsory"]["state"] == items["medical_inpatient"]["state"] == "waiting"
    assert items["edu_compulsory"]["waiting_for"] == ["dibao"]

    # 2. The clerk finds it in the queue and accepts it (一口受理).
    queue = clerk.get("/api/v1/work-items/").json()["results"]
    assert [w["reference"] for w in queue] == [ref] and queue[0]["step"] == "acceptance"
    assert clerk.post(f"/api/v1/applications/{ref}/accept/").status_code == 200
    dibao_id = items["dibao"]["case_id"]

    # 3. Dibao runs its steps while the other two wait.
    assert (
        fire(
            investigator, dibao_id, "investigate", findings="入户核实，情况属实", applicant_signed=True
        ).status_code
        == 200
    )
    again = fire(investigator, dibao_id, "investigate", findings="再次提交", applicant_signed=True)
    assert again.status_code == 400 and "另一名调查人员" in again.json()["detail"]
    assert (
        fire(investigator2, dibao_id, "investigate", findings="同意", applicant_signed=True).json()["state"]
        == "verification"
    )
    verified = fire(reviewer, dibao_id, "verify", note="核对无误")
    assert verified.json()["state"] == "review"
    assert all(step["passed"] for step in verified.json()["eligibility_trace"])
    assert fire(reviewer, dibao_id, "propose_approval").json()["state"] == "publicity"
    early = fire(approver, dibao_id, "approve")
    assert early.status_code == 409 and "公示期至" in early.json()["detail"]
    items = status_items(applicant, ref)
    assert items["edu_compulsory"]["state"] == items["medical_inpatient"]["state"] == "waiting"

    end_publicity(dibao_id)
    approved = fire(approver, dibao_id, "approve", note="公示无异议")
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["state"] == "approved"
    assert Decimal(body["monthly_amount"]) == Decimal("4120.00")
    assert body["policy_figures"]["dibao.standard"]["value"] == "1650"
    assert body["decision_reason"]

    # 4. The approval starts both dependants, each in its own department's queue.
    items = status_items(applicant, ref)
    assert items["dibao"]["state"] == "approved"
    assert items["edu_compulsory"]["state"] == "school_review"
    assert items["medical_inpatient"]["state"] == "review"
    assert [
        w["program"] for w in api(users["reviewer_edu"]).get("/api/v1/work-items/").json()["results"]
    ] == ["edu_compulsory"]
    assert [
        w["program"] for w in api(users["reviewer_medical"]).get("/api/v1/work-items/").json()["results"]
    ] == ["medical_inpatient"]
    assert Notice.objects.filter(case_id=dibao_id, kind="approval").exists()

    # 5. A second household: dibao denied → its education item closes, reason shown.
    response = submit(
        clerk, payload(items=["dibao", "edu_compulsory"], members=well_off_members(), hukou="310105001002")
    )
    ref2 = response.json()["reference"]
    clerk.post(f"/api/v1/applications/{ref2}/accept/")
    dibao2 = status_items(clerk, ref2)["dibao"]["case_id"]
    fire(investigator, dibao2, "investigate", findings="属实", applicant_signed=True)
    fire(investigator2, dibao2, "investigate", findings="属实", applicant_signed=True)
    trace = fire(reviewer, dibao2, "verify").json()["eligibility_trace"]
    assert [s["rule"] for s in trace if not s["passed"]] == ["income_below_dibao_standard"]
    refused = fire(reviewer, dibao2, "propose_approval")
    assert refused.status_code == 400
    denied = fire(reviewer, dibao2, "deny", reason="家庭收入超过标准")
    assert denied.json()["state"] == "denied"
    assert "人均月收入低于低保标准" in denied.json()["decision_reason"]
    items2 = status_items(clerk, ref2)
    assert items2["edu_compulsory"]["state"] == "precondition_not_met"
    assert "低保" in items2["edu_compulsory"]["decision_reason"]
    assert "low_income" not in items2  # well above the low-income line: nothing opened
    assert CaseTransition.objects.filter(case_id=dibao2, target="denied").count() == 1
