"""Where an application may be accepted when one of its items names the centre (共有产权保障住房:
the hukou-place centre; a non-local household: the employer's district). Every other item may be
accepted at any centre in the city (全市通办)."""

from django.utils.translation import gettext as _

from .registry import family_of


def acceptance_places(application) -> list:
    """(case, programs.steps.AcceptancePlace) for each item of the application that names one."""
    places = []
    cases = getattr(application, "new_cases", None)  # a submission's, in memory
    for case in application.cases.select_related("program") if cases is None else cases:
        family = family_of(case)
        place = family.accepted_at(case) if family.accepted_at is not None else None
        if place is not None:
            places.append((case, place))
    return places


def _within(office, allowed) -> bool:
    return office is not None and office.path.startswith(allowed.path)


def acceptance_refusal(application, office) -> str:
    """Why a centre (`office`: the clerk's) may not accept this application, naming where it must
    go instead; "" when it may."""
    for case, place in acceptance_places(application):
        if not _within(office, place.allowed):
            return _("“%(item)s”须到%(centre)s申请办理%(why)s，请告知申请人前往该中心，本窗口不能受理。") % {
                "item": case.program.display_name,
                "centre": centre_name(place.counter),
                "why": f"（{place.why}）" if place.why else "",
            }
    return ""


def centre_name(office) -> str:
    """The community affairs service centre of an office (a street's), or the district's centres."""
    if office.level == "district":
        return _("%(office)s任一社区事务受理服务中心") % {"office": office.display_name}
    return _("%(office)s社区事务受理服务中心") % {"office": office.display_name}


def acceptance_counter(application):
    """The centre an online application's acceptance goes to when an item names one, else None."""
    for _case, place in acceptance_places(application):
        return place.counter
    return None
