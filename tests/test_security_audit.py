"""Audit rows cannot be changed (a PostgreSQL trigger), and are purged only past retention."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.audit import audit_log
from accounts.models import AuditEvent

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")


def _row(users):
    return audit_log(actor=users["clerk"], code="tests.something", obj=users["clerk"])


def test_an_audit_row_cannot_be_updated(users):
    row = _row(users)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).update(code="tests.rewritten")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET success = false WHERE id = %s", [row.pk])
    assert AuditEvent.objects.get(pk=row.pk).code == "tests.something"


def test_an_audit_row_cannot_be_deleted(users):
    row = _row(users)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [row.pk])
    assert AuditEvent.objects.filter(pk=row.pk).exists()


def test_a_user_with_audit_rows_cannot_be_deleted_only_deactivated(users):
    _row(users)
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 — ProtectedError
        users["clerk"].delete()


def test_the_purge_removes_only_rows_past_retention(users, settings, capsys):
    settings.ONEWINDOW_AUDIT_RETENTION_DAYS = 200
    recent = _row(users)
    # An old row, written as it would have been 400 days ago (INSERT is allowed; changes are not).
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_auditevent (created_at, actor_role, code, object_type, object_id, success, data)"
            " VALUES (%s, '', 'tests.old', 'x', '1', true, '{}') RETURNING id",
            [timezone.now() - dt.timedelta(days=400)],
        )
        old_pk = cursor.fetchone()[0]
    call_command("audit_purge")
    assert "would delete 1" in capsys.readouterr().out
    assert AuditEvent.objects.filter(pk=old_pk).exists()
    call_command("audit_purge", "--apply")
    assert not AuditEvent.objects.filter(pk=old_pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
