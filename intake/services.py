"""Intake writes: submit the one form, accept it, return it once for materials, drafts."""

import hashlib
import json
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_log, audit_log_ref
from accounts.batch import current_batch, loaded, write_batch
from accounts.compiled import CompiledRead, bulk_insert
from accounts.models import Office, Role, User
from accounts.permissions import has_perm
from programs.errors import ActionInvalid, ActionNotPermitted, CaseConflict
from programs.lifecycle import SharedState as CaseState
from programs.models import Material, ProgramCase
from programs.snapshot import programs_by_code
from programs.transition import case_transition

from .identity import blind_index, encrypt_id_number, mask_id_number, parse_id_number, seal_text, unseal_text
from .models import (
    Application,
    Channel,
    Draft,
    FinancialEntry,
    Household,
    Person,
)
from .selectors import ONE_WINDOW_DEPARTMENT, household_search
from .validation import CleanApplication, PayloadInvalid, financial_rows, validate_payload


class IdempotencyMismatch(Exception):
    """The same idempotency key was used with a different request body."""

    message = gettext_lazy("该提交标识已用于另一份不同内容的申请，请勿重复使用。")


def request_fingerprint(payload: dict, *, channel: str, household_id: int | None) -> str:
    body = json.dumps(
        {"payload": payload, "channel": channel, "household": household_id},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


# Every submission asks these two: compiled once (accounts.compiled).
_OWN_HOUSEHOLD = CompiledRead(lambda user: Household.objects.filter(owner=user).order_by("-pk")[:1], int)
_SUBMITTED = CompiledRead(
    lambda user, key: Application.objects.filter(submitted_by=user, idempotency_key=key).order_by()[:1],
    int,
    str,
)


def _submitted(user, key) -> Application | None:
    """The application `user` already submitted under idempotency key `key`, if any."""
    return next(iter(_SUBMITTED(user.pk, key)), None)


def _household_for(*, clean: CleanApplication, submitted_by: User, household: Household | None) -> Household:
    """The household the application is for: the one given, the applicant's own, or a new one
    (marked new in the write batch). Saved only when something changed."""
    if household is None and submitted_by.is_applicant:
        household = next(iter(_OWN_HOUSEHOLD(submitted_by.pk)), None)
    if household is None:
        household = Household(owner=submitted_by if submitted_by.is_applicant else None)
        current_batch().mark_new(household)
    before = (household.hukou_office_id, household.residence_office_id, household.address, household.phone)
    household.hukou_office, household.residence_office = clean.hukou_office, clean.residence_office
    household.address, household.phone = clean.address, clean.phone
    if household.pk is None:
        bulk_insert([household])
    elif before != (
        household.hukou_office_id,
        household.residence_office_id,
        household.address,
        household.phone,
    ):
        household.save()
    return household


PERSON_FIELDS = [
    "name",
    "id_number_encrypted",
    "id_number_masked",
    "birth_date",
    "sex",
    "relation",
    "disability_grade",
    "employment_status",
    "school_stage",
    "disability_kind",
    "birth_group",
]


def _person_for(*, household: Household, member) -> Person:
    facts = parse_id_number(member.id_number)
    return Person(
        household=household,
        id_number_index=blind_index(member.id_number),
        name=member.name,
        id_number_encrypted=encrypt_id_number(member.id_number),
        id_number_masked=mask_id_number(member.id_number),
        birth_date=facts.birth_date,
        sex=facts.sex,
        relation=member.relation,
        disability_grade=member.disability_grade,
        employment_status=member.employment_status,
        school_stage=member.school_stage,
        disability_kind=member.disability_kind if member.disability_grade != "none" else "",
        birth_group=member.birth_group,
    )


def _people_upsert(*, household: Household, members) -> list[Person]:
    """The members as the household's persons, in one statement: a person already registered
    in the household (same ID number) is updated, the others inserted."""
    people = [_person_for(household=household, member=m) for m in members]
    if current_batch().is_new(household):
        return bulk_insert(people)
    return Person.objects.bulk_create(
        people,
        update_conflicts=True,
        unique_fields=["household", "id_number_index"],
        update_fields=PERSON_FIELDS,
    )


def application_submit(
    *,
    payload: dict,
    submitted_by: User,
    idempotency_key: str,
    channel: str = Channel.ONLINE,
    household: Household | None = None,
) -> Application:
    """Validate and write the whole case in one transaction; the same key gives the same case
    (marked `replayed`)."""
    if channel == Channel.COUNTER and not has_perm(submitted_by, "intake.submit_for_household"):
        raise ActionNotPermitted()
    if channel == Channel.ONLINE and not has_perm(submitted_by, "intake.submit_own"):
        raise ActionNotPermitted()
    key = (idempotency_key or "").strip()[:80]
    if not key:
        raise ActionInvalid(_("缺少提交标识（Idempotency-Key）。"))
    fingerprint = request_fingerprint(
        payload, channel=channel, household_id=household.pk if household else None
    )
    existing = _submitted(submitted_by, key)
    if existing:
        return _replayed(existing, fingerprint)
    clean = validate_payload(payload)
    attempt: dict = {}
    try:
        with transaction.atomic():
            return _application_create(
                clean=clean,
                submitted_by=submitted_by,
                key=key,
                fingerprint=fingerprint,
                channel=channel,
                household=household,
                attempt=attempt,
            )
    except IntegrityError:
        # A concurrent request with the same key won the race: answer as it did.
        existing = _submitted(submitted_by, key)
        if existing is not None:
            return _replayed(existing, fingerprint)
        # Or the household has a live case of an item already (one_live_case_per_household_item).
        found = attempt.get("household")
        if found is not None and not attempt.get("household_new"):
            _refuse_second_live_case(household=found, programs=programs_by_code(clean.items).values())
        raise


def _replayed(existing: Application, fingerprint: str) -> Application:
    if existing.request_fingerprint != fingerprint:
        raise IdempotencyMismatch()
    existing.replayed = True
    return existing


def _application_create(*, clean, submitted_by, key, fingerprint, channel, household, attempt) -> Application:
    """The rows of a new application, its cases routed in memory and written in a handful of
    inserts (accounts.batch): one statement per table, whatever the number of items."""
    from routing.services import application_route

    from .materials import application_materials_plan

    with write_batch() as batch:
        household = _household_for(clean=clean, submitted_by=submitted_by, household=household)
        attempt["household"], attempt["household_new"] = household, batch.is_new(household)
        people = _people_upsert(household=household, members=clean.members)
        applicant = next(
            p for p, m in zip(people, clean.members, strict=True) if m.relation == Person.Relation.SELF
        )
        application = Application(
            household=household,
            hukou_office=clean.hukou_office,
            residence_office=clean.residence_office,
            # 全市通办: a counter application belongs also to the centre that keyed it in.
            intake_office=submitted_by.office if channel == Channel.COUNTER else None,
            channel=channel,
            submitted_by=submitted_by,
            applicant=applicant,
            delegated=clean.delegated,
            delegate_name=clean.delegate_name,
            delegate_relation=clean.delegate_relation,
            consent_economic_check=clean.consent_economic_check,
            opt_in_low_income=clean.opt_in_low_income,
            note=clean.note,
            idempotency_key=key,
            request_fingerprint=fingerprint,
        )
        materials = application_materials_plan(
            application=application,
            item_codes=clean.items,
            provided_codes=clean.materials_provided,
            consent=clean.consent_economic_check,
        )
        bulk_insert([application])
        application.reference = f"YC{timezone.localdate():%Y%m%d}{application.pk:06d}"
        Application.objects.filter(pk=application.pk).update(reference=application.reference)
        batch.mark_new(application)
        through = Application.members.through
        bulk_insert([through(application=application, person=person) for person in people])
        bulk_insert(
            [
                FinancialEntry(
                    application=application, person=person, category=category, kind=kind, amount=amount
                )
                for person, member in zip(people, clean.members, strict=True)
                for category, kind, amount in financial_rows(member)
            ]
        )
        bulk_insert(materials)
        programs = programs_by_code(clean.items)
        cases = [
            batch.add(
                ProgramCase(
                    application=application,
                    household=household,
                    program=programs[code],
                    details={"form": clean.item_answers[code]} if code in clean.item_answers else {},
                )
            )
            for code in clean.items
        ]
        application.new_cases = cases
        if channel == Channel.COUNTER:
            # 共有产权: an item accepted only at its own centre is not keyed in elsewhere (and lost).
            from programs.acceptance import acceptance_refusal

            refusal = acceptance_refusal(application, submitted_by.office)
            if refusal:
                raise PayloadInvalid({"items": refusal})
        audit_log(
            actor=submitted_by,
            code="intake.application.submitted",
            obj=application,
            data={"items": clean.items, "channel": channel},
        )
        application_route(application, actor=submitted_by, cases=cases)
    _as_read(application, people=people, materials=materials, cases=cases, batch=batch)
    return application


def _as_read(application, *, people, materials, cases, batch) -> None:
    """What the status page reads of a new application, from memory (no re-read)."""
    from programs.models import CaseTransition
    from review.models import WorkItem

    history: dict[int, list] = {}
    for row in batch.rows(CaseTransition):
        history.setdefault(id(row.case), []).append(row)
    for case in cases:
        case.history = history.get(id(case), [])
        loaded(case, "notices", [])
    loaded(application, "members", sorted(people, key=lambda p: p.pk))
    loaded(application, "cases", cases)
    loaded(application, "materials", materials)
    loaded(application, "work_items", [i for i in batch.rows(WorkItem) if i.status in ("open", "paused")])
    application.replayed = False


def _refuse_second_live_case(*, household: Household, programs) -> None:
    """One household, one live case per item: point to the case already being handled."""
    from programs.lifecycle import FINAL_STATES

    live = (
        ProgramCase.objects.filter(household=household, program__in=list(programs))
        .exclude(state__in=FINAL_STATES)
        .select_related("program", "application")
        .order_by("program__sort_order")
    )
    if live:
        raise PayloadInvalid(
            {
                "items": _("以下事项正在办理中，无需重复申请，请在原申请中查看进度：%(cases)s")
                % {
                    "cases": "、".join(
                        _("%(item)s（受理编号 %(ref)s）")
                        % {"item": c.program.display_name, "ref": c.application.reference}
                        for c in live
                    )
                }
            }
        )


def _locked_application(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _require_clerk(actor: User) -> None:
    if not has_perm(actor, "intake.accept"):
        raise ActionNotPermitted()


@transaction.atomic
def application_accept(
    *,
    application: Application,
    actor: User,
    present: list[str] | None = None,
    confirm_missing: bool = False,
) -> Application:
    """一口受理: accept the application; every item awaiting acceptance starts its workflow.

    `present` (the acceptance page): the materials the clerk found present; accepting with any
    missing needs `confirm_missing` (intake.materials.MaterialsMissing otherwise).
    """
    from review.services import acceptance_item_close

    from .materials import materials_record_present

    _require_clerk(actor)
    application = _locked_application(application)
    if application.acceptance != "submitted":
        raise CaseConflict(_("该申请已受理或已退回补正，请刷新后查看。"))
    from programs.acceptance import acceptance_refusal

    refusal = acceptance_refusal(application, actor.office)
    if refusal:
        raise ActionInvalid(refusal)
    missing = []
    if present is not None:
        missing = materials_record_present(
            application=application, present=present, confirm_missing=confirm_missing
        )
    application.accept()
    application.accepted_at, application.accepted_by = timezone.now(), actor
    application.save()
    acceptance_item_close(application=application, actor=actor)
    for case in application.cases.filter(state=CaseState.SUBMITTED).select_related("program"):
        case_transition(case=case, name="start", actor=actor, reason=gettext_lazy("窗口受理"))
    audit_log(
        actor=actor,
        code="intake.application.accepted",
        obj=application,
        data={"missing": missing} if missing else None,
    )
    return application


def _tell_supplement(application: Application) -> None:
    """补正: the applicant's inbox and an SMS, naming the deadline (never an ID number)."""
    from inbox.models import Message
    from inbox.services import notify

    owner = application.household.owner
    if owner is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _("您的申请（%(reference)s）需要补正材料，请于%(due)s前补交。") % {
            "reference": application.reference,
            "due": application.return_due_date.isoformat() if application.return_due_date else "—",
        }
    notify(
        recipient=owner,
        kind=Message.Kind.SUPPLEMENT,
        title=str(title),
        url=reverse("intake:status", args=[application.reference]),
        dedupe_key=f"application:{application.pk}:supplement",
    )


@transaction.atomic
def application_return(
    *, application: Application, actor: User, missing_materials: list[str], reason: str
) -> Application:
    """一次性告知: return once, listing every missing material, due by the 补正 deadline; the
    acceptance clock pauses."""
    from programs.parameters import MissingParameter, parameter
    from review.calendar import due_date
    from review.services import acceptance_item_pause

    _require_clerk(actor)
    application = _locked_application(application)
    if application.acceptance != "submitted":
        raise CaseConflict(_("该申请已受理或已退回补正，请刷新后查看。"))
    if application.return_count:
        raise ActionInvalid(_("补正材料只能一次性告知，该申请已退回过一次，请直接受理或作出决定。"))
    codes = set(application.materials.values_list("material__code", flat=True))
    missing = [code for code in missing_materials if code in codes]
    if not missing:
        raise ActionInvalid(_("请勾选需要补正的材料。"))
    application.return_for_materials()
    application.missing_materials, application.return_reason = missing, reason.strip()
    today = timezone.localdate()
    try:
        period = parameter("deadline.supplement", on=today)
    except MissingParameter:
        period = None
    if period is not None:
        due = due_date(start=today, days=int(period.value), unit=period.unit)
        application.return_due_date, application.return_due_provisional = due.day, due.provisional
    application.save()
    # The missing ones are needed again (an unreadable upload, a declared paper not brought).
    application.materials.filter(material__code__in=missing).update(provided=False)
    history = reason.strip()
    if application.return_due_date:
        with translation.override(settings.LANGUAGE_CODE):  # the record is the official (Chinese) text
            deadline_text = _("补正期限：%(day)s") % {"day": application.return_due_date.isoformat()}
        history = f"{history}（{deadline_text}）" if history else deadline_text
    for case in application.cases.filter(state=CaseState.SUBMITTED).select_related("program"):
        case_transition(case=case, name="return_for_materials", actor=actor, reason=history)
    acceptance_item_pause(application=application)
    _tell_supplement(application)
    audit_log(
        actor=actor,
        code="intake.application.returned",
        obj=application,
        data={
            "missing": missing,
            "due": application.return_due_date.isoformat() if application.return_due_date else None,
        },
    )
    return application


@transaction.atomic
def application_resubmit(*, application: Application, actor: User, provided: list[str]) -> Application:
    """The applicant (or a clerk for them) supplies the missing materials; the clock restarts."""
    from review.services import acceptance_item_resume

    own = actor.is_applicant and (
        application.submitted_by_id == actor.pk or application.household.owner_id == actor.pk
    )
    if not own and not has_perm(actor, "intake.accept"):
        raise ActionNotPermitted(_("只有申请人本人或窗口受理人员可以补交材料。"))
    application = _locked_application(application)
    if application.acceptance != "returned":
        raise CaseConflict(_("该申请当前不需要补正材料。"))
    # A missing material uploaded since the return counts as supplied.
    provided = [
        *provided,
        *application.materials.filter(
            material__code__in=application.missing_materials, provided=True
        ).values_list("material__code", flat=True),
    ]
    still_missing = [code for code in application.missing_materials if code not in set(provided)]
    if still_missing:
        names = "、".join(Material.objects.filter(code__in=still_missing).values_list("name", flat=True))
        raise ActionInvalid(_("以下材料仍未提供：%(names)s") % {"names": names})
    application.materials.filter(material__code__in=provided).update(provided=True)
    application.resubmit()
    application.missing_materials = []
    application.save()
    for case in application.cases.filter(state=CaseState.RETURNED).select_related("program"):
        case_transition(case=case, name="resubmit", actor=actor, reason=gettext_lazy("已补正材料"))
    acceptance_item_resume(application=application)
    audit_log(actor=actor, code="intake.application.resubmitted", obj=application)
    return application


def application_may_move(actor: User, application: Application) -> bool:
    """A civil-affairs clerk or approver of the office that decides (the hukou street) or above."""
    if actor.role not in (Role.CLERK, Role.APPROVER) or actor.office_id is None:
        return False
    if actor.department is None or actor.department.code != ONE_WINDOW_DEPARTMENT:
        return False
    return application.hukou_office.path.startswith(actor.office.path)


@transaction.atomic
def application_offices_change(
    *, application: Application, actor: User, hukou_office: Office, residence_office: Office, reason: str
) -> Application:
    """Move an application to other offices: an explicit, audited change (a move of hukou or home).

    The live work items of its cases move with it, keeping their due dates.
    """
    from programs.registry import family_of
    from programs.steps import office_for, step_where
    from review.models import WorkItem
    from review.services import acceptance_office

    if not application_may_move(actor, application):
        raise ActionNotPermitted(_("只有户籍地街道民政窗口或审批人员可以变更申请的办理地。"))
    reason = (reason or "").strip()
    if not reason:
        raise ActionInvalid(_("请说明变更办理地的原因。"))
    for office in (hukou_office, residence_office):
        if office.level != Office.Level.COMMITTEE:
            raise ActionInvalid(_("办理地须选择居（村）委会。"))
    application = _locked_application(application)
    before = (application.hukou_office.code, application.residence_office.code)
    if before == (hukou_office.code, residence_office.code):
        raise ActionInvalid(_("新的办理地与原办理地相同。"))
    application.hukou_office, application.residence_office = hukou_office, residence_office
    application.save(update_fields=["hukou_office", "residence_office"])
    household = application.household
    household.hukou_office, household.residence_office = hukou_office, residence_office
    household.save(update_fields=["hukou_office", "residence_office"])
    live = WorkItem.objects.select_for_update(of=("self",)).filter(
        application=application, status__in=[WorkItem.Status.OPEN, WorkItem.Status.PAUSED]
    )
    moved = 0
    for item in live.select_related("case__program"):
        if item.case_id is None:
            office = acceptance_office(application)
        else:
            step = family_of(item.case).step(item.step)
            if step is None:
                continue
            office = office_for(application, step_where(item.case, step), item.case)
        if office.pk != item.office_id:
            item.office = office
            item.save(update_fields=["office"])
            moved += 1
    audit_log(
        actor=actor,
        code="intake.application.moved",
        obj=application,
        data={
            "from": {"hukou": before[0], "residence": before[1]},
            "to": {"hukou": hukou_office.code, "residence": residence_office.code},
            "work_items_moved": moved,
            "reason": reason[:200],
        },
    )
    return application


def household_lookup(*, user: User, id_number: str, limit: int = 20) -> list[Household]:
    """The counter's search by a member's ID number, audited (city-wide for clerks: 全市通办).

    The audit row records who searched and how many households were found, never the number.
    """
    found = list(
        household_search(user=user, id_number=id_number)
        .select_related("hukou_office", "residence_office")
        .prefetch_related(Prefetch("members", queryset=Person.objects.order_by("id")))
        .order_by("pk")[:limit]
    )
    audit_log_ref(
        actor=user,
        code="intake.household.searched",
        object_type="intake.household",
        object_id="search",
        data={"found": len(found), "households": [h.pk for h in found]},
    )
    return found


def draft_for(*, owner: User) -> Draft:
    draft = Draft.objects.filter(owner=owner, submitted_application__isnull=True).first()
    if draft is None:
        draft = Draft.objects.create(owner=owner, data={}, idempotency_key=uuid.uuid4().hex)
    return draft


# Personal fields of a draft's members kept encrypted at rest (PIPL): the ID number.
SEALED_MEMBER_FIELDS = ("id_number",)


def _seal(data: dict) -> dict:
    members = []
    for member in data.get("members") or []:
        if not isinstance(member, dict):
            continue
        member = dict(member)
        for name in SEALED_MEMBER_FIELDS:
            value = member.pop(name, "")
            if value:
                member[f"{name}_sealed"] = seal_text(value)
        members.append(member)
    return {**data, "members": members} if "members" in data else data


def _unseal(data: dict) -> dict:
    members = []
    for member in data.get("members") or []:
        member = dict(member)
        for name in SEALED_MEMBER_FIELDS:
            token = member.pop(f"{name}_sealed", "")
            member[name] = unseal_text(token) if token else member.get(name, "")
        members.append(member)
    return {**data, "members": members} if "members" in data else data


def draft_payload(draft: Draft) -> dict:
    """What the person typed, with the sealed fields decrypted (drafts store them encrypted)."""
    return _unseal(draft.data or {})


def draft_save(*, draft: Draft, data: dict, step: str) -> Draft:
    draft.data = _seal({**draft_payload(draft), **data})
    draft.step = step
    draft.save(update_fields=["data", "step", "updated_at"])
    return draft


@transaction.atomic
def draft_submit(
    *,
    draft: Draft,
    channel: str = Channel.ONLINE,
    household: Household | None = None,
    payload: dict | None = None,
) -> Application:
    application = application_submit(
        payload=payload if payload is not None else draft_payload(draft),
        submitted_by=draft.owner,
        idempotency_key=draft.idempotency_key,
        channel=channel,
        household=household,
    )
    # Submitted: the application holds the data now; the draft keeps none of it (PIPL).
    draft.submitted_application = application
    draft.data = {}
    draft.save(update_fields=["submitted_application", "data", "updated_at"])
    return application
