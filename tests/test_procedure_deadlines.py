"""Issue 9 (first slice): the whole-procedure and written-denial deadlines of every means-tested
case — on the case page, on the status page, and counted as overdue on the dashboard."""

import datetime as dt

from django.utils import timezone

from intake.models import Application
from notices.models import Notice
from programs.models import ProgramCase
from programs.procedure import procedure_deadlines
from review.calendar import add_working_days
from review.dashboard import overdue_procedures
from tests.factories import payload, staff
from tests.flows import case_deny, case_of, refresh, run_to_review, submit


def _accepted(app, days_ago: int) -> Application:
    Application.objects.filter(pk=app.pk).update(accepted_at=timezone.now() - dt.timedelta(days=days_ago))
    return Application.objects.get(pk=app.pk)


def _deadlines(case):
    return {d.code: d for d in procedure_deadlines(refresh(case))}


def test_the_whole_procedure_is_30_working_days_from_acceptance(users):
    # 江苏路 has no delegation: the district decides, 30 WD (华阳路 decides itself: 20 WD, see
    # tests/test_civil_affairs_levels.py).
    app = submit(users, payload(items=["dibao"], hukou="310105002001", residence="310105002001"))
    case = case_of(app, "dibao")
    whole = _deadlines(case)["whole_procedure"]
    accepted = timezone.localdate(app.accepted_at)
    assert whole.due == add_working_days(accepted, 30).day and whole.met_on is None
    assert not whole.overdue()
    assert "written_denial" not in _deadlines(case)


def test_a_household_living_in_another_street_gets_45_working_days(users):
    # 人户分离 across streets: hukou in 华阳路, home in 江苏路.
    app = submit(users, payload(items=["dibao"], residence="310105002001"))
    whole = _deadlines(case_of(app, "dibao"))["whole_procedure"]
    assert whole.due == add_working_days(timezone.localdate(app.accepted_at), 45).day
    # Two committees of one street are one street's work: no extension (华阳路 decides under
    # delegation: 20 WD).
    same_street = submit(users, payload(items=["dibao"], residence="310105001002"))
    assert (
        _deadlines(case_of(same_street, "dibao"))["whole_procedure"].due
        == add_working_days(timezone.localdate(same_street.accepted_at), 20).day
    )


def test_no_deadline_before_acceptance_and_none_for_other_families(users):
    app = submit(users, payload(items=["dibao", "edu_compulsory"]), accept=False)
    assert procedure_deadlines(case_of(app, "dibao")) == []
    assert procedure_deadlines(case_of(app, "edu_compulsory")) == []


def test_a_denial_is_told_in_writing_within_the_notice_limit(users, django_capture_on_commit_callbacks):
    app = submit(users, payload(items=["dibao"]))
    case = run_to_review(users, case_of(app, "dibao"))
    with django_capture_on_commit_callbacks(execute=True):  # the notice is issued after the commit
        case_deny(case=refresh(case), actor=users["reviewer_civil"], reason="家庭财产超过规定标准")
    case = refresh(case)
    rows = _deadlines(case)
    decided = timezone.localdate(case.decided_at)
    assert rows["whole_procedure"].met_on == decided
    written = rows["written_denial"]
    assert written.due == add_working_days(decided, 2).day  # S001: 2 working days
    assert Notice.objects.filter(case=case, kind="denial", status="ready").exists()
    assert written.met_on == decided and not written.overdue()
    # Had the notice not been issued, it is overdue once the limit has passed.
    Notice.objects.filter(case=case).delete()
    ProgramCase.objects.filter(pk=case.pk).update(decided_at=timezone.now() - dt.timedelta(days=10))
    late = _deadlines(case)["written_denial"]
    assert late.met_on is None and late.overdue()


def test_overdue_procedures_are_on_the_dashboard_of_the_district_only(users, client):
    app = submit(users, payload(items=["dibao"]))
    _accepted(app, days_ago=60)  # more than 30 working days ago, still undecided
    on_time = submit(users, payload(items=["dibao"], hukou="310105002001", residence="310105002001"))
    rows = overdue_procedures(user=users["district_head"])
    assert [r["case"].application_id for r in rows] == [app.pk]
    assert rows[0]["deadline"].code == "whole_procedure" and rows[0]["days_overdue"] > 0
    assert on_time.pk not in [r["case"].application_id for r in rows]
    client.force_login(users["district_head"])
    page = client.get("/dashboard/").content.decode()
    assert 'id="overdue-procedures"' in page and app.reference in page
    # Another district's head sees nothing of it.
    other = staff("district_head", office_code="310107")
    assert overdue_procedures(user=other) == []
    client.force_login(other)
    assert app.reference not in client.get("/dashboard/").content.decode()


def test_the_deadline_is_on_the_case_page_and_the_status_page(users, client):
    app = submit(users, payload(items=["dibao"]))
    case = case_of(app, "dibao")
    due = _deadlines(case)["whole_procedure"].due.isoformat()
    client.force_login(users["reviewer_civil"])
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    assert 'data-deadline="whole_procedure"' in page and due in page
    client.force_login(users["clerk"])
    status = client.get(f"/applications/{app.reference}/").content.decode()
    assert 'data-deadline="whole_procedure"' in status and due in status
