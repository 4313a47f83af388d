"""Medical aid: the household's status is the serial precondition (routing and the screener);
outpatient and inpatient aid need self-paid medical costs. The amount is the reviewer's."""

from django.utils.translation import gettext_lazy as _

from programs.assessment import Assessment
from programs.facts import HouseholdFacts

NEEDS_EXPENSE = {"medical_outpatient", "medical_inpatient"}


def assess_facts(code: str, facts: HouseholdFacts) -> Assessment:
    result = Assessment(figures=facts.figures)
    if code in NEEDS_EXPENSE:
        expense = facts.figure("medical_expense")
        result.check(
            "has_medical_expense",
            _("有自负医疗费用"),
            expense > 0,
            _("自负医疗费用（月）%(amount)s 元"),
            amount=expense,
        )
    else:
        result.check(
            "insured_member",
            _("有需资助参保的家庭成员"),
            bool(facts.members),
            _("%(n)s 人"),
            n=len(facts.members),
        )
    return result
