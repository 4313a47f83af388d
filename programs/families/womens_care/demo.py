"""Demo households for the women's federation: one case at each end of the campaign's steps."""

import datetime as dt

from django.utils import timezone


def seed(users) -> None:
    from accounts.demo_households import _accepted, _place, member
    from programs.engine import case_act

    today = timezone.localdate()
    # At the neighbourhood report (women_committee).
    _accepted(
        users,
        {
            "household": _place("长宁区华阳路 120 弄 8 号 302 室", "13900000031"),
            "members": [
                member(
                    "陶美芳",
                    dt.date(1972, 4, 9),
                    61,
                    female=True,
                    relation="self",
                    employment="retired",
                    incomes={"pension": "1800"},
                ),
            ],
            "items": ["women_critical_illness"],
            "item_answers": {
                "women_critical_illness": {
                    "member": "陶美芳",
                    "illness": "cervical",
                    "diagnosed_on": today.replace(day=1).isoformat(),
                }
            },
            "materials_provided": ["id_card", "medical_bills"],
        },
    )
    # Reported, reviewed and checked: at the city federation's approval (women_city).
    application = _accepted(
        users,
        {
            "household": _place("长宁区华阳路 66 弄 2 号 101 室", "13900000032"),
            "members": [
                member(
                    "葛秀兰",
                    dt.date(1966, 9, 1),
                    62,
                    female=True,
                    relation="self",
                    employment="unemployed",
                    incomes={"transfer": "900"},
                ),
                member(
                    "葛小军",
                    dt.date(1995, 2, 3),
                    63,
                    female=False,
                    relation="child",
                    employment="flexible",
                    incomes={"wages": "1500"},
                ),
            ],
            "items": ["women_critical_illness"],
            "item_answers": {
                "women_critical_illness": {
                    "member": "葛秀兰",
                    "illness": "breast",
                    "diagnosed_on": today.replace(day=1).isoformat(),
                }
            },
            "materials_provided": ["id_card", "medical_bills"],
        },
    )
    case = application.cases.get(program__code="women_critical_illness")
    for user, action in (
        ("women_committee", "report"),
        ("women_street", "pass_street_review"),
        ("women_district", "pass_district_check"),
    ):
        case_act(case=case.pk, user=users[user], action=action, data={"note": "情况属实"})
