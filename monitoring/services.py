"""Entitlements over time: grant, re-check, change, suspend, exit, end, revoke — each a service
with an audit code, each change an EntitlementChange row.

Ending a status (低保, 低收入, 特困, 支出型) re-evaluates, in the same transaction, every
entitlement that relied on it (医疗救助, 教育救助 …: ended with its own notice unless another
qualifying status holds) and every pending case of the household that needed it (closed as
precondition not met). 特困 termination is posted for 7 days first (N3).
"""

import calendar
import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from accounts.models import Role, User
from inbox.models import Message
from inbox.services import notify, office_holders
from notices.models import Notice
from notices.services import notice_request
from programs.lifecycle import PENDING_STATES
from programs.models import Entitlement, ProgramCase
from programs.parameters import parameter
from programs.registry import family_of
from programs.trace import in_record_language
from review.calendar import add_working_days

from .models import Certificate, ChangeReport, EntitlementChange, Recheck

E = Entitlement.Status
POSTED_TERMINATION = ("extreme_poverty",)  # 特困: posted 7 days before it takes effect (N3)


class NotAllowed(PermissionError):
    """The user may not take this action here (wrong role, department or office)."""


class Invalid(ValueError):
    """The action cannot be taken with these inputs; the message says why, in Chinese."""


# --- dates ---------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


# --- who ------------------------------------------------------------------------------------


def responsible_office(entitlement: Entitlement):
    """The street of the household's hukou place: it re-checks and pays (S001, N2)."""
    office = entitlement.household.hukou_office
    return office.ancestor_at("street") or office


def issuing_office(entitlement: Entitlement):
    case = entitlement.source_case
    if case is not None and case.decided_office_id:
        return case.decided_office
    return responsible_office(entitlement)


def _holds(user: User, *, roles, department_id: int, office) -> bool:
    return (
        user.is_authenticated
        and user.role in roles
        and user.department_id == department_id
        and user.office_id is not None
        and office.path.startswith(user.office.path)
    )


def recheck_may_decide(user: User, recheck: Recheck) -> bool:
    """The re-check's role (or the approver) of its department, at its office or one above it."""
    return _holds(
        user, roles={recheck.role, Role.APPROVER}, department_id=recheck.department_id, office=recheck.office
    )


def entitlement_may_end(user: User, entitlement: Entitlement) -> bool:
    """Revocation and termination: the approver of the department at the office that decided."""
    return _holds(
        user,
        roles={Role.APPROVER},
        department_id=entitlement.program.department_id,
        office=issuing_office(entitlement),
    )


# --- history --------------------------------------------------------------------------------


def change_record(
    entitlement, *, kind, actor=None, reason="", case=None, recheck=None, before=None, after=None, on=None
) -> EntitlementChange:
    change = EntitlementChange.objects.create(
        entitlement=entitlement,
        kind=kind,
        amount_before=before,
        amount_after=after,
        effective_on=on or timezone.localdate(),
        reason=str(reason),
        case=case,
        recheck=recheck,
        actor=actor if actor is not None and actor.pk else None,
    )
    audit_log(actor=actor, code=f"monitoring.entitlement.{kind}", obj=entitlement, data={"change": change.pk})
    return change


def applicant_of(entitlement: Entitlement) -> User | None:
    return entitlement.household.owner


def _tell_applicant(entitlement, *, kind, title, key, url="") -> None:
    user = applicant_of(entitlement)
    if user is not None:
        notify(recipient=user, kind=kind, title=title, url=url, dedupe_key=key)


def _notice(entitlement, *, kind, key, data) -> Notice | None:
    """A notice about the entitlement, on the case that granted it (none for a status recorded
    before the platform, which has no case: the change row and the inbox message say it)."""
    case = entitlement.source_case
    if case is None:
        return None
    data = {"issuer": _issuer(entitlement), "program": entitlement.program.name, **data}
    return notice_request(case=case, kind=kind, subject_key=key, data=data)


