"""The retention job: closed applications anonymised after the period (PIPL §19, §47)."""

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AuditEvent
from intake.identity import blind_index
from intake.models import Application, Draft, Household, Person
from intake.retention import (
    ANONYMISED_NAME,
    ANONYMISED_TEXT,
    retention_due_applications,
    retention_run,
    scrub_details,
    scrub_trace,
)
from intake.selectors import household_search
from notices.models import Notice
from programs.models import CaseTransition, Entitlement, Program, ProgramCase
from review.models import Investigation, Objection
from tests.factories import payload
from tests.flows import (
    case_deny,
    case_of,
    investigation_record,
    online,
    refresh,
    to_state,
    verification_complete,
)

DAYS = 1826
DENIAL_WORDS = "申请人李测试隐瞒了出租房屋的租金收入"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Uploaded materials live in the private storage; here in the same folder, for the checks below.
    settings.ONEWINDOW_PRIVATE_ROOT = tmp_path
    settings.ONEWINDOW_RETENTION_DAYS = DAYS
    return tmp_path


def age(application, *, days: int) -> None:
    """Move every timestamp of the application `days` into the past."""
    past = timezone.now() - dt.timedelta(days=days)
    Application.objects.filter(pk=application.pk).update(submitted_at=past, accepted_at=past)
    cases = ProgramCase.objects.filter(application=application)
    cases.filter(decided_at__isnull=False).update(decided_at=past)
    cases.update(updated_at=past)
    CaseTransition.objects.filter(case__application=application).update(created_at=past)


