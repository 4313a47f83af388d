"""Demo households for HR & social security: one at the street's recognition, one at the
district's subsidy decision."""

import datetime as dt

from django.utils import timezone


def _answers(name: str) -> dict:
    today = timezone.localdate()
    return {
        "member": name,
        "categories": ["older_unemployed"],
        "unemployed_since": (today - dt.timedelta(days=300)).isoformat(),
        "flexible_employment_since": (today - dt.timedelta(days=20)).isoformat(),
        "willing_to_work": True,
    }


def seed(users) -> None:
    from accounts.demo_households import _accepted, _place, member
    from programs.engine import case_act

    for n, (name, birth, address, phone) in enumerate(
        (
            ("沈国强", dt.date(1971, 5, 20), "长宁区华阳路 210 弄 5 号 402 室", "13900000041"),
            ("潘建军", dt.date(1974, 8, 11), "长宁区华阳路 88 弄 1 号 203 室", "13900000042"),
        )
    ):
        application = _accepted(
            users,
            {
                "household": _place(address, phone),
                "members": [
                    member(
                        name,
                        birth,
                        71 + n,
                        female=False,
                        relation="self",
                        employment="flexible",
                        incomes={"wages": "2600"},
                    ),
                ],
                "items": ["employment_insurance_subsidy"],
                "item_answers": {"employment_insurance_subsidy": _answers(name)},
                "materials_provided": ["id_card"],
            },
        )
        if n == 1:  # recognised: the district's grant is next (approver_hrss)
            case = application.cases.get(program__code="employment_insurance_subsidy")
            case_act(
                case=case.pk,
                user=users["employment_street"],
                action="recognise",
                data={"category": "older_unemployed", "note": "经核实属大龄失业人员"},
            )
