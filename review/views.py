"""Staff pages: the work queue, acceptance at the counter, the audited ID reveal, the dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_log
from accounts.permissions import has_perm
from intake.identity import decrypt_id_number
from intake.selectors import application_get_for_user
from intake.services import application_accept, application_return
from programs.errors import ActionInvalid, ActionNotPermitted, CaseConflict

from . import dashboard
from .sampling import sample_check_get_for_user, sample_check_record, sample_checks_for_user
from .selectors import is_overdue, work_item_get_for_user, work_queue_filter, work_queue_for_user
from .services import WorkItemConflict, WorkItemNotYours, work_item_claim, work_item_release


def _staff(user):
    if not user.is_staff_member:
        raise PermissionDenied


QUEUE_PAGE_SIZE = 50


@login_required
def queue(request):
    """The soonest due first, a page at a time, filtered by item, step, reference or overdue."""
    from django.core.paginator import Paginator

    from .forms import QueueFilterForm

    _staff(request.user)
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    page = Paginator(
        work_queue_filter(work_queue_for_user(user=request.user), filters), QUEUE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    items = list(page.object_list)
    for item in items:
        item.overdue = is_overdue(item)
    query = request.GET.copy()
    query.pop("page", None)
    checks = list(sample_checks_for_user(request.user))
    return render(
        request,
        "review/queue.html",
        {
            "items": items,
            "page": page,
            "form": form,
            "filtered": bool(filters),
            "query": query.urlencode(),
            "sample_checks": checks,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


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
    except WorkItemNotYours as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except WorkItemConflict as exc:
        messages.error(request, str(exc))
    return redirect("review:queue")


@login_required
def acceptance(request, reference: str):
    """一口受理 at the counter. The checklist is of what is PRESENT (ticked = present); accepting
    with anything unticked asks for a confirmation, and a return sends exactly the unticked ones."""
    from intake.materials import MaterialsMissing, material_present_by_default

    if not has_perm(request.user, "intake.accept"):
        raise PermissionDenied
    application = application_get_for_user(user=request.user, reference=reference)
    materials = list(
        application.materials.select_related("material", "bring_to_office").order_by(
            "material__sort_order", "material__code"
        )
    )
    if request.method == "POST":
        present = request.POST.getlist("present_materials")
    else:
        present = [m.material.code for m in materials if material_present_by_default(m)]
    form = {
        "present": present,
        "reason": request.POST.get("reason", ""),
        "confirm_missing": bool(request.POST.get("confirm_missing")),
    }
    missing = [m for m in materials if m.material.code not in set(present)]
    status, confirm_needed = 200, False
    if request.method == "POST":
        try:
            if request.POST.get("action") == "accept":
                application_accept(
                    application=application,
                    actor=request.user,
                    present=present,
                    confirm_missing=form["confirm_missing"],
                )
                messages.success(request, _("已受理，各事项已分送相关部门办理。"))
            else:
                if not missing:
                    raise ActionInvalid(
                        _("所有材料均已勾选为齐全，无需退回补正；如有缺少，请取消勾选缺少的材料。")
                    )
                application_return(
                    application=application,
                    actor=request.user,
                    missing_materials=[m.material.code for m in missing],
                    reason=form["reason"],
                )
                messages.success(request, _("已一次性告知申请人需补正的材料。"))
            return redirect("intake:status", reference=reference)
        except MaterialsMissing as exc:
            messages.warning(request, str(exc.message))
            confirm_needed = True
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
            "materials": materials,
            "missing": missing,
            "confirm_needed": confirm_needed,
            "cases": application.cases.select_related("program__department"),
        },
        status=status,
    )


@login_required
@require_POST
def reveal_id(request, pk: int):
    """Show one member's full ID number, for a stated purpose, to the holder of the case's live
    step or the deciding office — and audit it (with the purpose)."""
    from programs.engine import holds, live_item
    from programs.selectors import FULL, case_get_for_user

    if not has_perm(request.user, "intake.reveal_id"):
        raise PermissionDenied
    case_id = request.POST.get("case", "")
    if not case_id.isdecimal():
        raise Http404
    case = case_get_for_user(user=request.user, pk=int(case_id))
    person = case.application.members.filter(pk=pk).first()
    # An anonymised person (intake/retention.py) has no number left to reveal.
    if person is None or case.access != FULL or not person.id_number_encrypted:
        raise Http404
    purpose = request.POST.get("purpose", "").strip()[:200]
    if not purpose:
        messages.error(request, _("查看完整身份证号码须说明用途。"))
        return redirect("programs:case", pk=case.pk)
    item = live_item(case)
    user = request.user
    holds_step = item is not None and holds(
        user, role=item.role, department_id=item.department_id, office=item.office
    )
    decides = (
        case.decided_office is not None
        and case.decided_department_id == user.department_id
        and case.decided_office.path.startswith(user.office.path)
    )
    if not (holds_step or decides):
        audit_log(
            actor=user,
            code="intake.person.id_reveal_refused",
            obj=person,
            data={"case": case.pk},
            success=False,
        )
        raise PermissionDenied(_("只有当前环节的办理人员或作出决定的机构可以查看完整身份证号码。"))
    audit_log(
        actor=user, code="intake.person.id_revealed", obj=person, data={"case": case.pk, "purpose": purpose}
    )
    return render(
        request,
        "review/reveal.html",
        {"person": person, "number": decrypt_id_number(person.id_number_encrypted), "case": case},
    )


@login_required
def dashboard_view(request):
    if not has_perm(request.user, "review.dashboard"):
        raise PermissionDenied
    states, table = dashboard.cases_by_department_and_state(user=request.user)
    return render(
        request,
        "review/dashboard.html",
        {
            "states": states,
            "table": table,
            "overdue": dashboard.overdue_work_items(user=request.user),
            "overdue_procedures": dashboard.overdue_procedures(user=request.user),
            "median": dashboard.median_working_days_to_decision(user=request.user),
        },
    )


@login_required
def sample_check(request, pk: int):
    """抽查: the district reviewer reads the decided case and records 维持 or 发现问题."""
    from django.utils import timezone

    from programs.trace import trace_shown

    from .models import SampleCheck

    _staff(request.user)
    try:
        check = sample_check_get_for_user(user=request.user, pk=pk)
    except ActionNotPermitted as exc:
        raise PermissionDenied(str(exc.message)) from exc
    form = {"outcome": request.POST.get("outcome", ""), "note": request.POST.get("note", "")}
    status = 200
    if request.method == "POST":
        try:
            sample_check_record(check=check, user=request.user, outcome=form["outcome"], note=form["note"])
        except CaseConflict as exc:
            messages.error(request, str(exc.message))
            status = 409
        except ActionNotPermitted as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except ActionInvalid as exc:
            messages.error(request, str(exc.message))
            status = 400
        else:
            messages.success(request, _("已登记核查结论。"))
            return redirect("review:queue")
        check.refresh_from_db()
    case = check.case
    return render(
        request,
        "review/sample_check.html",
        {
            "check": check,
            "case": case,
            "application": case.application,
            "trace": trace_shown(case.eligibility_trace),
            "form": form,
            "outcomes": SampleCheck.Outcome.choices,
            "overdue": check.status == SampleCheck.Status.OPEN and check.due_date < timezone.localdate(),
        },
        status=status,
    )
