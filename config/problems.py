"""One error shape for the whole API (RFC 9457 problem details), in the request's language.

    {"type": "urn:onewindow:problem:validation", "title": "请求内容有误", "status": 400,
     "detail": "请检查标注的字段。", "errors": {"members.0.id_number": "…"}, "request_id": "…"}

`errors` maps a field path to its message; `request_id` is the correlation id also printed in
the log line of the request (and sent as the X-Request-ID header).
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.context import current_request_id
from accounts.problem import CONTENT_TYPE, problem_body
from intake.services import IdempotencyMismatch
from intake.validation import PayloadInvalid
from programs.errors import ActionInvalid, ActionNotPermitted, CaseConflict
from review.services import WorkItemConflict, WorkItemNotYours

logger = logging.getLogger("onewindow.errors")


def flatten(detail, prefix: str = "") -> dict[str, str]:
    """DRF's nested error detail as {"members.0.name": "message"}."""
    if isinstance(detail, dict):
        out: dict[str, str] = {}
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            out.update(flatten(value, f"{prefix}.{name}".strip(".") if name else prefix))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "__all__": " ".join(str(item) for item in detail)}
        out = {}
        for i, item in enumerate(detail):
            out.update(flatten(item, f"{prefix}.{i}".strip(".")))
        return out
    return {prefix or "__all__": str(detail)}


def _domain(exc) -> tuple[int, str, str, dict | None] | None:
    if isinstance(exc, PayloadInvalid):
        return 400, _("请检查标注的字段。"), "validation", dict(exc.errors)
    if isinstance(exc, CaseConflict | WorkItemConflict):
        return 409, str(getattr(exc, "message", exc)), "conflict", None
    if isinstance(exc, IdempotencyMismatch):
        return 422, str(exc.message), "idempotency-mismatch", None
    if isinstance(exc, WorkItemNotYours):
        return 403, str(exc.message), "not-permitted", None
    if isinstance(exc, ActionNotPermitted):
        return 403, str(exc.message), "not-permitted", None
    if isinstance(exc, ActionInvalid):
        return 400, str(exc.message), "invalid-action", None
    if isinstance(exc, DjangoValidationError):
        return 400, " ".join(exc.messages), "validation", None
    return None


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every error, expected or not, as a problem."""
    domain = _domain(exc)
    if domain is not None:
        status, detail, kind, errors = domain
        return Response(
            problem_body(status, detail, kind=kind, errors=errors), status=status, content_type=CONTENT_TYPE
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("unhandled error in %s [request %s]", context.get("view"), current_request_id())
        body = problem_body(
            500, _("系统出现错误，请稍后重试；如仍有问题，请把请求编号告诉管理员。"), kind="server-error"
        )
        return Response(body, status=500, content_type=CONTENT_TYPE)
    if isinstance(exc, drf.ValidationError):
        body = problem_body(
            response.status_code, _("请检查标注的字段。"), kind="validation", errors=flatten(exc.detail)
        )
    else:
        detail = exc.detail if isinstance(exc, drf.APIException) else str(exc)
        if isinstance(exc, Http404):
            detail = _("未找到该对象，或您无权查看。")
        elif isinstance(exc, PermissionDenied):
            detail = _("您没有权限执行此操作。")
        body = problem_body(response.status_code, str(detail))
    response.data = body
    response.content_type = CONTENT_TYPE
    return response
