"""Staff pages: the work queue, acceptance at the counter, the case page and its actions, the dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_log
from accounts.models import Role
from accounts.permissions import has_perm
from intake.identity import decrypt_id_number
from intake.models import Person
from intake.selectors import application_get_for_user, applications_for_user
from intake.services import application_accept, application_return
from programs.actions import case_action_fire
from programs.eligibility import household_figures
from programs.errors import ActionInvalid, ActionNotPermitted, CaseConflict
from programs.models import ProgramCase
from programs.states import CaseState, Family

from . import dashboard
from .selectors import is_overdue, work_item_get_for_user, work_queue_for_user
from .services import WorkItemConflict, work_item_claim, work_item_release

FIGURE_FIELDS = [
    ("income_counted", _("计算收入（月，已扣除就业收入豁免）")),
    ("per_capita_income", _("人均月收入")),
    ("assets_total", _("家庭财产总额")),
    ("per_capita_assets", _("人均财产")),
    ("medical_expense", _("医疗支出（月）")),
    ("education_expense", _("教育支出（月）")),
]


def _staff(user):
    if not user.is_staff_member:
        raise PermissionDenied


@login_required
def queue(request):
    _staff(request.user)
    items = list(work_queue_for_user(user=request.user))
    for item in items:
        item.overdue = is_overdue(item)
    return render(request, "review/queue.html", {"items": items})


@login_required
@require_POST
def claim(request, pk: int):
    item = work_item_get_for_user(user=request.user, pk=pk)
    try:
        if request.POST.get("release"):
            work_item_release(item=item, user=request.user)
        else:
            work_item_claim(item=item, user=request.user)
            messages.success(request, _("已认领。"))
    except WorkItemConflict as exc:
        messages.error(request, str(exc))
    return redirect("review:queue")


@login_required
def acceptance(request, reference: str):
    if not has_perm(request.user, "intake.accept"):
        raise PermissionDenied
    application = application_get_for_user(user=request.user, reference=reference)
    form = {"missing": request.POST.getlist("missing_materials"), "reason": request.POST.get("reason", "")}
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "accept":
                application_accept(application=application, actor=request.user)
                messages.success(request, _("已受理，各事项已分送相关部门办理。"))
            else:
                application_return(
                    application=application,
                    actor=request.user,
                    missing_materials=form["missing"],
                    reason=form["reason"],
                )
                messages.success(request, _("已一次性告知申请人需补正的材料。"))
            return redirect("intake:status", reference=reference)
        except CaseConflict as exc:
            messages.error(request, str(exc.message))
            status = 409
        except (ActionInvalid, ActionNotPermitted) as exc:
            messages.error(request, str(exc.message))
            status = 400
    return render(
        request,
        "review/acceptance.html",
        {
            "application": application,
            "form": form,
            "members": application.members.order_by("id"),
            "materials": application.materials.select_related("material").order_by("material__sort_order"),
            "cases": application.cases.select_related("program__department"),
        },
        status=status,
    )


def case_get_for_staff(*, user, pk: int) -> ProgramCase:
    """A case the user's department works on, in an application within the user's scope."""
    case = (
        ProgramCase.objects.select_related(
            "program__department", "application__household", "application__applicant"
        )
        .filter(pk=pk, application__in=applications_for_user(user=user))
        .first()
    )
    if case is None or not user.is_staff_member:
        raise Http404
    if (
        user.role != Role.ADMIN
        and user.department.code != "civil_affairs"
        and case.program.department_id != user.department_id
    ):
        raise Http404
    return case


def available_actions(case: ProgramCase, user) -> list[str]:
    state, family = case.state, case.program.family
    actions = []
    if state == CaseState.INVESTIGATION and has_perm(user, "review.investigate"):
        actions.append("investigate")
    if has_perm(user, "review.decide") and user.department_id == _deciding_department(case):
        if state == CaseState.VERIFICATION:
            actions.append("verify")
        if state == CaseState.REVIEW and family == Family.MEANS_TESTED:
            actions += ["propose_approval", "deny"]
        if state == CaseState.PUBLICITY:
            actions += ["object", "deny"]
        if state == CaseState.SCHOOL_REVIEW:
            actions += ["pass_school_review", "deny"]
        if state in (CaseState.BUREAU_REVIEW,) or (state == CaseState.REVIEW and family == Family.MEDICAL):
            actions += ["approve", "deny"]
    if state == CaseState.PUBLICITY and has_perm(user, "review.approve"):
        actions.append("approve")
    return list(dict.fromkeys(actions))


def _deciding_department(case: ProgramCase) -> int:
    from accounts.models import Department

    if case.program.family == Family.MEANS_TESTED:
        return Department.objects.only("pk").get(code="civil_affairs").pk
    return case.program.department_id


@login_required
def case_detail(request, pk: int):
    case = case_get_for_staff(user=request.user, pk=pk)
    status, form = 200, {}
    if request.method == "POST":
        form = request.POST
        data = {
            "action": request.POST.get("action", ""),
            "expected_state": request.POST.get("expected_state") or case.state,
            "findings": request.POST.get("findings", ""),
            "applicant_signed": bool(request.POST.get("applicant_signed")),
            "note": request.POST.get("note", ""),
            "reason": request.POST.get("reason", ""),
            "content": request.POST.get("content", ""),
            "figures": {key: request.POST[key] for key, _label in FIGURE_FIELDS if request.POST.get(key)},
        }
        if (
            data["action"] not in available_actions(case, request.user)
            and data["expected_state"] == case.state
        ):
            raise PermissionDenied
        try:
            case_action_fire(case, request.user, data)
        except CaseConflict as exc:
            messages.error(request, str(exc.message))
            status = 409
        except ActionNotPermitted as exc:
            messages.error(request, str(exc.message))
            status = 403
        except ActionInvalid as exc:
            messages.error(request, str(exc.message))
            status = 400
        else:
            messages.success(request, _("已办理。"))
            return redirect("review:case", pk=case.pk)
        case = case_get_for_staff(user=request.user, pk=pk)  # protected FSM field: re-read, not refresh
    application = case.application
    declared = household_figures(application)
    return render(
        request,
        "review/case.html",
        {
            "case": case,
            "application": application,
            "members": application.members.order_by("id"),
            "declared": declared,
            "figure_fields": [
                (k, label, declared.get(k), (case.verified_figures or {}).get(k))
                for k, label in FIGURE_FIELDS
            ],
            "investigations": case.investigations.select_related("investigator").order_by("created_at"),
            "objections": case.objections.select_related("recorded_by"),
            "history": case.transitions.select_related("actor").order_by("created_at", "id"),
            "actions": available_actions(case, request.user),
            "form": form,
            "can_reveal": has_perm(request.user, "intake.reveal_id"),
            "signed": case.investigations.filter(confirmed=True).values("investigator").distinct().count(),
        },
        status=status,
    )


@login_required
@require_POST
def reveal_id(request, pk: int):
    """Show one member's full ID number once, to authorised staff, and audit it."""
    if not has_perm(request.user, "intake.reveal_id"):
        raise PermissionDenied
    person = (
        Person.objects.filter(pk=pk, applications__in=applications_for_user(user=request.user))
        .distinct()
        .first()
    )
    if person is None:
        raise Http404
    audit_log(actor=request.user, code="intake.person.id_revealed", obj=person)
    return render(
        request,
        "review/reveal.html",
        {"person": person, "number": decrypt_id_number(person.id_number_encrypted)},
    )


@login_required
def dashboard_view(request):
    if request.user.role != Role.ADMIN:
        raise PermissionDenied
    states, table = dashboard.cases_by_department_and_state(user=request.user)
    return render(
        request,
        "review/dashboard.html",
        {
            "states": states,
            "table": table,
            "overdue": dashboard.overdue_work_items(user=request.user),
            "median": dashboard.median_working_days_to_decision(user=request.user),
        },
    )
