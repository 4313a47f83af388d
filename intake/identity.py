"""Resident identity numbers (居民身份证号码, GB 11643-1999).

Validation with the ISO 7064 MOD 11-2 check character, the birth date and sex it encodes,
Fernet encryption at rest, an HMAC blind index for exact lookup, and masking for display.
The keys come from settings and are kept apart from SECRET_KEY.
"""

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


class IdentityKeyError(Exception):
    """The stored ciphertext cannot be decrypted with the configured keys."""


@dataclass(frozen=True)
class IdNumberFacts:
    birth_date: dt.date
    sex: str  # "M" or "F"


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def parse_id_number(value: str) -> IdNumberFacts:
    """Validate and return the facts encoded in the number; raise ValidationError otherwise."""
    number = normalize_id_number(value)
    if not _SHAPE.match(number):
        raise ValidationError(_("身份证号码应为18位：前17位为数字，最后一位为数字或X。"), code="id_shape")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="id_birth_date") from None
    today = dt.date.today()  # noqa: DTZ011 — a calendar date, no time zone involved
    if birth > today or birth.year < 1890:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="id_birth_date")
    if check_character(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码校验位不正确，请核对后重新输入。"), code="id_checksum")
    return IdNumberFacts(birth_date=birth, sex="M" if int(number[16]) % 2 else "F")


def validate_id_number(value: str) -> None:
    parse_id_number(value)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.ONEWINDOW_ID_ENCRYPTION_KEYS)


def encrypt_id_number(value: str) -> str:
    return _fernet(_keys()).encrypt(normalize_id_number(value).encode()).decode()


def seal_text(value: str) -> str:
    """Encrypt any personal text at rest (e.g. an ID number typed into a draft, valid or not)."""
    return _fernet(_keys()).encrypt(str(value).encode()).decode()


def unseal_text(token: str) -> str:
    try:
        return _fernet(_keys()).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError) as exc:
        raise IdentityKeyError("draft field cannot be decrypted with the configured keys") from exc


def decrypt_id_number(token: str) -> str:
    """Decrypt; a wrong key raises IdentityKeyError — ciphertext is never handed back."""
    try:
        return _fernet(_keys()).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError) as exc:
        raise IdentityKeyError("ID number cannot be decrypted with the configured keys") from exc


def blind_index(value: str) -> str:
    key = settings.ONEWINDOW_ID_INDEX_KEY.encode()
    return hmac.new(key, normalize_id_number(value).encode(), hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    """3101**********1234 — the first four and last four characters stay visible."""
    number = normalize_id_number(value)
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
