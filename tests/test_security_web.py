"""The web platform: a Content-Security-Policy everywhere, no-store on personal data, the API
docs served from here, and a clean `check --deploy` with production settings."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_page_has_a_content_security_policy_without_inline_code(client, db):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_and_api_answers_with_personal_data_are_not_stored(users, client, api):
    from tests.flows import to_state

    case = to_state(users, "dibao", "verification")
    app = case.application
    client.force_login(users["reviewer_civil"])
    person = app.members.first()
    for response in (
        client.get(f"/applications/{app.reference}/"),
        client.get(f"/work/cases/{case.pk}/"),
        client.post(f"/work/persons/{person.pk}/reveal/", {"case": case.pk, "purpose": "核对"}),
        api(users["reviewer_civil"]).get(f"/api/v1/applications/{app.reference}/"),
        api(users["reviewer_civil"]).get(f"/api/v1/cases/{case.pk}/"),
    ):
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"


def test_swagger_ui_is_served_from_this_server(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "<style>" not in page
    script = client.get("/api/docs/?script")
    assert script.status_code == 200


def test_in_production_the_schema_is_for_logged_in_staff_only(users, client, api):
    with override_settings(ONEWINDOW_API_DOCS_STAFF_ONLY=True):
        assert client.get("/api/schema/").status_code in (401, 403)
        assert client.get("/api/docs/").status_code in (401, 403)
        assert api(users["applicant"]).get("/api/schema/").status_code == 403
        assert api(users["reviewer_civil"]).get("/api/schema/").status_code == 200


def test_check_deploy_is_clean_with_production_settings():
    # (The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never does.)
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-" + "x9Q2!v" * 6,
        "DJANGO_ALLOWED_HOSTS": "onewindow.example.org",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/onewindow"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "ONEWINDOW_ID_ENCRYPTION_KEYS": "u3Zs6p8Hq3xJ5c2m9Vw1bT7yK4nR0aLfEgDhSiOjPkM=",
        "ONEWINDOW_ID_INDEX_KEY": "a-production-blind-index-key",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
