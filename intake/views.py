"""Web pages: the unified form (applicant and counter), application lists, the status page."""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Office, Role
from accounts.permissions import has_perm
from programs.assessment import statuses_held
from programs.errors import ActionInvalid, ActionNotPermitted, CaseConflict
from programs.models import Program
from programs.status import application_status

from . import wizard
from .choosing import item_groups, money_known, screen_draft, screener_ticks
from .identity import decrypt_id_number, mask_id_number
from .materials import merged_materials
from .models import Channel, Draft, FinancialEntry, Person
from .selectors import (
    application_get_for_user,
    applications_for_user,
    household_for_counter,
)
from .services import (
    IdempotencyMismatch,
    application_may_move,
    application_offices_change,
    application_resubmit,
    draft_for,
    draft_payload,
    draft_save,
    draft_submit,
    household_lookup,
)
from .validation import PayloadInvalid


def _channel_for(user) -> str:
    if user.role == Role.APPLICANT:
        return Channel.ONLINE
    if has_perm(user, "intake.submit_for_household"):
        return Channel.COUNTER
    raise PermissionDenied


def _url(channel: str, step: str) -> str:
    name = "intake:apply_step" if channel == Channel.ONLINE else "intake:counter_apply_step"
    return reverse(name, args=[step])


def _committees():
    return (
        Office.objects.filter(level=Office.Level.COMMITTEE).select_related("parent__parent").order_by("path")
    )


def _kind_labels(kinds):
    labels = dict(FinancialEntry.Kind.choices)
    return [(k, labels.get(k, k)) for k in kinds]


def _step_context(
    step: str, data: dict, errors: dict, plan: wizard.FormPlan, household=None, added: str = ""
) -> dict:
    members = wizard.members_of(data)
    needs = plan.needs
    ctx = {
        "data": data,
        "errors": errors,
        "members": [
            {
                "index": i,
                "data": m,
                "errors": wizard.member_errors(errors, i),
                "masked": mask_id_number(m.get("id_number") or ""),
            }
            for i, m in enumerate(members)
        ],
        "member_count": len(members),
    }
    if step == "household":
        ctx.update(
            committees=_committees(),
            relations=Person.Relation.choices,
            disabilities=Person.Disability.choices,
            disability_kinds=Person.DisabilityKind.choices,
            employments=Person.Employment.choices,
            school_stages=Person.SchoolStage.choices,
        )
    if step in ("money", "review"):
        ctx["sections"] = [row for row in _money_sections() if row[0] in needs]
        for member in ctx["members"]:
            member["totals"] = wizard.member_totals(member["data"])
        ctx["household_totals"] = {
            section: sum((m["totals"][section] for m in ctx["members"]), Decimal("0"))
            for section, _title, _kinds in ctx["sections"]
        }
    if step == "money":
        ctx["hints"] = wizard.qualification_hints(data) if "incomes" in needs else []
    elif step == "items":
        programs = list(
            Program.objects.select_related("department").order_by("department__sort_order", "sort_order")
        )
        chosen = data.get("items")
        # The screener (智能引导) on what the draft holds so far: one run per page.
        today = timezone.localdate()
        statuses = statuses_held(household, on=today) if household is not None else {}
        results = screen_draft(data, programs, on=today, statuses=statuses)
        if isinstance(chosen, list):
            ticked = set(chosen)  # what the person chose is never changed
        else:
            # A screener's suggestion pre-ticks the items until the person has chosen any.
            ticked = set(data.get("suggested_items") or []) | screener_ticks(results, programs, data)
        ctx.update(
            need_groups=item_groups(programs, members, results),
            chosen=ticked,
            screened=bool(results),
            money_known=money_known(data),
        )
    if step in ("details", "review"):
        ctx["question_sets"] = wizard.question_sets(
            data, plan, errors, focus=added if step == "details" else ""
        )
    if step in ("materials", "review"):
        ctx.update(
            materials=merged_materials(data.get("items") or []),
            provided=set(data.get("materials_provided") or []),
            chosen_programs=Program.objects.filter(code__in=data.get("items") or []).select_related(
                "department"
            ),
        )
    if step == "review":
        household = data.get("household") or {}
        offices = {
            o.code: o
            for o in Office.objects.filter(
                code__in=[household.get("hukou_office"), household.get("residence_office")]
            )
        }
        ctx["hukou_office"] = offices.get(household.get("hukou_office"))
        ctx["residence_office"] = offices.get(household.get("residence_office"))
        ctx["labels"] = {
            "relation": dict(Person.Relation.choices),
            "employment": dict(Person.Employment.choices),
            "disability": dict(Person.Disability.choices),
            "disability_kind": dict(Person.DisabilityKind.choices),
            "school_stage": dict(Person.SchoolStage.choices),
        }
        ctx["hints"] = wizard.qualification_hints(data) if "incomes" in needs else []
    return ctx


