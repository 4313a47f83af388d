"""Tell a person something: one inbox message per event and person, and an SMS after commit.

`notify` is idempotent on its dedupe key (a unique column): the second sweep that finds the
same reminder due writes nothing and sends nothing. The SMS goes out after the transaction
commits, so a rolled-back decision never texts anyone.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audit_log
from accounts.models import Office, Role, User

from .models import Message
from .sms import sms_send

logger = logging.getLogger(__name__)

SMS_SIGNATURE = "【社会救助一件事】"


def user_phone(user: User) -> str:
    if user.phone:
        return user.phone
    if user.role == Role.APPLICANT:
        household = user.households.exclude(phone="").order_by("-pk").first()
        return household.phone if household else ""
    return ""


def notify(
    *,
    recipient: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str,
    sms: bool = True,
) -> Message | None:
    """The message, or None when this event was already told to this person."""
    if recipient is None or not recipient.is_active:
        return None
    try:
        with transaction.atomic():
            message = Message.objects.create(
                recipient=recipient, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key
            )
    except IntegrityError:
        return None
    if sms:
        phone = user_phone(recipient)
        if phone:
            text = f"{SMS_SIGNATURE}{title}"

            def send() -> None:
                try:
                    if sms_send(phone=phone, text=text):
                        Message.objects.filter(pk=message.pk).update(sms_sent_at=timezone.now())
                except Exception:
                    logger.exception("SMS for message %s not sent", message.pk)

            transaction.on_commit(send)
    return message


def notify_many(*, recipients, kind: str, title: str, url: str = "", key: str) -> int:
    """The same message to several people in one insert, inbox only (no SMS): for a new work
    item, on the submission's hot path. Once per person (`key:<user>`), as `notify`."""
    rows = [
        Message(recipient=user, kind=kind, title=title, url=url, dedupe_key=f"{key}:{user.pk}")
        for user in recipients
        if user.is_active
    ]
    return len(Message.objects.bulk_create(rows, ignore_conflicts=True)) if rows else 0


def office_holders(*, office: Office, department_id: int | None, roles) -> list[User]:
    users = User.objects.filter(office=office, role__in=list(roles), is_active=True)
    if department_id is not None:
        users = users.filter(department_id=department_id)
    return list(users.order_by("pk"))


def message_mark_read(*, message: Message, user: User) -> Message:
    if message.recipient_id != user.pk:
        raise Message.DoesNotExist
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
        audit_log(actor=user, code="inbox.message.read", obj=message)
    return message


SUPERVISING_ROLES = (Role.APPROVER, Role.DISTRICT_HEAD, Role.REVIEWER)


def tell_due_soon(
    *, key: str, title: str, url: str, office: Office, department_id: int, role: str, claimer=None
) -> int:
    """The reminder before a due day: to the person who claimed the work, else to every holder of
    its role, department and office. Once per person (`key` + the person)."""
    people = (
        [claimer]
        if claimer is not None
        else office_holders(office=office, department_id=department_id, roles=[role])
    )
    sent = 0
    for user in people:
        sent += (
            notify(
                recipient=user,
                kind=Message.Kind.DUE_SOON,
                title=title,
                url=url,
                dedupe_key=f"{key}:due_soon:{user.pk}",
            )
            is not None
        )
    return sent


def tell_escalation(*, key: str, title: str, url: str, office: Office, department_id: int) -> int:
    """The escalation the day after a due day passed: to the supervising office (the one above),
    its approvers and heads of that department (its reviewers when it has neither)."""
    parent = office.parent
    if parent is None:
        return 0
    people = office_holders(office=parent, department_id=department_id, roles=SUPERVISING_ROLES[:2])
    people = people or office_holders(office=parent, department_id=department_id, roles=[Role.REVIEWER])
    sent = 0
    for user in people:
        sent += (
            notify(
                recipient=user,
                kind=Message.Kind.ESCALATION,
                title=title,
                url=url,
                dedupe_key=f"{key}:escalation:{user.pk}",
            )
            is not None
        )
    return sent
