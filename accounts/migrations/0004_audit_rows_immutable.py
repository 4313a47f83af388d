"""Audit rows cannot be changed: on PostgreSQL a trigger refuses UPDATE and DELETE.

The one exception is the retention purge (manage.py audit_purge), which sets
onewindow.audit_purge for its own transaction and may delete only rows older than six months
(网络安全法 §21) — a floor written into the trigger itself.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION onewindow_audit_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND current_setting('onewindow.audit_purge', true) = 'on'
     AND OLD.created_at < now() - interval '180 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit rows cannot be changed (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS accounts_auditevent_immutable ON accounts_auditevent;
CREATE TRIGGER accounts_auditevent_immutable
  BEFORE UPDATE OR DELETE ON accounts_auditevent
  FOR EACH ROW EXECUTE FUNCTION onewindow_audit_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS accounts_auditevent_immutable ON accounts_auditevent;
DROP FUNCTION IF EXISTS onewindow_audit_immutable();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_audit_role_success_ip")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