def _issuer(entitlement) -> str:
    office = issuing_office(entitlement)
    department = entitlement.program.department
    if office.level == "street":
        return in_record_language(lambda: _("%(office)s办事处") % {"office": office.name})
    return f"{office.name}{department.agency_name or department.name}"


def tell_decision(sender=None, *, case: ProgramCase, **kwargs) -> None:
    """The applicant's inbox (and an SMS) when an item is decided."""
    owner = case.application.household.owner
    if owner is None:
        return
    title = in_record_language(
        lambda: (
            _("您的申请（%(reference)s）%(item)s已办结：%(state)s。")
            % {"reference": case.application.reference, "item": case.program.name, "state": case.state_label}
        )
    )
    notify(
        recipient=owner,
        kind=Message.Kind.DECISION,
        title=title,
        url=reverse("intake:status", args=[case.application.reference]),
        dedupe_key=f"case:{case.pk}:decided",
    )


# --- granted ---------------------------------------------------------------------------------


def on_entitlement_granted(sender=None, *, entitlement: Entitlement, case: ProgramCase, **kwargs) -> None:
    """Inside the approving transaction: the history row, the re-check schedule, the certificate."""
    change_record(
        entitlement,
        kind=EntitlementChange.Kind.GRANTED,
        actor=case.decided_by,
        reason=case.decision_reason,
        case=case,
        after=entitlement.amount,
        on=entitlement.valid_from,
    )
    schedule_next_recheck(entitlement, after=entitlement.valid_from)
    if entitlement.program.grants_status:
        certificate_issue(entitlement)


def schedule_next_recheck(entitlement: Entitlement, *, after: dt.date) -> None:
    family = family_of(entitlement.source_case) if entitlement.source_case else None
    months = family.recheck_months(entitlement) if family and family.recheck_months else None
    entitlement.recheck_months = months
    entitlement.next_recheck_on = add_months(after, months) if months else None
    entitlement.save(update_fields=["recheck_months", "next_recheck_on"])


def certificate_issue(entitlement: Entitlement) -> Certificate:
    certificate, created = Certificate.objects.get_or_create(
        entitlement=entitlement,
        defaults={
            "number": f"SZ{entitlement.valid_from:%Y%m}{entitlement.pk:08d}",
            "issued_on": timezone.localdate(),
            "issuer": _issuer(entitlement),
        },
    )
    if created:
        audit_log(actor=None, code="monitoring.certificate.issued", obj=certificate)
    return certificate


def certificate_state(certificate: Certificate, *, on: dt.date | None = None) -> dict:
    """What the public page may show: valid / expired / revoked, the item, the validity dates."""
    on = on or timezone.localdate()
    entitlement = certificate.entitlement
    until = entitlement.valid_until or entitlement.next_recheck_on
    if entitlement.status in (E.ENDED, E.REVOKED):
        state = Certificate.State.REVOKED
    elif until is not None and until < on:
        state = Certificate.State.EXPIRED
    else:
        state = Certificate.State.VALID
    return {
        "state": state,
        "state_label": Certificate.State(state).label,
        "program": entitlement.program.name,
        "valid_from": entitlement.valid_from,
        "valid_until": until,
        "number": certificate.number,
    }


# --- re-checks --------------------------------------------------------------------------------


