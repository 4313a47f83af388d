"""Request context for the audit trail, and the end of idle or old staff sessions."""

import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .context import request_context
from .problem import problem_response
from .security import client_ip


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = uuid.uuid4().hex[:16]
        token = request_context.set({"ip": client_ip(request), "request_id": request_id})
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class StaffSessionTimeoutMiddleware:
    """Staff sessions end after ONEWINDOW_STAFF_IDLE_MINUTES idle and ONEWINDOW_STAFF_SESSION_HOURS
    after login, whatever the activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "is_staff_member", False):
            now = time.time()
            session = request.session
            started = session.get("onewindow_login_at", now)
            last = session.get("onewindow_seen_at", now)
            idle = now - last > settings.ONEWINDOW_STAFF_IDLE_MINUTES * 60
            old = now - started > settings.ONEWINDOW_STAFF_SESSION_HOURS * 3600
            if idle or old:
                from .audit import audit_log

                audit_log(
                    actor=user, code="accounts.session_expired", obj=user, data={"idle": idle, "old": old}
                )
                logout(request)
                messages.info(request, _("您已较长时间未操作，为保护信息安全已自动退出，请重新登录。"))
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            session.setdefault("onewindow_login_at", now)
            if now - last > 60 or "onewindow_seen_at" not in session:  # one session write a minute
                session["onewindow_seen_at"] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """No cache keeps a copy of a page with personal data: every response to a logged-in user,
    every API response and every notice download is `Cache-Control: no-store`. Static files are
    served before this middleware and keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or request.path.startswith(
            ("/api/", "/notices/")
        )
        if personal:
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class StaffSecondFactorMiddleware:
    """With ONEWINDOW_STAFF_2FA_REQUIRED, a staff session that has not passed the TOTP second
    factor reaches nothing but the second-factor page (and logout, static files, language)."""

    OPEN = ("/accounts/", "/static/", "/i18n/", "/notices/verify/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.ONEWINDOW_STAFF_2FA_REQUIRED
            and user is not None
            and user.is_authenticated
            and (getattr(user, "is_staff_member", False) or user.is_staff)
            and not user.is_verified()
            and not request.path.startswith(self.OPEN)
        ):
            if request.path.startswith("/api/"):
                return problem_response(
                    403, _("请先完成第二重身份验证（动态验证码）。"), kind="second-factor"
                )
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:second_factor')}?{query}")
        return self.get_response(request)
