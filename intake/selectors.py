"""Scoped reads. Applicants see their own household's cases; staff the applications of their offices.

An application belongs to the offices it was submitted with: its hukou place, its residence and,
for a counter application, the centre that keyed it in (全市通办: any centre in the city may take
an application). A later application of the same household never moves an earlier one.
"""

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet
from django.http import Http404

from accounts.batch import loaded
from accounts.compiled import CompiledRead, JsonChildren
from accounts.models import Role, User
from accounts.permissions import has_perm
from accounts.scope import application_scope_q, household_scope_q
from accounts.snapshot import in_unit_of_work, offices_by_pk

from .identity import blind_index
from .models import Application, ApplicationMaterial, Household, Person

# Civil affairs runs the one window (一口受理) and sees every application of its offices.
ONE_WINDOW_DEPARTMENT = "civil_affairs"
# What the pages show of an application besides its offices (which come from the office copy).
PAGE_RELATED = ("household", "applicant", "submitted_by")
# What the status body shows of a member (intake.serializers.MemberOut).
MEMBER_STATUS_FIELDS = [
    "name",
    "id_number_masked",
    "birth_date",
    "sex",
    "relation",
    "disability_grade",
    "disability_kind",
    "employment_status",
    "school_stage",
    "birth_group",
]


def own_applications_q(user) -> Q:
    """An applicant's applications: their household's, and those they submitted (`user`: the
    user or their key)."""
    return Q(household__owner=user) | Q(submitted_by=user)


def applications_for_user(*, user: User) -> QuerySet[Application]:
    qs = Application.objects.select_related(
        *PAGE_RELATED, "hukou_office", "residence_office", "intake_office"
    )
    if not user.is_authenticated:
        return qs.none()
    if user.is_applicant:
        return qs.filter(own_applications_q(user))
    if has_perm(user, "intake.view_office"):
        qs = qs.filter(application_scope_q(user))
        if user.role != Role.DISTRICT_HEAD and user.department.code != ONE_WINDOW_DEPARTMENT:
            # Other departments see only applications with an item of their own.
            qs = qs.filter(
                pk__in=Application.objects.filter(cases__program__department=user.department_id).values("pk")
            )
        return qs
    return qs.none()


def _own_application(lookup: str, kind):
    """An applicant's application by `lookup` (its household's or submitted by them), with what
    a unit of work joins; compiled once (accounts.compiled): the applicants' status read."""
    return CompiledRead(
        lambda value, user: (
            Application.objects.filter(own_applications_q(user))
            .filter(**{lookup: value})
            .select_related(*PAGE_RELATED)
            .order_by()[:1]
        ),
        kind,
        int,
    )


_OWN_APPLICATION = {"pk": _own_application("pk", int), "reference": _own_application("reference", str)}


def application_get_for_user(
    *, user: User, pk: int | None = None, reference: str | None = None
) -> Application:
    lookup = {"pk": pk} if pk is not None else {"reference": reference}
    if in_unit_of_work() and user.is_authenticated and user.is_applicant:
        [(name, value)] = lookup.items()
        if name == "pk":
            value = as_pk(value)
        found = _OWN_APPLICATION[name](value, user.pk) if value is not None else []
    else:
        found = applications_for_user(user=user).filter(**lookup).order_by()
        if in_unit_of_work():
            # Its offices from the process's copy: three joins fewer, and planning a nine-table
            # join cost more than running it.
            found = found.select_related(None).select_related(*PAGE_RELATED)
        found = found[:1]
    application = next(iter(found), None)
    if application is None:
        raise Http404
    if in_unit_of_work():
        _offices_from_copy(application)
    return application


def _offices_from_copy(application) -> None:
    offices = offices_by_pk(
        {application.hukou_office_id, application.residence_office_id, application.intake_office_id} - {None}
    )
    for name in ("hukou_office", "residence_office", "intake_office"):
        field = Application._meta.get_field(name)
        field.set_cached_value(application, offices.get(getattr(application, field.attname)))


# The applicant's status read on PostgreSQL: the application with its members, its checklist and
# its live work items in one round trip (accounts.compiled.JsonChildren), then its cases.
_WorkItem = Application._meta.get_field("work_items").related_model  # review's, not imported
_STATUS_MEMBERS = JsonChildren(Person, ["id", "household", *MEMBER_STATUS_FIELDS], order=["household", "id"])
_STATUS_CHECKLIST = JsonChildren(ApplicationMaterial, order=["id"])
_STATUS_LIVE_ITEMS = JsonChildren(_WorkItem, order=["id"])


