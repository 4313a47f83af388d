"""The employment scenario for tests/flows.py and the authorization matrix."""

import datetime as dt

from django.utils import timezone

MATRIX_ITEM = "employment_insurance_subsidy"
ACTION_DATA = {"recognise": {"category": "older_unemployed", "note": "经核实属大龄失业人员"}}


def answers(**overrides) -> dict:
    today = timezone.localdate()
    return {
        "member": "李测试",
        "categories": ["older_unemployed"],
        "unemployed_since": (today - dt.timedelta(days=400)).isoformat(),
        "flexible_employment_since": (today - dt.timedelta(days=30)).isoformat(),
        "willing_to_work": True,
        "months_already_subsidised": 0,
        **overrides,
    }


def scenario(users, code):
    from tests.factories import payload
    from tests.flows import act, case_of, online

    u = users
    case = case_of(online(u, payload(items=[code], item_answers={code: answers()})), code)
    path = [
        ("er_recognition", lambda c: act(c, u["employment_street"], "recognise", **ACTION_DATA["recognise"]))
    ]
    return case, path