def _money_sections():
    return [
        ("incomes", _("月收入（元）"), _kind_labels(wizard.INCOME_KINDS)),
        ("assets", _("家庭财产（元）"), _kind_labels(wizard.ASSET_KINDS)),
        ("expenses", _("每月刚性支出（元）"), _kind_labels(wizard.EXPENSE_KINDS)),
    ]


@login_required
def apply(request, step: str = "household"):
    """The unified form. Applicants apply online; clerks key in at the counter (/counter/apply/)."""
    channel = _channel_for(request.user)
    if step not in wizard.SLUGS:
        raise Http404
    if request.method == "POST" and request.POST.get("draft_id"):
        done = Draft.objects.filter(
            owner=request.user, pk=request.POST["draft_id"], submitted_application__isnull=False
        ).first()
        if done is not None:  # a double click, or a resend after the answer was lost
            return redirect("intake:status", reference=done.submitted_application.reference)
    draft = draft_for(owner=request.user)
    data = draft_payload(draft)
    if not data.get("members") and request.user.is_applicant:
        # The applicant is member 1: their own name is filled in for them.
        data["members"] = [{**wizard.blank_member("self"), "name": request.user.full_name or ""}]
    errors: dict[str, str] = {}
    household_results = None
    if (
        request.method == "POST"
        and request.POST.get("action") == "search_household"
        and channel == Channel.COUNTER
    ):
        # A POST, so the ID number stays out of URLs and access logs; it is not echoed back.
        household_results = household_lookup(user=request.user, id_number=request.POST.get("search_id", ""))
        # 全市通办: the clerk may take a household found by its member's ID number from anywhere
        # in the city; remember which ones this search found, for choose_household.
        request.session[FOUND_HOUSEHOLDS_KEY] = [h.pk for h in household_results]
    elif request.method == "POST":
        # A list question's "add one" button (the details step) names the list it adds to.
        action = "add_row" if request.POST.get("add_row") else request.POST.get("action", "next")
        data = wizard.parse_post(step, request.POST, data)
        if action == "add_member":
            data["members"] = [*data.get("members", []), wizard.blank_member()]
        focus = None
        if action == "add_row" and step == "details":
            data, focus = wizard.add_answer_row(data, request.POST["add_row"])
        draft_save(draft=draft, data=data, step=step)
        if action == "add_row":
            return redirect(f"{_url(channel, step)}?added={focus}#{focus}" if focus else _url(channel, step))
        if action == "add_member":
            # Back at the new member's fields, not at the top of a long page.
            added = len(data["members"]) - 1
            return redirect(f"{_url(channel, step)}?added={added}#m{added}-name")
        if action == "back":
            previous = wizard.neighbour(data, step, -1)
            return redirect(_url(channel, previous or step))
        if action == "next":
            errors = wizard.step_errors(step, data)
            if not errors:
                if request.POST.get("return_to") == "review":  # came from a 修改 link
                    return redirect(_url(channel, "review"))
                return redirect(_url(channel, wizard.neighbour(data, step, +1) or "review"))
        if action == "submit":
            return _submit(request, draft, channel)
    elif request.GET.get("check"):
        errors = wizard.step_errors(step, data)
    plan = wizard.form_plan(data)  # one look-up of the chosen items' families per page
    steps = wizard.active_steps(data, plan)
    slugs = [s.slug for s in steps]
    chosen_household = _chosen_household(request, data)
    ctx = _step_context(step, data, errors, plan, chosen_household, added=request.GET.get("added", ""))
    ctx["error_summary"] = wizard.error_summary(errors, data, _item_names(ctx, errors))
    ctx.update(
        step=step,
        steps=steps,
        step_index=slugs.index(step) if step in slugs else -1,
        step_needed=step in slugs,
        channel=channel,
        household_results=household_results,
        draft=draft,
        is_counter=channel == Channel.COUNTER,
        chosen_household=chosen_household,
        added=request.GET.get("added", ""),
        return_to_review=step != "review"
        and (request.GET.get("from") == "review" or request.POST.get("return_to") == "review"),
        saved_at=draft.updated_at if draft.data else None,
        just_submitted=_just_submitted(request.user) if not draft.data else None,
        step_urls={s.slug: _url(channel, s.slug) for s in wizard.STEPS},
        autosave_url=reverse(
            "intake:apply_autosave" if channel == Channel.ONLINE else "intake:counter_apply_autosave",
            args=[step],
        ),
    )
    return render(
        request, "intake/apply.html", ctx, status=400 if errors and request.method == "POST" else 200
    )


