"""The one door: every web page, API endpoint, task and command acts on a case through here.

`case_act` allows an action only to the holder of the case's **live step**: the user's role is
the step's role, their department is the step's department, and their office is the step's
office or one above it (read from the live work item the step opened). A user who may not see
the case gets 404, one who may see it but not act gets 403, and every refusal is audited.
"""

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from accounts.audit import audit_log, audit_log_ref
from review.models import WorkItem

from .errors import ActionInvalid, ActionNotPermitted, CaseConflict
from .forms import labelled_errors
from .models import ProgramCase
from .registry import as_family, family_of
from .selectors import case_get_for_user
from .steps import Action, Step
from .transition import case_transition, timer_reason
from .work import step_department, step_office

REFUSED = "programs.case.action_refused"
LIVE = (WorkItem.Status.OPEN, WorkItem.Status.PAUSED)


def holds(user, *, role: str, department_id: int, office) -> bool:
    """Role, department and office (or an office above it) all match."""
    return (
        user.is_authenticated
        and user.role == role
        and user.department_id == department_id
        and user.office_id is not None
        and office.path.startswith(user.office.path)
    )


def live_item(case) -> WorkItem | None:
    return WorkItem.objects.select_related("office", "department").filter(case=case, status__in=LIVE).first()


def _holds_item(user, item: WorkItem | None) -> bool:
    return item is not None and holds(
        user, role=item.role, department_id=item.department_id, office=item.office
    )


def _could_hold(user, case, step: Step) -> bool:
    return holds(
        user, role=step.role, department_id=step_department(case, step).pk, office=step_office(case, step)
    )


def works_case(*, case, user) -> bool:
    """The user holds the case's live step or could hold one of its steps (its investigators,
    reviewers and approvers): those who may see the household's address and telephone."""
    return _holds_item(user, live_item(case)) or any(
        _could_hold(user, case, s) for s in family_of(case).steps
    )


def _did_earlier_duty(case, user, action: Action) -> bool:
    from .models import CaseTransition

    return (
        bool(action.not_by)
        and CaseTransition.objects.filter(case=case, name__in=action.not_by, actor=user).exists()
    )


def actions_for_user(*, case, user) -> list[Action]:
    """The actions this user can take on the case now (the staff page's buttons)."""
    step = family_of(case).step(case.state)
    if step is None or not step.actions or not _holds_item(user, live_item(case)):
        return []
    return [action for action in step.actions if not _did_earlier_duty(case, user, action)]


def _refuse(*, user, case_id, action: str, why: str, state: str = "") -> None:
    with transaction.atomic():
        audit_log_ref(
            actor=user if user.is_authenticated else None,
            code=REFUSED,
            object_type=ProgramCase._meta.label_lower,
            object_id=str(case_id),
            data={"action": action, "why": why, "state": state},
            success=False,
        )


def _validated(action: Action, data: dict) -> dict:
    serializer = action.input(data=data)
    if not serializer.is_valid():
        # Every message names its field by its label (pages and API alike), never by its key.
        raise ValidationError(labelled_errors(serializer, serializer.errors))
    return dict(serializer.validated_data)


def case_for_action(*, user, pk, action: str):
    """The case for an action by this user; 404 (audited) when the user may not see it."""
    try:
        return case_get_for_user(user=user, pk=pk)
    except Http404:
        _refuse(user=user, case_id=pk, action=action, why="not_visible")
        raise


def case_act(*, case, user, action: str, data: dict | None = None, expected_state: str | None = None):
    """Take `action` on `case` (a ProgramCase or its id) as `user`; returns the case as it is now.

    Raises Http404 (may not see), ActionNotPermitted (403: not the live step's holder),
    CaseConflict (409: the case moved on, or `expected_state` is stale), ValidationError or
    ActionInvalid (400: bad input, or the action is impossible as things stand).
    """
    case_id = case.pk if isinstance(case, ProgramCase) else case
    data = dict(data or {})
    visible = case_for_action(user=user, pk=case_id, action=action)
    family = family_of(visible)
    if action not in family.actions:
        raise ActionInvalid(_("该事项没有“%(action)s”这一办理操作。") % {"action": action})
    verdict = None
    with transaction.atomic():
        locked = as_family(
            ProgramCase.objects.select_for_update(of=("self",))
            .select_related("program__department", "application__household")
            .get(pk=case_id)
        )
        step = family.step(locked.state)
        item = live_item(locked)
        if step is not None and action in step.action_names:
            verdict = "act" if _holds_item(user, item) else "forbidden"
            if verdict == "act" and _did_earlier_duty(locked, user, step.action(action)):
                verdict = "duty"
        elif any(_could_hold(user, locked, s) for s in family.steps_offering(action)):
            verdict = "moved_on"
        else:
            verdict = "forbidden"
        if verdict == "act":
            if expected_state and expected_state != locked.state:
                raise CaseConflict()
            chosen = step.action(action)
            chosen.service(case=locked, actor=user, item=item, **_validated(chosen, data))
    if verdict == "duty":
        _refuse(user=user, case_id=case_id, action=action, why="segregation_of_duties", state=locked.state)
        raise ActionNotPermitted(_("职责分离：在本案件中已办理核对或拟批准的人员，不能再作出批准决定。"))
    if verdict == "forbidden":
        _refuse(user=user, case_id=case_id, action=action, why="not_step_holder", state=locked.state)
        raise ActionNotPermitted()
    if verdict == "moved_on":
        if locked.state != (expected_state or visible.state):
            raise CaseConflict()  # someone acted between the user's read and this request
        raise CaseConflict(_not_now_message(family, locked, action))
    return case_get_for_user(user=user, pk=case_id)


def _not_now_message(family, case, action: str) -> str:
    """The action belongs to another step than the live one: say where the case is instead."""
    step = family.step(case.state)
    label = family.actions[action].label
    message = _("该事项当前处于“%(step)s”环节，现在不能“%(action)s”。") % {
        "step": family.state_label(case.state),
        "action": label,
    }
    if step is not None and step.staff_note:
        message += str(step.staff_note(case))
    elif case.is_decided:
        message = str(CaseConflict.default_message)
    return message


def case_timers_fire(*, today: dt.date | None = None) -> int:
    """Close every step whose timer has run out (公示 ended without objection); idempotent."""
    from .registry import FAMILIES

    today = today or timezone.localdate()
    fired = 0
    for family in FAMILIES.values():
        for step in family.steps:
            if step.timer is None:
                continue
            candidates = ProgramCase.objects.filter(
                program__family=family.code, state=step.state
            ).values_list("pk", flat=True)
            for pk in candidates:
                with transaction.atomic():
                    case = _lock_in_state(pk, step.state)
                    if case is None or not step.timer(case, today):
                        continue
                    case_transition(
                        case=case,
                        name=step.timer_transition,
                        actor=None,
                        reason=timer_reason(step),
                    )
                    audit_log(
                        actor=None,
                        code=f"programs.{case.program.code}.timer_fired",
                        obj=case,
                        data={"step": step.state, "on": today.isoformat()},
                    )
                    fired += 1
    return fired


def _lock_in_state(pk: int, state: str):
    qs = ProgramCase.objects.select_related("program__department", "application__household").filter(
        pk=pk, state=state
    )
    case = qs.select_for_update(of=("self",)).first()
    return as_family(case) if case is not None else None
