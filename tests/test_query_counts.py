"""Query counts that do not grow with the data (issue 12): a queue page, the dashboard and a
status read cost the same with 1 row of data as with 50."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programs.models import ProgramCase
from review.models import WorkItem
from tests.factories import payload
from tests.flows import online


def _applications(users, n):
    return [online(users, payload(items=["dibao", "medical_inpatient"])) for _ in range(n)]


def _count(client, url) -> int:
    client.get(url)  # warm: the first request of a session reads what is cached after it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def _decide_and_overdue(apps):
    """Half of the data decided (the median), the open work all overdue (the overdue list)."""
    now = timezone.now()
    ProgramCase.objects.filter(application__in=apps, program__code="medical_inpatient").update(
        state="denied", decided_at=now
    )
    WorkItem.objects.filter(application__in=apps, status="open").update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )


def test_a_queue_page_the_dashboard_and_a_status_read_cost_the_same_with_1_and_50_rows(users):
    investigator, head, applicant = Client(), Client(), Client()
    investigator.force_login(users["investigator"])
    head.force_login(users["district_head"])
    applicant.force_login(users["applicant"])
    first = _applications(users, 1)
    _decide_and_overdue(first)
    reference = first[0].reference
    counts = {
        "queue": _count(investigator, "/work/"),
        "queue_filtered": _count(investigator, "/work/?program=dibao&overdue=on"),
        "dashboard": _count(head, "/dashboard/"),
        "status": _count(applicant, f"/api/v1/applications/{reference}/"),
    }
    more = _applications(users, 49)
    _decide_and_overdue(more)
    assert WorkItem.objects.filter(role="investigator", status="open").count() == 50
    again = {
        "queue": _count(investigator, "/work/"),
        "queue_filtered": _count(investigator, "/work/?program=dibao&overdue=on"),
        "dashboard": _count(head, "/dashboard/"),
        "status": _count(applicant, f"/api/v1/applications/{reference}/"),
    }
    assert again == counts
    page = investigator.get("/work/").content.decode()
    assert page.count("data-item-id=") == 50  # one page of 50, soonest due first


def test_the_queue_pages_and_filters(users):
    investigator = Client()
    investigator.force_login(users["investigator"])
    apps = _applications(users, 3)
    WorkItem.objects.filter(application=apps[0], status="open").update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    page = investigator.get("/work/?overdue=on").content.decode()
    assert page.count("data-item-id=") == 1 and apps[0].reference in page
    page = investigator.get(f"/work/?reference={apps[1].reference}").content.decode()
    assert page.count("data-item-id=") == 1 and apps[1].reference in page
    page = investigator.get("/work/?program=no_such_item").content.decode()
    # A bad filter says so and shows everything, keeping nothing hidden.
    assert "筛选条件有误" in page and page.count("data-item-id=") == 3
    from review import views

    views.QUEUE_PAGE_SIZE, size = 2, views.QUEUE_PAGE_SIZE
    try:
        first = investigator.get("/work/").content.decode()
        second = investigator.get("/work/?page=2").content.decode()
    finally:
        views.QUEUE_PAGE_SIZE = size
    assert first.count("data-item-id=") == 2 and second.count("data-item-id=") == 1
    assert 'rel="next"' in first and 'rel="prev"' in second


# --- Submissions: one statement per table, whatever the number of items and members ---------

FIVE_ITEMS = ["edu_compulsory", "medical_inpatient", "legal_aid", "temporary_assistance", "low_rent_housing"]
TA_ANSWERS = {
    "temporary_assistance": {
        "kind": "emergency",
        "description": "家中厨房失火，家具衣物烧毁，暂时无法居住",
        "incident_date": "2026-11-30",
        "urgent": False,
    },
    "low_rent_housing": {"urban_hukou": True, "housing_kind": "own", "living_area": "22", "note": ""},
}


def _holds_dibao(user) -> None:
    """The household holds 低保, so that the items needing it start at once."""
    from intake.models import Household
    from programs.models import Entitlement, Program

    Entitlement.objects.create(
        household=Household.objects.get(owner=user),
        program=Program.objects.get(code="dibao"),
        valid_from=dt.date(2026, 1, 1),
    )


def _members(n):
    from tests.factories import member

    people = [
        member("李测试", relation="self", incomes={"transfer": "500"}),
        member("王测试", relation="spouse", female=True, employment="flexible", incomes={"wages": "1200"}),
    ]
    for i in range(n - 2):
        people.append(
            member(
                f"李小{'一二三四五'[i]}",
                relation="child",
                birth=dt.date(2012 + i, 3, 3),
                employment="student",
                school="compulsory",
            )
        )
    return people


def _submit(client, data) -> tuple[int, list[str]]:
    import uuid

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/v1/applications/", data, format="json", HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex
        )
    assert response.status_code == 201, response.json()
    # The test's transaction turns the submission's own into a savepoint; outside a test it is
    # the outermost transaction, whose BEGIN and COMMIT are not statements Django logs. A
    # statement's PREPARE (accounts.compiled) comes once per database session, not per request.
    sql = [
        q["sql"]
        for q in queries.captured_queries
        if "SAVEPOINT" not in q["sql"] and not q["sql"].startswith("PREPARE ")
    ]
    return response, sql


def test_an_online_submission_costs_the_same_queries_with_1_and_with_5_items_and_members(users, api):
    from inbox.models import Message
    from programs.models import CaseTransition

    client = api(users["applicant"])
    _submit(client, payload(items=["dibao"], members=_members(3)))  # warm: the catalogue, parameters
    _holds_dibao(users["applicant"])
    one, sql_one = _submit(client, payload(items=["medical_outpatient"], members=_members(3)))
    five_data = payload(items=FIVE_ITEMS, members=_members(5), item_answers=TA_ANSWERS)
    five, sql_five = _submit(client, five_data)
    assert len(sql_one) == len(sql_five) <= 15, (sql_one, sql_five)
    # What was written in those few statements, and answered without a re-read.
    assert [i["code"] for i in one.json()["items"]] == ["medical_outpatient"]
    assert sorted(i["code"] for i in five.json()["items"]) == sorted(FIVE_ITEMS)
    assert len(five.json()["members"]) == 5
    reference = five.json()["reference"]
    cases = ProgramCase.objects.filter(application__reference=reference)
    assert cases.count() == 5
    assert CaseTransition.objects.filter(case__in=cases).count() >= 5
    assert all(c.state != "new" for c in cases)
    assert WorkItem.objects.filter(application__reference=reference, status="open").exists()
    assert Message.objects.filter(dedupe_key__startswith="work_item:").exists()
    # The same key again: the same application, answered 200, nothing written twice.
    assert _status_of_replay(client, five.json(), five_data) == 200
    assert ProgramCase.objects.filter(application__reference=reference).count() == 5


def _status_of_replay(client, body, data) -> int:
    from intake.models import Application

    app = Application.objects.get(reference=body["reference"])
    response = client.post(
        "/api/v1/applications/", data, format="json", HTTP_IDEMPOTENCY_KEY=app.idempotency_key
    )
    assert response.json().get("reference") == body["reference"], response.json()
    return response.status_code


COUNTER_FIVE = ["dibao", "legal_aid", "temporary_assistance", "low_rent_housing", "severe_disability"]


def test_a_counter_submission_for_a_new_household_costs_the_same_with_1_and_with_5_items(users, api):
    from notices.models import Notice
    from routing.models import OutboxMessage

    client = api(users["clerk"])
    _submit(client, payload(items=["low_income"], members=_members(3)))  # warm
    _one, sql_one = _submit(client, payload(items=["dibao"], members=_members(2)))
    _five, sql_five = _submit(
        client, payload(items=COUNTER_FIVE, members=_members(5), item_answers=TA_ANSWERS)
    )
    assert len(sql_one) == len(sql_five) <= 15, (sql_one, sql_five)
    # Items closed at once for a precondition the household does not meet: their notices and
    # outbox rows are one insert each, however many.
    closed, sql_closed = _submit(
        client,
        payload(items=["edu_compulsory", "medical_inpatient", "legal_aid"], members=_members(3)),
    )
    assert len(sql_closed) <= len(sql_five) + 2, sql_closed
    notices = Notice.objects.filter(case__application__reference=closed.json()["reference"])
    assert notices.count() == 2
    assert (
        OutboxMessage.objects.filter(dedupe_key__in=[f"notice.render:{n.pk}" for n in notices]).count() == 2
    )


def test_the_deadline_sweep_costs_the_same_statements_for_1_and_for_40_items_due(users):
    """Claimed with row locks in chunks: its reads, marks, audit events and messages are one
    statement each, however many items are due (the calendar aside)."""
    from programs.memo import memoised
    from review.deadlines import deadline_sweep_once

    def sweep_with(n) -> int:
        apps = _applications(users, n)
        WorkItem.objects.filter(application__in=apps, status="open").update(
            due_date=timezone.localdate(), reminded_at=None
        )
        with memoised():
            deadline_sweep_once()  # warm, and whatever was due before
            WorkItem.objects.filter(application__in=apps, status="open").update(reminded_at=None)
            from inbox.models import Message

            Message.objects.filter(kind="due_soon").delete()
            with CaptureQueriesContext(connection) as queries:
                result = deadline_sweep_once()
        assert result["reminded"] == n
        return len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]])

    assert sweep_with(1) == sweep_with(40)


def test_a_status_read_over_the_api_is_the_token_and_two_reads(users):
    """The token and its user in one read (accounts.compiled), then on PostgreSQL the status in
    two (accounts.compiled.JsonChildren): the application with its members, checklist and live
    work items; its cases with their history and notices — decided (notices) or not."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    app = online(users, payload(items=["dibao", "medical_inpatient", "edu_compulsory"]))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {Token.objects.create(user=users['applicant']).key}")
    url = f"/api/v1/applications/{app.reference}/"

    def read():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and len(response.json()["items"]) == 3
        return response.json(), [q["sql"] for q in queries.captured_queries]

    body, sql = read()
    assert len(sql) == 3, sql
    assert body["members"] and body["columns"][0]["items"][0]["history"]
    # Decided, with a notice: the same three.
    from notices.models import Notice

    case = app.cases.get(program__code="medical_inpatient")
    ProgramCase.objects.filter(pk=case.pk).update(state="denied", decided_at=timezone.now())
    notice = Notice.objects.create(case=case, kind="denial", status="ready")
    body, sql = read()
    assert len(sql) == 3, sql
    noticed = [i for c in body["columns"] for i in c["items"] if i["notices"]]
    assert [n["id"] for i in noticed for n in i["notices"]] == [notice.pk]
    # Not another applicant's: the same reads answer 404.
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {Token.objects.create(user=_stranger()).key}")
    assert other.get(url).status_code == 404


def _stranger():
    from accounts.models import Role, User

    return User.objects.create(username="stranger", role=Role.APPLICANT)
