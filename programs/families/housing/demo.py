"""Demo households for the housing family (called from accounts/demo.py): something to do for
investigator_housing, reviewer_housing and approver_housing.

1. 廉租住房 at the street's economic investigation (investigator_housing, 华阳路街道).
2. 廉租住房 investigated, reviewed and publicised; 公示 has run out: at the decision (approver_housing).
3. 共有产权 at the district review (reviewer_housing, 长宁区).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .flows import MATERIALS
from .workflow import LOW_RENT, SHARED_OWNERSHIP

SEQ = 430  # demo identity-number sequences of this family: 430–439


def _household(users, *, address, phone, members, code, answers):
    from accounts.demo_households import _accepted, _place

    application = _accepted(
        users,
        {
            "household": _place(address, phone),
            "members": members,
            "items": [code],
            "item_answers": {code: answers},
            "materials_provided": MATERIALS,
        },
    )
    return application.cases.get(program__code=code)


def _publicity_over(case) -> None:
    """The demo's 公示 ended yesterday without objection: the timer's transition, on this case only."""
    from programs.models import ProgramCase
    from programs.registry import as_family, family_of
    from programs.transition import case_transition, timer_reason

    with transaction.atomic():
        locked = as_family(ProgramCase.objects.select_for_update(of=("self",)).get(pk=case.pk))
        locked.publicity_ends_on = timezone.localdate() - dt.timedelta(days=1)
        locked.save(update_fields=["publicity_ends_on"])
        step = family_of(locked).step(locked.state)
        case_transition(case=locked, name=step.timer_transition, actor=None, reason=timer_reason(step))


def seed(users) -> None:
    from accounts.demo_households import member
    from programs.engine import case_act

    _household(
        users,
        address="长宁区华阳路 35 弄 6 号 201 室",
        phone="13900000031",
        code=LOW_RENT,
        answers={"urban_hukou": True, "housing_kind": "rented", "living_area": "6.5", "note": "租住亭子间"},
        members=[
            member(
                "马建华",
                dt.date(1972, 4, 12),
                SEQ,
                female=False,
                relation="self",
                employment="flexible",
                incomes={"wages": "3200"},
            ),
            member(
                "马晓雯",
                dt.date(2009, 8, 1),
                SEQ + 1,
                female=True,
                relation="child",
                employment="student",
                school="highschool",
            ),
        ],
    )
    decided = _household(
        users,
        address="长宁区华阳路 210 弄 3 号 104 室",
        phone="13900000032",
        code=LOW_RENT,
        answers={"urban_hukou": True, "housing_kind": "public_rental", "living_area": "9", "note": ""},
        members=[
            member(
                "顾秀英",
                dt.date(1961, 11, 3),
                SEQ + 2,
                female=True,
                relation="self",
                employment="retired",
                incomes={"pension": "3600"},
            ),
            member(
                "顾明",
                dt.date(1988, 2, 20),
                SEQ + 3,
                female=False,
                relation="child",
                employment="unemployed",
            ),
        ],
    )
    case_act(
        case=decided.pk,
        user=users["investigator_housing"],
        action="record_economic_investigation",
        data={"findings": "入户调查：退休金为家庭主要收入，无其他财产，与申报一致。"},
    )
    case_act(
        case=decided.pk,
        user=users["reviewer_housing"],
        action="propose_housing",
        data={"note": "人均居住面积低于保障面积标准，经济状况符合准入条件。"},
    )
    _publicity_over(decided)
    _household(
        users,
        address="长宁区华阳路 18 弄 9 号 602 室",
        phone="13900000033",
        code=SHARED_OWNERSHIP,
        answers={"hukou_local": True, "housing_kind": "rented", "living_area": "11"},
        members=[
            member(
                "沈磊",
                dt.date(1990, 6, 18),
                SEQ + 4,
                female=False,
                relation="self",
                employment="employed",
                incomes={"wages": "7000"},
            ),
            member(
                "许婷",
                dt.date(1991, 9, 9),
                SEQ + 5,
                female=True,
                relation="spouse",
                employment="employed",
                incomes={"wages": "8000"},
            ),
        ],
    )
