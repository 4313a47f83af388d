"""Small helpers for driving the API in tests."""

import datetime as dt
import uuid

from programs.models import ProgramCase


def submit(client, data, *, key=None):
    return client.post(
        "/api/v1/applications/", data, format="json", HTTP_IDEMPOTENCY_KEY=key or uuid.uuid4().hex
    )


def fire(client, case_id, action, **fields):
    return client.post(f"/api/v1/cases/{case_id}/transitions/", {"action": action, **fields}, format="json")


def status_items(client, reference) -> dict[str, dict]:
    body = client.get(f"/api/v1/applications/{reference}/").json()
    return {
        item["code"]: {**item, "department": col["department"]}
        for col in body["columns"]
        for item in col["items"]
    }


def end_publicity(case_id):
    """公示 ended yesterday without objection: the sweep opens the approver's decision step."""
    from programs.engine import case_timers_fire

    ProgramCase.objects.filter(pk=case_id).update(publicity_ends_on=dt.date.today() - dt.timedelta(days=1))
    case_timers_fire()
