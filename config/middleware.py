"""Refuse text the database cannot take before any view sees it: a 400, never a 500."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.problem import problem_response

from .textcheck import bad_text


class RejectBadTextMiddleware:
    """NUL characters or lone surrogates in the path, the query or a form field → 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._bad(request):
            message = _("请求中含有不允许的字符（空字符或无效的 Unicode），请删除后重试。")
            if request.path.startswith("/api/") or "\x00" in request.path:
                return problem_response(400, message, kind="bad-text")
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)

    @staticmethod
    def _bad(request) -> bool:
        if bad_text(request.path):
            return True
        for key, values in request.GET.lists():
            if bad_text(key) or any(bad_text(v) for v in values):
                return True
        # API bodies are checked by the JSON parser (config.parsers); reading a form here would
        # also hide a form-encoded API request from DRF's 415.
        if (
            request.method == "POST"
            and not request.path.startswith("/api/")
            and request.content_type
            in (
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            )
        ):
            for key, values in request.POST.lists():
                if bad_text(key) or any(bad_text(v) for v in values):
                    return True
        return False


class MemoMiddleware:
    """Each request reads the policy parameters and calendar overrides once (programs.memo)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from programs.memo import memoised

        with memoised():
            return self.get_response(request)
