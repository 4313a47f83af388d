"""Re-check cycles (S002 定期核查), read by each family's `recheck_months`.

低收入 and 支出型: every quarter; 低保 with an unstable income or a member able to work: every
6 months; 特困 and stable 低保: every year; 重残无业: every year (plus spot checks). The months are
policy parameters (`recheck.*`), so a change of rule is a new dated row, not a code change.
"""

import datetime as dt

from django.utils import timezone

from .parameters import parameter

QUARTERLY, HALF_YEARLY, YEARLY = "recheck.quarterly", "recheck.half_yearly", "recheck.yearly"

# Working age for "a member able to work" (有劳动能力): 16 up to the statutory retirement age.
WORKING_AGE_FROM = 16
WORKING_AGE_TO = 60
ABLE_EMPLOYMENTS = {"employed", "flexible", "unemployed"}


def months(key: str, *, on: dt.date | None = None) -> int:
    return int(parameter(key, on=on or timezone.localdate()).value)


def unstable_or_able(case, *, on: dt.date) -> bool:
    """收入来源不固定、家庭成员有劳动能力 (S002): a member in flexible work or with business income,
    or a member of working age, able to work (no grade 1–2 disability) and not retired or studying."""
    from .facts import facts_for_case

    facts = facts_for_case(case, on=on)
    for member in facts.members:
        if member.employment == "flexible" or member.income("business") > 0:
            return True
        severe = member.disability_grade in ("1", "2")
        if WORKING_AGE_FROM <= member.age < WORKING_AGE_TO and member.employment in ABLE_EMPLOYMENTS:
            if not severe:
                return True
    return False


def dibao_cycle(entitlement) -> int:
    today = timezone.localdate()
    case = entitlement.source_case
    if case is not None and unstable_or_able(case, on=today):
        return months(HALF_YEARLY, on=today)
    return months(YEARLY, on=today)


def means_tested_cycle(entitlement) -> int | None:
    code = entitlement.program.code
    if code == "dibao":
        return dibao_cycle(entitlement)
    if code in ("low_income", "rigid_expense"):
        return months(QUARTERLY)
    return None


def yearly_cycle(entitlement) -> int:
    return months(YEARLY)
