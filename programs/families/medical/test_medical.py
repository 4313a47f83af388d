"""医疗救助 through the API: it waits for a status, then medical security reviews and decides."""

from decimal import Decimal

from programs.models import Entitlement
from review.models import WorkItem
from tests.api_helpers import fire, status_items
from tests.flows import to_state


def test_medical_aid_is_decided_by_the_district_medical_security_reviewer(users, api):
    case = to_state(users, "medical_inpatient", "review")
    item = WorkItem.objects.get(case=case, status="open")
    assert (item.role, item.department.code, item.office.code) == ("reviewer", "medical_security", "310105")
    assert fire(api(users["reviewer_civil"]), case.pk, "approve").status_code == 403
    response = fire(api(users["reviewer_medical"]), case.pk, "approve", note="同意", amount="3200.50")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "approved" and body["granted_amount"] == "3200.50"
    # An entitlement (a one-off amount, relying on the status it waited for), but no status.
    entitlement = Entitlement.objects.get(source_case_id=case.pk)
    assert (entitlement.amount, entitlement.amount_kind) == (Decimal("3200.50"), "once")
    assert not entitlement.program.grants_status
    assert [e.program.code for e in entitlement.relies_on.all()] == ["dibao"]
    item = status_items(api(users["applicant"]), case.application.reference)["medical_inpatient"]
    assert item["granted_amount"] == "3200.50" and item["next_action"]


def test_medical_aid_denial_needs_a_reason(users, api):
    case = to_state(users, "medical_inpatient", "review")
    reviewer = api(users["reviewer_medical"])
    assert fire(reviewer, case.pk, "deny").status_code == 400
    assert fire(reviewer, case.pk, "deny", reason="费用不属于救助范围").json()["state"] == "denied"
