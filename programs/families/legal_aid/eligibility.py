"""Legal-aid conditions (N8 §§34, 42): a matter within scope, and economic hardship — waived for
a household that holds a social-assistance status when the check is made (no waiting for one)."""

import datetime as dt
from decimal import Decimal

from programs.assessment import Assessment, household_figures, statuses_held
from programs.parameters import plain


def assess(case, *, on: dt.date) -> Assessment:
    from programs.parameters import parameter

    figures = household_figures(case.application)
    result = Assessment(figures=figures)
    matter = (case.details or {}).get("matter", "")
    result.check(
        "matter_in_scope",
        "法律事项属于法律援助范围",
        bool(matter),
        f"预审确认：{matter}" if matter else "预审未确认法律事项",
    )
    held = {
        code: entitlement
        for code, entitlement in statuses_held(case.application.household, on=on).items()
        if entitlement.program.grants_status
    }
    if held:
        names = "、".join(f"{e.program.name}（{e.valid_from:%Y-%m-%d}起）" for e in held.values())
        result.check(
            "economic_hardship_waived",
            "免予经济困难状况审查",
            True,
            f"家庭于 {on:%Y-%m-%d} 享受{names}，依《法律援助法》第四十二条免予核查经济困难状况",
        )
        return result
    line = result.use(parameter("legal_aid.hardship_line", on=on))
    pc_income = Decimal(figures["per_capita_income"])
    result.check(
        "income_below_hardship_line",
        "人均月收入低于法律援助经济困难标准",
        pc_income < line,
        f"人均月收入 {pc_income} 元，经济困难标准 {plain(line)} 元",
    )
    return result
