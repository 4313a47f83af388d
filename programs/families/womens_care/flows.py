"""The women's-care scenario for tests/flows.py and the authorization matrix."""

from django.utils import timezone

MATRIX_ITEM = "women_critical_illness"
ACTION_DATA = {
    "report": {"note": "排摸属实"},
    "pass_district_check": {"note": "区妇联把关通过"},
}


def answers(**overrides) -> dict:
    return {
        "member": "王测试",
        "illness": "breast",
        "diagnosed_on": timezone.localdate().isoformat(),
        "hospital": "复旦大学附属肿瘤医院",
        **overrides,
    }


def scenario(users, code):
    from tests.factories import payload
    from tests.flows import act, case_of, online

    u = users
    data = payload(items=[code], item_answers={code: answers()})
    case = case_of(online(u, data), code)
    path = [
        ("wf_report", lambda c: act(c, u["women_committee"], "report", note="排摸属实")),
        ("wf_street_review", lambda c: act(c, u["women_street"], "pass_street_review", note="材料齐全")),
        ("wf_district_check", lambda c: act(c, u["women_district"], "pass_district_check", note="把关通过")),
    ]
    return case, path
