"""After the decision (一体管理): re-checks on schedule and ahead of it, the gradual exit, the
termination cascade, certificates, the long-term 公示 roster, the payment run and the reminders."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from inbox import sms
from inbox.models import Message
from monitoring import payments
from monitoring.checkins import checkin_confirm, checkins_missed
from monitoring.jobs import monitoring_sweep_once
from monitoring.models import Certificate, ChangeReport, EntitlementChange, PaymentRun, Recheck
from monitoring.roster import roster_rows
from monitoring.selectors import rechecks_for_user
from monitoring.services import (
    Invalid,
    NotAllowed,
    add_months,
    change_report_file,
    entitlement_end,
    exits_complete,
    month_end,
    recheck_decide,
    rechecks_open_due,
    terminations_take_effect,
)
from notices.models import Notice
from notices.services import notice_render
from programs.models import Entitlement, Program
from review.deadlines import deadline_sweep_once
from review.models import WorkItem
from tests.factories import member, payload, staff
from tests.flows import act, case_approve, case_of, online, refresh, to_state, with_status


def _approved_dibao(users):
    case = to_state(users, "dibao", "decision")
    case = case_approve(case=case, actor=users["approver"])
    assert case.state == "approved"
    return Entitlement.objects.get(source_case=case)


def _recheck_due_today(entitlement) -> Recheck:
    """The scheduled re-check, opened by the schedule as if its day had come."""
    Entitlement.objects.filter(pk=entitlement.pk).update(next_recheck_on=timezone.localdate())
    assert rechecks_open_due(today=timezone.localdate()) == 1
    return Recheck.objects.get(entitlement=entitlement, status="open")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- re-checks -------------------------------------------------------------------------------


def test_a_dibao_family_with_an_unstable_income_is_rechecked_every_6_months_on_schedule(users):
    entitlement = _approved_dibao(users)
    today = timezone.localdate()
    # The spouse works flexibly (灵活就业): 收入来源不固定 → every 6 months (S002).
    assert entitlement.recheck_months == 6
    assert entitlement.next_recheck_on == add_months(entitlement.valid_from, 6)
    assert entitlement.changes.get().kind == EntitlementChange.Kind.GRANTED
    assert rechecks_open_due(today=today) == 0  # not yet
    day_before = entitlement.next_recheck_on - dt.timedelta(days=1)
    assert rechecks_open_due(today=day_before) == 1
    assert rechecks_open_due(today=day_before) == 0  # never twice
    recheck = Recheck.objects.get(entitlement=entitlement)
    assert (recheck.reason, recheck.role, recheck.office.code, recheck.department.code) == (
        "scheduled",
        "reviewer",
        "310105001",
        "civil_affairs",
    )
    assert recheck.due_on == entitlement.next_recheck_on
    # The street's reviewer has it in the queue and an inbox message; another street does not.
    assert recheck in rechecks_for_user(users["reviewer_street"])
    assert Message.objects.filter(
        recipient=users["reviewer_street"], kind="assigned", url__contains="rechecks"
    ).exists()
    other_street = staff("reviewer", office_code="310105002")
    assert recheck not in rechecks_for_user(other_street)
    assert recheck not in rechecks_for_user(users["reviewer_edu"])  # another department
    for wrong in (other_street, users["reviewer_edu"], users["clerk"]):
        with pytest.raises(NotAllowed):
            recheck_decide(
                recheck=recheck, actor=wrong, outcome="continue", per_capita_income=Decimal("566.67")
            )
    assert _client(other_street).get(reverse("monitoring:recheck", args=[recheck.pk])).status_code == 404


def test_a_stable_dibao_family_is_rechecked_yearly(users):
    elders = [
        member(
            "老张",
            relation="self",
            birth=dt.date(1950, 1, 1),
            employment="retired",
            incomes={"pension": "900"},
        ),
        member("老李", relation="spouse", female=True, birth=dt.date(1952, 1, 1), employment="retired"),
    ]
    case = case_of(online(users, payload(items=["dibao"], members=elders)), "dibao")
    for investigator in ("investigator", "investigator2"):
        act(case, users[investigator], "investigate", findings="属实", applicant_signed=True)
    act(refresh(case), users["reviewer_civil"], "verify")
    act(refresh(case), users["reviewer_civil"], "propose_approval")
    from tests.flows import end_publicity

    case = case_approve(case=end_publicity(case), actor=users["approver"])
    assert Entitlement.objects.get(source_case=case).recheck_months == 12


def test_a_reported_death_brings_the_recheck_ahead_of_schedule(users):
    entitlement = _approved_dibao(users)
    household = entitlement.household
    spouse = household.members.get(relation="spouse")
    died = timezone.localdate() - dt.timedelta(days=10)
    # Another applicant cannot report for this household (404).
    from tests.factories import UserFactory

    other = UserFactory()
    url = reverse("monitoring:change_report", args=[household.pk])
    assert _client(other).get(url).status_code == 404
    # Bad input keeps what was typed and says why, in Chinese.
    response = _client(users["applicant"]).post(
        url, {"kind": "death", "occurred_on": "2099-01-01", "details": "母亲去世"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "发生日期不能晚于今天" in body and "请选择涉及的家庭成员" in body and "母亲去世" in body
    response = _client(users["applicant"]).post(
        url, {"kind": "death", "person": spouse.pk, "occurred_on": died.isoformat(), "details": "病故"}
    )
    assert response.status_code == 302
    report = ChangeReport.objects.get(household=household)
    assert (report.kind, report.channel, report.person) == ("death", "online", spouse)
    recheck = Recheck.objects.get(entitlement=entitlement, status="open")
    # Within 3 months of the death (N5), long before the 6-monthly re-check.
    assert recheck.reason == "death" and recheck.due_on == add_months(died, 3)
    assert recheck.due_on < entitlement.next_recheck_on
    # The schedule does not open a second one.
    assert rechecks_open_due(today=entitlement.next_recheck_on) == 0
    # A clerk at the counter may report too; the re-check is brought forward, not duplicated.
    change_report_file(
        household=household,
        kind="income",
        occurred_on=timezone.localdate(),
        details="找到工作",
        actor=users["clerk"],
        channel="counter",
    )
    assert Recheck.objects.filter(entitlement=entitlement, status="open").count() == 1


def test_an_income_above_the_standard_gives_the_gradual_exit_with_its_months(users):
    entitlement = _approved_dibao(users)
    before = entitlement.amount
    recheck = _recheck_due_today(entitlement)
    with pytest.raises(Invalid):  # a dibao amount is never typed
        recheck_decide(
            recheck=recheck,
            actor=users["reviewer_street"],
            outcome="change_amount",
            per_capita_income=Decimal("700"),
            amount=Decimal("10"),
        )
    recheck_decide(
        recheck=recheck,
        actor=users["reviewer_street"],
        outcome="continue",
        per_capita_income=Decimal("1800"),
        note="配偶就业，收入增加",
    )
    entitlement.refresh_from_db()
    recheck.refresh_from_db()
    today = timezone.localdate()
    assert recheck.outcome == "gradual_exit" and recheck.exit_months == 6
    assert entitlement.status == "gradual_exit" and entitlement.amount == before  # paid during the exit
    assert entitlement.valid_until == month_end(add_months(today, 5))
    notice = Notice.objects.get(case=entitlement.source_case, kind="recheck")
    assert notice.data["exit_months"] == 6 and notice.data["ends_on"] == entitlement.valid_until.isoformat()
    notice_render(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.file.read().startswith(b"%PDF")
    change = entitlement.changes.get(kind="gradual_exit")
    assert change.recheck == recheck and change.reason == "配偶就业，收入增加"
    # The family page shows the months left.
    page = (
        _client(users["applicant"])
        .get(reverse("monitoring:entitlement", args=[entitlement.pk]))
        .content.decode()
    )
    assert "渐退期" in page and f"{entitlement.valid_until:%Y-%m-%d}" in page
    # The exit ends after its last month, once.
    assert exits_complete(today=entitlement.valid_until) == 0
    assert exits_complete(today=entitlement.valid_until + dt.timedelta(days=1)) == 1
    assert exits_complete(today=entitlement.valid_until + dt.timedelta(days=2)) == 0
    entitlement.refresh_from_db()
    assert entitlement.status == "ended"


def test_a_lower_income_at_the_recheck_changes_the_amount_by_the_formula(users):
    entitlement = _approved_dibao(users)
    recheck = _recheck_due_today(entitlement)
    response = _client(users["reviewer_street"]).post(
        reverse("monitoring:recheck", args=[recheck.pk]), {"outcome": "continue", "per_capita_income": "650"}
    )
    assert response.status_code == 302
    entitlement.refresh_from_db()
    assert entitlement.amount == (Decimal("1650") - Decimal("650")) * 3
    assert entitlement.changes.last().kind == "amount_changed"
    assert entitlement.next_recheck_on == add_months(timezone.localdate(), 6)


# --- termination and its cascade --------------------------------------------------------------


def _medical_on(users, household):
    app = online(users, payload(items=["medical_inpatient"]), household=household)
    case = case_of(app, "medical_inpatient")
    assert case.state == "review"
    case = act(case, users["reviewer_medical"], "approve", note="同意", amount="2000")
    return Entitlement.objects.get(source_case=case)


def test_ending_dibao_ends_the_medical_aid_that_relied_on_it_but_not_one_with_a_second_status(users):
    dibao = _approved_dibao(users)
    medical = _medical_on(users, dibao.household)
    assert list(medical.relies_on.all()) == [dibao]
    # A second household holds dibao and low-income; its medical aid relied on both.
    first = with_status(users, payload(items=["edu_compulsory"]))
    other_dibao = Entitlement.objects.get(household=first.household, program__code="dibao")
    low_income = Entitlement.objects.create(
        household=first.household,
        program=Program.objects.get(code="low_income"),
        valid_from=dt.date(2026, 1, 1),
    )
    other_medical = _medical_on(users, first.household)
    assert set(other_medical.relies_on.all()) == {other_dibao, low_income}
    # A third household's medical application waits at the counter, relying on its dibao.
    third = with_status(users, payload(items=["medical_inpatient"]))
    waiting = case_of(
        online(users, payload(items=["edu_compulsory"]), household=third.household, accept=False),
        "edu_compulsory",
    )
    assert waiting.state == "submitted"
    third_dibao = Entitlement.objects.get(household=third.household, program__code="dibao")

    # Only the approver of the office that decided may end it.
    for wrong in (
        staff("approver", office_code="310105002"),
        staff("approver", office_code="310105001", department="education"),
        users["reviewer_street"],
    ):
        with pytest.raises(NotAllowed):
            entitlement_end(entitlement=dibao, actor=wrong, reason="收入超标")
    with pytest.raises(Invalid):
        entitlement_end(entitlement=dibao, actor=users["approver"], reason=" ")
    entitlement_end(entitlement=dibao, actor=users["approver"], reason="家庭收入超过保障标准")
    dibao.refresh_from_db()
    medical.refresh_from_db()
    assert dibao.status == "ended" and medical.status == "ended"
    assert "低保" in medical.ended_reason
    assert Notice.objects.filter(case=dibao.source_case, kind="termination").exists()
    medical_notice = Notice.objects.get(case=medical.source_case, kind="termination")
    notice_render(notice_id=medical_notice.pk)
    medical_notice.refresh_from_db()
    assert medical_notice.status == "ready" and medical_notice.data["reason"] == medical.ended_reason
    assert Message.objects.filter(
        recipient=users["applicant"], dedupe_key=f"entitlement:{medical.pk}:ended"
    ).exists()
    assert not Entitlement.objects.get(pk=dibao.pk).is_active_on(timezone.localdate())

    # The other household keeps its medical aid on its low-income status.
    entitlement_end(entitlement=other_dibao, actor=users["approver"], reason="迁出本市")
    other_medical.refresh_from_db()
    assert other_medical.status == "active"
    assert list(other_medical.relies_on.all()) == [low_income]

    # The third household's pending education case closes as precondition not met.
    entitlement_end(entitlement=third_dibao, actor=users["approver"], reason="死亡注销")
    waiting.refresh_from_db()
    assert waiting.state == "precondition_not_met"


def test_extreme_poverty_termination_is_posted_for_7_days_first(users):
    case = to_state(users, "extreme_poverty", "ep_confirmation")
    case = act(case, users["approver_district"], "approve", note="确认")
    entitlement = Entitlement.objects.get(source_case=case)
    assert entitlement.payment_from == (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(
        day=1
    )
    assert entitlement.recheck_months == 12
    entitlement_end(entitlement=entitlement, actor=users["approver_district"], reason="经核查已有赡养人")
    entitlement.refresh_from_db()
    today = timezone.localdate()
    assert entitlement.status == "ending" and entitlement.is_active_on(today + dt.timedelta(days=6))
    # Posted on the committee's roster with the day it takes effect.
    committee = entitlement.household.hukou_office
    page = (
        _client(users["reviewer_street"])
        .get(reverse("monitoring:roster", args=[committee.code]))
        .content.decode()
    )
    posting = page[page.index('id="termination-posting"') :]
    assert (
        case.application.applicant.name in posting and f"{today + dt.timedelta(days=7):%Y-%m-%d}" in posting
    )
    assert terminations_take_effect(today=today + dt.timedelta(days=6)) == 0
    assert terminations_take_effect(today=today + dt.timedelta(days=7)) == 1
    assert terminations_take_effect(today=today + dt.timedelta(days=7)) == 0
    entitlement.refresh_from_db()
    assert entitlement.status == "ended"
    assert [c.kind for c in entitlement.changes.all()] == ["granted", "termination_posted", "ended"]


# --- certificates and the roster ----------------------------------------------------------------


def test_a_certificate_verifies_then_shows_as_revoked_after_termination(users):
    dibao = _approved_dibao(users)
    certificate = Certificate.objects.get(entitlement=dibao)
    public = Client()
    url = reverse("monitoring:certificate_verify", args=[certificate.code])
    page = public.get(url).content.decode()
    assert (
        'data-state="valid"' in page and dibao.program.name in page and f"{dibao.valid_from:%Y-%m-%d}" in page
    )
    for member_ in dibao.household.members.all():  # no personal data
        assert member_.name not in page and member_.id_number_masked not in page
    # The holder downloads the PDF; another applicant gets 404.
    response = _client(users["applicant"]).get(reverse("monitoring:certificate", args=[dibao.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from tests.factories import UserFactory

    assert _client(UserFactory()).get(reverse("monitoring:certificate", args=[dibao.pk])).status_code == 404
    entitlement_end(entitlement=dibao, actor=users["approver"], reason="收入超标")
    page = public.get(url).content.decode()
    assert 'data-state="revoked"' in page and "已注销" in page


def test_the_long_term_publicity_roster_shows_only_name_size_item_and_amount(users):
    dibao = _approved_dibao(users)
    household = dibao.household
    applicant = dibao.source_case.application.applicant
    rows = roster_rows(household.hukou_office)
    assert [(r.name, r.household_size, r.item, r.amount) for r in rows] == [
        (applicant.name, 3, dibao.program.name, dibao.amount)
    ]
    response = _client(users["reviewer_street"]).get(
        reverse("monitoring:roster", args=[household.hukou_office.code])
    )
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('id="roster"') : html.index("</table>", html.index('id="roster"'))]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]
    assert cells == [applicant.name, "3", dibao.program.name, str(dibao.amount)]
    for person in household.members.all():
        assert person.id_number_masked not in html
        if person.pk != applicant.pk:
            assert person.name not in html
    assert household.address not in html and household.phone not in html
    # Another street's staff cannot print this committee's roster.
    other = staff("reviewer", office_code="310105002")
    assert (
        _client(other).get(reverse("monitoring:roster", args=[household.hukou_office.code])).status_code
        == 404
    )


# --- payments -------------------------------------------------------------------------------------


def test_two_payment_runs_for_a_month_make_one_list_and_the_export_needs_two_people(users, world):
    dibao = _approved_dibao(users)
    district = world["offices"]["310105"]
    month = timezone.localdate().replace(day=1)
    finance, finance2 = users["finance"], users["finance2"]
    first = payments.payment_run_produce(district=district, month=month, actor=finance)
    second = payments.payment_run_produce(district=district, month=month)
    assert first.pk == second.pk and PaymentRun.objects.count() == 1
    assert first.rows == 1 and first.lines.get().amount == dibao.amount
    assert first.lines.get().period == f"{month:%Y-%m}"
    # On screen the ID number is masked.
    page = _client(finance).get(reverse("monitoring:payment", args=[first.pk])).content.decode()
    applicant = dibao.source_case.application.applicant
    assert applicant.id_number_masked in page
    from intake.identity import decrypt_id_number

    full_id = decrypt_id_number(applicant.id_number_encrypted)
    assert full_id not in page
    with pytest.raises(Invalid):
        payments.payment_run_export(run=first, actor=finance, fmt="csv")  # not confirmed
    with pytest.raises(NotAllowed):
        payments.payment_run_check(run=first, actor=users["approver_district"])  # not finance
    payments.payment_run_check(run=first, actor=finance)
    with pytest.raises(Invalid):
        payments.payment_run_confirm(run=first, actor=finance)  # the same person
    other_district_finance = staff("finance", office_code="310107")
    with pytest.raises(NotAllowed):
        payments.payment_run_confirm(run=first, actor=other_district_finance)
    payments.payment_run_confirm(run=first, actor=finance2)
    response = _client(finance).get(reverse("monitoring:payment_export", args=[first.pk, "xlsx"]))
    assert response.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1:6] == (
        applicant.name,
        full_id,
        dibao.program.name,
        f"{month:%Y-%m}",
        float(dibao.amount),
    )
    csv_response = _client(finance2).get(reverse("monitoring:payment_export", args=[first.pk, "csv"]))
    assert full_id in csv_response.content.decode("utf-8-sig")
    exports = AuditEvent.objects.filter(code="monitoring.payment_run.exported", object_id=str(first.pk))
    assert exports.count() == 2 and {e.data["rows"] for e in exports} == {1}
    assert {e.actor for e in exports} == {finance, finance2}
    # Another district's finance officer cannot see the list at all.
    assert (
        _client(other_district_finance).get(reverse("monitoring:payment", args=[first.pk])).status_code == 404
    )
    # A suspended entitlement is not on next month's list (which cannot be made before its month).
    assert list(payments.payable(district, add_months(month, 1))) == [dibao]
    Entitlement.objects.filter(pk=dibao.pk).update(status="suspended")
    assert not payments.payable(district, add_months(month, 1)).exists()


# --- check-ins ---------------------------------------------------------------------------------


def test_a_missed_monthly_checkin_opens_one_visit(users):
    dibao = _approved_dibao(users)
    Entitlement.objects.filter(pk=dibao.pk).update(remote_checkin=True, valid_from=dt.date(2026, 1, 1))
    dibao.refresh_from_db()
    today = timezone.localdate()
    assert checkins_missed(today=today) == 1
    assert checkins_missed(today=today) == 0
    visit = Recheck.objects.get(entitlement=dibao, reason="checkin_missed")
    assert visit.office.code == "310105001"
    # This month's check-in, by the family; nobody else may check in for it.
    from tests.factories import UserFactory

    with pytest.raises(NotAllowed):
        checkin_confirm(entitlement=dibao, user=UserFactory())
    response = _client(users["applicant"]).post(reverse("monitoring:checkin", args=[dibao.pk]))
    assert response.status_code == 302 and dibao.checkins.count() == 1


# --- people are told -------------------------------------------------------------------------------


def test_a_reminder_and_an_escalation_are_each_sent_once_through_the_inbox_and_sms(
    users, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    for name, phone in (("investigator", "13900000001"), ("investigator2", "13900000002")):
        users[name].phone = phone
        users[name].save(update_fields=["phone"])
    district_approver = users["approver_district"]
    district_approver.phone = "13900000009"
    district_approver.save(update_fields=["phone"])
    case = case_of(online(users, payload(items=["dibao"])), "dibao")
    item = WorkItem.objects.get(case=case, status="open")
    assert item.step == "investigation" and item.office.code == "310105001"
    today = timezone.localdate()
    WorkItem.objects.filter(pk=item.pk).update(due_date=today)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            deadline_sweep_once()
    reminders = Message.objects.filter(kind="due_soon", dedupe_key__startswith=f"work_item:{item.pk}:")
    assert {m.recipient for m in reminders} == {users["investigator"], users["investigator2"]}
    assert reminders.count() == 2
    texts = [m for m in sms.outbox if m.phone in ("13900000001", "13900000002")]
    assert len(texts) == 2 and all("即将到期" in m.text for m in texts)
    WorkItem.objects.filter(pk=item.pk).update(due_date=today - dt.timedelta(days=1))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            deadline_sweep_once()
            monitoring_sweep_once()
    escalations = Message.objects.filter(kind="escalation", dedupe_key__startswith=f"work_item:{item.pk}:")
    # The supervising office: the district's civil-affairs approver and head.
    assert {m.recipient for m in escalations} == {district_approver, users["district_head"]}
    assert escalations.count() == 2
    texts = [m for m in sms.outbox if m.phone == "13900000009"]
    assert len(texts) == 1 and "超期督办" in texts[0].text
    assert all(not sms.ID_NUMBER.search(m.text) for m in sms.outbox)
    # The inbox page lists them; opening one marks it read.
    client = _client(district_approver)
    page = client.get(reverse("inbox:inbox")).content.decode()
    assert "超期督办" in page
    message = escalations.get(recipient=district_approver)
    assert client.post(reverse("inbox:open", args=[message.pk])).status_code == 302
    message.refresh_from_db()
    assert message.read_at is not None
    # Nobody else may open it.
    assert _client(users["investigator"]).post(reverse("inbox:open", args=[message.pk])).status_code == 404


def test_an_sms_never_carries_an_id_number():
    with pytest.raises(sms.SmsRefused):
        sms.sms_check("您的申请 11010519491231002X 已受理")
    assert sms.sms_check("您的申请已受理") == "您的申请已受理"


def test_the_file_sms_backend_writes_one_line_per_message(tmp_path, settings):
    settings.ONEWINDOW_SMS_BACKEND = "inbox.sms.FileBackend"
    settings.ONEWINDOW_SMS_FILE_PATH = tmp_path / "sms.log"
    assert sms.sms_send(phone="13800000000", text="复核通知") is True
    assert sms.sms_send(phone="", text="复核通知") is False
    lines = (tmp_path / "sms.log").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and "复核通知" in lines[0]


def test_the_demo_world_gives_the_after_decision_roles_something_to_do(db):
    from accounts.demo import seed_demo

    users = seed_demo()
    run = PaymentRun.objects.get(district__code="310105")
    assert run.rows >= 1 and not run.checked_by_id  # for finance to check and finance2 to confirm
    assert rechecks_for_user(users["reviewer_street"]).filter(status="open", reason="change_report").exists()
    mine = Entitlement.objects.filter(household__owner=users["applicant"], program__code="dibao").get()
    assert mine.remote_checkin and Certificate.objects.filter(entitlement=mine).exists()
    page = _client(users["applicant"]).get(reverse("monitoring:mine")).content.decode()
    assert "本月远程签到" in page and "下载电子证明" in page


# --- the application's documents ----------------------------------------------------------------


def test_the_acceptance_receipt_and_the_one_time_notice_are_pdfs_with_a_verification_code(users):
    from intake.services import application_return
    from notices.application_documents import document_token

    accepted = online(users, payload(items=["dibao"]))
    client = _client(users["applicant"])
    url = reverse("notices:application_document", args=[accepted.reference, "receipt"])
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from tests.factories import UserFactory

    assert _client(UserFactory()).get(url).status_code == 404  # another applicant
    other_street_clerk = staff("clerk", office_code="310105002")
    assert _client(other_street_clerk).get(url).status_code == 404
    # No 一次性告知书 for an application that was never returned.
    supplement = reverse("notices:application_document", args=[accepted.reference, "supplement"])
    assert client.get(supplement).status_code == 404
    returned = online(users, payload(items=["dibao"]), accept=False)
    application_return(
        application=returned,
        actor=users["clerk"],
        missing_materials=["income_proof"],
        reason="收入证明不清晰",
    )
    response = client.get(reverse("notices:application_document", args=[returned.reference, "supplement"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert Message.objects.filter(recipient=users["applicant"], kind="supplement").exists()
    # The public check shows the kind, reference and items, and no names.
    page = Client().get(reverse("notices:verify_application", args=[document_token(returned, "supplement")]))
    html = page.content.decode()
    assert page.status_code == 200 and "一次性告知书" in html and returned.reference in html
    assert returned.applicant.name not in html
    assert Client().get(reverse("notices:verify_application", args=["forged"])).status_code == 404


def test_every_case_notice_carries_a_verification_qr_code_and_the_seal(users):
    from notices.services import notice_context

    dibao = _approved_dibao(users)
    notice = Notice.objects.get(case=dibao.source_case, kind="approval")
    context = notice_context(notice)
    assert context["verify_qr"].startswith("data:image/svg+xml")
    assert str(notice.verification_code) in context["verify_url"]
    from django.template.loader import render_to_string

    html = render_to_string("notices/approval.html", context)
    assert 'class="qr"' in html and "电子印章" in html


# --- the API ---------------------------------------------------------------------------------------


def test_the_api_shows_entitlements_in_scope_and_decides_rechecks_by_the_right_holder(users, api):
    from tests.factories import UserFactory

    dibao = _approved_dibao(users)
    body = api(users["applicant"]).get("/api/v1/entitlements/").json()
    mine = (
        [e for e in body["results"] if e["id"] == dibao.pk]
        if isinstance(body, dict)
        else [e for e in body if e["id"] == dibao.pk]
    )
    assert mine and mine[0]["status"] == "active" and mine[0]["recheck_months"] == 6
    detail = api(users["applicant"]).get(f"/api/v1/entitlements/{dibao.pk}/").json()
    assert [c["kind"] for c in detail["changes"]] == ["granted"]
    assert api(UserFactory()).get(f"/api/v1/entitlements/{dibao.pk}/").status_code == 404
    assert api(users["reviewer_edu"]).get(f"/api/v1/entitlements/{dibao.pk}/").status_code == 404
    assert api(users["reviewer_street"]).get(f"/api/v1/entitlements/{dibao.pk}/").status_code == 200
    rechecks_open_due(today=dibao.next_recheck_on)
    recheck = Recheck.objects.get(entitlement=dibao)
    url = f"/api/v1/rechecks/{recheck.pk}/decide/"
    # The district head sees it but may not decide (403); another street cannot see it (404).
    assert (
        api(users["district_head"])
        .post(url, {"outcome": "continue", "per_capita_income": "600"}, format="json")
        .status_code
        == 403
    )
    other = staff("reviewer", office_code="310105002")
    assert api(other).post(url, {"outcome": "continue"}, format="json").status_code == 404
    bad = api(users["reviewer_street"]).post(url, {"outcome": "stop"}, format="json")
    assert bad.status_code == 400 and "理由" in bad.content.decode()
    ok = api(users["reviewer_street"]).post(
        url, {"outcome": "continue", "per_capita_income": "566.67"}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "done"
    inbox = api(users["applicant"]).get("/api/v1/inbox/").json()
    titles = [m["title"] for m in (inbox["results"] if isinstance(inbox, dict) else inbox)]
    assert any("复核已完成" in t for t in titles)


def test_severe_disability_is_rechecked_yearly_and_spot_checked_each_month(users):
    from monitoring.services import spot_checks_draw

    case = to_state(users, "severe_disability", "allowance_district_decision")
    case = act(case, users["approver_district"], "approve", note="同意")
    entitlement = Entitlement.objects.get(source_case=case)
    assert entitlement.recheck_months == 12 and entitlement.amount_kind == "monthly"
    today = timezone.localdate()
    assert spot_checks_draw(today=today) == 1  # ceil(1 × 5 %) = 1
    assert spot_checks_draw(today=today) == 0  # once a month
    spot = Recheck.objects.get(entitlement=entitlement, reason="spot_check")
    assert (spot.office.code, spot.department.code) == ("310105001", "civil_affairs")


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_open_one_recheck(world):
    """Two workers running the schedule at the same moment (real PostgreSQL, two connections)."""
    import threading

    from django.db import connection

    users = world["users"]
    entitlement = _approved_dibao(users)
    day = entitlement.next_recheck_on
    barrier = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            barrier.wait()
            results.append(rechecks_open_due(today=day))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [0, 1]
    assert Recheck.objects.filter(entitlement=entitlement).count() == 1


def test_finance_lands_on_its_lists_and_cannot_freeze_a_future_month(users, world):
    response = _client(users["finance"]).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:payments")
    next_month = add_months(timezone.localdate().replace(day=1), 1)
    with pytest.raises(Invalid):
        payments.payment_run_produce(
            district=world["offices"]["310105"], month=next_month, actor=users["finance"]
        )
    page = _client(users["finance"]).post(
        reverse("monitoring:payments"), {"month": f"{next_month:%Y-%m}"}, follow=True
    )
    assert "不能生成未来月份的发放名册" in page.content.decode() and not PaymentRun.objects.exists()


def test_a_clerk_of_another_street_cannot_report_a_change_for_the_household(users):
    dibao = _approved_dibao(users)
    url = reverse("monitoring:change_report", args=[dibao.household.pk])
    assert _client(staff("clerk", office_code="310105002")).get(url).status_code == 404
    assert _client(users["clerk"]).get(url).status_code == 200