def _recheck_open(entitlement, *, reason, due_on, change_report=None, on: dt.date) -> Recheck | None:
    office = responsible_office(entitlement)
    try:
        with transaction.atomic():
            recheck = Recheck.objects.create(
                entitlement=entitlement,
                reason=reason,
                change_report=change_report,
                role=Role.REVIEWER,
                department=entitlement.program.department,
                office=office,
                opened_on=on,
                due_on=due_on,
            )
    except IntegrityError:
        return None  # one is open already: the caller moves it
    audit_log(actor=None, code="monitoring.recheck.opened", obj=recheck, data={"reason": reason})
    title = in_record_language(
        lambda: (
            _("%(item)s复核：%(household)s，请于%(due)s前完成")
            % {
                "item": entitlement.program.status_name,
                "household": entitlement.household,
                "due": f"{due_on:%Y-%m-%d}",
            }
        )
    )
    url = reverse("monitoring:recheck", args=[recheck.pk])
    for user in office_holders(office=office, department_id=recheck.department_id, roles=[recheck.role]):
        notify(
            recipient=user,
            kind=Message.Kind.ASSIGNED,
            title=title,
            url=url,
            dedupe_key=f"recheck:{recheck.pk}:assigned:{user.pk}",
        )
    _tell_applicant(
        entitlement,
        kind=Message.Kind.RECHECK,
        title=in_record_language(
            lambda: (
                _("您家的%(item)s将进行复核，街道工作人员会与您联系，请如实提供家庭情况。")
                % {"item": entitlement.program.status_name}
            )
        ),
        key=f"recheck:{recheck.pk}:applicant",
    )
    return recheck


def rechecks_open_due(*, today: dt.date | None = None) -> int:
    """The schedule (S002): open each re-check a little before its day. Idempotent: an
    entitlement has at most one open re-check (a unique constraint), so two sweeps open one."""
    today = today or timezone.localdate()
    horizon = add_working_days(today, int(parameter("recheck.opens_before", on=today).value)).day
    due = (
        Entitlement.objects.filter(status__in=Entitlement.LIVE_STATUSES, next_recheck_on__lte=horizon)
        .exclude(rechecks__status=Recheck.Status.OPEN)
        .select_related("program__department", "household__hukou_office", "household__owner", "source_case")
    )
    opened = 0
    for entitlement in due:
        with transaction.atomic():
            if _recheck_open(
                entitlement, reason=Recheck.Reason.SCHEDULED, due_on=entitlement.next_recheck_on, on=today
            ):
                opened += 1
    return opened


def change_report_file(
    *, household, kind: str, occurred_on: dt.date, details: str, actor: User, channel: str, person=None
) -> ChangeReport:
    """主动报告: record the change and bring each live entitlement's re-check forward: within
    3 months of a death (N5), within `recheck.change_report` working days otherwise."""
    today = timezone.localdate()
    if occurred_on > today:
        raise Invalid(_("发生日期不能晚于今天。"))
    if person is not None and person.household_id != household.pk:
        raise Invalid(_("所选成员不属于该家庭。"))
    with transaction.atomic():
        report = ChangeReport.objects.create(
            household=household,
            kind=kind,
            person=person,
            occurred_on=occurred_on,
            details=details.strip(),
            channel=channel,
            reported_by=actor,
        )
        audit_log(actor=actor, code="monitoring.change_report.filed", obj=report, data={"kind": kind})
        if kind == ChangeReport.Kind.DEATH:
            due = add_months(occurred_on, int(parameter("recheck.after_death", on=today).value))
            reason = Recheck.Reason.DEATH
        else:
            due = add_working_days(today, int(parameter("recheck.change_report", on=today).value)).day
            reason = Recheck.Reason.CHANGE_REPORT
        due = max(due, today)
        live = Entitlement.objects.select_for_update().filter(
            household=household, status__in=Entitlement.LIVE_STATUSES, recheck_months__isnull=False
        )
        for entitlement in live:
            opened = _recheck_open(entitlement, reason=reason, due_on=due, change_report=report, on=today)
            if opened is None:  # bring the open one forward
                Recheck.objects.filter(
                    entitlement=entitlement, status=Recheck.Status.OPEN, due_on__gt=due
                ).update(due_on=due, reason=reason, change_report=report)
    return report


def _dibao_amount(entitlement, per_capita_income: Decimal, members: int, *, on: dt.date) -> Decimal:
    standard = parameter("dibao.standard", on=on).value
    return ((standard - per_capita_income) * members).quantize(Decimal("0.01"))


