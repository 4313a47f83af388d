"""The 特困 steps. Each runs inside programs.engine.case_act with the case locked and the actor
already checked as the holder of the live step; each writes its own audit rows."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_log
from programs.decisions import decision_approve, decision_deny
from programs.errors import ActionInvalid
from programs.parameters import parameter
from programs.trace import trace_all_passed
from programs.transition import case_transition, system_reason
from review.calendar import due_date
from review.models import Investigation, Objection

from .eligibility import assess, recorded_obligors
from .models import SelfCareAssessment, SupportObligor, care_level
from .questions import obligor_parsed, obligor_record

INVESTIGATED = system_reason(gettext_lazy("调查核实完成，生活自理能力已评估"))


def benefit_start(decided: dt.date) -> dt.date:
    """N3 第十八条: support is given from the month after the confirmation."""
    return (decided.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def investigation_round(case) -> int:
    """Each objection in 公示 starts a new round of investigation (N3 第十六条)."""
    return 1 + case.transitions.filter(name="reinvestigate_after_objection").count()


def _seed_obligors(case) -> None:
    """The first record by the street starts from what the form declared."""
    details = dict(case.details or {})
    if details.get("obligors_recorded"):
        return
    for declared in filter(None, map(obligor_parsed, recorded_obligors(case))):
        SupportObligor.objects.create(case=case, **declared, recorded_by=None)
    details["obligors_recorded"] = True
    case.details = details
    case.save(update_fields=["details", "updated_at"])


def record_obligor(*, case, actor, item, remove: bool = False, **fields):
    """登记、更正或删除一位法定义务人 (by name): the street's correction of the form's list."""
    name = fields["name"].strip()
    if not name:
        raise ActionInvalid(_("请填写义务人姓名。"))
    if case.application.members.filter(name=name).exists():
        raise ActionInvalid(
            _("%(name)s是本申请的家庭成员，不能登记为法定义务人；义务人是未随本申请共同申请的人员。")
            % {"name": name}
        )
    _seed_obligors(case)
    existing = case.support_obligors.filter(name=name).first()
    if remove:
        if existing is None:
            raise ActionInvalid(_("没有名为%(name)s的法定义务人，无法删除。") % {"name": name})
        existing.delete()
        case.save(update_fields=["updated_at"])
        audit_log(
            actor=actor, code=f"programs.{case.program.code}.obligor_removed", obj=case, data={"name": name}
        )
        return case
    case.save(update_fields=["updated_at"])  # the case changed: its records did
    record = obligor_record(fields)
    obligor, created = SupportObligor.objects.update_or_create(
        case=case, name=name, defaults={**record, "recorded_by": actor}
    )
    audit_log(
        actor=actor,
        code=f"programs.{case.program.code}.obligor_{'recorded' if created else 'corrected'}",
        obj=case,
        data={"obligor": obligor.pk, "name": name, "status": record["status"]},
    )
    return case


def _member_named(case, member: str):
    text = (member or "").strip()
    people = list(case.application.members.order_by("id"))
    found = [p for p in people if p.name == text or str(p.pk) == text]
    if not found:
        raise ActionInvalid(
            _("申请家庭成员中没有“%(name)s”，请填写成员姓名：%(names)s。")
            % {"name": text, "names": "、".join(p.name for p in people)}
        )
    if len(found) > 1:
        raise ActionInvalid(_("有多位成员名为“%(name)s”，请填写成员编号。") % {"name": text})
    return found[0]


def assess_self_care(*, case, actor, item, member: str, note: str = "", **unable):
    """生活自理能力评估 of one member: ticked items are those the person cannot do (N3 第五章)."""
    person = _member_named(case, member)
    count = sum(bool(v) for v in unable.values())
    assessment, _created = SelfCareAssessment.objects.update_or_create(
        case=case,
        person=person,
        defaults={
            **{k: bool(v) for k, v in unable.items()},
            "level": care_level(count),
            "note": note,
            "assessed_by": actor,
        },
    )
    case.save(update_fields=["updated_at"])  # the case changed: its records did
    audit_log(
        actor=actor,
        code=f"programs.{case.program.code}.self_care_assessed",
        obj=case,
        data={"person": person.pk, "unable": count, "level": assessment.level},
    )
    return case


def _assessed_now(case):
    assessment = assess(case, on=timezone.localdate())
    case.eligibility_trace = assessment.trace
    case.policy_figures = {**(case.policy_figures or {}), **assessment.parameters}
    return assessment


def complete_investigation(*, case, actor, item, findings: str):
    """调查核实 done: the findings are signed, the rules run on what the street recorded."""
    if not findings.strip():
        raise ActionInvalid(_("请填写调查核实情况。"))
    missing = [
        p.name
        for p in case.application.members.order_by("id")
        if not case.self_care_assessments.filter(person=p).exists()
    ]
    if missing:
        raise ActionInvalid(_("请先完成生活自理能力评估：%(names)s。") % {"names": "、".join(missing)})
    round_no = investigation_round(case)
    if Investigation.objects.filter(case=case, investigator=actor, round=round_no).exists():
        raise ActionInvalid(_("您已提交过本轮调查核实记录。"))
    Investigation.objects.create(case=case, investigator=actor, round=round_no, findings=findings)
    _assessed_now(case)
    case_transition(case=case, name="complete_investigation", actor=actor, reason=INVESTIGATED)
    return case


def propose_confirmation(*, case, actor, item, note: str = ""):
    """初审同意: the conditions are met on today's figures; 公示 starts (N3 第十六条)."""
    _assessed_now(case)
    if not trace_all_passed(case.eligibility_trace):
        raise ActionInvalid(_("审核条件不符合，不能提出同意的初审意见，请报区民政部门审核确认不予同意。"))
    today = timezone.localdate()
    period = parameter("deadline.publicity", on=today)
    case.publicity_ends_on = due_date(start=today, days=int(period.value), unit=period.unit).day
    case.policy_figures = {**case.policy_figures, "deadline.publicity": period.as_record()}
    case_transition(case=case, name="propose_confirmation", actor=actor, reason=note)
    return case