def _item_names(ctx: dict, errors: dict) -> dict:
    """Item code → name, for the error summary's messages about an item's own questions."""
    if not any(path.startswith("item_answers") for path in errors):
        return {}
    sets = ctx.get("question_sets")
    if sets is not None:
        return {s["code"]: s["program"].display_name for s in sets if s["program"] is not None}
    codes = [path.split(".")[1] for path in errors if path.startswith("item_answers.")]
    return {p.code: p.display_name for p in Program.objects.filter(code__in=codes)}


def _just_submitted(user):
    """The application this person submitted in the last hour: Back after submitting lands here."""
    since = timezone.now() - dt.timedelta(hours=1)
    done = (
        Draft.objects.filter(owner=user, submitted_application__isnull=False, updated_at__gte=since)
        .select_related("submitted_application")
        .order_by("-updated_at")
        .first()
    )
    return done.submitted_application if done else None


@login_required
@require_POST
def autosave(request, step: str):
    """Save what the page holds as the person types (the page's script posts here, debounced).

    Never validates, never moves on: the same parse as the step's own POST, without removals.
    """
    _channel_for(request.user)
    if step not in wizard.SLUGS or step == "review":
        raise Http404
    draft = draft_for(owner=request.user)
    data = wizard.parse_post(step, request.POST, draft_payload(draft), autosave=True)
    draft = draft_save(draft=draft, data=data, step=step)
    saved = timezone.localtime(draft.updated_at)
    return JsonResponse(
        {"saved_at": saved.strftime("%H:%M"), "label": _("已保存 %(t)s") % {"t": f"{saved:%H:%M}"}}
    )


FOUND_HOUSEHOLDS_KEY = "counter_found_households"


def _counter_household(request, pk, data=None):
    """An existing household the clerk may attach an application to (see household_for_counter)."""
    return household_for_counter(
        user=request.user,
        pk=pk,
        members=(data or {}).get("members"),
        found=request.session.get(FOUND_HOUSEHOLDS_KEY) or (),
    )


def _chosen_household(request, data):
    return _counter_household(request, data.get("household_id"), data)


def _submit(request, draft, channel):
    data = draft_payload(draft)
    household = _chosen_household(request, data) if channel == Channel.COUNTER else None
    payload = wizard.payload_for_submit(data)
    try:
        application = draft_submit(draft=draft, channel=channel, household=household, payload=payload)
    except PayloadInvalid as exc:
        messages.error(request, _("还有信息需要补充或更正，请按提示修改后再提交。"))
        return redirect(_url(channel, wizard.first_step_with_errors(exc.errors)) + "?check=1")
    except (ActionInvalid, ActionNotPermitted, IdempotencyMismatch) as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
        return redirect(_url(channel, "review"))
    messages.success(
        request,
        _("申请已提交，受理编号 %(ref)s。您可以在本页随时查看办理进度。") % {"ref": application.reference},
    )
    return redirect("intake:status", reference=application.reference)


@login_required
@require_POST
def choose_household(request):
    """Counter: attach the application to an existing household found by ID number."""
    _channel_for(request.user)
    draft = draft_for(owner=request.user)
    household = _counter_household(request, request.POST.get("household_id"))
    if household is None:
        raise Http404
    members = [
        {
            **wizard.blank_member(p.relation),
            "name": p.name,
            # Kept sealed in the draft and never shown in full: the clerk need not retype it.
            "id_number": decrypt_id_number(p.id_number_encrypted),
            "id_known": True,
            "relation": p.relation,
            "disability_grade": p.disability_grade,
            "employment_status": p.employment_status,
            "school_stage": p.school_stage,
            "disability_kind": p.disability_kind,
            "birth_group": str(p.birth_group or ""),
        }
        for p in household.members.order_by("id")
    ]
    data = {
        **draft_payload(draft),
        "household_id": household.pk,
        "household": {
            "hukou_office": household.hukou_office.code,
            "residence_office": household.residence_office.code,
            "address": household.address,
            "phone": household.phone,
        },
        "members": members,
    }
    draft_save(draft=draft, data=data, step="household")
    messages.info(request, _("已调取该家庭信息，请核对成员情况；已登记的身份证号码无需重新录入。"))
    return redirect("intake:counter_apply_step", step="household")


