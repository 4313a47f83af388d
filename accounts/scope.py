"""Scope helpers: which offices a staff user may see. Every list goes through these."""

from django.db.models import Q

from .models import Office, Role, User


def office_subtree(office: Office):
    return Office.objects.filter(path__startswith=office.path)


def office_scope_q(user: User, *, prefix: str) -> Q:
    """A Q matching rows whose `<prefix>` office lies in the user's office subtree.

    `prefix` is the lookup path to an Office foreign key, e.g. "household__hukou_office".
    """
    if user.office_id is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}__path__startswith": user.office.path})


def household_scope_q(user: User, *, prefix: str = "") -> Q:
    """Staff see a household when either its hukou place or its residence lies in their office.

    人户分离: the hukou-place street decides, the residence-place street investigates, so
    both need to see the case.
    """
    p = f"{prefix}__" if prefix else ""
    return office_scope_q(user, prefix=f"{p}hukou_office") | office_scope_q(
        user, prefix=f"{p}residence_office"
    )


def application_scope_q(user: User, *, prefix: str = "") -> Q:
    """Staff see an application when its hukou place or its residence lies in their office (the
    offices as submitted with that application); a clerk also when the counter that keyed it in
    does (全市通办)."""
    p = f"{prefix}__" if prefix else ""
    q = office_scope_q(user, prefix=f"{p}hukou_office") | office_scope_q(user, prefix=f"{p}residence_office")
    if user.role == Role.CLERK:
        # The centre's one-window staff, not every role of that street: they keyed it in.
        q |= office_scope_q(user, prefix=f"{p}intake_office")
    return q | form_office_scope_q(user, prefix=prefix)


def form_office_scope_q(user: User, *, prefix: str = "") -> Q:
    """An office an item's form names works the case wherever the household is registered, so
    its staff see the application: the street where the emergency happened (临时救助, S003,
    `incident_office`), the member's grassroots union and the unions above it (工会帮扶,
    `grassroots_union`)."""
    from django.apps import apps

    from programs.steps import FORM_OFFICE_PLACES

    if user.office_id is None:
        return Q(pk__in=[])
    p = f"{prefix}__" if prefix else ""
    codes = list(office_subtree(user.office).values_list("code", flat=True))
    named = Q(pk__in=[])
    for key in FORM_OFFICE_PLACES.values():
        named |= Q(**{f"cases__details__form__{key}__in": codes})
    applications = apps.get_model("intake", "Application").objects.filter(named)
    return Q(**{f"{p}pk__in": applications.values("pk")})
