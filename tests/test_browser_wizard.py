"""The unified form in a real browser: it never loses a word, and a busy clerk keys in a known
household by keyboard alone (Debian's Chromium via Playwright)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from tests.factories import member, payload
from tests.flows import submit as submit_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")


def test_a_reload_mid_step_keeps_what_was_typed(page, live_server):
    _login(page, live_server, "applicant")
    page.goto(f"{live_server.url}/apply/household/")
    page.select_option("#hukou_office", "310105001001")
    assert page.input_value("#residence_office") == "310105001001"  # follows the hukou until chosen
    page.fill("#address", "长宁区华阳路 100 弄 8 号")
    page.fill("#phone", "13800001111")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^已保存 \d\d:\d\d"))
    page.reload()  # no button pressed: a dropped connection, a phone call
    assert page.input_value("#address") == "长宁区华阳路 100 弄 8 号"
    assert page.input_value("#phone") == "13800001111"
    assert page.input_value("#hukou_office") == "310105001001"
    assert page.locator("#autosave-status").inner_text().startswith("已保存")


def test_totals_follow_the_figures_as_they_are_typed(page, live_server):
    _login(page, live_server, "applicant")
    page.goto(f"{live_server.url}/apply/household/")
    page.select_option("#hukou_office", "310105001001")
    page.select_option("#residence_office", "310105001001")
    page.fill("#address", "长宁区华阳路 100 弄 8 号")
    page.fill("#m0-id_number", "310105197204052024")
    page.select_option("#m0-relation", "self")
    page.select_option("#m0-employment_status", "unemployed")
    page.click("#next-step")
    page.check("input[name=items][value=dibao]")
    page.click("#next-step")
    page.fill("#m0-incomes-wages", "1200")
    page.fill("#m0-incomes-pension", "300.5")
    assert page.locator('#money-member-0 [data-total="incomes"]').inner_text() == "1500.5"
    assert page.locator('[data-household-total="incomes"]').inner_text() == "1500.5"


def test_a_clerk_keys_in_and_accepts_a_known_household_by_keyboard_alone(page, live_server):
    """A known two-person household, keyboard only: the figures plus fewer than 40 keystrokes."""
    people = [
        member("赵阿姨", relation="self", female=True, birth=dt.date(1958, 2, 3), employment="retired"),
        member("赵小弟", relation="child", birth=dt.date(1990, 5, 6), employment="unemployed"),
    ]
    clerk = User.objects.get(username="clerk")
    first = submit_service({"clerk": clerk}, payload(items=["legal_aid"], members=people), accept=False)
    _login(page, live_server, "clerk")
    page.goto(f"{live_server.url}/counter/apply/")
    keys = 0

    def press(key, times=1):
        nonlocal keys
        for _ in range(times):
            page.keyboard.press(key)
            keys += 1

    def type_text(text, counted=True):
        nonlocal keys
        page.keyboard.type(text)
        keys += len(text) if counted else 0

    def focused(selector):  # the page has put the focus there (autofocus lands after the load)
        expect(page.locator(selector).first).to_be_focused()

    focused("#search_id")
    type_text(people[0]["id_number"])
    with page.expect_navigation():
        press("Enter")
    focused("form.result button")
    with page.expect_navigation():
        press("Enter")  # 使用该家庭信息
    assert page.input_value("#m1-name") == "赵小弟"
    focused("#next-step")
    with page.expect_navigation():
        press("Enter")  # the members are checked: next
    assert page.url.endswith("/counter/apply/items/")
    focused("input[name=items][value=dibao]")
    press("Space")  # 最低生活保障 is first
    with page.expect_navigation():
        press("Enter")
    focused("#m0-incomes-wages")
    type_text("3100", counted=False)  # the figures themselves
    with page.expect_navigation():
        press("Enter")
    assert page.url.endswith("/counter/apply/materials/")
    # ID card, hukou book: fetched (两个免于提交); the authorisation: the consent. Income proof in hand:
    focused("input[name=materials_provided][value=income_proof]")
    press("Space")
    with page.expect_navigation():
        press("Enter")
    focused("#consent")
    press("Space")
    with page.expect_navigation():
        press("Enter")
    focused("#submit-application")
    with page.expect_navigation():
        press("Enter")
    assert "申请已提交" in page.content()
    focused("#go-accept")
    with page.expect_navigation():
        press("Enter")
    focused("#accept")  # all materials present
    with page.expect_navigation():
        press("Enter")
    assert page.locator("[data-acceptance]").get_attribute("data-acceptance") == "accepted"
    print(f"counter entry, known two-person household: {keys} keystrokes plus the figures")
    assert keys < 40
    assert first.household.applications.count() == 2
