"""The campaign page (/work/youth/): each league office and agency sees its district's lists and
acts on them through the same services as the API. No JavaScript is needed."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Office
from programs.errors import ActionInvalid, ActionNotPermitted

from . import services
from .models import Campaign, DistrictList, Nomination


def _lists_for(user):
    lists = DistrictList.objects.select_related("district", "campaign").prefetch_related("nominations")
    if services.is_city_league(user):
        return lists.order_by("-campaign__year", "district__code")
    district = services.agency_district(user) or services.league_district(user)
    return lists.filter(district=district).order_by("-campaign__year")


def _act(request):
    action = request.POST.get("action", "")
    year = request.POST.get("year", "")
    campaign = get_object_or_404(Campaign, year=int(year)) if year.isdecimal() else None
    if action == "nominate" and campaign is not None:
        case = request.POST.get("case", "")
        age = request.POST.get("age", "")
        services.nominate(
            actor=request.user,
            campaign=campaign,
            case_id=int(case) if case.isdecimal() else None,
            name=request.POST.get("name", "")[:50],
            age=int(age) if age.isdecimal() and int(age) < 100 else None,
            situation=request.POST.get("situation", "")[:500],
            help_kind=request.POST.get("help_kind", "")
            if request.POST.get("help_kind") in Nomination.Help.values
            else "",
            wish=request.POST.get("wish", "")[:200],
        )
        return _("已列入本区帮扶名单。")
    if action == "submit" and campaign is not None:
        services.list_submit(actor=request.user, campaign=campaign)
        return _("名单已报送团区委。")
    district = Office.objects.filter(
        code=request.POST.get("district", ""), level=Office.Level.DISTRICT
    ).first()
    if action == "approve" and campaign is not None and district is not None:
        services.list_approve(actor=request.user, campaign=campaign, district=district)
        return _("名单已审核盖章。")
    if action == "file" and campaign is not None and district is not None:
        services.list_file(actor=request.user, campaign=campaign, district=district)
        return _("名单已备案。")
    if action == "deliver":
        pk = request.POST.get("nomination", "")
        try:
            day = dt.date.fromisoformat(request.POST.get("delivered_on", ""))
        except ValueError as exc:
            raise ActionInvalid(_("请填写正确的送达日期，如 2026-12-01。")) from exc
        services.delivery_record(
            actor=request.user,
            nomination_id=int(pk) if pk.isdecimal() else 0,
            delivered_on=day,
            note=request.POST.get("note", "")[:500],
        )
        return _("已记录帮扶送达。")
    raise ActionInvalid(_("无法识别的操作，请刷新页面后重试。"))


@login_required
def campaign_page(request):
    if not services.may_see_campaigns(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            messages.success(request, _act(request))
            return redirect("youth:youth-campaigns")
        except ActionNotPermitted as exc:
            raise PermissionDenied from exc
        except ActionInvalid as exc:
            messages.error(request, str(exc))
    referrals = list(services.referrals_for(request.user)) if services.agency_district(request.user) else []
    return render(
        request,
        "youth_charity/campaigns.html",
        {
            "lists": _lists_for(request.user),
            "referrals": referrals,
            "is_agency": services.agency_district(request.user) is not None,
            "is_league": services.league_district(request.user) is not None,
            "is_city": services.is_city_league(request.user),
            "help_choices": Nomination.Help.choices,
            "today": timezone.localdate(),
            "posted": request.POST if request.method == "POST" else {},
        },
    )
