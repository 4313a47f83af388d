"""Demo households for the trade union: one at the grassroots union's home visit (union_cadre),
one at the district union's first review (union_district)."""

import datetime as dt


def _answers(name: str, card: str) -> dict:
    return {
        "member": name,
        "employer": "华阳物业管理有限公司",
        "grassroots_union": "310105900001",
        "bank_card": card,
        "hardship": "家中两人患慢性病，医疗支出大",
    }


def seed(users) -> None:
    from accounts.demo_households import _accepted, _place, member
    from programs.engine import case_act

    for n, (name, birth, address, phone, card) in enumerate(
        (
            (
                "俞志明",
                dt.date(1978, 3, 14),
                "长宁区华阳路 300 弄 7 号 601 室",
                "13900000051",
                "6222021001000051",
            ),
            (
                "严丽华",
                dt.date(1982, 10, 2),
                "长宁区华阳路 45 弄 3 号 102 室",
                "13900000052",
                "6222021001000052",
            ),
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
                        81 + n,
                        female=n == 1,
                        relation="self",
                        employment="employed",
                        incomes={"wages": "2400"},
                    ),
                    member(
                        "家属",
                        dt.date(1950, 1, 1),
                        83 + n,
                        female=n == 0,
                        relation="parent",
                        employment="retired",
                        incomes={"pension": "900"},
                    ),
                ],
                "items": ["union_hardship"],
                "item_answers": {"union_hardship": _answers(name, card)},
                "materials_provided": ["union_membership", "income_proof"],
            },
        )
        if n == 1:
            case = application.cases.get(program__code="union_hardship")
            case_act(
                case=case.pk,
                user=users["union_cadre"],
                action="record_home_visit",
                data={"findings": "入户走访属实"},
            )
            case_act(
                case=case.pk,
                user=users["union_cadre"],
                action="archive",
                data={"archive_number": "HY-2026-052"},
            )
