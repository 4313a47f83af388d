"""The request being served — its id and client address — for log lines and audit rows written
deep inside services, which take no request. Set by accounts.middleware.RequestContextMiddleware."""

import contextvars

request_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "onewindow_request", default=None
)


def current() -> dict:
    return request_context.get() or {}


def current_request_id() -> str:
    return current().get("request_id", "")
