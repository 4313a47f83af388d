"""The screener (智能引导): what might this family get, before it applies?

It runs the very rules a case is decided on (each family's `assess(code, facts)`) on facts the
family typed, with the parameters in force on the day asked; there is no second copy of any
rule here. For every open item it answers:

- ``likely``: every condition the rules can check from what was typed is met;
- ``depends``: the item needs a status (低保, 低收入, 特困, 支出型) the household does not hold,
  but one of the items screened here is likely to give it (串联: serial items); or the rules
  pass only once that status is held (the legal-aid waiver);
- ``not_likely``: a condition fails, with the trace saying which and on what figures.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .assessment import Assessment, figures_from_entries
from .facts import HouseholdFacts, MemberFacts
from .models import Program
from .parameters import MissingParameter
from .registry import family_for
from .trace import trace_failures, trace_shown

LIKELY, DEPENDS, NOT_LIKELY = "likely", "depends", "not_likely"
OUTCOME_LABELS = {
    LIKELY: "可能符合",
    DEPENDS: "取决于其他事项",
    NOT_LIKELY: "可能不符合",
}


@dataclass
class ScreeningMember:
    """One member as typed on the screener (no identity number: nobody is identified)."""

    age: int
    relation: str = "other"
    sex: str = ""
    disability_grade: str = "none"
    disability_kind: str = ""
    employment: str = ""
    school_stage: str = "none"
    birth_group: int | None = None
    incomes: dict = field(default_factory=dict)
    assets: dict = field(default_factory=dict)
    expenses: dict = field(default_factory=dict)


@dataclass
class ItemResult:
    program: Program
    outcome: str
    trace: list[dict]
    monthly_amount: Decimal | None = None
    depends_on: list[str] = field(default_factory=list)
    note: str = ""
    parameters: dict = field(default_factory=dict)
    # Another likely item already covers this one (低收入 and 支出型 when 低保 is likely): shown
    # with a note, and not pre-ticked on the form.
    covered_by: str = ""

    @property
    def outcome_label(self) -> str:
        return _(OUTCOME_LABELS[self.outcome])

    @property
    def failures(self) -> list[dict]:
        return trace_shown(trace_failures(self.trace))


def screening_facts(
    members: list[ScreeningMember],
    *,
    on: dt.date,
    statuses=(),
    answers: dict | None = None,
    local_hukou: bool = True,
) -> HouseholdFacts:
    """Facts from what a family typed: the figures by the same computation as a case's.
    `answers` are the items' own questions by item code ({"temporary_assistance": {…}})."""
    entries = []
    for i, m in enumerate(members):
        for category, section in (("income", m.incomes), ("asset", m.assets), ("expense", m.expenses)):
            for kind, amount in (section or {}).items():
                if amount:
                    entries.append((i, category, kind, Decimal(amount)))
    figures = figures_from_entries([(i, m.employment) for i, m in enumerate(members)], entries, on=on)
    return HouseholdFacts(
        on=on,
        members=tuple(
            MemberFacts(
                key=str(i),
                name=_("第%(n)s位成员") % {"n": i + 1},
                relation=m.relation,
                sex=m.sex,
                age=m.age,
                disability_grade=m.disability_grade or "none",
                disability_kind=m.disability_kind or "",
                employment=m.employment,
                school_stage=m.school_stage or "none",
                birth_group=m.birth_group,
                incomes={k: str(v) for k, v in (m.incomes or {}).items() if v},
            )
            for i, m in enumerate(members)
        ),
        figures=figures,
        statuses=frozenset(statuses),
        local_hukou=local_hukou,
        answers=answers or {},
        screening=True,
    )


def _status_check(result: Assessment, program: Program, held: set, likely: set) -> str | None:
    """The item's serial precondition (a status), recorded in the trace like any condition."""
    required = set(program.requires_status or ())
    if not required:
        return None
    names = "、".join(p.status_name for p in Program.objects.filter(code__in=required).order_by("sort_order"))
    if required & held:
        result.check("status_held", _("家庭享受相关救助待遇"), True, _("已享受%(names)s待遇"), names=names)
        return LIKELY
    if required & likely:
        result.check(
            "status_held",
            _("家庭享受相关救助待遇"),
            False,
            _("须先获批%(names)s（本次可一并申请）"),
            names=names,
        )
        return DEPENDS
    result.check("status_held", _("家庭享受相关救助待遇"), False, _("须享受%(names)s待遇"), names=names)
    return NOT_LIKELY


