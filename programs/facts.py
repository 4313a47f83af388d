"""The facts a household's eligibility is decided on — one shape for every rule.

A case gives its facts from the application (the members as submitted, the verified figures
once 核对 is done, else the declared ones; the statuses held; the item's form answers), and the
screener (智能引导) gives them from what a family typed before applying. The rules of every
family take a HouseholdFacts and nothing else, so one rule answers both "does this family
qualify?" at decision time and "what might this family get?" before it applies.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from .assessment import figures_from_entries, statuses_held


@dataclass(frozen=True)
class MemberFacts:
    key: str  # the person's id on a case, the position on a screening
    name: str
    relation: str
    sex: str  # "M" | "F" | "" (unknown on a screening)
    age: int
    disability_grade: str = "none"  # "none" | "1" … "4"
    disability_kind: str = ""  # Person.DisabilityKind
    employment: str = ""  # Person.Employment
    school_stage: str = "none"  # Person.SchoolStage
    birth_group: int | None = None
    # Monthly amounts declared (or verified) for this member, by kind: pension, wages, …
    incomes: dict = field(default_factory=dict)

    @property
    def disabled(self) -> bool:
        return self.disability_grade not in ("", "none")

    @property
    def in_full_time_education(self) -> bool:
        return self.school_stage not in ("", "none")

    def income(self, kind: str) -> Decimal:
        return Decimal(self.incomes.get(kind) or 0)


@dataclass(frozen=True)
class HouseholdFacts:
    on: dt.date
    members: tuple[MemberFacts, ...]
    figures: dict  # the household's monthly figures (programs.assessment.figures_from_entries)
    statuses: frozenset = frozenset()  # program codes of the statuses held on `on`
    local_hukou: bool = True
    answers: dict = field(default_factory=dict)  # this item's form answers (case.details["form"])
    verified: bool = False  # the figures are the verified ones (核对), not the declared ones
    screening: bool = False  # typed by the family before applying (no case behind them)
    # The statuses the household would hold if the items screened before this one are granted
    # (the screener's "depends on another item"); empty on a case.
    likely_statuses: frozenset = frozenset()

    def figure(self, key: str) -> Decimal:
        return Decimal(self.figures.get(key) or 0)

    @property
    def size(self) -> int:
        return int(self.figures.get("members") or len(self.members))


def _member_from_person(person, *, on: dt.date, incomes: dict) -> MemberFacts:
    return MemberFacts(
        key=str(person.pk),
        name=person.name,
        relation=person.relation,
        sex=person.sex,
        age=person.age_on(on),
        disability_grade=person.disability_grade,
        disability_kind=person.disability_kind,
        employment=person.employment_status,
        school_stage=person.school_stage,
        birth_group=person.birth_group,
        incomes=incomes,
    )


def facts_for_case(case, *, on: dt.date | None = None, answers: dict | None = None) -> HouseholdFacts:
    """The facts of a case on `on`: members as submitted, verified figures when known."""
    from intake.models import FinancialEntry

    on = on or timezone.localdate()
    application = case.application
    people = list(application.members.all())
    entries = list(application.financial_entries.all())
    incomes: dict[int, dict] = {}
    for entry in entries:
        if entry.category == FinancialEntry.Category.INCOME:
            mine = incomes.setdefault(entry.person_id, {})
            mine[entry.kind] = str(Decimal(mine.get(entry.kind) or 0) + entry.amount)
    figures = case.verified_figures or figures_from_entries(
        [(p.pk, p.employment_status) for p in people],
        [(e.person_id, e.category, e.kind, e.amount) for e in entries],
        on=timezone.localdate(application.submitted_at),
    )
    form = (case.details or {}).get("form", {}) if answers is None else answers
    return HouseholdFacts(
        on=on,
        members=tuple(_member_from_person(p, on=on, incomes=incomes.get(p.pk, {})) for p in people),
        figures=figures,
        statuses=frozenset(statuses_held(application.household, on=on)),
        local_hukou=application.hukou_office_id is not None,
        answers=form,
        verified=bool(case.verified_figures),
    )