def recheck_members(entitlement) -> int:
    case = entitlement.source_case
    if case is not None:
        return case.application.members.count()
    return entitlement.household.members.count()


def recheck_decide(
    *,
    recheck: Recheck,
    actor: User,
    outcome: str,
    note: str = "",
    per_capita_income: Decimal | None = None,
    amount: Decimal | None = None,
    exit_months: int | None = None,
) -> Recheck:
    """The outcome of a re-check is a decision with a notice. For 低保 the verified per-capita
    income decides: above the standard → the gradual exit (渐退期, N5), below it → the amount by
    the formula (changed or not); the reviewer cannot type a 低保 amount."""
    today = timezone.localdate()
    with transaction.atomic():
        recheck = (
            Recheck.objects.select_for_update().select_related("entitlement__program").get(pk=recheck.pk)
        )
        if not recheck_may_decide(actor, recheck):
            raise NotAllowed
        if recheck.status != Recheck.Status.OPEN:
            raise Invalid(_("该复核已经办结。"))
        entitlement = Entitlement.objects.select_for_update().get(pk=recheck.entitlement_id)
        if outcome not in Recheck.Outcome.values:
            raise Invalid(_("请选择复核结果。"))
        note = note.strip()
        before = entitlement.amount
        after = before
        dibao = entitlement.program.code == "dibao"
        if dibao and outcome in (
            Recheck.Outcome.CONTINUE,
            Recheck.Outcome.CHANGE_AMOUNT,
            Recheck.Outcome.GRADUAL_EXIT,
        ):
            if per_capita_income is None:
                raise Invalid(_("请填写核查后的家庭月人均收入。"))
            if amount is not None:
                raise Invalid(_("低保金额按核查结果和保障标准自动计算，不能手工填写。"))
            standard = parameter("dibao.standard", on=today).value
            if per_capita_income >= standard:
                outcome = Recheck.Outcome.GRADUAL_EXIT
            else:
                after = _dibao_amount(entitlement, per_capita_income, recheck_members(entitlement), on=today)
                outcome = Recheck.Outcome.CONTINUE if after == before else Recheck.Outcome.CHANGE_AMOUNT
        elif outcome == Recheck.Outcome.CHANGE_AMOUNT:
            if amount is None or amount < 0:
                raise Invalid(_("请填写调整后的金额。"))
            after = amount
        if outcome in (Recheck.Outcome.SUSPEND, Recheck.Outcome.STOP) and not note:
            raise Invalid(_("暂停或终止救助必须填写理由，理由将写入通知书。"))
        recheck.outcome, recheck.note = outcome, note
        recheck.per_capita_income = per_capita_income
        recheck.amount_after = after
        recheck.decided_by, recheck.decided_at, recheck.status = actor, timezone.now(), Recheck.Status.DONE
        data = {"outcome": outcome, "outcome_label": str(Recheck.Outcome(outcome).label), "note": note}
        data["amount_before"] = str(before) if before is not None else ""
        data["amount_after"] = str(after) if after is not None else ""
        if outcome == Recheck.Outcome.GRADUAL_EXIT:
            longest = int(parameter("recheck.gradual_exit", on=today).value)
            months = exit_months or longest
            if not 1 <= months <= longest:
                raise Invalid(_("渐退期为1至%(n)s个月。") % {"n": longest})
            recheck.exit_months = months
            ends = month_end(add_months(today, months - 1))
            entitlement.status, entitlement.valid_until = E.GRADUAL_EXIT, ends
            entitlement.next_recheck_on = None
            data.update(exit_months=months, ends_on=ends.isoformat())
            kind = EntitlementChange.Kind.GRADUAL_EXIT
        elif outcome == Recheck.Outcome.SUSPEND:
            entitlement.status = E.SUSPENDED
            kind = EntitlementChange.Kind.SUSPENDED
        elif outcome == Recheck.Outcome.STOP:
            kind = None
        else:
            kind = (
                EntitlementChange.Kind.AMOUNT_CHANGED if after != before else EntitlementChange.Kind.CONTINUED
            )
            if entitlement.status == E.SUSPENDED:
                entitlement.status = E.ACTIVE
                kind = EntitlementChange.Kind.RESUMED
            entitlement.amount = after
        recheck.save()
        audit_log(actor=actor, code="monitoring.recheck.decided", obj=recheck, data={"outcome": outcome})
        if kind is None:
            entitlement_end(
                entitlement=entitlement, actor=actor, reason=note, recheck=recheck, authorized=True
            )
        else:
            entitlement.save()
            change_record(
                entitlement, kind=kind, actor=actor, reason=note, recheck=recheck, before=before, after=after
            )
            if entitlement.status != E.GRADUAL_EXIT:
                schedule_next_recheck(entitlement, after=today)
            _notice(entitlement, kind=Notice.Kind.RECHECK, key=f"recheck:{recheck.pk}", data=data)
            _tell_applicant(
                entitlement,
                kind=Message.Kind.DECISION,
                title=in_record_language(
                    lambda: (
                        _("您家的%(item)s复核已完成：%(outcome)s。")
                        % {"item": entitlement.program.status_name, "outcome": Recheck.Outcome(outcome).label}
                    )
                ),
                key=f"recheck:{recheck.pk}:decided",
            )
    return recheck


