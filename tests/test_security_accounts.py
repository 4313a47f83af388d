"""Accounts and sessions: Argon2, lockout, staff session expiry, API tokens, and the audit rows
of every login event."""

import datetime as dt
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.demo import DEMO_PASSWORD
from accounts.models import AuditEvent, User

LOGIN = "/accounts/login/"


def _login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_argon2_is_the_first_hasher_of_the_real_settings():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_at_login(users, client):
    from config.settings import base

    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        User.objects.filter(pk=users["clerk"].pk).update(
            password=make_password(DEMO_PASSWORD, hasher="pbkdf2_sha256")
        )
        assert _login(client, "clerk", DEMO_PASSWORD).status_code == 302
        assert User.objects.get(pk=users["clerk"].pk).password.startswith("argon2")


def test_a_user_is_locked_after_the_configured_failures_while_others_on_the_same_address_log_in(
    users, client, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        assert _login(client, "clerk", "wrong-password").status_code == 200
    assert _login(client, "clerk", "wrong-password").status_code == 429  # the fifth failure locks
    locked = _login(client, "clerk", DEMO_PASSWORD)
    assert locked.status_code == 429 and "账户已暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another clerk at the same community centre (same address) is not locked out.
    assert _login(client, "investigator", DEMO_PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(code="accounts.login_failed", success=False).count() >= 5
    assert AuditEvent.objects.filter(code="accounts.locked_out", data__username="clerk").exists()
    # An administrator unlocks the account (axes' admin deletes the attempt row): audited.
    AccessAttempt.objects.filter(username="clerk").delete()
    assert AuditEvent.objects.filter(code="accounts.unlocked", data__username="clerk").exists()
    client.logout()
    assert _login(client, "clerk", DEMO_PASSWORD).status_code == 302


def test_a_locked_out_token_request_is_a_problem_like_every_api_error(users, api, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = api()
    for _ in range(2):
        client.post("/api/v1/auth/token/", {"username": "clerk", "password": "wrong"}, format="json")
    locked = client.post(
        "/api/v1/auth/token/", {"username": "clerk", "password": DEMO_PASSWORD}, format="json"
    )
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/problem+json")
    body = locked.json()
    assert body["status"] == 429 and body["type"] == "urn:onewindow:problem:locked-out"
    assert "账户已暂时锁定" in body["detail"]


def test_a_login_is_audited_with_role_address_and_success(users, client):
    _login(client, "reviewer_civil", DEMO_PASSWORD, REMOTE_ADDR="10.1.2.3")
    row = AuditEvent.objects.get(code="accounts.login", actor=users["reviewer_civil"])
    assert (row.actor_role, row.ip, row.success) == ("reviewer", "10.1.2.3", True)


def test_the_client_address_comes_from_the_trusted_proxy_header_only_when_configured(users, client, settings):
    _login(client, "clerk", DEMO_PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert AuditEvent.objects.filter(code="accounts.login").latest("created_at").ip == "10.0.0.1"
    client.logout()
    settings.ONEWINDOW_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    _login(
        client, "clerk", DEMO_PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1"
    )
    assert AuditEvent.objects.filter(code="accounts.login").latest("created_at").ip == "203.0.113.9"


@pytest.mark.parametrize("key,age", [("onewindow_seen_at", 31 * 60), ("onewindow_login_at", 13 * 3600)])
def test_an_idle_or_old_staff_session_ends(users, client, key, age):
    assert _login(client, "reviewer_civil", DEMO_PASSWORD).status_code == 302
    assert client.get("/work/").status_code == 200
    session = client.session
    session[key] = time.time() - age
    session.save()
    response = client.get("/work/")
    assert response.status_code == 302 and LOGIN in response["Location"]
    assert client.get("/work/").status_code == 302  # logged out, not just redirected once
    assert AuditEvent.objects.filter(code="accounts.session_expired", actor=users["reviewer_civil"]).exists()


def test_an_applicant_session_is_not_cut_after_thirty_minutes(users, client):
    _login(client, "applicant", DEMO_PASSWORD)
    session = client.session
    session["onewindow_seen_at"] = time.time() - 31 * 60
    session.save()
    assert client.get("/applications/").status_code == 200


# --- API tokens ------------------------------------------------------------------------------


def _token(client, username="reviewer_civil", password=DEMO_PASSWORD):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def test_a_department_system_gets_a_token_and_uses_it(users, api):
    client = api()
    response = _token(client)
    assert response.status_code == 200
    body = response.json()
    assert body["token"] and body["expires_at"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert client.get("/api/v1/work-items/").status_code == 200
    # DRF's own scheme word works too, through the whole middleware stack.
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/v1/work-items/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']} extra")
    assert client.get("/api/v1/work-items/").status_code == 401


def test_missing_or_bad_credentials_are_401_with_www_authenticate(db, api):
    client = api()
    missing = client.get("/api/v1/work-items/")
    assert missing.status_code == 401 and missing["WWW-Authenticate"].startswith("Bearer")
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    bad = client.get("/api/v1/work-items/")
    assert bad.status_code == 401 and "WWW-Authenticate" in bad
    assert _token(api(), username="nobody", password="x").status_code == 401


def test_a_token_expires(users, api, settings):
    client = api()
    key = _token(client).json()["token"]
    Token.objects.filter(key=key).update(
        created=timezone.now() - dt.timedelta(hours=settings.ONEWINDOW_API_TOKEN_HOURS)
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/work-items/").status_code == 401


def test_a_password_change_revokes_tokens_and_deactivation_too(users, api):
    client = api()
    key = _token(client).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    user = users["reviewer_civil"]
    user.set_password("a-new-long-passphrase-2026")
    user.save()
    assert client.get("/api/v1/work-items/").status_code == 401
    assert AuditEvent.objects.filter(code="accounts.tokens_revoked", object_id=str(user.pk)).exists()
    key = _token(api(), password="a-new-long-passphrase-2026").json()["token"]
    user.refresh_from_db()
    user.is_active = False
    user.save()
    assert not Token.objects.filter(key=key).exists()


def test_a_password_change_ends_the_users_other_web_sessions(users, client):
    from django.test import Client

    other = Client()
    _login(other, "clerk", DEMO_PASSWORD)
    assert other.get("/work/").status_code == 200
    clerk = User.objects.get(username="clerk")
    clerk.set_password("another-long-passphrase-9")
    clerk.save()
    assert other.get("/work/").status_code == 302


def test_a_token_can_be_revoked_by_its_holder(users, api):
    client = api()
    key = _token(client).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert client.get("/api/v1/work-items/").status_code == 401
