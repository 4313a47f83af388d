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


def notify_office_holders(specs: list[dict], *, kind: str) -> None:
    """`notify_many` to the holders of several (office, department, role) at once: one
    INSERT … SELECT over the users, each message once per person (`key:<user>`)."""
    if not specs:
        return
    from django.db import connection

    user, message = User._meta.db_table, Message._meta.db_table
    now = timezone.now()
    selects, params = [], []
    for spec in specs:
        selects.append(
            f"SELECT id, %s, %s, '', %s, %s || id, %s FROM {user} "  # noqa: S608  (no user text in SQL)
            "WHERE office_id = %s AND department_id = %s AND role = %s AND is_active"
        )
        params += [kind, spec["title"], spec["url"], f"{spec['key']}:", now]
        params += [spec["office_id"], spec["department_id"], spec["role"]]
    columns = "(recipient_id, kind, title, body, url, dedupe_key, created_at)"
    body = " UNION ALL ".join(selects)
    if connection.vendor == "sqlite":
        sql = f"INSERT OR IGNORE INTO {message} {columns} {body}"
    else:
        sql = f"INSERT INTO {message} {columns} {body} ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def notify_each(rows: list[tuple[User, str, str, str]], *, kind: str, sms: bool = True) -> int:
    """`notify` for many (recipient, title, url, dedupe key) at once: one read of the keys
    already told, one insert of the rest, and after commit their texts, with one update of
    the texts sent. The caller holds the rows that make these keys its own (a sweep's claim)."""
    rows = [r for r in rows if r[0] is not None and r[0].is_active]
    if not rows:
        return 0
    told = set(
        Message.objects.filter(dedupe_key__in=[r[3] for r in rows]).values_list("dedupe_key", flat=True)
    )
    fresh, seen = [], set()
    for user, title, url, key in rows:
        if key not in told and key not in seen:
            seen.add(key)
            fresh.append(Message(recipient=user, kind=kind, title=title, url=url, dedupe_key=key))
    messages = Message.objects.bulk_create(fresh)
    if sms:
        texts = [(m.pk, user_phone(m.recipient), f"{SMS_SIGNATURE}{m.title}") for m in messages]
        texts = [t for t in texts if t[1]]

        def send() -> None:
            sent = []
            for pk, phone, text in texts:
                try:
                    if sms_send(phone=phone, text=text):
                        sent.append(pk)
                except Exception:
                    logger.exception("SMS for message %s not sent", pk)
            if sent:
                Message.objects.filter(pk__in=sent).update(sms_sent_at=timezone.now())

        if texts:
            transaction.on_commit(send)
    return len(messages)


def holders_of(offices, roles) -> dict[tuple[int, int | None, str], list[User]]:
    """(office id, department id, role) → its active holders, for many offices in one query."""
    held: dict = {}
    users = User.objects.filter(office_id__in={o.pk for o in offices}, role__in=list(roles), is_active=True)
    for user in users.order_by("pk"):
        held.setdefault((user.office_id, user.department_id, user.role), []).append(user)
    return held


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
