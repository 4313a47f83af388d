"""SMS through a pluggable backend, like Django's e-mail backends (ONEWINDOW_SMS_BACKEND).

- `inbox.sms.ConsoleBackend` (default): writes each message to standard output.
- `inbox.sms.FileBackend`: appends one JSON line per message to ONEWINDOW_SMS_FILE_PATH.
- `inbox.sms.LocmemBackend`: keeps messages in `inbox.sms.outbox` (tests).
- A real gateway: subclass `BaseSmsBackend`, implement `send(messages)` and name it in the
  setting; it receives only `SmsMessage(phone, text)`.

Messages are short and in Chinese, and never carry an ID number: `sms_send` refuses a text
that contains one (18 characters of digits with a final digit or X, as GB 11643).
"""

import json
import re
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

MAX_LENGTH = 140
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


class SmsRefused(ValueError):
    pass


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


class BaseSmsBackend:
    def send(self, messages: list[SmsMessage]) -> int:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleBackend(BaseSmsBackend):
    def send(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            sys.stdout.write(f"[SMS {message.phone}] {message.text}\n")
        return len(messages)


class FileBackend(BaseSmsBackend):
    _lock = threading.Lock()

    def send(self, messages: list[SmsMessage]) -> int:
        path = Path(settings.ONEWINDOW_SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, path.open("a", encoding="utf-8") as out:
            for message in messages:
                row = {**asdict(message), "at": timezone.now().isoformat()}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return len(messages)


outbox: list[SmsMessage] = []


class LocmemBackend(BaseSmsBackend):
    def send(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


def sms_backend() -> BaseSmsBackend:
    return import_string(settings.ONEWINDOW_SMS_BACKEND)()


def sms_check(text: str) -> str:
    text = " ".join(text.split())
    if ID_NUMBER.search(text):
        raise SmsRefused("an SMS must not contain an ID number")
    if len(text) > MAX_LENGTH:
        text = text[: MAX_LENGTH - 1] + "…"
    return text


def sms_send(*, phone: str, text: str) -> bool:
    """Send one SMS; False when there is no number to send it to."""
    phone = (phone or "").strip()
    if not phone:
        return False
    sms_backend().send([SmsMessage(phone=phone, text=sms_check(text))])
    return True
