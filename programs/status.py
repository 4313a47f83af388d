"""The status page (one column per department), computed from the cases and their work items."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import OuterRef, Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.batch import loaded
from accounts.compiled import CompiledRead, JsonChildren

from .lifecycle import SharedState
from .models import CaseTransition, ProgramCase
from .procedure import procedure_deadlines
from .registry import family_of
from .selectors import FULL, access_level
from .snapshot import catalogue, status_names
from .transition import reason_shown


@dataclass
class ItemStatus:
    case: ProgramCase
    step: str
    due_date: object
    due_provisional: bool
    overdue: bool
    next_action: str
    history: list[CaseTransition]
    notices: list = field(default_factory=list)
    # False: the viewer works another item of the application and sees this one's status only.
    full: bool = True
    waiting_names: list[str] = field(default_factory=list)
    window_acceptance: bool = True
    # The whole-procedure and written-denial deadlines (programs.procedure), for those who see it all.
    procedure: list = field(default_factory=list)

    @property
    def reason_visible(self) -> bool:
        """A closing for an unmet precondition is the system's, and names no figures."""
        return self.full or self.case.state == SharedState.PRECONDITION_NOT_MET


@dataclass
class DepartmentColumn:
    department: object
    items: list[ItemStatus]


def _history_for(user, case) -> list:
    """Staff see every note; an applicant sees the steps and only the public reasons (the
    decisions' and the window's), never reviewers' notes or what an objection said or who raised it."""
    if user is None or not user.is_applicant:
        for t in case.history:
            t.reason_shown = reason_shown(t.reason)  # the system's reasons in the reader's language
        return case.history
    public = {"deny", "close_precondition_not_met", "return_for_materials"}
    return [
        PublicTransition(t.created_at, t.name, t.source, t.target, t.reason if t.name in public else "")
        for t in case.history
    ]


@dataclass
class PublicTransition:
    created_at: object
    name: str
    source: str
    target: str
    reason: str  # the record, as the API gives it

    @property
    def reason_shown(self) -> str:
        return reason_shown(self.reason)

    def get_target_label(self) -> str:
        from .registry import state_label

        return state_label(self.target)


def _next_action(family, case, missing_names) -> str:
    if missing_names and not case.is_decided:
        return _("请提交尚缺的材料：%(names)s（见上方“还需提交的材料”）。") % {
            "names": "、".join(missing_names)
        }
    return family.applicant_next(case.state)


# The status read's three reads, compiled once (accounts.compiled): every status read runs them.
_CASES = CompiledRead(
    lambda application: (
        ProgramCase.objects.filter(application=application)
        .defer("eligibility_trace", "verified_figures", "policy_figures")
        .order_by("id")
    ),  # sorted by department and item below
    int,
)
_HISTORY = CompiledRead(
    lambda cases: CaseTransition.objects.filter(case_id__in=cases).order_by("created_at", "id"), [int]
)


def _live_items_query(application):
    from review.models import WorkItem

    live = (WorkItem.Status.OPEN, WorkItem.Status.PAUSED)
    return WorkItem.objects.filter(application=application, status__in=live).order_by()


_LIVE_ITEMS = CompiledRead(_live_items_query, int)

# On PostgreSQL the cases come with their history and notices (accounts.compiled.JsonChildren).
_Notice = ProgramCase._meta.get_field("notices").related_model  # notices', not imported
_CASE_HISTORY = JsonChildren(CaseTransition, order=["created_at", "id"])
_CASE_NOTICES = JsonChildren(_Notice, order=["created_at", "id"])
_CASES_WITH_CHILDREN = CompiledRead(
    lambda application: _CASES.build(application).annotate(
        ow_history=_CASE_HISTORY.expression(CaseTransition.objects.filter(case=OuterRef("pk"))),
        ow_notices=_CASE_NOTICES.expression(_Notice.objects.filter(case=OuterRef("pk"))),
    ),
    int,
)


