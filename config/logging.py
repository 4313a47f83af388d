"""Every log line carries the id of the request it was written for (the X-Request-ID header)."""

import logging


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        from accounts.context import current_request_id

        record.request_id = current_request_id() or "-"
        return True
