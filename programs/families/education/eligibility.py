"""Education aid: the household's status is the serial precondition (checked by routing and by
the screener alike); the item's own condition is a member at its school stage."""

from django.utils.translation import gettext_lazy as _

from programs.assessment import Assessment
from programs.facts import HouseholdFacts

# The school stage each education item is for.
STAGE_OF_ITEM = {
    "edu_preschool": {"preschool"},
    "edu_compulsory": {"compulsory"},
    "edu_highschool_grant": {"highschool"},
    "edu_highschool_aid": {"highschool"},
    "edu_vocational_grant": {"vocational"},
    "edu_vocational_aid": {"vocational"},
    "edu_special_needs": {"special"},
}


def assess_facts(code: str, facts: HouseholdFacts) -> Assessment:
    result = Assessment(figures=facts.figures)
    stages = STAGE_OF_ITEM.get(code, set())
    students = [m for m in facts.members if m.school_stage in stages]
    result.check(
        "member_at_school_stage",
        _("家庭成员在读相应学段"),
        bool(students),
        _("%(n)s 名成员在读该学段"),
        n=len(students),
    )
    return result