def _cases_and_live_items(application) -> tuple[list, dict]:
    """The cases (department, program and history loaded; notices once any case is decided)
    and the live work items by case (None: the acceptance item): from what a submission keeps
    in memory (intake.services), else in three queries."""
    order = lambda c: (c.program.department.sort_order, c.program.sort_order)  # noqa: E731
    cached = getattr(application, "_prefetched_objects_cache", {})
    if "cases" in cached and "work_items" in cached:
        cases = sorted(cached["cases"], key=order)
        items = cached["work_items"]
    elif (programs := catalogue()) is not None:
        # The items and departments from the catalogue's copy, not joined on every read.
        if connection.vendor == "postgresql":
            cases = _CASES_WITH_CHILDREN(application.pk)
            for case in cases:
                case.history = _CASE_HISTORY.instances(case.ow_history)
                loaded(case, "notices", _CASE_NOTICES.instances(case.ow_notices))
        else:
            cases = _CASES(application.pk)
            history: dict[int, list] = {case.pk: [] for case in cases}
            for transition in _HISTORY([case.pk for case in cases]):
                history[transition.case_id].append(transition)
            for case in cases:
                case.history = history[case.pk]
            _notices_loaded(cases)
        application_field, program_field = ProgramCase.application.field, ProgramCase.program.field
        for case in cases:
            application_field.set_cached_value(case, application)
            program_field.set_cached_value(case, programs.by_pk[case.program_id])
        cases.sort(key=order)
        # The live items as the application's read loaded them (intake.selectors), else read.
        items = cached["work_items"] if "work_items" in cached else _LIVE_ITEMS(application.pk)
    else:
        cases = application.cases.prefetch_related(
            Prefetch(
                "transitions", queryset=CaseTransition.objects.order_by("created_at", "id"), to_attr="history"
            )
        )
        cases = list(cases.select_related("program__department"))
        cases.sort(key=order)
        _notices_loaded(cases)
        # One query for every live work item of the application, the acceptance item included.
        items = application.work_items.filter(status__in=["open", "paused"])
    return cases, {item.case_id: item for item in items}


def _notices_loaded(cases) -> None:
    """Notices follow a decision: read only once a case is decided."""
    if any(c.decided_at is not None or c.is_decided for c in cases):
        prefetch_related_objects(cases, "notices")
    else:
        for case in cases:
            loaded(case, "notices", [])


def application_status(application, *, user=None) -> list[DepartmentColumn]:
    """One column per department, each item's current step, due date, next action, history.

    Items the viewer may see the status of only (programs.selectors) carry `full=False`.
    """
    today = timezone.localdate()
    cases, live_items = _cases_and_live_items(application)
    acceptance = live_items.get(None)
    names = status_names()
    # Never "无需操作" while a material of the item is still needed (还需提交的材料).
    from intake.materials import outstanding_names_by_program

    outstanding = outstanding_names_by_program(application, cases=cases)
    columns: dict[int, DepartmentColumn] = {}
    for case in cases:
        live = live_items.get(case.pk) or (acceptance if case.state == SharedState.SUBMITTED else None)
        family = family_of(case)
        full = user is None or access_level(user=user, case=case) == FULL
        item = ItemStatus(
            case=case,
            step=family.state_label(case.state),
            full=full,
            window_acceptance=family.window_acceptance,
            waiting_names=[names.get(code, code) for code in case.waiting_for],
            due_date=live.due_date if live else None,
            due_provisional=live.due_provisional if live else False,
            overdue=bool(live and live.status == "open" and live.due_date < today),
            next_action=_next_action(family, case, outstanding.get(case.program_id)),
            history=_history_for(user, case) if full else [],
            notices=[n for n in case.notices.all() if n.status == "ready"] if full else [],
            procedure=procedure_deadlines(case) if full else [],
        )
        dept = case.program.department
        columns.setdefault(dept.pk, DepartmentColumn(department=dept, items=[])).items.append(item)
    return list(columns.values())
