"""The campaign's services. Each checks who may act — role, department (团委) and office: the
city league sets campaigns and files lists; a youth social-work agency (an organisation under a
district) nominates the young people of its district and records the help delivered; the
district league approves and stamps its district's list — and writes one audit row."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_log
from accounts.models import Office, Role
from programs.decisions import decision_approve
from programs.errors import ActionInvalid, ActionNotPermitted
from programs.models import ProgramCase
from programs.transition import case_transition

from .models import Campaign, DistrictList, Nomination
from .workflow import State

DEPARTMENT = "youth_league"
CODE = "youth_charity"


def _of_league(user, role: str) -> bool:
    return (
        user.is_authenticated
        and user.role == role
        and user.department_id is not None
        and user.department.code == DEPARTMENT
        and user.office_id is not None
    )


def agency_district(user) -> Office | None:
    """The district a youth social-work agency works in (its parent), or None for anyone else."""
    if _of_league(user, Role.INVESTIGATOR) and user.office.level == Office.Level.UNIT:
        return user.office.ancestor_at(Office.Level.DISTRICT)
    return None


def league_district(user) -> Office | None:
    if _of_league(user, Role.APPROVER) and user.office.level == Office.Level.DISTRICT:
        return user.office
    return None


def is_city_league(user) -> bool:
    return _of_league(user, Role.REVIEWER) and user.office.level == Office.Level.CITY


def may_see_campaigns(user) -> bool:
    return bool(agency_district(user) or league_district(user) or is_city_league(user))


def referrals_in(district: Office):
    """The referred young people of a district: households registered or living there."""
    from django.db.models import Q

    return (
        ProgramCase.objects.filter(program__code=CODE, state=State.REFERRED)
        .filter(
            Q(application__hukou_office__path__startswith=district.path)
            | Q(application__residence_office__path__startswith=district.path)
        )
        .select_related("application__hukou_office", "application__applicant")
        .order_by("created_at", "id")
    )


def referrals_for(user):
    district = agency_district(user)
    if district is None:
        raise ActionNotPermitted()
    return referrals_in(district)


@transaction.atomic
def campaign_create(*, actor, year: int, theme: str, funds_raised, quotas: list[dict]) -> Campaign:
    """The city league opens the year's campaign with each district's quota (from the funds raised)."""
    if not is_city_league(actor):
        raise ActionNotPermitted()
    if Campaign.objects.filter(year=year).exists():
        raise ActionInvalid(_("%(year)s年度的青春公益集中行动已创建。") % {"year": year})
    if not quotas:
        raise ActionInvalid(_("请至少为一个区划定帮扶名额。"))
    districts = {
        o.code: o
        for o in Office.objects.filter(level=Office.Level.DISTRICT, code__in=[q["district"] for q in quotas])
    }
    unknown = [q["district"] for q in quotas if q["district"] not in districts]
    if unknown:
        raise ActionInvalid(_("不是本市的区：%(codes)s") % {"codes": "、".join(unknown)})
    campaign = Campaign.objects.create(year=year, theme=theme, funds_raised=funds_raised, created_by=actor)
    for quota in quotas:
        DistrictList.objects.create(
            campaign=campaign, district=districts[quota["district"]], quota=quota["places"]
        )
    audit_log(
        actor=actor,
        code="youth_charity.campaign.created",
        obj=campaign,
        data={"year": year, "quotas": quotas},
    )
    return campaign


def _locked_list(campaign: Campaign, district: Office) -> DistrictList:
    found = DistrictList.objects.select_for_update().filter(campaign=campaign, district=district).first()
    if found is None:
        raise ActionInvalid(_("本年度未给%(district)s划定帮扶名额。") % {"district": district.name})
    return found


@transaction.atomic
def nominate(
    *,
    actor,
    campaign: Campaign,
    case_id=None,
    name: str = "",
    age=None,
    situation: str = "",
    help_kind: str,
    wish: str = "",
) -> Nomination:
    """An agency puts a referred (case_id) or found young person of its district on the list."""
    district = agency_district(actor)
    if district is None:
        raise ActionNotPermitted()
    district_list = _locked_list(campaign, district)
    if district_list.status != DistrictList.Status.DRAFT:
        raise ActionInvalid(_("本区名单已报送，不能再添加帮扶对象。"))
    if district_list.nominations.count() >= district_list.quota:
        raise ActionInvalid(_("本区帮扶名额为 %(n)s 人，已满。") % {"n": district_list.quota})
    if help_kind == Nomination.Help.MICRO_WISH and not wish.strip():
        raise ActionInvalid(_("微心愿帮扶请填写心愿内容。"))
    case = None
    if case_id is not None:
        case = referrals_in(district).select_for_update(of=("self",)).filter(pk=case_id).first()
        if case is None:
            raise ActionInvalid(_("该转介不在本区待帮扶的名单中（可能已被列入名单）。"))
        form = (case.details or {}).get("form") or {}
        young = form.get("young_members") or []
        name = name or (young[0] if young else case.application.applicant.name)
        if young and name not in young:
            raise ActionInvalid(_("“%(name)s”不是本转介同意转介的青少年。") % {"name": name})
        person = case.application.members.filter(name=name).first()
        age = person.age_on(timezone.localdate()) if person is not None else age
    if not name.strip() or age is None:
        raise ActionInvalid(_("请填写帮扶对象的姓名和年龄。"))
    nomination = Nomination.objects.create(
        district_list=district_list,
        case=case,
        source=Nomination.Source.REFERRAL if case else Nomination.Source.FOUND,
        name=name.strip(),
        age=age,
        situation=situation.strip(),
        help_kind=help_kind,
        wish=wish.strip(),
        added_by=actor,
    )
    if case is not None:
        case_transition(case=case, name="nominate", actor=actor, reason=gettext_lazy("列入青春公益帮扶名单"))
    audit_log(
        actor=actor,
        code="youth_charity.nomination.added",
        obj=nomination,
        data={"list": district_list.pk, "source": nomination.source},
    )
    return nomination


@transaction.atomic
def list_submit(*, actor, campaign: Campaign) -> DistrictList:
    district = agency_district(actor)
    if district is None:
        raise ActionNotPermitted()
    district_list = _locked_list(campaign, district)
    if district_list.status != DistrictList.Status.DRAFT:
        raise ActionInvalid(_("本区名单已报送。"))
    if not district_list.nominations.exists():
        raise ActionInvalid(_("名单中还没有帮扶对象。"))
    district_list.status = DistrictList.Status.SUBMITTED
    district_list.submitted_by, district_list.submitted_at = actor, timezone.now()
    district_list.save()
    audit_log(actor=actor, code="youth_charity.list.submitted", obj=district_list)
    return district_list


@transaction.atomic
def list_approve(*, actor, campaign: Campaign, district: Office) -> DistrictList:
    """The district league approves and stamps its district's list; the referrals on it are listed."""
    if league_district(actor) is None or league_district(actor).pk != district.pk:
        raise ActionNotPermitted()
    district_list = _locked_list(campaign, district)
    if district_list.status != DistrictList.Status.SUBMITTED:
        raise ActionInvalid(_("名单尚未报送或已审核。"))
    district_list.status = DistrictList.Status.APPROVED
    district_list.approved_by, district_list.approved_at = actor, timezone.now()
    district_list.stamp = _("共青团上海市%(district)s委员会（盖章）") % {"district": district.name}
    district_list.save()
    for nomination in district_list.nominations.exclude(case=None).select_related("case"):
        case = ProgramCase.objects.select_for_update(of=("self",)).get(pk=nomination.case_id)
        case_transition(
            case=case, name="list_approved", actor=actor, reason=gettext_lazy("团区委审核通过帮扶名单")
        )
    audit_log(
        actor=actor,
        code="youth_charity.list.approved",
        obj=district_list,
        data={"stamp": district_list.stamp},
    )
    return district_list