def report_ineligible(*, case, actor, item, note: str = ""):
    """初审不同意: reported to the district, which decides (N3 第十九条); no 公示."""
    _assessed_now(case)
    if trace_all_passed(case.eligibility_trace) and not note.strip():
        raise ActionInvalid(_("审核条件均符合：如提出不同意的初审意见，必须填写理由。"))
    case_transition(case=case, name="report_ineligible", actor=actor, reason=note)
    return case


def record_objection(*, case, actor, item, content: str):
    """An objection in 公示: the street investigates again and gives a new first opinion."""
    if not content.strip():
        raise ActionInvalid(_("请填写异议内容。"))
    Objection.objects.create(case=case, content=content, recorded_by=actor)
    case.publicity_ends_on = None
    case_transition(case=case, name="reinvestigate_after_objection", actor=actor, reason=content)
    Objection.objects.filter(case=case, resolved=False).update(resolved=True)
    return case


def approve(*, case, actor, item, note: str = ""):
    """审核确认: re-assessed on the parameters in force today; support from next month."""
    assessment = _assessed_now(case)
    if not assessment.eligible:
        raise ActionInvalid(_("按当前政策标准不符合特困人员认定条件，不能确认。"))
    today = timezone.localdate()
    case.monthly_amount = assessment.monthly_amount
    case.details = {**(case.details or {}), "benefit_from": benefit_start(today).isoformat()}
    # The status (特困身份, what serial items wait for) holds from the confirmation; the support
    # is paid from the next month (benefit_from). Dating the status from next month would close
    # the items waiting for it as precondition_not_met: routing reads the status held today.
    return decision_approve(
        case=case,
        actor=actor,
        item=item,
        note=note,
        default_reason=gettext_lazy("经调查核实、初审、公示和审核确认，符合特困人员认定条件，予以确认。"),
        payment_from=benefit_start(today),
    )


def deny(*, case, actor, item, reason: str = ""):
    return decision_deny(case=case, actor=actor, item=item, reason=reason)


def retention_scrub(cases, placeholder: str) -> None:
    """Retention: the obligors' names and notes, and the self-care notes, go; figures stay."""
    SupportObligor.objects.filter(case__in=cases).update(name=placeholder, note="")
    SelfCareAssessment.objects.filter(case__in=cases).update(note="")