@login_required
@require_POST
def discard_draft(request):
    _channel_for(request.user)
    draft = draft_for(owner=request.user)
    draft.delete()
    request.session.pop(FOUND_HOUSEHOLDS_KEY, None)
    messages.info(request, _("已清空草稿，可以开始新的申请。"))
    return redirect("intake:counter_apply" if request.user.role != Role.APPLICANT else "intake:apply")


@login_required
def my_applications(request):
    applications = applications_for_user(user=request.user).prefetch_related("cases__program")
    return render(request, "intake/my_applications.html", {"applications": applications})


@login_required
def office_applications(request):
    if not has_perm(request.user, "intake.view_office"):
        raise PermissionDenied
    applications = applications_for_user(user=request.user).prefetch_related("cases__program")
    query = request.GET.get("q", "").strip()
    if query:
        applications = applications.filter(
            Q(reference__icontains=query) | Q(applicant__name__icontains=query)
        )
    return render(
        request, "intake/office_applications.html", {"applications": applications[:200], "q": query}
    )


@login_required
def status(request, reference: str):
    application = application_get_for_user(user=request.user, reference=reference)
    columns = application_status(application, user=request.user)
    return render(
        request,
        "intake/status.html",
        {
            "application": application,
            "columns": columns,
            # Items whose own first step is their acceptance (legal aid) need no window acceptance.
            "window_acceptance": any(item.window_acceptance for column in columns for item in column.items),
            "members": application.members.order_by("id"),
            "materials": application.materials.select_related("material").order_by("material__sort_order"),
            "can_resubmit": application.acceptance == "returned"
            and (request.user.is_applicant or has_perm(request.user, "intake.accept")),
            "can_move": application.anonymised_at is None and application_may_move(request.user, application),
            # The clerk who just keyed it in goes straight on to accept it (一口受理 at any centre).
            "can_accept": application.acceptance == "submitted" and has_perm(request.user, "intake.accept"),
            "committees": _committees(),
        },
    )


@login_required
@require_POST
def move(request, reference: str):
    """Move an application to other offices (a change of hukou or home), with a reason."""
    application = application_get_for_user(user=request.user, reference=reference)
    codes = [request.POST.get("hukou_office", ""), request.POST.get("residence_office", "")]
    offices = {o.code: o for o in Office.objects.filter(code__in=codes, level=Office.Level.COMMITTEE)}
    try:
        if not all(code in offices for code in codes):
            raise ActionInvalid(_("请选择新的户籍地和居住地居（村）委会。"))
        application_offices_change(
            application=application,
            actor=request.user,
            hukou_office=offices[codes[0]],
            residence_office=offices[codes[1]],
            reason=request.POST.get("reason", ""),
        )
    except ActionNotPermitted as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except ActionInvalid as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已变更办理地，未办结的环节已转至新的办理地。"))
        if not applications_for_user(user=request.user).filter(pk=application.pk).exists():
            return redirect("intake:office_applications")
    return redirect("intake:status", reference=reference)


@login_required
@require_POST
def resubmit(request, reference: str):
    application = application_get_for_user(user=request.user, reference=reference)
    try:
        application_resubmit(
            application=application, actor=request.user, provided=request.POST.getlist("provided")
        )
    except ActionNotPermitted as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except (ActionInvalid, CaseConflict) as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已确认补正材料，申请重新进入受理。"))
    return redirect("intake:status", reference=reference)


@login_required
def my_data(request):
    """PIPL §45: the applicant's copy of their household's data, as JSON or PDF."""
    import json

    from django.http import HttpResponse
    from django.template.loader import render_to_string

    from notices.pdf import render_pdf

    from .exports import household_data_export

    if not request.user.is_applicant:
        raise PermissionDenied
    kind = "pdf" if request.GET.get("format") == "pdf" else "json"
    data = household_data_export(user=request.user, kind=kind)
    if kind == "pdf":
        pdf = render_pdf(render_to_string("intake/my_data.html", {"data": data}))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="my-data.pdf"'
        return response
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response
