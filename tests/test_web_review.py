"""Staff pages: queues in scope and order, acceptance, the full means-test through the web, conflicts."""

import datetime as dt

from accounts.models import AuditEvent
from intake.models import Application
from programs.models import ProgramCase
from programs.tally import tally_rebuild
from review.models import WorkItem
from tests.factories import payload, staff, well_off_members
from tests.flows import case_approve, case_of, case_propose_approval, end_publicity, run_to_review
from tests.flows import submit as submit_service


def test_queue_shows_own_department_office_and_role_soonest_first_overdue_marked(users, client):
    first = submit_service(users, payload(items=["dibao"]))
    second = submit_service(users, payload(items=["dibao"], hukou="310105001002", residence="310105001002"))
    WorkItem.objects.filter(case__application=second, status="open").update(due_date=dt.date(2020, 1, 2))
    submit_service(
        users, payload(items=["dibao"], hukou="310107001001", residence="310107001001")
    )  # another street
    client.force_login(users["investigator"])
    page = client.get("/work/").content.decode()
    assert page.index(second.reference) < page.index(first.reference)
    assert "已超期" in page
    assert page.count('data-item-id="') == 2
    client.force_login(users["reviewer_edu"])
    assert 'data-item-id="' not in client.get("/work/").content.decode()


def test_claim_conflict_gives_a_clear_message(users, client):
    submit_service(users, payload(items=["dibao"]))
    item = WorkItem.objects.get(status="open")
    client.force_login(users["investigator"])
    client.post(f"/work/items/{item.pk}/claim/")
    client.force_login(users["investigator2"])
    response = client.post(f"/work/items/{item.pk}/claim/", follow=True)
    assert "已被他人认领" in response.content.decode()
    assert WorkItem.objects.get(pk=item.pk).claimed_by == users["investigator"]


def test_clerk_returns_once_then_accepts(users, client):
    app = submit_service(users, payload(items=["dibao", "edu_compulsory"]), accept=False)
    client.force_login(users["clerk"])
    url = f"/work/applications/{app.reference}/accept/"
    # The page lists what is PRESENT: the unticked ones are returned as missing.
    codes = list(app.materials.values_list("material__code", flat=True))
    present = [c for c in codes if c not in ("income_proof", "id_card")]
    response = client.post(url, {"action": "return", "present_materials": present, "reason": "收入证明缺页"})
    assert response.status_code == 302
    app = Application.objects.get(pk=app.pk)
    assert app.acceptance == "returned" and set(app.missing_materials) == {"income_proof", "id_card"}
    assert WorkItem.objects.get(application=app, case__isnull=True).status == "paused"
    assert case_of(app, "dibao").state == "returned"
    page = client.get(f"/applications/{app.reference}/").content.decode()
    assert "补正告知" in page and "收入证明" in page
    # The applicant (here the clerk on their behalf) supplies them; the clock restarts.
    client.post(f"/applications/{app.reference}/resubmit/", {"provided": ["income_proof", "id_card"]})
    app = Application.objects.get(pk=app.pk)
    assert app.acceptance == "submitted"
    second = client.post(url, {"action": "return", "present_materials": codes[1:]})
    assert second.status_code == 400 and "只能一次性告知" in second.content.decode()
    assert client.post(url, {"action": "accept", "present_materials": codes}).status_code == 302
    assert case_of(app, "dibao").state == "investigation"


def test_means_test_runs_through_the_web_to_approval(users, client):
    app = submit_service(users, payload(items=["dibao", "medical_inpatient"]))
    case = case_of(app, "dibao")
    url = f"/work/cases/{case.pk}/"
    for who in ("investigator", "investigator2"):
        client.force_login(users[who])
        assert (
            client.post(
                url,
                {
                    "action": "investigate",
                    "expected_state": "investigation",
                    "findings": "属实",
                    "applicant_signed": "1",
                },
            ).status_code
            == 302
        )
    client.force_login(users["reviewer_civil"])
    page = client.get(url).content.decode()
    assert 'name="action" value="verify"' in page
    client.post(url, {"action": "verify", "expected_state": "verification"})
    page = client.get(url).content.decode()
    assert "人均月收入低于低保标准" in page
    client.post(url, {"action": "propose_approval", "expected_state": "review", "note": "评审会议通过"})
    client.force_login(users["approver"])
    early = client.post(url, {"action": "approve", "expected_state": "publicity"})
    assert early.status_code == 409 and "公示期至" in early.content.decode()
    assert 'value="approve"' not in client.get(url).content.decode()  # no button that can only fail
    end_publicity(case)
    page = client.get(url).content.decode()
    assert 'value="approve"' in page
    assert client.post(url, {"action": "approve", "expected_state": "decision"}).status_code == 302
    assert case_of(app, "dibao").state == "approved"
    assert case_of(app, "medical_inpatient").state == "review"
    client.force_login(users["reviewer_medical"])
    medical = case_of(app, "medical_inpatient")
    assert (
        client.post(
            f"/work/cases/{medical.pk}/", {"action": "approve", "expected_state": "review"}
        ).status_code
        == 302
    )
    assert case_of(app, "medical_inpatient").state == "approved"


