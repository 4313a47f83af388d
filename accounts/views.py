from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Role

ROLE_HOME = {
    Role.APPLICANT: "intake:my_applications",
    Role.CLERK: "review:queue",
    Role.ADVISOR: "intake:office_applications",
    Role.INVESTIGATOR: "review:queue",
    Role.REVIEWER: "review:queue",
    Role.APPROVER: "review:queue",
    Role.ADMIN: "admin:index",
    Role.AUDITOR: "admin:accounts_auditevent_changelist",
    Role.DISTRICT_HEAD: "review:dashboard",
    Role.FINANCE: "monitoring:payments",
}

# 大字模式 — large text, bigger targets, higher contrast; kept in a cookie so that it outlives the
# session and works before logging in.
TEXT_SIZE_COOKIE = "ow_text"
TEXT_SIZE_LARGE = "large"
TEXT_SIZE_MAX_AGE = 365 * 24 * 60 * 60


@login_required
def home(request):
    """Each role lands on the page it works from."""
    return redirect(ROLE_HOME.get(request.user.role, "intake:my_applications"))


def _safe_next(request) -> str:
    target = request.POST.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_POST
def text_size(request):
    """The header's one-tap 大字模式 toggle: a plain form post, so it works without JavaScript."""
    response = redirect(_safe_next(request))
    if request.POST.get("text") == TEXT_SIZE_LARGE:
        response.set_cookie(
            TEXT_SIZE_COOKIE,
            TEXT_SIZE_LARGE,
            max_age=TEXT_SIZE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
    return response
