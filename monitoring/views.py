"""Pages after the decision: re-checks, an entitlement's record, the family's own page (check-in,
change report, certificate), the 公示 roster, the payment lists, the public certificate check."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Office, Role
from intake.models import Household

from . import checkins, payments, services
from .forms import ChangeReportForm, EndForm, RecheckDecisionForm
from .models import Certificate, CheckIn, Recheck
from .roster import ROSTER_FIELDS, roster_rows, termination_postings
from .selectors import entitlements_for_user, payment_runs_for_user, rechecks_for_user


def _staff(user):
    if not user.is_staff_member:
        raise PermissionDenied


@login_required
def recheck_queue(request):
    _staff(request.user)
    rechecks = rechecks_for_user(request.user).filter(status=Recheck.Status.OPEN)
    today = timezone.localdate()
    committees = Office.objects.none()
    if request.user.office_id and request.user.office.level in (Office.Level.STREET, Office.Level.COMMITTEE):
        committees = Office.objects.filter(
            level=Office.Level.COMMITTEE, path__startswith=request.user.office.path
        ).order_by("code")
    return render(
        request,
        "monitoring/recheck_queue.html",
        {"rechecks": rechecks, "today": today, "committees": committees},
    )


@login_required
def recheck_detail(request, pk: int):
    _staff(request.user)
    recheck = rechecks_for_user(request.user).filter(pk=pk).first()
    if recheck is None:
        raise Http404
    entitlement = recheck.entitlement
    may_decide = services.recheck_may_decide(request.user, recheck)
    form = RecheckDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.recheck_decide(
                    recheck=recheck,
                    actor=request.user,
                    outcome=data["outcome"],
                    note=data["note"],
                    per_capita_income=data["per_capita_income"],
                    amount=data["amount"],
                    exit_months=data["exit_months"],
                )
            except services.NotAllowed as exc:
                raise PermissionDenied from exc
            except services.Invalid as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                messages.success(request, _("已作出复核决定。"))
                return redirect("monitoring:entitlement", entitlement.pk)
        else:
            status = 400
    return render(
        request,
        "monitoring/recheck.html",
        {"recheck": recheck, "entitlement": entitlement, "form": form, "may_decide": may_decide},
        status=status,
    )


@login_required
def entitlement_detail(request, pk: int):
    entitlement = entitlements_for_user(request.user).filter(pk=pk).first()
    if entitlement is None:
        raise Http404
    may_end = request.user.is_staff_member and services.entitlement_may_end(request.user, entitlement)
    form = EndForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not may_end:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.entitlement_end(
                    entitlement=entitlement,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    revoke=form.cleaned_data["action"] == "revoke",
                )
            except services.NotAllowed as exc:
                raise PermissionDenied from exc
            except services.Invalid as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                messages.success(request, _("已处理。"))
                return redirect("monitoring:entitlement", entitlement.pk)
        else:
            status = 400
    certificate = Certificate.objects.filter(entitlement=entitlement).first()
    return render(
        request,
        "monitoring/entitlement.html",
        {
            "entitlement": entitlement,
            "changes": entitlement.changes.select_related("actor", "recheck").order_by("created_at", "id"),
            "rechecks": entitlement.rechecks.order_by("-opened_on", "-id"),
            "relies_on": entitlement.relies_on.select_related("program"),
            "certificate": certificate,
            "certificate_state": services.certificate_state(certificate) if certificate else None,
            "may_end": may_end,
            "form": form,
        },
        status=status,
    )


@login_required
def my_entitlements(request):
    if not request.user.is_applicant:
        raise PermissionDenied
    month = timezone.localdate().replace(day=1)
    entitlements = list(
        entitlements_for_user(request.user)
        .select_related("certificate")
        .prefetch_related(
            Prefetch("checkins", queryset=CheckIn.objects.filter(month=month), to_attr="this_month")
        )
        .order_by("-valid_from")
    )
    for e in entitlements:
        e.checked_in = bool(e.this_month)
        e.cert = getattr(e, "certificate", None)
    households = Household.objects.filter(
        owner=request.user, entitlements__in=[e.pk for e in entitlements]
    ).distinct()
    return render(
        request, "monitoring/my_entitlements.html", {"entitlements": entitlements, "households": households}
    )


@login_required
@require_POST
def checkin(request, pk: int):
    entitlement = entitlements_for_user(request.user).filter(pk=pk).first()
    if entitlement is None or not request.user.is_applicant:
        raise Http404
    try:
        checkins.checkin_confirm(entitlement=entitlement, user=request.user)
    except services.NotAllowed as exc:
        raise Http404 from exc
    except services.Invalid as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("本月签到成功。"))
    return redirect("monitoring:mine")


def _household_for(user, pk: int) -> Household:
    from accounts.scope import household_scope_q

    if user.role == Role.APPLICANT:
        household = Household.objects.filter(pk=pk, owner=user).first()
    elif user.role == Role.CLERK:
        household = Household.objects.filter(household_scope_q(user), pk=pk).first()
    else:
        household = None
    if household is None:
        raise Http404
    return household


@login_required
def change_report(request, pk: int):
    """主动报告变化: the family online, or a clerk at the counter."""
    household = _household_for(request.user, pk)
    members = list(household.members.order_by("pk"))
    form = ChangeReportForm(request.POST or None, members=members)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            person = next((m for m in members if m.pk == data["person"]), None)
            try:
                services.change_report_file(
                    household=household,
                    kind=data["kind"],
                    occurred_on=data["occurred_on"],
                    details=data["details"],
                    actor=request.user,
                    channel="online" if request.user.is_applicant else "counter",
                    person=person,
                )
            except services.Invalid as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                messages.success(request, _("已收到您报告的变化，街道将尽快复核。"))
                return redirect("monitoring:mine" if request.user.is_applicant else "review:queue")
        else:
            status = 400
    return render(
        request, "monitoring/change_report.html", {"household": household, "form": form}, status=status
    )


@login_required
def certificate_download(request, pk: int):
    entitlement = entitlements_for_user(request.user).filter(pk=pk).first()
    certificate = Certificate.objects.filter(entitlement=entitlement).first() if entitlement else None
    if certificate is None:
        raise Http404
    from notices.pdf import render_pdf
    from notices.services import qr_svg_data_uri

    url = certificate_verify_url(certificate)
    with translation.override("zh-hans"):
        html = render_to_string(
            "monitoring/certificate_pdf.html",
            {
                "certificate": certificate,
                "entitlement": entitlement,
                "state": services.certificate_state(certificate),
                "holder": roster_holder(entitlement),
                "verify_url": url,
                "verify_qr": qr_svg_data_uri(url),
            },
        )
    from accounts.audit import audit_log

    audit_log(actor=request.user, code="monitoring.certificate.downloaded", obj=certificate)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    return response


def roster_holder(entitlement) -> str:
    case = entitlement.source_case
    if case is not None:
        return case.application.applicant.name
    head = entitlement.household.members.filter(relation="self").first()
    return head.name if head else ""


def certificate_verify_url(certificate: Certificate) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.ONEWINDOW_PUBLIC_URL + reverse("monitoring:certificate_verify", args=[certificate.code])


def certificate_verify(request, code):
    """Public: valid or not, the item and the dates — no personal data."""
    certificate = get_object_or_404(Certificate.objects.select_related("entitlement__program"), code=code)
    return render(
        request, "monitoring/certificate_verify.html", {"state": services.certificate_state(certificate)}
    )


@login_required
def roster(request, code: str):
    """长期公示: a committee's roster to print for the notice board (the committee's street and above)."""
    _staff(request.user)
    committee = Office.objects.filter(code=code, level=Office.Level.COMMITTEE).first()
    if (
        committee is None
        or request.user.office_id is None
        or not committee.path.startswith(request.user.office.path)
    ):
        raise Http404
    return render(
        request,
        "monitoring/roster.html",
        {
            "committee": committee,
            "rows": roster_rows(committee),
            "fields": ROSTER_FIELDS,
            "postings": termination_postings(committee),
            "today": timezone.localdate(),
        },
    )


@login_required
def payment_runs(request):
    if request.user.role != Role.FINANCE:
        raise PermissionDenied
    if request.method == "POST":
        try:
            month = dt.date.fromisoformat(request.POST.get("month", "") + "-01")
        except ValueError:
            messages.error(request, _("请选择发放月份。"))
            return redirect("monitoring:payments")
        district = request.user.office if request.user.office.level == Office.Level.DISTRICT else None
        if district is None:
            raise PermissionDenied
        try:
            run = payments.payment_run_produce(district=district, month=month, actor=request.user)
        except payments.NotAllowed as exc:
            raise PermissionDenied from exc
        except payments.Invalid as exc:
            messages.error(request, str(exc))
            return redirect("monitoring:payments")
        return redirect("monitoring:payment", run.pk)
    runs = payment_runs_for_user(request.user)
    return render(request, "monitoring/payments.html", {"runs": runs, "this_month": timezone.localdate()})


@login_required
def payment_run(request, pk: int):
    run = payment_runs_for_user(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "check":
                payments.payment_run_check(run=run, actor=request.user)
                messages.success(request, _("已初核，请另一名财务人员复核确认。"))
            elif step == "confirm":
                payments.payment_run_confirm(run=run, actor=request.user)
                messages.success(request, _("已复核确认，可以导出发放文件。"))
        except payments.NotAllowed as exc:
            raise PermissionDenied from exc
        except payments.Invalid as exc:
            messages.error(request, str(exc))
        return redirect("monitoring:payment", run.pk)
    return render(request, "monitoring/payment_run.html", {"run": run, "lines": run.lines.order_by("id")})


@login_required
def payment_export(request, pk: int, fmt: str):
    run = payment_runs_for_user(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404
    try:
        content, ctype, name = payments.payment_run_export(run=run, actor=request.user, fmt=fmt)
    except payments.NotAllowed as exc:
        raise PermissionDenied from exc
    except payments.Invalid as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:payment", run.pk)
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
