"""The staff case page: what the case is, and the actions this user can take on it now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from accounts.permissions import has_perm

from .assessment import FIGURE_LABELS, household_figures
from .engine import actions_for_user, case_act, case_for_action, live_item, works_case
from .errors import ActionInvalid, ActionNotPermitted, CaseConflict
from .forms import data_from_post, errors_elsewhere, flat_errors, form_fields
from .models import Commission
from .procedure import procedure_deadlines
from .registry import family_of
from .selectors import FULL, case_get_for_user
from .trace import trace_shown
from .transition import reason_shown


def _initial(action, case) -> dict:
    return action.initial(case) if action.initial else {}


@login_required
def case_detail(request, pk: int):
    posted_action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method != "POST" and not request.user.is_staff_member:
        raise PermissionDenied
    # An action refused for not seeing the case is audited like every other refusal.
    case = case_for_action(user=request.user, pk=pk, action=posted_action) if posted_action else None
    case = case or case_get_for_user(user=request.user, pk=pk)
    status, posted, errors = 200, None, {}
    if request.method == "POST":
        action = family_of(case).actions.get(posted_action)
        posted = request.POST
        try:
            if action is None:
                raise ActionInvalid(_("未知的办理操作。"))
            case_act(
                case=case,
                user=request.user,
                action=posted_action,
                data=data_from_post(action, request.POST, initial=_initial(action, case)),
                expected_state=request.POST.get("expected_state") or case.state,
            )
        except CaseConflict as exc:
            messages.error(request, str(exc.message))
            status = 409
        except ActionNotPermitted as exc:
            messages.error(request, str(exc.message))
            status = 403
        except ActionInvalid as exc:
            messages.error(request, str(exc.message))
            status = 400
        except ValidationError as exc:
            errors = flat_errors(exc.detail)
            messages.error(request, _("请检查标注的字段。"))
            status = 400
        else:
            messages.success(request, _("已办理。"))
            return redirect("programs:case", pk=case.pk)
        case = case_get_for_user(user=request.user, pk=pk)  # protected FSM field: re-read, not refresh
    return render(
        request, "programs/case.html", _context(request, case, posted, posted_action, errors), status=status
    )


def _context(request, case, posted, posted_action, errors) -> dict:
    family = family_of(case)
    step = family.step(case.state)
    item = live_item(case)
    context = {
        "case": case,
        "application": case.application,
        "family": family,
        "step": step,
        "item": item,
        "full": case.access == FULL,
        "state_label": family.state_label(case.state),
        "staff_note": step.staff_note(case) if step and step.staff_note else "",
        "procedure": procedure_deadlines(case),
    }
    if case.access != FULL:
        return context
    application = case.application
    declared = household_figures(application)
    actions = []
    for action in actions_for_user(case=case, user=request.user):
        mine = posted_action == action.name
        fields = form_fields(
            action,
            posted=posted if mine else None,
            initial=_initial(action, case),
            errors=errors if mine else None,
        )
        actions.append(
            {
                "action": action,
                "help": action.help(case) if action.help else "",
                "fields": fields,
                "prefilled": any(f["prefilled"] for f in fields),
                "other_errors": errors_elsewhere(action, errors) if mine else [],
            }
        )
    history = list(case.transitions.select_related("actor").order_by("created_at", "id"))
    for transition in history:
        transition.reason_shown = reason_shown(transition.reason)
    verified = case.verified_figures or {}
    context.update(
        members=application.members.order_by("id"),
        household=application.household,
        contact=works_case(case=case, user=request.user),
        sections=family.staff_sections,
        figure_rows=[(label, declared.get(key), verified.get(key)) for key, label in FIGURE_LABELS.items()],
        trace=trace_shown(case.eligibility_trace),
        investigations=case.investigations.select_related("investigator").order_by("created_at"),
        objections=case.objections.select_related("recorded_by"),
        history=history,
        actions=actions,
        can_reveal=has_perm(request.user, "intake.reveal_id"),
        commission=Commission.objects.select_related("from_office", "to_office", "reported_by")
        .filter(case=case)
        .first(),
        publicity=(case.details or {}).get("publicity"),
        hard_case=(case.details or {}).get("hard_case"),
        amount_by_rules=(family.facts(case) if family.facts else {}).get("amount_by_rules")
        if not case.is_decided
        else None,
    )
    return context