def _run(program: Program, facts: HouseholdFacts) -> Assessment | None:
    family = family_for(program)
    if family is None or family.assess is None:
        return None
    # On the screener the answers are by item; each item's rules read only its own.
    if facts.screening:
        facts = replace(facts, answers=(facts.answers or {}).get(program.code, {}))
    try:
        return family.assess(program.code, facts)
    except MissingParameter:
        return None  # no figure in force on that day: the item cannot be screened then


def screen(facts: HouseholdFacts, *, programs=None) -> list[ItemResult]:
    """Every open item, status-granting items first (the others may depend on them)."""
    programs = list(programs if programs is not None else Program.objects.select_related("department"))
    programs = [p for p in programs if p.is_open]
    held = set(facts.statuses)
    likely: set[str] = set()
    results: dict[str, ItemResult] = {}
    for program in sorted(programs, key=lambda p: (not p.grants_status, p.sort_order)):
        outcome, result = _screen_one(program, facts, held=held, likely=likely)
        if program.grants_status and outcome == LIKELY:
            likely.add(program.code)
        results[program.code] = result
    _mark_covered(results)
    return [results[p.code] for p in sorted(programs, key=lambda p: p.sort_order)]


# item → (the item that covers it when likely, why it need not be chosen as well)
COVERED_BY = {
    "low_income": (
        "dibao",
        gettext_noop("低保未获批准且收入在低收入标准以内的，经申请人同意自动转入低收入认定，无需另选。"),
    ),
    "rigid_expense": ("dibao", gettext_noop("可能符合低保的家庭，无需另行申请支出型贫困家庭生活救助。")),
}


def _mark_covered(results: dict) -> None:
    for code, (cover, why) in COVERED_BY.items():
        result, covering = results.get(code), results.get(cover)
        if result is not None and covering is not None and covering.outcome == LIKELY:
            result.covered_by = cover
            result.note = _(why)


def _screen_one(program: Program, facts: HouseholdFacts, *, held: set, likely: set):
    pre = Assessment(figures=facts.figures)
    status = _status_check(pre, program, held, likely)
    assessment = _run(program, facts)
    trace = [*pre.trace, *(assessment.trace if assessment else [])]
    amount = assessment.monthly_amount if assessment else None
    parameters = assessment.parameters if assessment else {}
    own_pass = assessment is None or assessment.eligible
    depends_on = sorted(set(program.requires_status or ()) & likely) if status == DEPENDS else []
    if status == NOT_LIKELY or not own_pass:
        outcome = NOT_LIKELY
        if assessment is not None and not assessment.eligible and likely - held:
            # Some rules pass once a status is held (e.g. the legal-aid economic check is waived).
            with_status = _run(program, _with_statuses(facts, held | likely))
            if with_status is not None and with_status.eligible and status != NOT_LIKELY:
                outcome, trace = DEPENDS, [*pre.trace, *with_status.trace]
                depends_on = sorted(likely - held)
    elif status == DEPENDS:
        outcome = DEPENDS
    else:
        outcome = LIKELY
    note = "" if assessment is not None else _("需由经办部门审核后确定。")
    result = ItemResult(
        program=program,
        outcome=outcome,
        trace=trace,
        monthly_amount=amount if outcome != NOT_LIKELY else None,
        depends_on=depends_on,
        note=note,
        parameters=parameters,
    )
    return outcome, result


def _with_statuses(facts: HouseholdFacts, statuses: set) -> HouseholdFacts:
    return replace(facts, statuses=frozenset(statuses))


def screen_today(members: list[ScreeningMember], *, on: dt.date | None = None, **kwargs) -> list[ItemResult]:
    return screen(screening_facts(members, on=on or timezone.localdate(), **kwargs))
