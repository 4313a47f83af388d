"""The registry of workflow families: each catalogue item names its family; each family is one
folder under programs/families/ that registers itself here when the app loads.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from .lifecycle import APPLICANT_NEXT, SharedState
from .steps import Action, Step

OPENING_SOON = "opening_soon"


@dataclass(frozen=True)
class NoticeText:
    """A family's notice wording. Paragraphs take %(day)s (the application date) and %(item)s."""

    approval: str
    approval_title: str = _("%(item)s准予救助决定书")
    denial_title: str = _("%(item)s不予救助决定书")
    denial: str = _("你（你家庭）于%(day)s提出的%(item)s申请，经审核，不符合条件，决定不予救助。")
    # Extra lines of the approval notice (label, value), computed from the case.
    approval_facts: Callable | None = None
    approval_closing: str = ""
    # The remedies a denial states; %(department)s is the deciding department's name.
    rights: str = _(
        "如对本决定不服，可以自收到本决定书之日起六十日内向上一级人民政府或者同级%(department)s部门申请行政复议，"
        "也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。"
    )
    # The issuer's name when not "<office><department agency>" (e.g. a legal-aid centre).
    issuer: Callable | None = None


@dataclass(frozen=True)
class Family:
    """One workflow family: its proxy model, states, step table, notices and parameters."""

    code: str
    label: str
    model: type[models.Model]
    states: type[models.TextChoices]
    steps: tuple[Step, ...]
    notices: NoticeText
    # Items of this family start only once the one window has accepted the application (一口受理);
    # False where the family's own first step is its acceptance (e.g. the legal-aid pre-check).
    window_acceptance: bool = True
    # Policy parameters the family reads, seeded by catalogue_sync (same row shape as there).
    parameters: tuple = ()
    # Sections of the staff case page: "figures" (declared and verified money), "trace".
    staff_sections: tuple[str, ...] = ("trace",)
    # Facts of a case for those who work it (the API's `facts`): e.g. signatures collected.
    facts: Callable | None = None
    # What the unified form's money step asks, per member, for an item of this family: any of
    # "incomes", "assets", "expenses". An item whose family asks none skips the money step.
    form_needs: tuple[str, ...] = ()
    # Whole-procedure and written-denial limits (programs.procedure.ProcedureLimits), if any.
    procedure: object | None = None
    # The item's own questions on the unified form, by item code ("*" for every item of the
    # family): a programs.steps.FormQuestions serializer. Its answers are validated at submission
    # and kept on the case as details["form"]; the eligibility rules read them from the facts.
    form_questions: dict = field(default_factory=dict)
    # Retention (intake.retention): retention_scrub(cases, placeholder) blanks the names and words
    # in the records the family keeps beside those cases (obligors, advance reasons, minutes).
    retention_scrub: Callable | None = None
    # The eligibility rules on a household's facts: assess(program_code, facts) -> Assessment.
    # The same function decides at verification/decision time and answers the screener.
    assess: Callable | None = None
    # Serial waits that depend on the case (routing): requires_status(case) -> program codes of
    # which the household must hold one (or await this application's decision); None = the
    # catalogue's `requires_status`. E.g. 就业困难人员 waits for dibao only when that is the
    # only category claimed.
    requires_status: Callable | None = None
    # Where the item must be accepted (共有产权: the hukou-place centre): accepted_at(case) ->
    # programs.steps.AcceptancePlace, or None where any centre may accept it (全市通办).
    accepted_at: Callable | None = None
    # The unified form may pre-tick the item when the screener finds it likely; False where what
    # decides it is not a figure the screener has (a consent, a union membership, a category).
    pre_tick: bool = True
    # An approval gives an entitlement that lasts until a re-check or a termination ends it; False
    # for one-off help (临时救助, a grant paid once), which ends the day it is granted.
    entitlement_lasts: bool = True
    # Re-check cycle (S002) of an entitlement of this family: recheck_months(entitlement) -> months,
    # or None for none. Read by monitoring when the entitlement is granted and after each re-check.
    recheck_months: Callable | None = None
    _by_state: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        self._by_state.update({step.state: step for step in self.steps})

    def required_statuses(self, case) -> list[str]:
        if self.requires_status is not None:
            return list(self.requires_status(case))
        return list(case.program.requires_status or [])

    def questions_for(self, code: str):
        return self.form_questions.get(code) or self.form_questions.get("*")

    def step(self, state: str) -> Step | None:
        return self._by_state.get(state)

    @cached_property
    def actions(self) -> dict[str, Action]:
        found: dict[str, Action] = {}
        for step in self.steps:
            for action in step.actions:
                found.setdefault(action.name, action)
        return found

    def steps_offering(self, action: str) -> list[Step]:
        return [step for step in self.steps if action in step.action_names]

    @cached_property
    def _state_labels(self) -> dict:
        """The lazy labels by state, the family's own over the shared ones (an enum's `values`
        and `choices` are rebuilt on every access)."""
        return {**dict(SharedState.choices), **dict(self.states.choices)}

    def state_label(self, state: str) -> str:
        label = self._state_labels.get(state)
        return state if label is None else str(label)

    def applicant_next(self, state: str) -> str:
        step = self.step(state)
        if step is not None:
            return str(step.applicant_next)
        return str(APPLICANT_NEXT.get(state, ""))


FAMILIES: dict[str, Family] = {}


def register(family: Family) -> Family:
    if family.code in FAMILIES and FAMILIES[family.code] is not family:
        raise ValueError(f"workflow family {family.code!r} registered twice")
    known = dict(state_choices())
    for value, label in family.states.choices:
        if value in known and str(known[value]) != str(label):
            raise ValueError(
                f"state {value!r} of {family.code!r} is already {known[value]!r} in another family"
            )
    FAMILIES[family.code] = family
    return family


def autodiscover() -> None:
    """Import every folder of programs/families/; each registers its family."""
    from . import families

    for module in pkgutil.iter_modules(families.__path__):
        if module.ispkg:
            importlib.import_module(f"{families.__name__}.{module.name}")


def family_choices() -> list[tuple[str, str]]:
    return [*((f.code, f.label) for f in FAMILIES.values()), (OPENING_SOON, _("即将开通"))]


def state_choices() -> list[tuple[str, str]]:
    choices = dict(SharedState.choices)
    for family in FAMILIES.values():
        for value, label in family.states.choices:
            choices.setdefault(value, label)
    return list(choices.items())


_labels: tuple[int, dict] | None = None


def state_label(state: str) -> str:
    """The state's name in the active language (the lazy labels kept once the families are in)."""
    global _labels
    if _labels is None or _labels[0] != len(FAMILIES):
        _labels = (len(FAMILIES), dict(state_choices()))
    return str(_labels[1].get(state, state))


def family_for(program) -> Family | None:
    return FAMILIES.get(program.family)


def family_of(case) -> Family:
    family = FAMILIES.get(case.program.family)
    if family is None:
        raise LookupError(f"item {case.program.code!r} has no workflow family ({case.program.family!r})")
    return family


def as_family(case):
    """The case as its family's proxy model (its own transitions), without a query."""
    model = family_of(case).model
    if not isinstance(case, model):
        case.__class__ = model
    return case
