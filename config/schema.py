"""Every operation in the OpenAPI schema declares the error answers it can give, each in the
one problem-details shape (config.problems)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ProblemOut(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="about:blank，或 urn:onewindow:problem:<kind>")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.CharField(), required=False, help_text="字段路径 → 错误信息，如 members.0.id_number"
    )
    request_id = serializers.CharField(required=False, help_text="与日志中的请求编号一致")


PROBLEM = OpenApiResponse(ProblemOut, description="problem details (application/problem+json)")
DESCRIPTIONS = {
    400: "请求内容有误 / invalid input",
    401: "需要登录 / missing or bad credentials",
    403: "没有权限 / not permitted",
    404: "未找到，或无权查看 / not found or not visible",
    405: "不支持此请求方法 / method not allowed",
    406: "无法提供所要求的格式 / not acceptable",
    409: "办理状态已变化 / the case moved on",
    415: "只接受 JSON / JSON only",
    422: "提交标识已用于另一份申请 / idempotency key reused",
    429: "请求过于频繁或账户已锁定 / too many requests or locked",
    500: "服务器内部错误（含请求编号）/ server error with request id",
}
ALWAYS = (400, 401, 403, 404, 405, 406, 429, 500)
WRITES = (409, 415, 422)


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ALWAYS + (WRITES if self.method in ("POST", "PUT", "PATCH", "DELETE") else ())
        for code in codes:
            if str(code) not in responses:
                body = self._get_response_for_code(
                    PROBLEM.response, str(code), ["application/problem+json"], direction
                )
                body["description"] = DESCRIPTIONS[code]
                responses[str(code)] = body
        return responses