def _own_application_for_status(reference, user):
    live = (_WorkItem.Status.OPEN, _WorkItem.Status.PAUSED)
    return (
        Application.objects.filter(own_applications_q(user))
        .filter(reference=reference)
        .select_related(*PAGE_RELATED)
        .annotate(
            ow_members=_STATUS_MEMBERS.expression(Person.objects.filter(applications=OuterRef("pk"))),
            ow_checklist=_STATUS_CHECKLIST.expression(
                ApplicationMaterial.objects.filter(application=OuterRef("pk"))
            ),
            ow_live_items=_STATUS_LIVE_ITEMS.expression(
                _WorkItem.objects.filter(application=OuterRef("pk"), status__in=live)
            ),
        )
        .order_by()[:1]
    )


_OWN_APPLICATION_FOR_STATUS = CompiledRead(_own_application_for_status, str, int)


def application_for_status(*, user: User, reference: str) -> Application:
    """The application whose status `user` reads (404 for anyone else): for an applicant on
    PostgreSQL with its members, checklist and live work items loaded in the same read."""
    if not (connection.vendor == "postgresql" and in_unit_of_work() and user.is_applicant):
        return application_get_for_user(user=user, reference=reference)
    found = _OWN_APPLICATION_FOR_STATUS(reference, user.pk)
    if not found:
        raise Http404
    application = found[0]
    _offices_from_copy(application)
    loaded(application, "members", _STATUS_MEMBERS.instances(application.ow_members))
    loaded(application, "materials", _STATUS_CHECKLIST.instances(application.ow_checklist))
    loaded(application, "work_items", _STATUS_LIVE_ITEMS.instances(application.ow_live_items))
    return application


_MEMBERS = CompiledRead(lambda application: Person.objects.filter(applications=application), int)


def application_members(application: Application) -> list[Person]:
    """The application's members (as `application.members.all()` orders them), from memory when
    a submission has them, else in one compiled read."""
    cached = getattr(application, "_prefetched_objects_cache", {})
    if "members" in cached:
        return list(cached["members"])
    return _MEMBERS(application.pk)


def households_for_user(*, user: User) -> QuerySet[Household]:
    """Households registered in the user's offices, or with an application the user may see."""
    if user.is_applicant:
        return Household.objects.filter(owner=user)
    if has_perm(user, "intake.search_household") or has_perm(user, "intake.view_office"):
        return Household.objects.filter(
            household_scope_q(user)
            | Q(pk__in=Application.objects.filter(application_scope_q(user)).values("household_id"))
        )
    return Household.objects.none()


def household_search(*, user: User, id_number: str) -> QuerySet[Household]:
    """Find households by a member's ID number through the blind index.

    A counter clerk searches the whole city (全市通办: a walk-in may be registered anywhere, and
    the clerk holds the person's ID card); everyone else searches within their scope.
    """
    if has_perm(user, "intake.submit_for_household"):
        households = Household.objects.all()
    else:
        households = households_for_user(user=user)
    return households.filter(
        anonymised_at__isnull=True, members__id_number_index=blind_index(id_number)
    ).distinct()


def as_pk(value) -> int | None:
    """A primary key from untrusted input (a form field, a JSON value), or None."""
    if isinstance(value, bool):
        return None
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**63 else None


def household_for_counter(*, user: User, pk, members=None, found=()) -> Household | None:
    """The existing household a counter application attaches to.

    Within the clerk's scope; or anywhere in the city (全市通办) when this session's search by ID
    number found it (`found`), or the application names one of its members by full ID number.
    """
    pk = as_pk(pk)
    if pk is None or not has_perm(user, "intake.submit_for_household"):
        return None
    live = Household.objects.filter(pk=pk, anonymised_at__isnull=True)
    if pk in {as_pk(f) for f in found}:
        return live.first()
    in_scope = households_for_user(user=user).filter(pk=pk, anonymised_at__isnull=True).first()
    if in_scope is not None:
        return in_scope
    numbers = (
        [m.get("id_number") for m in members if isinstance(m, dict)] if isinstance(members, list) else []
    )
    indexes = [blind_index(n) for n in numbers if isinstance(n, str) and n.strip()]
    if not indexes:
        return None
    return live.filter(members__id_number_index__in=indexes).distinct().first()
