"""Who is asking from where, lockouts, and the audit rows of every login event."""

import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .problem import CONTENT_TYPE, problem_body


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the first address of the trusted proxy's header when one is configured."""
    header = settings.ONEWINDOW_CLIENT_IP_HEADER
    raw = request.META.get(header, "") if header else ""
    candidate = raw.split(",")[0].strip() if raw else request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def lockout_response(request, credentials, *args, **kwargs):
    """django-axes: the locked-out answer, in Chinese on the page and JSON on the API."""
    minutes = int(float(settings.AXES_COOLOFF_TIME) * 60)
    message = _("登录失败次数过多，账户已暂时锁定，请 %(minutes)s 分钟后再试，或联系系统管理员解锁。") % {
        "minutes": minutes
    }
    if request.path.startswith("/api/"):
        # The API's one error shape (RFC 9457), as every other error answer.
        body = {**problem_body(429, message, kind="locked-out"), "title": _("账户已锁定")}
        return JsonResponse(
            body, status=429, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "registration/locked.html", {"message": message}, status=429)


def _username(credentials) -> str:
    return str((credentials or {}).get("username", ""))[:150]


@receiver(user_logged_in, dispatch_uid="accounts.audit_login")
def _audit_login(sender, request, user, **kwargs):
    from .audit import audit_log

    if request is not None and user.is_staff_member:
        from django.utils import timezone

        request.session["onewindow_login_at"] = timezone.now().timestamp()
    audit_log(actor=user, code="accounts.login", obj=user)


@receiver(user_login_failed, dispatch_uid="accounts.audit_login_failed")
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    from .audit import audit_log_ref

    audit_log_ref(
        actor=None,
        code="accounts.login_failed",
        object_type="accounts.user",
        object_id="",
        data={"username": _username(credentials)},
        success=False,
    )


@receiver(user_logged_out, dispatch_uid="accounts.audit_logout")
def _audit_logout(sender, request, user, **kwargs):
    from .audit import audit_log

    if user is not None:
        audit_log(actor=user, code="accounts.logout", obj=user)


def _connect_axes_signals() -> None:
    from axes.models import AccessAttempt
    from axes.signals import user_locked_out
    from django.db.models.signals import post_delete

    from .audit import audit_log_ref

    def locked(sender, request=None, username=None, ip_address=None, **kwargs):
        audit_log_ref(
            actor=None,
            code="accounts.locked_out",
            object_type="accounts.user",
            object_id="",
            data={"username": str(username or "")[:150]},
            success=False,
        )

    def unlocked(sender, instance, **kwargs):
        audit_log_ref(
            actor=None,
            code="accounts.unlocked",
            object_type="accounts.user",
            object_id="",
            data={"username": instance.username or ""},
        )

    user_locked_out.connect(locked, dispatch_uid="accounts.audit_locked_out", weak=False)
    post_delete.connect(unlocked, sender=AccessAttempt, dispatch_uid="accounts.audit_unlocked", weak=False)
