"""Scenarios for the shared authorization matrix and tests.flows.to_state.

The matrix drives one item per family (MATRIX_ITEM) through every step of the family. 共有产权's
steps (so_district_review, so_decision) are not on 廉租住房's path, so the 廉租 path, once past its
own decision step, goes on with a fresh 共有产权 case of a household at the same place: the move
out of lr_decision points the loop's case at that other case (see `_continue_with_shared_ownership`).
"""

from .workflow import LOW_RENT, SHARED_OWNERSHIP

MATRIX_ITEM = LOW_RENT

ACTION_DATA = {
    "record_economic_investigation": {"findings": "入户调查，家庭收入和财产与申报一致"},
    "propose_housing": {"note": "住房困难和经济状况符合准入条件"},
}

LOW_RENT_ANSWERS = {"urban_hukou": True, "housing_kind": "rented", "living_area": "8", "note": ""}
SHARED_ANSWERS = {"hukou_local": True, "housing_kind": "rented", "living_area": "10"}
MATERIALS = ["id_card", "hukou_book", "housing_proof", "income_proof", "check_authorization"]


def housing_payload(code: str, *, answers: dict | None = None, items=None, **kwargs) -> dict:
    """A unified-form payload for a housing item (`items`: with others, e.g. dibao)."""
    from tests.factories import payload

    given = answers if answers is not None else (LOW_RENT_ANSWERS if code == LOW_RENT else SHARED_ANSWERS)
    return payload(
        items=list(items or [code]), item_answers={code: dict(given)}, materials_provided=MATERIALS, **kwargs
    )


def _end_publicity(case):
    from tests.flows import end_publicity

    return end_publicity(case)


def _shared_ownership_case(users):
    from tests.flows import case_of, online

    return case_of(online(users, housing_payload(SHARED_OWNERSHIP)), SHARED_OWNERSHIP)


def _continue_with_shared_ownership(users):
    def move(case):
        other = _shared_ownership_case(users)
        case.pk = case.id = other.pk  # tests.flows.to_state refreshes the case it was given

    return move


def scenario(users, code):
    from tests.flows import act, case_of, online

    u = users
    propose = ("propose_housing", ACTION_DATA["propose_housing"])
    shared_path = [
        ("so_district_review", lambda c: act(c, u["reviewer_housing"], propose[0], **propose[1])),
        ("publicity", _end_publicity),
    ]
    if code == SHARED_OWNERSHIP:
        return _shared_ownership_case(u), shared_path
    case = case_of(online(u, housing_payload(LOW_RENT)), LOW_RENT)
    path = [
        (
            "lr_investigation",
            lambda c: act(
                c,
                u["investigator_housing"],
                "record_economic_investigation",
                **ACTION_DATA["record_economic_investigation"],
            ),
        ),
        ("lr_district_review", lambda c: act(c, u["reviewer_housing"], propose[0], **propose[1])),
        ("publicity", _end_publicity),
        ("lr_decision", _continue_with_shared_ownership(u)),
        *shared_path,
    ]
    return case, path


__all__ = ["ACTION_DATA", "MATRIX_ITEM", "housing_payload", "scenario"]
