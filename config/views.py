"""Django-level error pages: problem details under /api/, friendly pages elsewhere, each 500
with the request id that is in the log."""

import logging

from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.context import current_request_id
from accounts.problem import problem_response

logger = logging.getLogger("onewindow.errors")


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return problem_response(404, _("未找到该地址或对象。"))
    return render(request, "404.html", status=404)


def server_error(request):
    request_id = current_request_id()
    if request.path.startswith("/api/"):
        return problem_response(
            500, _("系统出现错误，请稍后重试；如仍有问题，请把请求编号告诉管理员。"), kind="server-error"
        )
    return render(request, "500.html", {"request_id": request_id}, status=500)


def bad_request(request, exception=None):
    if request.path.startswith("/api/"):
        return problem_response(400, _("请求内容有误。"))
    return render(request, "400.html", {"message": _("请求内容有误。")}, status=400)
