"""The union scenario for tests/flows.py and the authorization matrix."""

MATRIX_ITEM = "union_hardship"
ACTION_DATA = {
    "record_home_visit": {"findings": "入户走访，家中一人患病，收入低"},
    "archive": {"archive_number": "HY-2026-001", "note": "已建档"},
    "pass_first_review": {"note": "初审通过"},
    "pass_city_review": {"note": "复核通过"},
    "record_economic_check": {"note": "核对无误"},
    "decide_help": {"amount": "2000", "note": "同意帮扶"},
}
_UNIT = {"unit": {"310105900001", "310105", "310000"}, "district": {"310105", "310000"}, "city": {"310000"}}
MATRIX_OFFICES = {
    state: _UNIT
    for state in (
        "union_visit",
        "union_archive",
        "union_first_review",
        "union_city_review",
        "union_economic_check",
        "union_decision",
    )
}
# 公示 is a state of other families too (worked at the street there): both levels are given.
MATRIX_OFFICES["publicity"] = {**_UNIT, "street": {"310105001", "310105", "310000"}}


def answers(**overrides) -> dict:
    return {
        "member": "王测试",
        "employer": "华阳物业管理有限公司",
        "grassroots_union": "310105900001",
        "bank_card": "6222021001123456789",
        "hardship": "丈夫失业，家庭收入低",
        **overrides,
    }


def scenario(users, code):
    from tests.factories import payload
    from tests.flows import act, case_of, online

    u = users
    case = case_of(online(u, payload(items=[code], item_answers={code: answers()})), code)
    path = [
        (
            "union_visit",
            lambda c: act(c, u["union_cadre"], "record_home_visit", **ACTION_DATA["record_home_visit"]),
        ),
        ("union_archive", lambda c: act(c, u["union_cadre"], "archive", **ACTION_DATA["archive"])),
        ("union_first_review", lambda c: act(c, u["union_district"], "pass_first_review", note="初审通过")),
        ("union_city_review", lambda c: act(c, u["union_city"], "pass_city_review", note="复核通过")),
        ("union_economic_check", lambda c: act(c, u["union_city"], "record_economic_check", note="核对无误")),
        ("publicity", _end_publicity),
    ]
    return case, path


def _end_publicity(case):
    from tests.flows import end_publicity

    return end_publicity(case)
