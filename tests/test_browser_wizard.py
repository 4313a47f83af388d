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


# --- The public screener page (智能引导) and the wizard's new fields, in a real browser ----------


def test_the_public_screener_by_keyboard_with_fields_shown_when_they_apply(page, live_server):
    page.goto(f"{live_server.url}/screening/")  # no login
    expect(page.locator("#m0-age")).to_be_focused()
    # Asked only when they apply: the disability kind once a grade is chosen, the birth group for children.
    expect(page.locator("#m0-disability_kind-field")).to_be_hidden()
    expect(page.locator("#m0-birth_group-field")).to_be_hidden()
    page.select_option("#m0-disability_grade", "2")
    expect(page.locator("#m0-disability_kind-field")).to_be_visible()
    page.select_option("#m0-disability_grade", "none")
    expect(page.locator("#m0-disability_kind-field")).to_be_hidden()
    page.keyboard.type("45")
    page.select_option("#m0-employment_status", "unemployed")
    page.fill("#m0-incomes-other", "300")
    with page.expect_navigation():
        page.click("#add-member")  # a plain post: what was typed comes back
    expect(page.locator("#m1-age")).to_be_focused()
    assert page.input_value("#m0-age") == "45" and page.input_value("#m0-incomes-other") == "300"
    page.keyboard.type("12")
    page.select_option("#m1-relation", "child")
    expect(page.locator("#m1-birth_group-field")).to_be_visible()
    page.select_option("#m1-school_stage", "compulsory")
    page.select_option("#m1-employment_status", "student")
    page.focus("#m1-age")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter estimates
    expect(page.locator("#results-title")).to_be_focused()
    dibao = page.locator('[data-group="likely"] [data-item="dibao"]')
    expect(dibao).to_contain_text("估算每月约 3000 元")
    expect(dibao).to_contain_text("低保标准 1650 元")
    expect(page.locator('[data-group="depends"] [data-item="edu_compulsory"]')).to_contain_text(
        "需先获批低保"
    )
    expect(page.locator("#estimate-note")).to_contain_text("不是审核决定")
    # A mistake: the summary takes the person to the field, the other answers stay.
    page.fill("#m1-age", "两百")
    with page.expect_navigation():
        page.click("#screen-submit")
    expect(page.locator("#error-summary")).to_be_focused()
    page.click("#error-summary a[href='#m1-age']")
    expect(page.locator("#m1-age")).to_be_focused()
    assert page.input_value("#m0-incomes-other") == "300"


def test_the_screener_page_and_the_details_step_have_no_serious_axe_violations(
    chromium, live_server, monkeypatch
):
    from accounts.demo import seed_demo
    from programs.registry import FAMILIES
    from tests.test_browser_axe import Sweep, _context
    from tests.test_wizard_form import _questions_classes

    seed_demo()
    monkeypatch.setitem(FAMILIES["means_tested"].form_questions, "dibao", _questions_classes())
    base = live_server.url
    sweep = Sweep(base)
    for lang in ("zh-hans", "en"):
        for large in (False, True):
            context = _context(chromium, base, lang, large=large)
            page = context.new_page()
            page.goto(f"{base}/screening/")
            sweep.check(page, who="anonymous", lang=lang, large=large)
            page.fill("#m0-age", "45")
            page.select_option("#m0-disability_grade", "1")
            page.click("#add-member")
            page.fill("#m1-age", "8")
            page.select_option("#m1-relation", "child")
            page.click("#screen-submit")
            page.wait_for_selector("#results")
            page.click("#results details > summary")  # the items not likely, with their conditions
            sweep.check(page, who="anonymous", lang=lang, large=large)
            page.fill("#m1-age", "")
            page.click("#screen-submit")
            page.wait_for_selector("#error-summary")
            sweep.check(page, who="anonymous", lang=lang, large=large)
            context.close()
        context = _context(chromium, base, lang)
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "applicant")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("#login-submit")
        page.goto(f"{base}/apply/household/")
        sweep.check(page, who="applicant", lang=lang)
        page.goto(f"{base}/apply/items/")
        page.check("input[name=items][value=dibao]")
        page.click("#next-step")
        page.wait_for_selector("#q-dibao")
        page.click("#q-dibao-helpers-add")
        page.wait_for_selector("#q-dibao-helpers-0-name")
        sweep.check(page, who="applicant", lang=lang)
        page.click("#next-step")  # nothing answered: the error summary
        page.wait_for_selector("#error-summary")
        sweep.check(page, who="applicant", lang=lang)
        context.close()
    problems = sweep.broken + sweep.serious()
    assert len(sweep.pages) == 2 * (3 * 2 + 3)
    assert not problems, "\n".join(problems)
