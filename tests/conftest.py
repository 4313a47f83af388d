import os
import shutil

import pytest
from rest_framework.test import APIClient

from accounts.demo import seed_approval_levels, seed_offices, seed_users


@pytest.fixture(autouse=True)
def fresh_snapshot(monkeypatch):
    """Each test starts with no process copies of the configuration (accounts.snapshot) and
    keeps them while it writes: its rollback at the end cannot leak into the next test, so the
    "changed in this open transaction" guard is off (tests/test_snapshot.py tests it)."""
    from accounts import snapshot

    snapshot.snapshot_reset()
    monkeypatch.setattr(snapshot, "_changing", lambda: False)
    yield
    snapshot.snapshot_reset()


@pytest.fixture
def world(db):
    """The demo office tree, one user per role and the approval levels (see accounts/demo.py),
    no households."""
    offices = seed_offices()
    users = seed_users(offices)
    seed_approval_levels(offices)
    return {"offices": offices, "users": users}


@pytest.fixture
def users(world):
    return world["users"]


@pytest.fixture
def api():
    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def chromium(live_server):
    """Debian's Chromium, driven by Playwright, with the live server running."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} missing: the README's test command installs Debian's chromium")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A desktop page in Chinese, with the demo offices and one user per role."""
    seed_users(seed_offices())
    return chromium.new_context(locale="zh-CN", viewport={"width": 1100, "height": 900}).new_page()
