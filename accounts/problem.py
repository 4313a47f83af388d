"""The one error shape (RFC 9457 problem details), in the request's language:

    {"type": "urn:onewindow:problem:validation", "title": "请求内容有误", "status": 400,
     "detail": "请检查标注的字段。", "errors": {"members.0.id_number": "…"}, "request_id": "…"}

Here at the ground floor so that middleware can answer in it; config.problems maps every API
exception onto it.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from .context import current_request_id

CONTENT_TYPE = "application/problem+json"
URN = "urn:onewindow:problem:"


def _titles() -> dict[int, str]:
    return {
        400: _("请求内容有误"),
        401: _("需要登录"),
        403: _("没有权限"),
        404: _("未找到"),
        405: _("不支持此请求方法"),
        406: _("无法提供所要求的格式"),
        409: _("办理状态已变化"),
        415: _("不支持的内容格式"),
        422: _("无法处理的请求"),
        429: _("请求过于频繁"),
        500: _("服务器内部错误"),
    }


def problem_body(status: int, detail: str, *, kind: str = "", errors: dict | None = None) -> dict:
    body = {
        "type": f"{URN}{kind}" if kind else "about:blank",
        "title": _titles().get(status, str(status)),
        "status": status,
        "detail": str(detail),
    }
    if errors:
        body["errors"] = errors
    request_id = current_request_id()
    if request_id:
        body["request_id"] = request_id
    return body


def problem_response(status: int, detail: str, *, kind: str = "") -> JsonResponse:
    """The same shape outside DRF (Django's 404 / 500 handlers, middleware)."""
    return JsonResponse(
        problem_body(status, detail, kind=kind),
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
