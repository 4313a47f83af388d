"""Least privilege: the system administrator, the auditor and the district head (三权分立)."""

from accounts.demo import USERS
from tests.factories import payload
from tests.flows import case_of, submit


def test_no_demo_user_is_a_superuser_but_the_break_glass_account(users):
    from accounts.models import User

    assert list(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == ["breakglass"]
    assert "breakglass" in [row[0] for row in USERS]


def test_the_system_administrator_manages_users_and_parameters_but_sees_no_case(users, client, api):
    app = submit(users, payload(items=["dibao"]))
    client.force_login(users["admin"])
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/programs/policyparameter/").status_code == 200
    assert client.get("/admin/programs/programcase/").status_code == 403
    assert client.get("/admin/intake/household/").status_code == 403
    assert client.get("/admin/accounts/auditevent/").status_code == 403
    assert client.get(f"/work/cases/{case_of(app, 'dibao').pk}/").status_code == 404
    assert api(users["admin"]).get("/api/v1/applications/").json()["results"] == []
    assert client.get("/dashboard/").status_code == 403


def test_the_auditor_reads_the_audit_log_and_nothing_else(users, client, api):
    app = submit(users, payload(items=["dibao"]))
    client.force_login(users["auditor"])
    assert client.get("/admin/accounts/auditevent/").status_code == 200
    row = __import__("accounts.models", fromlist=["AuditEvent"]).AuditEvent.objects.first()
    assert client.post(f"/admin/accounts/auditevent/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get(f"/applications/{app.reference}/").status_code == 404
    assert api(users["auditor"]).get("/api/v1/applications/").json()["results"] == []


def test_the_district_head_oversees_the_districts_cases_but_does_not_act(users, client, api):
    app = submit(users, payload(items=["dibao"]))
    case = case_of(app, "dibao")
    client.force_login(users["district_head"])
    assert client.get("/dashboard/").status_code == 200
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    assert "人均月收入" in page and 'name="action"' not in page
    response = api(users["district_head"]).post(
        f"/api/v1/cases/{case.pk}/transitions/", {"action": "investigate", "findings": "x"}, format="json"
    )
    assert response.status_code == 403
