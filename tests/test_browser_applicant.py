"""An applicant fills the unified form in a real browser (Debian's Chromium via Playwright)."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from tests.factories import id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def test_applicant_fills_the_unified_form_and_sees_a_column_per_department(page, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "applicant")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.click("text=新申请（一表申请多个救助事项）")

    # 1. Household and members.
    page.select_option("#hukou_office", "310105001001")
    page.select_option("#residence_office", "310105001001")
    page.fill("#address", "长宁区华阳路 100 弄 8 号")
    page.fill("#phone", "13800001111")
    page.fill("#m0-name", "王秀英")
    page.fill("#m0-id_number", id_number(birth=dt.date(1972, 4, 5), female=True))
    page.select_option("#m0-relation", "self")
    page.select_option("#m0-employment_status", "unemployed")
    page.click("#add-member")
    page.fill("#m1-name", "王小明")
    child_id = id_number(birth=dt.date(2013, 9, 1))
    page.fill("#m1-id_number", child_id)
    page.select_option("#m1-relation", "child")
    page.select_option("#m1-employment_status", "student")
    page.select_option("#m1-school_stage", "compulsory")
    page.screenshot(path=str(SHOTS / "step1-household.png"), full_page=True)
    page.click("#next-step")

    # 2. Items, grouped by need: three departments in one form; the fitting education item is named.
    assert "王小明" in page.locator('[data-item="edu_compulsory"]').inner_text()
    for code in ("dibao", "edu_compulsory", "medical_inpatient"):
        page.check(f"input[name=items][value={code}]")
    page.screenshot(path=str(SHOTS / "step2-items.png"), full_page=True)
    page.click("#next-step")

    # 3. Money, grouped by member with totals.
    page.fill("#m0-incomes-transfer", "800")
    page.fill("#m0-expenses-medical", "600")
    assert page.locator('#money-member-0 [data-total="incomes"]').inner_text() == "800"
    page.click("#next-step")

    # 4. The merged materials list: each material once.
    materials = page.locator("input[name=materials_provided]")
    values = [materials.nth(i).get_attribute("value") for i in range(materials.count())]
    assert len(values) == len(set(values)) and "income_proof" in values
    # 两个免于提交: the ID card is fetched from the electronic-certificate source, listed apart.
    assert (
        "id_card" not in values and page.locator('#materials-exempt [data-material="id_card"]').count() == 1
    )
    page.check("input[name=materials_provided][value=income_proof]")
    page.click("#next-step")

    # 5. Consent, 6. check, submit.
    page.check("#consent")
    page.click("#next-step")
    # A real check-your-answers page: the numbers as typed, labelled figures, a 修改 link each.
    assert page.locator(f"text={child_id}").count() == 1
    assert "800" in page.locator('[data-member="0"]').inner_text()
    assert page.locator("a.change-link, dd.change a").count() >= 8
    page.screenshot(path=str(SHOTS / "step6-check.png"), full_page=True)
    page.click("#submit-application")

    page.wait_for_selector(".columns")
    page.screenshot(path=str(SHOTS / "status.png"), full_page=True)
    departments = page.locator(".column").evaluate_all("els => els.map(e => e.dataset.department)")
    assert departments == ["civil_affairs", "education", "medical_security"]
    assert page.locator('[data-item="dibao"]').get_attribute("data-state") == "submitted"
    assert page.locator('[data-item="edu_compulsory"]').get_attribute("data-state") == "waiting"
    assert page.locator('[data-item="medical_inpatient"]').get_attribute("data-state") == "waiting"
    assert "申请已提交" in page.content()


def _login(page, live_server, username="applicant"):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")


def test_enter_does_the_steps_primary_action_and_the_error_summary_links_to_the_field(page, live_server):
    """Enter on the household step goes forward (it used to add an empty member); on a later step
    it goes forward too (it used to go back). The error summary is focused and each link moves
    focus to its field, naming the member the message is about."""
    _login(page, live_server)
    page.goto(f"{live_server.url}/apply/household/")
    page.select_option("#hukou_office", "310105001001")
    page.select_option("#residence_office", "310105001001")
    page.fill("#address", "长宁区华阳路 100 弄 8 号")
    page.fill("#m0-name", "王秀英")
    page.fill("#m0-id_number", "123")  # wrong
    page.press("#m0-id_number", "Enter")
    page.wait_for_selector("#error-summary")
    assert page.locator("fieldset.member").count() == 1  # no empty member added
    expect(page.locator("#error-summary")).to_be_focused()
    link = page.locator("#error-summary a[href='#m0-id_number']")
    assert "第1位成员（王秀英）" in link.inner_text()
    link.click()
    expect(page.locator("#m0-id_number")).to_be_focused()

    page.fill("#m0-id_number", id_number(birth=dt.date(1972, 4, 5), female=True))
    page.select_option("#m0-relation", "self")
    page.select_option("#m0-employment_status", "unemployed")
    with page.expect_navigation():
        page.press("#m0-name", "Enter")
    assert page.url.split("#")[0].endswith("/apply/items/"), page.locator("#error-summary").all_inner_texts()
    assert page.locator("[aria-current=step]").inner_text().startswith("▶")

    # Nothing ticked, Enter: a message linked to the items, never a server error.
    with page.expect_navigation():
        page.press("input[name=items] >> nth=0", "Enter")
    assert page.locator("#error-summary a[href='#items']").count() == 1
    page.check("input[name=items][value=dibao]")
    with page.expect_navigation():
        page.press("input[name=items][value=dibao]", "Enter")
    assert page.url.endswith("/apply/money/")  # forward, never back
    with page.expect_navigation():
        page.press("#m0-incomes-wages", "Enter")
    assert page.url.endswith("/apply/materials/")
    with page.expect_navigation():
        page.press("input[name=materials_provided] >> nth=0", "Enter")
    assert page.url.endswith("/apply/consent/")
    page.check("#consent")
    with page.expect_navigation():
        page.press("#consent", "Enter")
    assert page.url.endswith("/apply/review/")
    expect(page.locator("#submit-application")).to_be_focused()  # autofocus lands after the load
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/applications/" in page.url and "申请已提交" in page.content()
