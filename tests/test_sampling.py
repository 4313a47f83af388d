"""抽查: street-delegated decisions drawn reproducibly for the district, and the check worked there."""

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone

from accounts.models import AuditEvent, Department, Office
from accounts.snapshot import config_changed
from programs.errors import ActionInvalid, ActionNotPermitted, CaseConflict
from programs.models import ApprovalLevel, PolicyParameter
from review.calendar import add_working_days
from review.models import SampleCheck
from review.sampling import draw_order, sample_check_record, sample_checks_for_user, sample_draw, sample_quota
from tests.factories import staff
from tests.flows import act, to_state

TODAY = timezone.localdate()
DELEGATION = SampleCheck.Reason.STREET_DELEGATION


@pytest.fixture(autouse=True)
def sample_check_deadline(world):
    """The row to add to programs/catalogue.py PARAMETERS (deadline.sample_check, 15 WD). The
    demo's delegation stays, but its automatic draws are off: these tests draw by hand."""
    ApprovalLevel.objects.update(sample_share=0)
    config_changed()  # an update() sends no signal (accounts.snapshot)
    PolicyParameter.objects.get_or_create(
        key="deadline.sample_check",
        effective_from=dt.date(2000, 1, 1),
        defaults={"name": "抽查核实", "value": 15, "unit": "working_days", "confirmed": False},
    )


def street_decided(users, n: int) -> list:
    """Dibao cases decided by 华阳路's approver under delegation (seed 004)."""
    cases = []
    for _i in range(n):
        case = to_state(users, "dibao", "decision")
        cases.append(act(case, users["approver"], "approve", note="同意"))
    assert {c.decided_office.code for c in cases} == {"310105001"}
    return cases


def draw(cases, *, key="dibao:310105001:2026-11", share=Decimal("0.30")):
    return sample_draw(
        cases=cases,
        share=share,
        reason=DELEGATION,
        key=key,
        office=Office.objects.get(code="310105"),
        department=Department.objects.get(code="civil_affairs"),
        role="reviewer",
        on=TODAY,
    )


def test_quota_is_at_least_the_share_rounded_up():
    assert [sample_quota(Decimal("0.30"), n) for n in (0, 1, 3, 4, 10, 11)] == [0, 1, 1, 2, 3, 4]
    assert sample_quota(Decimal("1"), 5) == 5


def test_draw_is_reproducible_idempotent_and_topped_up(users):
    cases = street_decided(users, 5)
    first = draw(cases)
    assert len(first) == 2  # ceil(0.3 × 5)
    chosen = {c.case_id for c in first}
    # The sample is the first two by the hash of key and case id.
    expected = sorted(cases, key=lambda c: draw_order("dibao:310105001:2026-11", c.pk))[:2]
    assert chosen == {c.pk for c in expected}
    check = first[0]
    assert check.due_date == add_working_days(TODAY, 15).day
    assert (check.role, check.office.code, check.status) == ("reviewer", "310105", "open")
    # The same key again: nothing more is drawn.
    assert draw(cases) == []
    assert SampleCheck.objects.count() == 2
    # Same cases and key from scratch: the same sample.
    SampleCheck.objects.all().delete()
    assert {c.case_id for c in draw(cases)} == chosen
    # More decisions in the batch: topped up to the quota, the earlier draw kept.
    more = cases + street_decided(users, 2)
    topped = draw(more)
    assert len(topped) == 1 and topped[0].case_id not in chosen  # ceil(0.3 × 7) = 3
    assert SampleCheck.objects.filter(case_id__in=chosen).count() == 2
    # A case already drawn for this reason is never drawn again, whatever the key.
    again = draw([c for c in more if c.pk in chosen], key="another-batch", share=Decimal("1"))
    assert again == []
    events = AuditEvent.objects.filter(code="review.sample_check.draw")
    assert events.count() == 3
    assert events.order_by("id").first().data["candidates"] == sorted(c.pk for c in cases)


