"""Legal-aid conditions (N8 §§34, 42): a matter within scope, and economic hardship — waived for
a household that holds a social-assistance status when the check is made (no waiting for one)."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from programs.assessment import Assessment, statuses_held
from programs.facts import HouseholdFacts, facts_for_case
from programs.parameters import plain
from programs.trace import in_each_language


def _statuses(held) -> str:
    """The statuses held, in the current language: 最低生活保障家庭生活救助（2026-01-01起）."""
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(
        str(_("%(name)s（%(day)s起）") % {"name": e.program.display_name, "day": f"{e.valid_from:%Y-%m-%d}"})
        if e is not None
        else _status_name(code)
        for code, e in held.items()
    )


def _status_name(code: str) -> str:
    from programs.models import Program

    program = Program.objects.filter(code=code).first()
    return program.display_name if program else code


def assess(case, *, on: dt.date) -> Assessment:
    facts = facts_for_case(case, on=on)
    held = {
        code: entitlement
        for code, entitlement in statuses_held(case.application.household, on=on).items()
        if entitlement.program.grants_status
    }
    return _assess(facts, matter=(case.details or {}).get("matter", ""), held=held)


def assess_facts(code: str, facts: HouseholdFacts) -> Assessment:
    """The screener's view: the matter is the centre's to confirm, so only the economic test."""
    from programs.models import Program

    granting = set(Program.objects.filter(grants_status=True).values_list("code", flat=True))
    held = {code: None for code in sorted(facts.statuses & granting)}
    return _assess(facts, matter=None, held=held)


def _assess(facts: HouseholdFacts, *, matter: str | None, held: dict) -> Assessment:
    from programs.parameters import parameter

    on, figures = facts.on, facts.figures
    result = Assessment(figures=figures)
    if matter is not None:
        result.check(
            "matter_in_scope",
            _("法律事项属于法律援助范围"),
            bool(matter),
            _("预审确认：%(matter)s") if matter else _("预审未确认法律事项"),
            **({"matter": matter} if matter else {}),
        )
    if held:
        result.check(
            "economic_hardship_waived",
            _("免予经济困难状况审查"),
            True,
            _("家庭于 %(day)s 享受%(names)s，依《法律援助法》第四十二条免予核查经济困难状况"),
            day=f"{on:%Y-%m-%d}",
            names=in_each_language(lambda: _statuses(held)),
        )
        return result
    line = result.use(parameter("legal_aid.hardship_line", on=on))
    pc_income = Decimal(figures["per_capita_income"])
    result.check(
        "income_below_hardship_line",
        _("人均月收入低于法律援助经济困难标准"),
        pc_income < line,
        _("人均月收入 %(income)s 元，经济困难标准 %(line)s 元"),
        income=pc_income,
        line=plain(line),
    )
    return result
