"""Materials in a real browser: the applicant uploads from the status page, the clerk sees the file
on the acceptance page, another applicant gets 404; a wrong file type is refused with a message."""

import io
from pathlib import Path

import pytest
from PIL import Image

from accounts.demo import DEMO_PASSWORD, seed_offices, seed_users
from accounts.models import Role
from tests.factories import UserFactory, payload
from tests.flows import online

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


@pytest.fixture
def browser(chromium, settings, tmp_path):
    settings.ONEWINDOW_PRIVATE_ROOT = tmp_path / "private"
    return chromium


def logged_in(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()
    return page


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (220, 220, 220)).save(buffer, "PNG")
    return buffer.getvalue()


def test_applicant_uploads_a_material_the_clerk_sees_it_another_applicant_gets_404(browser, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    users = seed_users(seed_offices())
    app = online(users, payload(items=["dibao"], materials_provided=[]), accept=False)
    status_url = f"{live_server.url}/applications/{app.reference}/"
    row = app.materials.get(material__code="income_proof")
    upload_input = f"#material-file-{row.pk}"

    page = logged_in(browser, live_server, "applicant")
    page.goto(status_url)
    needed = page.locator("#materials-needed")
    assert "还需提交的材料" in needed.inner_text() and "收入证明" in needed.inner_text()
    assert "无需操作" not in page.locator('[data-item="dibao"]').inner_text()

    # A text file named like a photo: refused with a clear message, nothing stored.
    page.set_input_files(
        upload_input,
        {"name": "收入证明.jpg", "mimeType": "image/jpeg", "buffer": b"just some text, not a photo"},
    )
    page.click("#material-upload-income_proof")
    page.wait_for_load_state()
    assert "只能上传 JPG、PNG 格式的照片或 PDF 文件" in page.content()
    page.screenshot(path=str(SHOTS / "materials-wrong-type.png"), full_page=True)
    row.refresh_from_db()
    assert not row.file

    # A real photo: stored, no longer outstanding.
    page.set_input_files(upload_input, {"name": "收入证明.png", "mimeType": "image/png", "buffer": png()})
    page.click("#material-upload-income_proof")
    page.wait_for_load_state()
    assert "已上传" in page.content() and "还需提交的材料" not in page.content()
    page.screenshot(path=str(SHOTS / "materials-uploaded.png"), full_page=True)
    row.refresh_from_db()
    file_url = f"{live_server.url}/applications/{app.reference}/materials/{row.pk}/file/"
    assert row.file and row.content_type == "image/png"

    # The clerk sees it on the acceptance page, ticked as present, and may download it.
    clerk = logged_in(browser, live_server, "clerk")
    clerk.goto(f"{live_server.url}/work/applications/{app.reference}/accept/")
    item = clerk.locator('.acceptance-materials [data-material="income_proof"]')
    assert item.locator("input[type=checkbox]").is_checked()
    assert item.locator("a.material-download").count() == 1
    assert not clerk.locator(
        '.acceptance-materials [data-material="income_proof"] .missing-label'
    ).is_visible()
    clerk.screenshot(path=str(SHOTS / "materials-acceptance.png"), full_page=True)
    download = clerk.request.get(file_url)
    assert download.status == 200 and download.headers["content-disposition"].startswith("attachment")
    assert download.body() == row.file.open("rb").read()

    # Another applicant: 404 for the file, as for the page.
    UserFactory(username="other_applicant", role=Role.APPLICANT)
    other = logged_in(browser, live_server, "other_applicant")
    assert other.goto(file_url).status == 404
    assert other.goto(status_url).status == 404
