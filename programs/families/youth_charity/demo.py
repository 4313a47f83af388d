"""The demo campaign: this year's, with a 长宁 quota; one referral waiting for the agency
(youth_agency) and one young person on a submitted list waiting for the district league."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone


def seed(users) -> None:
    from accounts.demo_households import _accepted, _place, member

    from . import services

    referrals = []
    for n, (parent, child, birth, address, phone) in enumerate(
        (
            ("钟桂芳", "钟小宇", dt.date(2012, 5, 1), "长宁区华阳路 150 弄 2 号 303 室", "13900000061"),
            ("吕春燕", "吕小萌", dt.date(2010, 9, 9), "长宁区华阳路 18 弄 6 号 201 室", "13900000062"),
        )
    ):
        application = _accepted(
            users,
            {
                "household": _place(address, phone),
                "members": [
                    member(
                        parent,
                        dt.date(1980, 3, 3),
                        91 + n,
                        female=True,
                        relation="self",
                        employment="unemployed",
                        incomes={"transfer": "800"},
                    ),
                    member(
                        child,
                        birth,
                        93 + n,
                        female=n == 1,
                        relation="child",
                        employment="student",
                        school="compulsory",
                    ),
                ],
                "items": ["youth_charity"],
                "item_answers": {
                    "youth_charity": {"young_members": [child], "consent": True, "needs": "学习用品"}
                },
                "materials_provided": [],
            },
        )
        referrals.append(application.cases.get(program__code="youth_charity"))
    campaign = services.campaign_create(
        actor=users["youth_city"],
        year=timezone.localdate().year,
        theme="青春公益 温暖同行",
        funds_raised=Decimal("500000"),
        quotas=[{"district": "310105", "places": 20}, {"district": "310107", "places": 15}],
    )
    services.nominate(
        actor=users["youth_agency"], campaign=campaign, case_id=referrals[1].pk, help_kind="education_pack"
    )
    services.nominate(
        actor=users["youth_agency"],
        campaign=campaign,
        name="周小航",
        age=13,
        situation="父母离异，随祖母生活",
        help_kind="micro_wish",
        wish="一套天文望远镜",
    )
    services.list_submit(actor=users["youth_agency"], campaign=campaign)
