"""Staff need a TOTP second factor when it is required (production): without it every staff
URL is refused; a code works once; department systems give it when they ask for a token."""

import pytest
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_PASSWORD
from accounts.models import AuditEvent
from tests.factories import payload
from tests.flows import case_of, submit

pytestmark = pytest.mark.usefixtures("required")


@pytest.fixture
def required():
    with override_settings(ONEWINDOW_STAFF_2FA_REQUIRED=True):
        yield


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def unthrottle(device):
    """django-otp slows retries after a failure; the test does not wait for it."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def _login(client, username):
    assert (
        client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD}).status_code == 302
    )


def test_a_staff_session_without_the_second_factor_is_refused_on_every_staff_url(users, client):
    app = submit(users, payload(items=["dibao"]))
    _login(client, "reviewer_civil")
    urls = [
        "/work/",
        f"/work/cases/{case_of(app, 'dibao').pk}/",
        "/office/applications/",
        "/counter/apply/",
        f"/applications/{app.reference}/",
        "/api/v1/work-items/",
        f"/api/v1/applications/{app.reference}/",
    ]
    for url in urls:
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 403 and response.json()["type"].endswith("second-factor"), url
        else:
            assert response.status_code == 302 and "/accounts/second-factor/" in response["Location"], url
    admin = Client()
    _login(admin, "admin")
    assert "/accounts/second-factor/" in admin.get("/admin/")["Location"]


def test_set_up_once_then_a_code_at_every_login_and_no_code_twice(users, client):
    _login(client, "investigator")
    page = client.get("/accounts/second-factor/")
    assert 'id="totp-secret"' in page.content.decode() and "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=users["investigator"])
    assert not device.confirmed
    assert client.post("/accounts/second-factor/", {"code": "000000"}).status_code == 400
    unthrottle(device)
    code = code_for(device)
    assert client.post("/accounts/second-factor/", {"code": code, "next": "/work/"})["Location"] == "/work/"
    assert client.get("/work/").status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    # A second login elsewhere cannot replay the same code.
    other = Client()
    _login(other, "investigator")
    assert other.post("/accounts/second-factor/", {"code": code}).status_code == 400
    assert other.get("/work/").status_code == 302
    unthrottle(device)
    assert other.post("/accounts/second-factor/", {"code": code_for(device, offset=1)}).status_code == 302
    assert other.get("/work/").status_code == 200
    codes = set(AuditEvent.objects.filter(actor=users["investigator"]).values_list("code", flat=True))
    assert {
        "accounts.second_factor_enrolled",
        "accounts.second_factor",
        "accounts.second_factor_failed",
    } <= codes


def test_an_applicant_needs_no_second_factor(users, client):
    _login(client, "applicant")
    assert client.get("/applications/").status_code == 200


def test_a_department_system_gives_the_code_for_its_token(users, api):
    device = TOTPDevice.objects.create(user=users["reviewer_civil"], name="phone", confirmed=True)
    client = api()
    without = client.post(
        "/api/v1/auth/token/", {"username": "reviewer_civil", "password": DEMO_PASSWORD}, format="json"
    )
    assert without.status_code == 401
    ok = client.post(
        "/api/v1/auth/token/",
        {"username": "reviewer_civil", "password": DEMO_PASSWORD, "otp": code_for(device)},
        format="json",
    )
    assert ok.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {ok.json()['token']}")
    assert client.get("/api/v1/work-items/").status_code == 200
