"""A JSON parser that refuses what the database or the arithmetic cannot take: NUL characters,
lone surrogates, NaN, Infinity and numbers too large to be finite — as a 400, not a 500."""

import json
import math

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from .textcheck import bad_text


def _no_constant(name):
    raise ValueError(name)


def _finite(text):
    value = float(text)
    if math.isinf(value):
        raise ValueError(text)
    return value


def _check(value, path="") -> None:
    if isinstance(value, str):
        if bad_text(value):
            raise ParseError(
                _("字段 %(path)s 含有不允许的字符（空字符或无效的 Unicode）。") % {"path": path or "/"}
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(str(key), path)
            _check(item, f"{path}.{key}".strip("."))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check(item, f"{path}.{i}".strip("."))


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        if not raw:
            return {}
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(_("请求内容不是有效的 JSON（不接受 NaN、Infinity 或超出范围的数字）。")) from exc
        _check(data)
        return data
