"""The youth-league scenario for tests/flows.py and the authorization matrix (its steps carry no
engine action: the campaign's services are tested in test_youth_charity.py)."""

MATRIX_ITEM = "youth_charity"
ACTION_DATA: dict = {}


def answers(**overrides) -> dict:
    return {"young_members": ["李小测"], "consent": True, "needs": "学习用品", **overrides}


def scenario(users, code):
    from tests.factories import payload
    from tests.flows import case_of, online

    return case_of(online(users, payload(items=[code], item_answers={code: answers()})), code), []
