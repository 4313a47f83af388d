"""The second factor for staff (TOTP, django-otp): set it up once, then a code at every login.

A code cannot be used twice (django-otp keeps the last time step used), and failures are
throttled by django-otp and audited here.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit_log


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def totp_device_for(user, *, confirmed: bool) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def totp_verify(*, user, code: str) -> TOTPDevice | None:
    """The confirmed device that accepts `code`, or None (the failure is audited)."""
    device = totp_device_for(user, confirmed=True)
    code = (code or "").strip().replace(" ", "")
    if device is not None and code.isdigit() and device.verify_token(code):
        return device
    audit_log(actor=user, code="accounts.second_factor_failed", obj=user, success=False)
    return None


@login_required
def second_factor(request):
    user = request.user
    if not (user.is_staff_member or user.is_staff):
        return redirect("home")
    if request.user.is_verified():
        return redirect(_next(request))
    device = totp_device_for(user, confirmed=True)
    setting_up = device is None
    if setting_up:
        device = totp_device_for(user, confirmed=False) or TOTPDevice.objects.create(
            user=user, name=_("手机动态验证码"), confirmed=False
        )
    if request.method == "POST":
        code = request.POST.get("code", "").strip().replace(" ", "")
        if code.isdigit() and device.verify_token(code):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_log(actor=user, code="accounts.second_factor_enrolled", obj=user)
            otp_login(request, device)
            audit_log(actor=user, code="accounts.second_factor", obj=user)
            return redirect(_next(request))
        audit_log(actor=user, code="accounts.second_factor_failed", obj=user, success=False)
        messages.error(request, _("验证码不正确或已使用过，请输入手机上显示的最新 6 位数字。"))
    context = {"setting_up": setting_up, "next": _next(request)}
    if setting_up:
        context["qr"] = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request, "registration/second_factor.html", context, status=400 if request.method == "POST" else 200
    )