# --- ending ---------------------------------------------------------------------------------


def entitlement_end(
    *,
    entitlement: Entitlement,
    actor: User | None,
    reason: str,
    revoke: bool = False,
    recheck: Recheck | None = None,
    authorized: bool = False,
    cause: Entitlement | None = None,
) -> Entitlement:
    """End (终止) or revoke (撤销) an entitlement, with its notice, and cascade to what relied on it.
    Revocation and a direct termination are the deciding office's approver's (authorized=False
    checks it); a re-check's stop was authorised by the re-check."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("终止或撤销救助必须填写理由，理由将写入决定书。"))
    if not authorized and (actor is None or not entitlement_may_end(actor, entitlement)):
        raise NotAllowed
    if entitlement.status in (E.ENDED, E.REVOKED):
        raise Invalid(_("该救助已经终止。"))
    today = timezone.localdate()
    if (
        not revoke
        and entitlement.program.code in POSTED_TERMINATION
        and entitlement.status != E.ENDING
        and cause is None
    ):
        days = int(parameter("termination.publicity", on=today).value)
        effective = today + dt.timedelta(days=days)
        entitlement.status, entitlement.valid_until = E.ENDING, effective - dt.timedelta(days=1)
        entitlement.ended_reason = reason
        entitlement.save(update_fields=["status", "valid_until", "ended_reason"])
        change_record(
            entitlement,
            kind=EntitlementChange.Kind.TERMINATION_POSTED,
            actor=actor,
            reason=reason,
            recheck=recheck,
            before=entitlement.amount,
            on=effective,
        )
        return entitlement
    return _end_now(entitlement, actor=actor, reason=reason, revoke=revoke, recheck=recheck, on=today)


def _end_now(entitlement, *, actor, reason, revoke, recheck, on: dt.date) -> Entitlement:
    entitlement.status = E.REVOKED if revoke else E.ENDED
    # The last day held is the day before; a status granted and ended the same day is held on none.
    entitlement.valid_until = on - dt.timedelta(days=1)
    entitlement.ended_reason = reason
    entitlement.next_recheck_on = None
    entitlement.save(update_fields=["status", "valid_until", "ended_reason", "next_recheck_on"])
    Recheck.objects.filter(entitlement=entitlement, status=Recheck.Status.OPEN).exclude(
        pk=getattr(recheck, "pk", None)
    ).update(status=Recheck.Status.CANCELLED)
    kind = EntitlementChange.Kind.REVOKED if revoke else EntitlementChange.Kind.ENDED
    change_record(
        entitlement, kind=kind, actor=actor, reason=reason, recheck=recheck, before=entitlement.amount, on=on
    )
    notice_kind = Notice.Kind.REVOCATION if revoke else Notice.Kind.TERMINATION
    _notice(
        entitlement,
        kind=notice_kind,
        key=f"end:{entitlement.pk}",
        data={"reason": reason, "effective_on": on.isoformat(), "revoked": revoke},
    )
    _tell_applicant(
        entitlement,
        kind=Message.Kind.DECISION,
        title=in_record_language(
            lambda: (
                _("您家的%(item)s已%(what)s，请查看决定书了解理由及救济途径。")
                % {"item": entitlement.program.status_name, "what": _("撤销") if revoke else _("终止")}
            )
        ),
        key=f"entitlement:{entitlement.pk}:ended",
    )
    if entitlement.program.grants_status:
        _cascade(entitlement, actor=actor, on=on)
    return entitlement


def _cascade(ended: Entitlement, *, actor, on: dt.date) -> None:
    """Re-evaluate what relied on `ended`: entitlements keep going on another qualifying status
    (their relies_on is updated) or end with their own notice; pending cases re-route."""
    from programs.assessment import statuses_held
    from routing.services import case_route, precondition_evaluate

    household = ended.household
    held = statuses_held(household, on=on)
    for dependant in ended.supports.select_for_update().filter(status__in=Entitlement.LIVE_STATUSES):
        case = dependant.source_case
        family = family_of(case) if case is not None else None
        required = (
            set(family.required_statuses(case)) if family else set(dependant.program.requires_status or [])
        )
        others = [e for code, e in held.items() if code in required and e.pk != ended.pk]
        if others:
            dependant.relies_on.remove(ended)
            dependant.relies_on.add(*others)
            audit_log(
                actor=actor,
                code="monitoring.entitlement.relies_on_changed",
                obj=dependant,
                data={"removed": ended.pk, "now": [e.pk for e in others]},
            )
            continue
        reason = in_record_language(
            lambda d=dependant: (
                _("所依托的%(status)s已终止，不再符合%(item)s条件。")
                % {"status": ended.program.status_name, "item": d.program.name}
            )
        )
        _end_now(dependant, actor=actor, reason=reason, revoke=False, recheck=None, on=on)
    pending = (
        ProgramCase.objects.select_for_update(of=("self",))
        .filter(household=household, state__in=list(PENDING_STATES))
        .select_related("program", "application__household")
    )
    for case in pending:
        pre = precondition_evaluate(case, on=on)
        if not pre.satisfied and not pre.pending:
            case_route(case, actor=actor, on=on)


def terminations_take_effect(*, today: dt.date | None = None) -> int:
    """特困: a termination posted 7 days ago takes effect today (N3). Idempotent."""
    today = today or timezone.localdate()
    ended = 0
    for pk in Entitlement.objects.filter(status=E.ENDING, valid_until__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            entitlement = Entitlement.objects.select_for_update().get(pk=pk)
            if entitlement.status != E.ENDING:
                continue
            _end_now(
                entitlement, actor=None, reason=entitlement.ended_reason, revoke=False, recheck=None, on=today
            )
            ended += 1
    return ended


def exits_complete(*, today: dt.date | None = None) -> int:
    """A gradual exit whose last month has passed ends (no cliff before it). Idempotent."""
    today = today or timezone.localdate()
    done = 0
    for pk in Entitlement.objects.filter(status=E.GRADUAL_EXIT, valid_until__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            entitlement = Entitlement.objects.select_for_update().get(pk=pk)
            if entitlement.status != E.GRADUAL_EXIT:
                continue
            reason = in_record_language(lambda: _("渐退期届满，救助终止。"))
            _end_now(entitlement, actor=None, reason=reason, revoke=False, recheck=None, on=today)
            done += 1
    return done


def rechecks_remind(*, today: dt.date | None = None) -> dict[str, int]:
    """Re-checks get the work items' reminder and escalation, each once (conditional updates)."""
    from inbox.services import tell_due_soon, tell_escalation

    today = today or timezone.localdate()
    now = timezone.now()
    horizon = add_working_days(today, int(parameter("reminder.lead", on=today).value)).day
    reminded = escalated = 0
    rechecks = Recheck.objects.select_related(
        "entitlement__program", "entitlement__household", "office__parent"
    )
    for recheck in rechecks.filter(
        status=Recheck.Status.OPEN, reminded_at=None, due_on__lte=horizon, due_on__gte=today
    ):
        if Recheck.objects.filter(pk=recheck.pk, reminded_at=None).update(reminded_at=now):
            title = in_record_language(
                lambda r=recheck: (
                    _("复核即将到期：%(household)s %(item)s，请于%(due)s前完成。")
                    % {
                        "household": r.entitlement.household,
                        "item": r.entitlement.program.status_name,
                        "due": f"{r.due_on:%Y-%m-%d}",
                    }
                )
            )
            tell_due_soon(
                key=f"recheck:{recheck.pk}",
                title=title,
                url=reverse("monitoring:recheck", args=[recheck.pk]),
                office=recheck.office,
                department_id=recheck.department_id,
                role=recheck.role,
            )
            reminded += 1
    for recheck in rechecks.filter(status=Recheck.Status.OPEN, escalated_at=None, due_on__lt=today):
        if Recheck.objects.filter(pk=recheck.pk, escalated_at=None).update(escalated_at=now):
            title = in_record_language(
                lambda r=recheck: (
                    _("超期督办：%(office)s的%(household)s %(item)s复核已超过期限（%(due)s）。")
                    % {
                        "office": r.office.name,
                        "household": r.entitlement.household,
                        "item": r.entitlement.program.status_name,
                        "due": f"{r.due_on:%Y-%m-%d}",
                    }
                )
            )
            tell_escalation(
                key=f"recheck:{recheck.pk}",
                title=title,
                url=reverse("monitoring:recheck", args=[recheck.pk]),
                office=recheck.office,
                department_id=recheck.department_id,
            )
            escalated += 1
    return {"reminded": reminded, "escalated": escalated}


