"""Every log line carries the id of the request it was written for (the X-Request-ID header)."""

import logging


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        from accounts.middleware import request_context

        record.request_id = (request_context.get() or {}).get("request_id", "-")
        return True