def refused(users, *, days=DAYS + 30, household=None):
    """A dibao application refused `days` ago, with notes, records, a notice and a material file."""
    data = payload(items=["dibao"])
    app = online(users, data, household=household)
    case = case_of(app, "dibao")
    investigation_record(case=case, investigator=users["investigator"], findings="李测试称丈夫王测试在外打工")
    investigation_record(case=refresh(case), investigator=users["investigator2"], findings="邻居张某证实")
    verification_complete(case=refresh(case), actor=users["reviewer_civil"], note="核对李测试名下无车辆")
    Objection.objects.create(case=case, content="邻居反映李测试家有经营收入", recorded_by=users["clerk"])
    case_deny(case=refresh(case), actor=users["reviewer_civil"], reason=DENIAL_WORDS)
    Application.objects.filter(pk=app.pk).update(
        note="李测试长期患病", delegated=True, delegate_name="王代办", delegate_relation="邻居"
    )
    notice = Notice.objects.get(case=case, kind="denial")
    notice.file.save("denial.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    Notice.objects.filter(pk=notice.pk).update(file=notice.file.name, status=Notice.Status.READY)
    material = app.materials.first()
    material.file.save("id.jpg", ContentFile(b"jpeg"), save=True)
    Draft.objects.create(owner=users["applicant"], data={}, idempotency_key="x", submitted_application=app)
    age(app, days=days)
    return Application.objects.get(pk=app.pk), data


def run(*, dry_run=False, now=None, capture=None):
    if capture is None:
        return retention_run(dry_run=dry_run, now=now)
    with capture(execute=True):
        return retention_run(dry_run=dry_run, now=now)


def test_a_refused_application_past_the_period_is_anonymised_keeping_outcome_and_amounts(
    users, django_capture_on_commit_callbacks, media
):
    app, data = refused(users)
    case = case_of(app, "dibao")
    notice_path = media / Notice.objects.get(case=case).file.name
    material_path = media / app.materials.exclude(file="").get().file.name
    assert notice_path.exists() and material_path.exists()
    figures_before, amounts_before = case.verified_figures, list(app.financial_entries.values("amount"))
    id_numbers = [m["id_number"] for m in data["members"]]

    report = run(capture=django_capture_on_commit_callbacks)

    assert report.applications == [app.reference] and report.households == [app.household_id]
    app = Application.objects.get(pk=app.pk)
    assert app.anonymised_at is not None
    assert (app.note, app.delegate_name, app.delegate_relation, app.request_fingerprint) == ("", "", "", "")
    case = refresh(case)
    assert case.state == "denied" and case.decided_at is not None
    assert case.verified_figures == figures_before  # the figures are kept for statistics
    assert DENIAL_WORDS not in case.decision_reason and case.decision_reason == ANONYMISED_TEXT
    assert list(app.financial_entries.values("amount")) == amounts_before
    assert not CaseTransition.objects.filter(case=case).exclude(reason="").exists()
    assert set(Investigation.objects.filter(case=case).values_list("findings", flat=True)) == {
        ANONYMISED_TEXT
    }
    assert set(Objection.objects.filter(case=case).values_list("content", flat=True)) == {ANONYMISED_TEXT}
    notice = Notice.objects.get(case=case)
    assert notice.file.name == "" and notice.status == Notice.Status.READY
    assert not notice_path.exists() and not material_path.exists()
    assert not Draft.objects.filter(submitted_application=app).exists()

    household = Household.objects.get(pk=app.household_id)
    assert household.anonymised_at is not None
    assert (household.address, household.phone, household.owner_id) == ("", "", None)
    people = list(Person.objects.filter(household=household))
    assert len(people) == 3
    for person in people:
        assert person.name == ANONYMISED_NAME
        assert person.id_number_encrypted == "" and person.id_number_masked == ""
        assert person.id_number_index.startswith("anonymised:")
        assert (person.birth_date.month, person.birth_date.day) == (1, 1)
    assert len({p.id_number_index for p in people}) == 3
    assert {p.birth_date.year for p in people} == {1980, 2014}
    for number in id_numbers:
        assert not Person.objects.filter(id_number_index=blind_index(number)).exists()
        assert not household_search(user=users["clerk"], id_number=number).exists()


def test_a_recent_refusal_is_kept(users):
    app, _data = refused(users, days=DAYS - 30)
    assert not retention_due_applications().filter(pk=app.pk).exists()
    report = retention_run(dry_run=False)
    assert app.reference not in report.applications
    app = Application.objects.get(pk=app.pk)
    assert app.anonymised_at is None and app.note == "李测试长期患病"
    # The period counts from the last activity: the same application is due after it.
    later = timezone.now() + dt.timedelta(days=31)
    assert retention_due_applications(now=later).filter(pk=app.pk).exists()


def test_an_application_with_a_live_case_is_kept(users):
    case = to_state(users, "dibao", "review")
    age(case.application, days=DAYS + 30)
    assert not retention_due_applications().filter(pk=case.application_id).exists()
    assert case.application.reference not in retention_run(dry_run=False).applications


def test_a_live_case_in_another_application_of_the_household_keeps_both(users):
    app, _data = refused(users)
    online(users, payload(items=["dibao"]), household=app.household)
    assert not retention_due_applications().filter(pk=app.pk).exists()
    report = retention_run(dry_run=False)
    assert report.applications == [] and report.households == []
    assert Household.objects.get(pk=app.household_id).address


def test_a_household_still_receiving_help_is_never_anonymised(users):
    app, _data = refused(users)
    Entitlement.objects.create(
        household=app.household,
        program=Program.objects.get(code="low_income"),
        valid_from=dt.date(2020, 1, 1),
    )
    far = timezone.now() + dt.timedelta(days=10 * 365)
    assert not retention_due_applications(now=far).filter(pk=app.pk).exists()
    # Ended within the period: still kept; ended before the period: due.
    entitlement = Entitlement.objects.get(household=app.household)
    entitlement.source_case = case_of(app, "dibao")
    entitlement.valid_until = timezone.localdate() - dt.timedelta(days=10)
    entitlement.save()
    assert not retention_due_applications().filter(pk=app.pk).exists()
    assert retention_due_applications(now=far).filter(pk=app.pk).exists()


def test_the_household_goes_only_with_its_last_application(users, django_capture_on_commit_callbacks):
    old, _data = refused(users)
    recent, _ = refused(users, days=30, household=old.household)

    report = run(capture=django_capture_on_commit_callbacks)

    assert report.applications == [old.reference] and report.households == []
    assert Application.objects.get(pk=recent.pk).anonymised_at is None
    household = Household.objects.get(pk=old.household_id)
    assert household.anonymised_at is None and household.address
    assert not Person.objects.filter(household=household, name=ANONYMISED_NAME).exists()

    later = run(now=timezone.now() + dt.timedelta(days=DAYS), capture=django_capture_on_commit_callbacks)
    assert later.applications == [recent.reference] and later.households == [household.pk]
    assert set(Person.objects.filter(household=household).values_list("name", flat=True)) == {ANONYMISED_NAME}


def test_an_application_no_longer_due_under_the_lock_is_skipped(users):
    from intake.retention import RetentionReport, _application_run

    app, _data = refused(users)
    now = timezone.now()
    assert retention_due_applications(now=now).filter(pk=app.pk).exists()
    online(users, payload(items=["dibao"]), household=app.household)  # submitted meanwhile
    report = RetentionReport(dry_run=False, now=now, cutoff=now, days=DAYS)
    assert _application_run(app.pk, now=now, report=report) is False
    assert report.skipped == [app.reference] and report.applications == []
    assert Application.objects.get(pk=app.pk).anonymised_at is None


def test_dry_run_changes_nothing_and_names_what_the_real_run_then_does(
    users, django_capture_on_commit_callbacks, media
):
    app, _data = refused(users)
    kept, _ = refused(users, days=10)
    now = timezone.now()
    before = sorted(p.name for p in Person.objects.filter(household=app.household))
    files = sorted(str(p) for p in media.rglob("*") if p.is_file())

    dry = retention_run(dry_run=True, now=now)

    assert dry.dry_run and dry.applications == [app.reference] and dry.households == [app.household_id]
    assert dry.cases_by_item == {"dibao": {"denied": 1}}
    assert (
        dry.counts["persons"] == 3 and dry.counts["notice_files"] == 1 and dry.counts["material_files"] == 1
    )
    assert Application.objects.filter(anonymised_at__isnull=False).count() == 0
    assert sorted(p.name for p in Person.objects.filter(household=app.household)) == before
    assert sorted(str(p) for p in media.rglob("*") if p.is_file()) == files

    real = run(now=now, capture=django_capture_on_commit_callbacks)
    assert real.applications == dry.applications and real.households == dry.households
    assert real.cases_by_item == dry.cases_by_item and real.counts == dry.counts
    assert Application.objects.get(pk=kept.pk).anonymised_at is None


def test_a_second_run_is_a_no_op(users, django_capture_on_commit_callbacks):
    app, _data = refused(users)
    run(capture=django_capture_on_commit_callbacks)
    stamped = Application.objects.get(pk=app.pk).anonymised_at
    indexes = sorted(Person.objects.filter(household=app.household).values_list("id_number_index", flat=True))

    again = retention_run(dry_run=False)

    assert again.applications == [] and again.households == [] and sum(again.counts.values()) == 0
    assert Application.objects.get(pk=app.pk).anonymised_at == stamped
    assert (
        sorted(Person.objects.filter(household=app.household).values_list("id_number_index", flat=True))
        == indexes
    )


def test_one_audit_row_per_run_with_references_and_no_personal_data(
    users, django_capture_on_commit_callbacks
):
    app, data = refused(users)
    retention_run(dry_run=True)
    run(capture=django_capture_on_commit_callbacks)

    rows = list(AuditEvent.objects.filter(code="intake.retention.run").order_by("created_at", "id"))
    assert [row.data["dry_run"] for row in rows] == [True, False]
    assert all(row.data["applications"] == [app.reference] for row in rows)
    assert rows[1].data["households"] == [app.household_id]
    assert rows[1].data["cases_by_item"] == {"dibao": {"denied": 1}}
    text = json.dumps([row.data for row in rows], ensure_ascii=False)
    personal = [m["name"] for m in data["members"]] + [m["id_number"] for m in data["members"]]
    personal += [m["id_number"][-4:] for m in data["members"]]
    personal += [data["household"]["address"], data["household"]["phone"], DENIAL_WORDS, "王代办"]
    assert not [value for value in personal if value in text]


def test_the_command_prints_the_report_without_names_or_id_numbers(users):
    app, data = refused(users)
    out = StringIO()
    call_command("retention_run", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "dry run" in text and app.reference in text
    assert "dibao: denied 1" in text and f"ids {app.household_id}" in text
    for m in data["members"]:
        assert m["name"] not in text and m["id_number"] not in text
    assert Application.objects.get(pk=app.pk).anonymised_at is None

    out = StringIO()
    call_command("retention_run", stdout=out)
    assert "Applications anonymised: 1" in out.getvalue()
    assert Application.objects.get(pk=app.pk).anonymised_at is not None


def test_pages_say_anonymised_instead_of_blank_names(users, client, django_capture_on_commit_callbacks):
    # Not backdated (the page computes figures with the parameters in force on submission): run
    # the job as if the period had passed instead.
    app, data = refused(users, days=0)
    run(now=timezone.now() + dt.timedelta(days=DAYS + 1), capture=django_capture_on_commit_callbacks)
    assert Application.objects.get(pk=app.pk).anonymised_at is not None
    client.force_login(users["reviewer_civil"])
    case = case_of(app, "dibao")
    for url in (f"/applications/{app.reference}/", f"/work/cases/{case.pk}/"):
        page = client.get(url).content.decode()
        assert 'id="anonymised"' in page and "已匿名化" in page, url
        assert data["members"][0]["name"] not in page and DENIAL_WORDS not in page, url
        assert "王代办" not in page and "查看完整号码" not in page, url
    notice = Notice.objects.get(case=case)
    assert client.get(f"/notices/{notice.pk}/download/").status_code == 410
    person = app.applicant
    reveal = client.post(f"/work/persons/{person.pk}/reveal/", {"case": case.pk, "purpose": "核对户籍"})
    assert reveal.status_code == 404  # no number left to reveal


def test_the_nightly_task_runs_the_job(users, settings):
    from intake.tasks import retention_run_task

    assert settings.CELERY_BEAT_SCHEDULE["retention-run"]["task"] == retention_run_task.name
    app, _data = refused(users)
    assert retention_run_task.apply().get() == {"applications": 1, "households": 1}
    assert Application.objects.get(pk=app.pk).anonymised_at is not None


def test_scrubbing_keeps_figures_and_dates_and_drops_free_text():
    details = {
        "matter": "与张三的劳动报酬纠纷",
        "lawyer": "张律师",
        "originals_verified_on": "2026-01-02",
        "n": 3,
    }
    assert scrub_details(details) == {
        "matter": ANONYMISED_TEXT,
        "lawyer": ANONYMISED_TEXT,
        "originals_verified_on": "2026-01-02",
        "n": 3,
    }
    trace = [
        {"rule": "matter_in_scope", "label": "法律事项", "passed": True, "detail": "预审确认：与张三的纠纷"},
        {"rule": "income_below_dibao_standard", "label": "收入", "passed": False, "detail": "人均 2000 元"},
    ]
    assert scrub_trace(trace) == [{**trace[0], "detail": ANONYMISED_TEXT}, trace[1]]


@pytest.mark.parametrize("value", ["0", "100", "100000"])
def test_a_nonsensical_retention_period_stops_the_process(value):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "ONEWINDOW_RETENTION_DAYS": value}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "ONEWINDOW_RETENTION_DAYS" in result.stderr


def test_names_in_a_trace_and_a_familys_own_records_are_anonymised(users, django_capture_on_commit_callbacks):
    """特困: the obligor's name in the trace and in its record, and the family's notes, go."""
    from programs.families.extreme_poverty.models import SupportObligor
    from tests.factories import member
    from tests.flows import act

    elder = member("张老伯", relation="self", birth=dt.date(1950, 3, 1), employment="retired")
    app = online(users, payload(items=["extreme_poverty"], members=[elder]))
    case = case_of(app, "extreme_poverty")
    act(
        case,
        users["investigator"],
        "record_obligor",
        name="张大军",
        relation="child",
        age=45,
        monthly_income="9000",
    )
    act(refresh(case), users["investigator"], "assess_self_care", member="张老伯")
    act(refresh(case), users["investigator"], "complete_investigation", findings="子女张大军有赡养能力")
    case = refresh(case)
    assert any("张大军" in step["detail"] for step in case.eligibility_trace)
    with django_capture_on_commit_callbacks(execute=True):
        act(case, users["reviewer_street"], "report_ineligible", note="子女有赡养能力")
        act(refresh(case), users["approver_district"], "deny", reason="")
    age(app, days=DAYS + 30)
    run(capture=django_capture_on_commit_callbacks)
    case = refresh(case)
    dump = json.dumps([case.eligibility_trace, case.details, case.decision_reason], ensure_ascii=False)
    assert "张大军" not in dump and "张老伯" not in dump
    assert all(step["rule"] for step in case.eligibility_trace)  # the conditions stay
    assert not SupportObligor.objects.filter(case=case, name="张大军").exists()
