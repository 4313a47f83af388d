"""The vocabulary of a family's step table: a Step per working state, the Actions it allows.

A step table is data. From it the engine decides who may act (role, department, office), the
work item that opens and its deadline, the buttons on the staff page, the request body of each
API action and the applicant's next-step text. Nothing repeats the table by hand.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .trace import trace_all_passed

# Where a step is worked: the street or district of the household's hukou place or residence.
# Some places are named by an answer on the item's form (FORM_OFFICE_PLACES): "incident", where
# the emergency happened (临时救助, S003); "union", the member's grassroots trade union (工会帮扶),
# whose parent is its district or industry union; "employer", the street where a non-local
# household's employer is (共有产权).
FORM_OFFICE_PLACES = {
    "incident": "incident_office",
    "union": "grassroots_union",
    "employer": "employer_office",
}
OFFICE_PLACES = ("hukou", "residence", *FORM_OFFICE_PLACES)
# "committee": the neighbourhood committee (居委会); "unit": the organisation itself (a grassroots
# union, a social-work agency), for a place that is one.
OFFICE_LEVELS = ("committee", "unit", "street", "district", "city")


@dataclass(frozen=True)
class Action:
    """One thing the holder of a step may do.

    `service(case=…, actor=…, item=…, **validated_input)` runs inside the engine's transaction
    with the case locked; `input` is the request body (unknown fields are refused).
    """

    name: str
    label: str
    input: type[serializers.Serializer]
    service: Callable[..., Any]
    style: str = "primary"
    # A sentence shown above the action's form, computed from the case (e.g. signatures so far).
    help: Callable[[Any], str] | None = None
    # Segregation of duties: whoever fired one of these transitions on the case may not take
    # this action (e.g. the person who verified or proposed approval does not also approve).
    not_by: tuple[str, ...] = ()
    # What the form starts from, computed from the case in the input's shape (e.g. the declared
    # figures the verification confirms): values the action assumes for a field left out, so the
    # staff page pre-fills them and sends back only those the person changed.
    initial: Callable[[Any], dict] | None = None


@dataclass(frozen=True)
class Step:
    """Who works a state, where, by when, and what they may do there."""

    state: str
    label: str
    role: str
    office: str  # "<place>_<level>", e.g. "hukou_street", "residence_district"
    deadline: str  # the policy parameter key of the step's time limit
    actions: tuple[Action, ...] = ()
    applicant_next: str = ""
    # A department code; None = the department that owns the item in the catalogue.
    department: str | None = None
    # A step closed by the calendar (公示), not by a person: `timer(case, today)` says whether
    # it has run out, `timer_transition` is fired by the sweep when it has.
    timer: Callable[[Any, Any], bool] | None = None
    timer_transition: str = ""
    # Where the deadline is counted from, when not from the day the step opens.
    counted_from: Callable[[Any], Any] | None = None
    # A line for staff on the case page (e.g. when 公示 ends and the decision becomes possible).
    staff_note: Callable[[Any], str] | None = None
    # Where the step is worked when that depends on the case (the approval level configured for
    # the office, programs.approval): office_by(case) -> "<place>_<level>"; `office` otherwise.
    office_by: Callable[[Any], str] | None = None
    # A step that another item's household economic check (核对) of this application replaces
    # (programs.economic): reuse_verification(case=…, source=…, actor=…) takes the verified
    # figures and moves the case on instead of investigating twice.
    reuse_verification: Callable[..., Any] | None = None
    action_names: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        place, _sep, level = self.office.partition("_")
        if place not in OFFICE_PLACES or level not in OFFICE_LEVELS:
            raise ValueError(
                f"step {self.state}: office must be <{'|'.join(OFFICE_PLACES)}>_<{'|'.join(OFFICE_LEVELS)}>"
            )
        object.__setattr__(self, "action_names", tuple(a.name for a in self.actions))

    def action(self, name: str) -> Action | None:
        return next((a for a in self.actions if a.name == name), None)


def office_for(application, where: str, case=None):
    """The office that works a step of this application: e.g. its hukou street or residence district.

    The offices are the application's own, as submitted (a later application of the household
    never moves them). A place named by the form (FORM_OFFICE_PLACES) is the office the case's
    form answer names (e.g. case.details["form"]["incident_office"]); without one, the hukou
    place. A level the office has no ancestor at (a grassroots union's "street") is the office."""
    place, _sep, level = where.partition("_")
    if place in FORM_OFFICE_PLACES:
        office = form_office(case, FORM_OFFICE_PLACES[place]) or application.hukou_office
    else:
        office = application.hukou_office if place == "hukou" else application.residence_office
    return office.ancestor_at(level) or office


def form_office(case, key: str):
    """The office a form answer of the case names (its code), or None."""
    from accounts.snapshot import office_by_code

    code = ((case.details or {}).get("form") or {}).get(key) if case is not None else None
    return office_by_code(str(code)) if code else None


def incident_office(case):
    return form_office(case, FORM_OFFICE_PLACES["incident"])


def step_where(case, step: "Step") -> str:
    """The step's "<place>_<level>" for this case."""
    return step.office_by(case) if step.office_by is not None else step.office


@dataclass(frozen=True)
class AcceptancePlace:
    """Where an item must be accepted: any centre within `allowed` (a street or a district);
    `counter` is the centre an online application's acceptance goes to."""

    allowed: Any
    counter: Any
    why: str = ""


class ActionInput(serializers.Serializer):
    """A request body that refuses fields it does not know (a misspelt field is a 400)."""

    ENVELOPE = frozenset({"action", "expected_state"})

    def to_internal_value(self, data):
        if isinstance(data, dict):
            envelope = self.ENVELOPE if self.parent is None else frozenset()
            unknown = sorted(set(data) - set(self.fields) - envelope)
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [serializers.ErrorDetail(_("未知字段，本操作不接受此字段。"), code="unknown")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


class FormQuestions(ActionInput):
    """An item's own questions on the unified form (Family.form_questions). `answers()` is what
    the case keeps: JSON-ready values (dates as ISO strings, offices as their codes)."""

    def answers(self) -> dict:
        return {key: json_ready(value) for key, value in self.validated_data.items()}


def json_ready(value):
    """An answer as JSON can keep it: dates as ISO strings, amounts as strings, offices as codes."""
    from decimal import Decimal

    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return getattr(value, "code", value)


class NoteInput(ActionInput):
    note = serializers.CharField(
        label=_("意见"), required=False, allow_blank=True, default="", max_length=2000
    )


class DenyInput(ActionInput):
    reason = serializers.CharField(
        label=_("不予批准的理由"), required=False, allow_blank=True, default="", max_length=2000
    )


def deny_help(case) -> str:
    """Above every deny form: a denial whose conditions are all met needs the reviewer's words."""
    if trace_all_passed(case.eligibility_trace):
        return str(_("审核条件均符合：如不予批准，必须填写理由，理由将写入决定书。"))
    if case.eligibility_trace:
        return str(_("未通过的审核条件将自动写入决定书，可补充说明。"))
    return str(_("请填写不予批准的理由，理由将写入决定书。"))


class ApproveInput(NoteInput):
    amount = serializers.DecimalField(
        label=_("救助金额（元）"),
        required=False,
        allow_null=True,
        default=None,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        help_text=_("由审核人员核定金额的事项填写；按政策自动计算金额的事项不填。"),
    )