@transaction.atomic
def list_file(*, actor, campaign: Campaign, district: Office) -> DistrictList:
    """The city league files an approved district list (备案)."""
    if not is_city_league(actor):
        raise ActionNotPermitted()
    district_list = _locked_list(campaign, district)
    if district_list.status != DistrictList.Status.APPROVED:
        raise ActionInvalid(_("名单须经团区委审核盖章后备案。"))
    district_list.status = DistrictList.Status.FILED
    district_list.filed_by, district_list.filed_at = actor, timezone.now()
    district_list.save()
    audit_log(actor=actor, code="youth_charity.list.filed", obj=district_list)
    return district_list


@transaction.atomic
def delivery_record(*, actor, nomination_id: int, delivered_on, note: str = "") -> Nomination:
    """The agency records the help delivered on its visit; a referral's case ends approved."""
    district = agency_district(actor)
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("district_list__district")
        .filter(pk=nomination_id)
        .first()
    )
    if nomination is None or district is None or nomination.district_list.district_id != district.pk:
        raise ActionNotPermitted()
    if nomination.district_list.status not in (DistrictList.Status.APPROVED, DistrictList.Status.FILED):
        raise ActionInvalid(_("名单经团区委审核盖章后才能送达帮扶。"))
    if nomination.delivered_on is not None:
        raise ActionInvalid(_("该帮扶已于 %(day)s 送达。") % {"day": nomination.delivered_on.isoformat()})
    if delivered_on > timezone.localdate():
        raise ActionInvalid(_("送达日期不能晚于今天。"))
    nomination.delivered_on, nomination.delivered_by, nomination.delivery_note = (
        delivered_on,
        actor,
        note.strip(),
    )
    nomination.save()
    if nomination.case_id is not None:
        case = (
            ProgramCase.objects.select_for_update(of=("self",))
            .select_related("program", "application")
            .get(pk=nomination.case_id)
        )
        case.details = {
            **(case.details or {}),
            "youth_help": {
                "kind": nomination.help_kind,
                "wish": nomination.wish,
                "delivered_on": delivered_on.isoformat(),
            },
        }
        case.decided_office = nomination.district_list.district
        case.decided_department = case.program.department
        decision_approve(
            case=case,
            actor=actor,
            item=None,
            default_reason=gettext_lazy("已列入青春公益集中行动帮扶名单，帮扶已送达。"),
        )
    audit_log(
        actor=actor,
        code="youth_charity.help.delivered",
        obj=nomination,
        data={"on": delivered_on.isoformat()},
    )
    return nomination
