"""大字模式 and the browser's own font size (适老化): the toggle persists across pages, logins and
sessions and works without JavaScript; sizes stay relative to the user's browser setting; the
keyboard gets a skip link and a thick focus ring."""

import time

import pytest

from accounts.demo import DEMO_PASSWORD, seed_offices, seed_users


@pytest.fixture
def browser(chromium):
    seed_users(seed_offices())
    return chromium


def _login(page, base_url, username="applicant"):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state("load")


def _is_large(page) -> bool:
    large = page.evaluate("document.documentElement.classList.contains('text-large')")
    pressed = page.get_attribute("#text-size-toggle", "aria-pressed")
    assert pressed == ("true" if large else "false")
    return large


def _root_px(page) -> float:
    return float(page.evaluate("getComputedStyle(document.documentElement).fontSize").removesuffix("px"))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_large_text_stays_on_across_pages_logins_and_sessions(browser, live_server, javascript):
    base = live_server.url
    context = browser.new_context(locale="zh-CN", java_script_enabled=javascript)
    page = context.new_page()
    _login(page, base)
    page.goto(f"{base}/applications/")
    assert not _is_large(page)
    page.click("#text-size-toggle")
    page.wait_for_load_state("load")
    assert page.url == f"{base}/applications/"  # back where the tap was
    assert _is_large(page)
    page.goto(f"{base}/apply/household/")
    assert _is_large(page)
    cookie = next(c for c in context.cookies() if c["name"] == "ow_text")
    assert cookie["value"] == "large" and cookie["sameSite"] == "Lax" and cookie["httpOnly"]
    assert cookie["expires"] - time.time() > 360 * 24 * 3600  # a year, not the session
    # Log out and in again; then a new browser session carrying the saved cookies.
    page.click("text=退出登录")
    page.wait_for_load_state("load")
    assert _is_large(page)  # the login page too
    _login(page, base)
    assert _is_large(page)
    later = browser.new_context(
        locale="zh-CN", storage_state=context.storage_state(), java_script_enabled=javascript
    )
    context.close()
    again = later.new_page()
    again.goto(f"{base}/applications/")
    assert _is_large(again)
    # And off again.
    again.click("#text-size-toggle")
    again.wait_for_load_state("load")
    assert not _is_large(again)
    again.goto(f"{base}/apply/household/")
    assert not _is_large(again)
    later.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_root_font_size_follows_the_browsers_setting_in_both_modes(browser, live_server):
    base = live_server.url
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    # No stylesheet rule for the root element sets its font size in px.
    sizes = page.evaluate(
        """() => [...document.styleSheets].flatMap(s => [...s.cssRules])
              .filter(r => r.selectorText && /^html(\\.text-large)?$/.test(r.selectorText) && r.style.fontSize)
              .map(r => r.style.fontSize)"""
    )
    assert sizes and all(not s.endswith("px") for s in sizes), sizes
    assert _root_px(page) == pytest.approx(16 * 1.125)
    # The user sets a larger default font size in the browser (Chromium's own setting).
    cdp = context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 24, "fixed": 20}})
    page.reload()
    assert _root_px(page) == pytest.approx(24 * 1.125)
    page.click("#text-size-toggle")
    page.wait_for_load_state("load")
    assert _is_large(page)
    assert _root_px(page) == pytest.approx(24 * 1.375)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
    page.reload()
    assert _root_px(page) == pytest.approx(16 * 1.375)
    # Bigger targets in large mode.
    heights = page.eval_on_selector_all(
        "button, input[type=text], input[type=password]",
        "els => els.map(e => e.getBoundingClientRect().height)",
    )
    assert min(heights) >= 56, heights
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_skip_link_comes_first_and_every_focus_is_ringed(browser, live_server):
    base = live_server.url
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    _login(page, base)
    page.goto(f"{base}/applications/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到主要内容"
    assert page.is_visible(".skip-link")  # shown while focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Tab through the page from the top: each focused element shows an outline of 3px or more.
    page.reload()
    for _ in range(8):
        page.keyboard.press("Tab")
        ring = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                       return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
        )
        assert ring[1] == "solid" and ring[2] >= 3, ring
    context.close()


@pytest.mark.django_db
def test_the_toggle_only_redirects_to_this_site(client):
    response = client.post("/accounts/text-size/", {"text": "large", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["ow_text"].value == "large"
    assert response.cookies["ow_text"]["samesite"] == "Lax"
    assert client.get("/accounts/text-size/").status_code == 405
    off = client.post("/accounts/text-size/", {"text": "normal", "next": "/accounts/login/"})
    assert off["Location"] == "/accounts/login/" and off.cookies["ow_text"].value == ""
    assert 'class="text-large"' not in client.get("/accounts/login/").content.decode()
