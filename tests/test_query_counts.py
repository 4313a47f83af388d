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