def test_stale_form_gets_409_and_changes_nothing(users, client):
    app = submit_service(users, payload(items=["dibao"], members=well_off_members()))
    case = run_to_review(users, case_of(app, "dibao"))
    client.force_login(users["reviewer_civil"])
    response = client.post(
        f"/work/cases/{case.pk}/", {"action": "deny", "expected_state": "verification", "reason": "x"}
    )
    assert response.status_code == 409
    assert "已被他人处理" in response.content.decode()
    assert ProgramCase.objects.get(pk=case.pk).state == "review"


def test_reviewer_of_another_office_gets_404(users, client):
    app = submit_service(users, payload(items=["dibao"]))
    client.force_login(staff("reviewer", office_code="310107", department="civil_affairs"))
    assert client.get(f"/work/cases/{case_of(app, 'dibao').pk}/").status_code == 404
    assert client.get(f"/work/applications/{app.reference}/accept/").status_code in (403, 404)


def test_reveal_needs_the_live_step_or_the_deciding_office_and_a_purpose(users, client):
    from tests.flows import to_state

    case = to_state(users, "dibao", "verification")
    person = case.application.members.order_by("id").first()
    number = None
    url = f"/work/persons/{person.pk}/reveal/"
    body = {"case": case.pk, "purpose": "核对户籍信息"}
    client.force_login(users["clerk"])  # no reveal permission at all
    assert client.post(url, body).status_code == 403
    client.force_login(users["approver"])  # may reveal, but holds no step of this case now
    assert client.post(url, body).status_code == 403
    assert AuditEvent.objects.filter(code="intake.person.id_reveal_refused", actor=users["approver"]).exists()
    client.force_login(users["reviewer_civil"])  # holds the verification step
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    assert person.id_number_masked in page
    no_purpose = client.post(url, {"case": case.pk, "purpose": " "})
    assert no_purpose.status_code == 302
    response = client.post(url, body)
    assert response.status_code == 200
    from intake.identity import decrypt_id_number

    number = decrypt_id_number(person.id_number_encrypted)
    assert number in response.content.decode() and number not in page
    row = AuditEvent.objects.get(code="intake.person.id_revealed", actor=users["reviewer_civil"])
    assert row.object_id == str(person.pk) and row.data == {"case": case.pk, "purpose": "核对户籍信息"}


def test_dashboard_counts_and_median_working_days(users, client):
    approved = submit_service(users, payload(items=["dibao"]))
    case = case_propose_approval_and_approve(users, approved)
    # Submitted Monday 2026-09-28, decided 2026-10-10 (the 调休 Saturday): 5 working days.
    approved.__class__.objects.filter(pk=approved.pk).update(
        submitted_at=dt.datetime(2026, 9, 28, 9, tzinfo=dt.UTC)
    )
    client.force_login(users["district_head"])
    # Counted by the engine as it decided: the same day, 0 working days.
    assert '<strong id="median">0</strong>' in client.get("/dashboard/").content.decode()
    ProgramCase.objects.filter(pk=case.pk).update(decided_at=dt.datetime(2026, 10, 10, 9, tzinfo=dt.UTC))
    # The raw UPDATEs bypassed the engine: the nightly recount (programs.tally) puts it right.
    tally_rebuild()
    submit_service(users, payload(items=["dibao", "edu_compulsory"]))
    page = client.get("/dashboard/").content.decode()
    assert '<strong id="median">5</strong>' in page
    assert 'data-department="civil_affairs"' in page and 'data-department="education"' in page
    client.force_login(users["reviewer_civil"])
    assert client.get("/dashboard/").status_code == 403


def case_propose_approval_and_approve(users, app):
    case = case_propose_approval(
        case=run_to_review(users, case_of(app, "dibao")), actor=users["reviewer_civil"]
    )
    return case_approve(case=end_publicity(case), actor=users["approver"])