SPOT_CHECKED = ("severe_disability",)  # 重残无业: yearly, plus spot checks as needed (S002)


def spot_checks_draw(*, today: dt.date | None = None) -> int:
    """Each month, `recheck.spot_share` of the live 重残无业 entitlements get an unscheduled
    re-check, drawn reproducibly (ranked by a hash of the month and the entitlement). Idempotent:
    a second run in the month tops up to the share, never above it."""
    import hashlib
    import math

    today = today or timezone.localdate()
    month = today.replace(day=1)
    key = f"spot:{month:%Y-%m}"
    share = parameter("recheck.spot_share", on=today).value
    live = list(
        Entitlement.objects.filter(
            program__code__in=SPOT_CHECKED, status__in=Entitlement.LIVE_STATUSES
        ).select_related("program__department", "household__hukou_office", "household__owner")
    )
    wanted = math.ceil(len(live) * share) if live else 0
    drawn = Recheck.objects.filter(
        entitlement__in=live, reason=Recheck.Reason.SPOT_CHECK, opened_on__gte=month
    ).count()
    opened = 0
    ranked = sorted(live, key=lambda e: hashlib.sha256(f"{key}:{e.pk}".encode()).hexdigest())
    due = add_working_days(today, int(parameter("recheck.change_report", on=today).value)).day
    for entitlement in ranked:
        if drawn + opened >= wanted:
            break
        if Recheck.objects.filter(
            entitlement=entitlement, reason=Recheck.Reason.SPOT_CHECK, opened_on__gte=month
        ).exists():
            continue
        with transaction.atomic():
            if _recheck_open(entitlement, reason=Recheck.Reason.SPOT_CHECK, due_on=due, on=today):
                opened += 1
    return opened
