"""The case engine: status-only access across departments, action input as data, 公示 as a
timer then a decision, and decisions that explain themselves."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from notices.models import Notice
from programs.engine import case_timers_fire
from programs.models import ProgramCase
from review.models import WorkItem
from tests.api_helpers import fire, status_items
from tests.factories import payload
from tests.flows import case_of, refresh, run_to_review, submit, to_state


@pytest.fixture
def shared(users):
    """One application: dibao (civil affairs) + inpatient medical aid (medical security)."""
    app = submit(users, payload(items=["dibao", "medical_inpatient"]))
    return app, case_of(app, "dibao"), case_of(app, "medical_inpatient")


def test_medical_reviewer_sees_only_the_status_of_the_shared_dibao_case(users, api, client, shared):
    app, dibao, medical = shared
    run_to_review(users, dibao)
    reviewer = api(users["reviewer_medical"])
    body = reviewer.get(f"/api/v1/cases/{dibao.pk}/").json()
    assert body["access"] == "status" and body["state"] == "review" and body["step_due_date"]
    for secret in (
        "declared_figures",
        "verified_figures",
        "eligibility_trace",
        "decision_reason",
        "monthly_amount",
        "policy_figures",
        "details",
    ):
        assert secret not in body
    # The medical reviewer's own item: everything.
    assert reviewer.get(f"/api/v1/cases/{medical.pk}/").json()["access"] == "full"
    # The status page through the API: no reason, amount, history or notices for dibao.
    item = status_items(reviewer, app.reference)["dibao"]
    assert item["full"] is False and item["decision_reason"] == "" and item["history"] == []
    # The web page: the status, none of the figures or the trace.
    client.force_login(users["reviewer_medical"])
    page = client.get(f"/work/cases/{dibao.pk}/").content.decode()
    assert 'id="status-only"' in page
    assert "人均月收入" not in page and 'id="trace"' not in page and "入户调查记录" not in page
    assert 'name="action"' not in page


def test_medical_reviewer_can_no_longer_deny_the_dibao_case(users, api, shared):
    """The hole found from outside: a medical reviewer denied dibao and closed the medical item."""
    app, dibao, medical = shared
    run_to_review(users, dibao)
    reviewer = api(users["reviewer_medical"])
    for action, extra in (("deny", {"reason": "收入超标"}), ("verify", {}), ("propose_approval", {})):
        response = fire(reviewer, dibao.pk, action, expected_state="review", **extra)
        assert response.status_code == 403, action
    assert refresh(dibao).state == "review"
    assert refresh(medical).state == "waiting"
    assert not Notice.objects.filter(case=dibao).exists()
    assert (
        AuditEvent.objects.filter(
            code="programs.case.action_refused", actor=users["reviewer_medical"]
        ).count()
        == 3
    )


def test_education_reviewer_of_another_application_gets_404_and_it_is_audited(users, api, shared):
    _app, dibao, _medical = shared
    response = fire(api(users["reviewer_edu"]), dibao.pk, "deny", reason="x")
    assert response.status_code == 404
    refusal = AuditEvent.objects.get(code="programs.case.action_refused", actor=users["reviewer_edu"])
    assert refusal.object_id == str(dibao.pk) and refusal.data["why"] == "not_visible"


def test_an_unknown_or_misspelt_field_is_a_400_and_changes_nothing(users, api):
    case = to_state(users, "dibao", "review")
    reviewer = api(users["reviewer_civil"])
    response = fire(reviewer, case.pk, "deny", reasn="拼错了字段")
    assert response.status_code == 400 and "reasn" in response.json()["errors"]
    response = fire(reviewer, case.pk, "approve_now")
    assert response.status_code == 400 and "approve_now" in response.json()["detail"]
    assert refresh(case).state == "review"


def test_verified_figures_that_contradict_each_other_are_refused(users, api):
    case = to_state(users, "dibao", "verification")
    reviewer = api(users["reviewer_civil"])
    # 3 members: a per-capita income of 300 means 900 counted, not 2,400.
    response = fire(
        reviewer, case.pk, "verify", figures={"income_counted": "2400", "per_capita_income": "300"}
    )
    assert response.status_code == 400
    assert "相互矛盾" in response.json()["detail"] and "2400.00" in response.json()["detail"]
    assert refresh(case).state == "verification"
    unknown = fire(reviewer, case.pk, "verify", figures={"income": "10"})
    assert unknown.status_code == 400 and "figures.income" in unknown.json()["errors"]
    # A total alone sets its per-capita figure.
    done = fire(reviewer, case.pk, "verify", figures={"income_counted": "2400"})
    assert done.status_code == 200
    assert done.json()["verified_figures"]["per_capita_income"] == "800.00"


def test_a_denial_with_every_condition_met_needs_a_reason_the_notice_quotes(
    users, api, client, settings, tmp_path
):
    from notices.services import notice_render
    from tests.test_pdf_notices import pdf_text

    settings.MEDIA_ROOT = tmp_path
    case = to_state(users, "dibao", "review")
    assert all(step["passed"] for step in case.eligibility_trace)
    client.force_login(users["reviewer_civil"])
    assert "审核条件均符合" in client.get(f"/work/cases/{case.pk}/").content.decode()  # the warning
    refused = fire(api(users["reviewer_civil"]), case.pk, "deny", reason="")
    assert refused.status_code == 400 and "必须填写理由" in refused.json()["detail"]
    denied = fire(api(users["reviewer_civil"]), case.pk, "deny", reason="申请人隐瞒了出租房屋的租金收入")
    assert denied.status_code == 200
    notice = Notice.objects.get(case=case, kind="denial")
    notice_render(notice_id=notice.pk)
    notice.refresh_from_db()
    from pathlib import Path

    text = "".join(pdf_text(Path(notice.file.path).read_bytes()).split())
    assert "申请人隐瞒了出租房屋的租金收入" in text


def test_the_decision_after_publicity_is_due_5_working_days_after_it_ends(users, client):
    """公示 ends Wednesday 2026-09-30, before the National Day holiday (Oct 1–7, Oct 10 a workday)."""
    case = to_state(users, "dibao", "publicity")
    ProgramCase.objects.filter(pk=case.pk).update(publicity_ends_on=dt.date(2026, 9, 30))
    assert case_timers_fire(today=dt.date(2026, 9, 30)) == 0  # the last day of 公示: not yet
    assert refresh(case).state == "publicity"
    assert case_timers_fire(today=dt.date(2026, 10, 1)) == 1
    assert case_timers_fire(today=dt.date(2026, 10, 1)) == 0  # idempotent
    case = refresh(case)
    assert case.state == "decision"
    item = WorkItem.objects.get(case=case, status="open")
    assert (item.role, item.office.code, item.department.code) == ("approver", "310105001", "civil_affairs")
    assert item.counted_from == dt.date(2026, 9, 30)
    assert item.due_date == dt.date(2026, 10, 13)  # Oct 8, 9, 10 (调休), 12, 13
    client.force_login(users["approver"])
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    assert 'value="approve"' in page and "2026-10-13" in page


def test_during_publicity_the_approver_sees_when_the_decision_becomes_possible(users, client):
    case = to_state(users, "dibao", "publicity")
    client.force_login(users["approver"])
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    opens = (case.publicity_ends_on + dt.timedelta(days=1)).isoformat()
    assert 'id="staff-note"' in page and opens in page
    assert 'value="approve"' not in page


def test_an_objection_in_publicity_stops_the_timer_and_starts_a_new_round(users, api):
    case = to_state(users, "dibao", "publicity")
    response = fire(api(users["reviewer_civil"]), case.pk, "object", content="邻居反映家中有车辆")
    assert response.json()["state"] == "investigation"
    assert case_timers_fire(today=dt.date.today() + dt.timedelta(days=30)) == 0
    page_help = api(users["investigator"]).get(f"/api/v1/cases/{case.pk}/").json()
    assert [a["action"] for a in page_help["available_actions"]] == ["investigate"]
    assert {f["name"] for f in page_help["available_actions"][0]["fields"]} == {
        "findings",
        "applicant_signed",
    }
    assert page_help["facts"]["signatures"] == 0 and page_help["facts"]["signatures_required"] == 2


def test_openapi_documents_each_action_body(client, db):
    schema = client.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    names = ("Investigate", "Verify", "AssignLawyer", "PassPrecheck", "Deny", "Approve", "Object")
    for name in names:
        assert f"{name}ActionRequest" in components, name
    assert "figures" in components["VerifyActionRequest"]["properties"]
    assert {"lawyer", "law_firm"} <= set(components["AssignLawyerActionRequest"]["properties"])
    mapping = components["CaseActionRequest"]["discriminator"]["mapping"]
    assert set(mapping) >= {"investigate", "verify", "approve", "deny", "assign_lawyer"}


def test_after_an_objection_the_new_round_needs_two_new_signatures(users, api, client):
    case = to_state(users, "dibao", "publicity")
    fire(api(users["reviewer_civil"]), case.pk, "object", content="邻居反映家中有车辆")
    client.force_login(users["investigator"])
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    assert "本轮已有 0/2 名" in page
    first = fire(
        api(users["investigator"]), case.pk, "investigate", findings="复查：车辆已出售", applicant_signed=True
    )
    assert first.json()["state"] == "investigation"  # one signature of this round is not enough
    second = fire(
        api(users["investigator2"]), case.pk, "investigate", findings="复查属实", applicant_signed=True
    )
    assert second.json()["state"] == "verification"


def test_who_verified_or_proposed_may_not_also_approve(users, api):
    case = to_state(users, "dibao", "decision")
    reviewer = users["reviewer_civil"]
    # The same person later becomes the street's approver: still may not approve this case.
    reviewer.role, reviewer.office = "approver", users["approver"].office
    reviewer.save()
    response = fire(api(reviewer), case.pk, "approve")
    assert response.status_code == 403 and "职责分离" in response.json()["detail"]
    assert AuditEvent.objects.filter(
        code="programs.case.action_refused", data__why="segregation_of_duties"
    ).exists()
    assert fire(api(users["approver"]), case.pk, "approve").status_code == 200


def test_only_the_steps_role_may_claim_its_work_item(users, api):
    case = to_state(users, "dibao", "review")
    item = WorkItem.objects.get(case=case, status="open")
    assert api(users["approver"]).post(f"/api/v1/work-items/{item.pk}/claim/").status_code in (403, 404)
    assert api(users["reviewer_civil"]).post(f"/api/v1/work-items/{item.pk}/claim/").status_code == 200


def test_the_applicant_sees_no_reviewers_notes_or_objections(users, api):
    case = to_state(users, "dibao", "publicity")
    fire(
        api(users["reviewer_civil"]), case.pk, "object", content="邻居张三（电话 13900001111）反映家中有车辆"
    )
    body = api(users["applicant"]).get(f"/api/v1/applications/{case.application.reference}/").content.decode()
    assert "张三" not in body and "13900001111" not in body and "评审会议通过" not in body


def test_only_the_applicant_or_a_clerk_may_resubmit_materials(users, api):
    from intake.services import application_return
    from tests.flows import online

    app = online(users, payload(items=["dibao"]), accept=False)
    application_return(application=app, actor=users["clerk"], missing_materials=["income_proof"], reason="缺")
    url = f"/api/v1/applications/{app.reference}/resubmit/"
    assert (
        api(users["reviewer_civil"]).post(url, {"provided": ["income_proof"]}, format="json").status_code
        == 403
    )
    assert api(users["applicant"]).post(url, {"provided": ["income_proof"]}, format="json").status_code == 200


def test_one_household_cannot_hold_two_live_cases_of_the_same_item(users, api):
    from intake.models import Application
    from programs.lifecycle import FINAL_STATES
    from programs.models import ProgramCase

    first = submit(users, payload(items=["dibao"]))
    clerk = api(users["clerk"])
    again = clerk.post(
        "/api/v1/applications/",
        {**payload(items=["dibao", "edu_compulsory"]), "household_id": first.household_id},
        format="json",
        HTTP_IDEMPOTENCY_KEY="second",
    )
    assert again.status_code == 400
    assert first.reference in again.json()["errors"]["items"]
    assert Application.objects.count() == 1
    # The database refuses it too, whatever the code path.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramCase.objects.create(
            application=first, household=first.household, program=case_of(first, "dibao").program
        )
    constraint = next(
        c for c in ProgramCase._meta.constraints if c.name == "one_live_case_per_household_item"
    )
    assert set(dict(constraint.condition.children)["state__in"]) == set(FINAL_STATES)