def test_only_decided_cases_can_be_drawn(users):
    open_case = to_state(users, "dibao", "decision")
    with pytest.raises(ActionInvalid):
        draw([open_case])
    assert not SampleCheck.objects.exists()


@pytest.fixture
def check(users):
    return draw(street_decided(users, 1))[0]


def test_the_district_reviewer_records_the_check_once(users, check):
    assert list(sample_checks_for_user(users["reviewer_civil"])) == [check]
    with pytest.raises(ActionInvalid, match="问题说明"):
        sample_check_record(check=check, user=users["reviewer_civil"], outcome="irregular", note=" ")
    with pytest.raises(ActionInvalid):
        sample_check_record(check=check, user=users["reviewer_civil"], outcome="unknown", note="")
    done = sample_check_record(
        check=check, user=users["reviewer_civil"], outcome="irregular", note="收入未核实到位，责成街道复查"
    )
    assert (done.status, done.outcome, done.checked_by) == ("done", "irregular", users["reviewer_civil"])
    assert AuditEvent.objects.filter(code="review.sample_check.recorded", object_id=str(check.pk)).exists()
    with pytest.raises(CaseConflict):
        sample_check_record(check=done, user=users["reviewer_civil"], outcome="upheld", note="")
    assert list(sample_checks_for_user(users["reviewer_civil"])) == []


def test_others_may_not_record_a_check(users, check):
    refusals = [
        # The street that decided (right role and department, an office below the district's).
        (users["reviewer_street"], ActionNotPermitted),
        (users["approver"], ActionNotPermitted),
        # Wrong department, same office.
        (staff("reviewer", office_code="310105", department="education"), Http404),
        # Another district's reviewer cannot see the case at all.
        (staff("reviewer", office_code="310107"), Http404),
        # The applicant sees their own case, not the check.
        (users["applicant"], ActionNotPermitted),
    ]
    for user, refusal in refusals:
        with pytest.raises(refusal):
            sample_check_record(check=check, user=user, outcome="upheld", note="")
        assert list(sample_checks_for_user(user)) == []
    assert AuditEvent.objects.filter(code="review.sample_check.refused", success=False).count() == len(
        refusals
    )
    assert SampleCheck.objects.get(pk=check.pk).status == "open"


def test_the_check_is_worked_on_its_page_without_javascript(users, check):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["reviewer_civil"])
    queue = client.get("/work/").content.decode()
    assert "抽查" in queue and f'data-sample-check-id="{check.pk}"' in queue
    url = f"/work/sample-checks/{check.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "街道审批抽查" in html and 'type="radio"' in html and "csrfmiddlewaretoken" in html
    token = page.cookies["csrftoken"].value
    # No token: refused by CSRF.
    assert client.post(url, {"outcome": "upheld"}).status_code == 403
    # 发现问题 without a note: the message, and the choice kept.
    response = client.post(url, {"outcome": "irregular", "note": "", "csrfmiddlewaretoken": token})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "核查发现问题的，请填写问题说明。" in html
        and 'value="irregular" id="outcome-irregular" checked' in html
    )
    response = client.post(
        url, {"outcome": "upheld", "note": "材料齐全，决定维持", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert SampleCheck.objects.get(pk=check.pk).outcome == "upheld"
    assert "核查结论" in client.get(url).content.decode()


def test_the_check_page_is_refused_to_others(users, check, client):
    client.force_login(users["reviewer_street"])
    assert client.get(f"/work/sample-checks/{check.pk}/").status_code == 403
    client.force_login(staff("reviewer", office_code="310107"))
    assert client.get(f"/work/sample-checks/{check.pk}/").status_code == 404
    assert client.post(f"/work/sample-checks/{check.pk}/", {"outcome": "upheld"}).status_code == 404
    assert SampleCheck.objects.get(pk=check.pk).status == "open"
