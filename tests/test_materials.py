"""Materials reach the office (issue 8): upload or bring, 一次告知 of what is still needed and by
when, 两个免于提交, the consent as the authorisation, the acceptance checklist of what is present,
and the 补正 deadline."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import AuditEvent, Role
from intake.materials import materials_reduction, sniff_content_type
from intake.models import Application, ApplicationMaterial
from intake.services import application_return, draft_for, draft_save
from review.calendar import add_working_days
from tests.factories import UserFactory, payload, staff
from tests.flows import case_of, online

ITEMS = ["dibao", "edu_compulsory", "medical_inpatient"]


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_PRIVATE_ROOT = tmp_path / "private"
    return tmp_path / "private"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 30, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(name="收入证明.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, jpeg_bytes() if data is None else data, content_type=content_type)


def submitted(users, *, items=("dibao",), provided=(), accept=False):
    """An online application of the demo applicant, not yet accepted, materials as declared."""
    return online(users, payload(items=list(items), materials_provided=list(provided)), accept=accept)


def row(app, code) -> ApplicationMaterial:
    return ApplicationMaterial.objects.get(application=app, material__code=code)


def upload_url(app, code) -> str:
    return f"/applications/{app.reference}/materials/{row(app, code).pk}/upload/"


def file_url(app, code) -> str:
    return f"/applications/{app.reference}/materials/{row(app, code).pk}/file/"


# --- 两个免于提交, the consent, the counts ---------------------------------------------------


def test_exempt_materials_are_fetched_not_asked_and_the_consent_counts_as_the_authorisation(users):
    app = submitted(users, items=ITEMS)
    for code in ("id_card", "hukou_book"):
        assert row(app, code).exempt_source == "e_certificate" and row(app, code).provided
    authorisation = row(app, "check_authorization")
    assert authorisation.from_consent and authorisation.provided and not authorisation.exempt_source
    assert not row(app, "income_proof").provided
    # Listed: dibao 4 + edu 3 + inpatient 3 = 10 (each status-needing item lists the status proof,
    # which the electronic certificate replaces); asked: income, student status, aid form, bills.
    assert row(app, "assistance_certificate").exempt_source == "e_certificate"
    assert (app.materials_listed_total, app.materials_asked) == (10, 4)
    assert materials_reduction(Application.objects.filter(pk=app.pk))["reduction_percent"] == 60


def test_the_demo_world_asks_for_half_the_materials_the_items_list(db):
    from accounts.demo import seed_demo

    seed_demo()
    figures = materials_reduction()
    assert figures == {"listed": 68, "asked": 27, "reduction_percent": 60}
    assert figures["reduction_percent"] >= 40  # the reform's target (S000: 减材料 40% 左右)


def test_the_form_lists_exempt_materials_apart_and_asks_only_for_the_rest(users, client):
    client.force_login(users["applicant"])
    draft = draft_for(owner=users["applicant"])
    draft_save(draft=draft, data={"items": ITEMS}, step="materials")
    page = client.get("/apply/materials/").content.decode()
    asked = page[page.index('id="materials-asked"') : page.index('id="materials-exempt"')]
    exempt = page[page.index('id="materials-exempt"') :]
    assert 'value="income_proof"' in asked and 'value="id_card"' not in asked
    assert "户口簿" in exempt and "无需提交，由系统从电子证照库调取" in exempt
    assert "家庭经济状况核对授权书" in exempt and "即视为已签署" in exempt
    assert "合计 10 项" in page and "只需提交 4 项" in page


def test_the_acceptance_page_shows_the_counts(users, client):
    app = submitted(users, items=ITEMS)
    client.force_login(users["clerk"])
    page = client.get(f"/work/applications/{app.reference}/accept/").content.decode()
    assert "合计 10 项" in page and "需申请人提交 4 项" in page and "减少 60%" in page


# --- What is still needed, by when ----------------------------------------------------------


def test_the_status_page_lists_what_is_still_needed_by_the_acceptance_deadline(users, client):
    app = submitted(users, items=["dibao"])
    due = app.work_items.get(case__isnull=True).due_date
    client.force_login(users["applicant"])
    page = client.get(f"/applications/{app.reference}/").content.decode()
    needed = page[page.index('id="materials-needed"') : page.index("各部门办理情况")]
    assert "还需提交的材料" in needed and "收入证明" in needed and due.isoformat() in needed
    assert "户口簿" not in needed.split("全部材料")[0]  # exempt: not in the still-needed list
    assert needed.count('type="file"') == 1  # one upload control per outstanding material
    assert page.index('id="materials-needed"') < page.index('class="columns"')
    # Never "无需操作" while a material of the item is outstanding.
    assert "无需操作" not in page and "请提交尚缺的材料" in page


def test_the_status_page_says_nothing_is_needed_when_all_is_in(users, client):
    app = submitted(users, items=["dibao"], provided=["income_proof"])
    client.force_login(users["applicant"])
    page = client.get(f"/applications/{app.reference}/").content.decode()
    assert "还需提交的材料" not in page and "材料已齐全" in page


# --- Uploads ---------------------------------------------------------------------------------


def test_the_applicant_uploads_a_photo_stored_privately_under_a_random_name(users, client, private_root):
    app = submitted(users)
    client.force_login(users["applicant"])
    response = client.post(upload_url(app, "income_proof"), {"file": upload()})
    assert response.status_code == 302 and response["Location"].endswith("#materials-needed")
    stored = row(app, "income_proof")
    assert stored.provided and stored.content_type == "image/jpeg" and stored.original_name == "收入证明.jpg"
    assert "收入证明" not in stored.file.name and ".jpg" not in stored.file.name
    assert (private_root / stored.file.name).exists()
    assert AuditEvent.objects.filter(code="intake.material.uploaded", object_id=str(app.pk)).exists()
    page = client.get(f"/applications/{app.reference}/").content.decode()
    assert "还需提交的材料" not in page and "已上传" in page and file_url(app, "income_proof") in page


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("收入证明.jpg", b"this is plain text pretending to be a photo", "image/jpeg"),
        ("收入证明.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
        ("收入证明.jpg", b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10, "image/jpeg"),
        ("收入证明.docx", b"PK\x03\x04 a word document", "application/msword"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_with_a_clear_message(users, client, name, data, content_type):
    app = submitted(users)
    client.force_login(users["applicant"])
    response = client.post(
        upload_url(app, "income_proof"), {"file": upload(name, data, content_type)}, follow=True
    )
    assert "只能上传 JPG、PNG 格式的照片或 PDF 文件" in response.content.decode()
    stored = row(app, "income_proof")
    assert not stored.file and not stored.provided
    assert AuditEvent.objects.filter(code="intake.material.upload_refused", success=False).exists()


def test_a_png_and_a_pdf_are_accepted_by_their_content(users, client):
    app = submitted(users, items=ITEMS)
    client.force_login(users["applicant"])
    client.post(upload_url(app, "income_proof"), {"file": upload("scan", png_bytes(), "text/plain")})
    client.post(upload_url(app, "medical_bills"), {"file": upload("bills.jpg", PDF, "image/jpeg")})
    assert row(app, "income_proof").content_type == "image/png"
    assert row(app, "medical_bills").content_type == "application/pdf"


def test_a_file_too_large_is_refused(users, client, settings):
    settings.ONEWINDOW_MATERIAL_MAX_BYTES = 2048
    app = submitted(users)
    client.force_login(users["applicant"])
    big = PDF + b"0" * 4096
    response = client.post(
        upload_url(app, "income_proof"), {"file": upload("big.pdf", big, "application/pdf")}
    )
    page = client.get(response["Location"]).content.decode()
    assert "文件过大" in page
    assert not row(app, "income_proof").file


def test_sniffing_reads_the_bytes_not_the_name():
    assert sniff_content_type(io.BytesIO(png_bytes())) == "image/png"
    assert sniff_content_type(io.BytesIO(jpeg_bytes())) == "image/jpeg"
    assert sniff_content_type(io.BytesIO(PDF)) == "application/pdf"
    assert sniff_content_type(io.BytesIO(b"GIF89a")) is None


def test_an_exempt_material_takes_no_upload(users, client):
    app = submitted(users)
    client.force_login(users["applicant"])
    response = client.post(upload_url(app, "hukou_book"), {"file": upload()}, follow=True)
    assert "该材料无需提交" in response.content.decode()


def test_a_clerk_uploads_at_the_counter_on_the_applicants_behalf(users, client):
    app = submitted(users)
    client.force_login(users["clerk"])
    assert client.post(upload_url(app, "income_proof"), {"file": upload()}).status_code == 302
    event = AuditEvent.objects.get(code="intake.material.uploaded")
    assert event.data["channel"] == "counter" and event.actor == users["clerk"]


def test_staff_who_only_see_the_case_may_not_upload(users, client):
    app = submitted(users)
    client.force_login(users["investigator"])
    assert client.post(upload_url(app, "income_proof"), {"file": upload()}).status_code == 403


# --- Downloads: who may, and how ---------------------------------------------------------------


def test_downloads_are_for_the_applicant_and_staff_in_scope_and_404_for_everyone_else(users, client):
    app = submitted(users)
    client.force_login(users["applicant"])
    client.post(upload_url(app, "income_proof"), {"file": upload()})
    url = file_url(app, "income_proof")

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == jpeg_bytes()

    client.force_login(users["clerk"])  # the street centre that accepts it
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(code="intake.material.downloaded").count() == 2

    another_applicant = UserFactory(role=Role.APPLICANT)
    other_street_clerk = staff(Role.CLERK, office_code="310105002")
    for outsider in (another_applicant, other_street_clerk, users["clerk_putuo"], users["reviewer_edu"]):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider
        assert client.post(upload_url(app, "income_proof"), {"file": upload()}).status_code == 404, outsider
        assert (
            client.post(
                f"/applications/{app.reference}/materials/{row(app, 'income_proof').pk}/bring/"
            ).status_code
            == 404
        )
    assert AuditEvent.objects.filter(code="intake.material.downloaded").count() == 2


def test_a_material_of_another_application_is_404_even_for_its_own_applicant(users, client):
    mine, theirs = submitted(users), submitted(UserFactoryUsers(users), items=["dibao"])
    client.force_login(users["applicant"])
    other_row = row(theirs, "income_proof")
    response = client.post(
        f"/applications/{mine.reference}/materials/{other_row.pk}/upload/", {"file": upload()}
    )
    assert response.status_code == 302 and not ApplicationMaterial.objects.get(pk=other_row.pk).file
    assert client.get(f"/applications/{mine.reference}/materials/{other_row.pk}/file/").status_code == 404


def UserFactoryUsers(users):  # noqa: N802 — the same users, with another applicant as "applicant"
    return {**users, "applicant": UserFactory(role=Role.APPLICANT)}


def test_uploaded_files_are_not_under_the_media_url(users, client, settings, private_root):
    from pathlib import Path

    app = submitted(users)
    client.force_login(users["applicant"])
    client.post(upload_url(app, "income_proof"), {"file": upload()})
    name = row(app, "income_proof").file.name
    assert (
        not Path(settings.ONEWINDOW_PRIVATE_ROOT)
        .resolve()
        .is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    )
    assert client.get(f"/{settings.MEDIA_URL}{name}").status_code == 404
    with pytest.raises(ValueError):
        row(app, "income_proof").file.url  # noqa: B018 — no URL at all


# --- Bring it to the window ----------------------------------------------------------------------


def test_the_applicant_may_choose_to_bring_a_material_to_the_named_centre(users, client):
    app = submitted(users)
    client.force_login(users["applicant"])
    page = client.get(f"/applications/{app.reference}/").content.decode()
    assert "改为带到窗口（华阳路街道）" in page
    client.post(f"/applications/{app.reference}/materials/{row(app, 'income_proof').pk}/bring/")
    chosen = row(app, "income_proof")
    assert chosen.bring_to_office.code == "310105001" and chosen.bring_chosen_at and not chosen.provided
    page = client.get(f"/applications/{app.reference}/").content.decode()
    assert "已选择带到窗口：华阳路街道" in page and "还需提交的材料" in page
    assert AuditEvent.objects.filter(code="intake.material.bring_chosen").exists()


# --- The acceptance page: a checklist of what is present ------------------------------------------


def test_the_acceptance_page_pre_ticks_what_is_present_and_marks_the_rest_missing(users, client):
    app = submitted(users, items=ITEMS, provided=["medical_bills"])
    client.force_login(users["applicant"])
    client.post(upload_url(app, "student_status"), {"file": upload()})
    client.force_login(users["clerk"])
    page = client.get(f"/work/applications/{app.reference}/accept/").content.decode()
    for code in ("id_card", "hukou_book", "check_authorization", "medical_bills", "student_status"):
        assert f'data-material="{code}" data-present="1"' in page, code
    for code in ("income_proof", "aid_application_form"):
        assert f'data-material="{code}" data-present="0"' in page, code
    assert 'id="missing-warning"' in page and "缺少" in page
    assert file_url(app, "student_status") in page


def test_accepting_with_a_gap_warns_and_needs_a_confirmation(users, client):
    app = submitted(users, items=["dibao"])
    client.force_login(users["clerk"])
    url = f"/work/applications/{app.reference}/accept/"
    present = ["id_card", "hukou_book", "check_authorization"]
    first = client.post(url, {"action": "accept", "present_materials": present})
    assert first.status_code == 200 and "以下材料缺少" in first.content.decode()
    assert Application.objects.get(pk=app.pk).acceptance == "submitted"
    second = client.post(url, {"action": "accept", "present_materials": present, "confirm_missing": "1"})
    assert second.status_code == 302
    app = Application.objects.get(pk=app.pk)
    assert app.acceptance == "accepted" and not row(app, "income_proof").provided
    event = AuditEvent.objects.get(code="intake.application.accepted", object_id=str(app.pk))
    assert event.data == {"missing": ["income_proof"]}
    # Still needed after the acceptance, and said so.
    client.force_login(users["applicant"])
    assert "还需提交的材料" in client.get(f"/applications/{app.reference}/").content.decode()


def test_accepting_with_everything_present_needs_no_confirmation(users, client):
    app = submitted(users, items=["dibao"], provided=["income_proof"])
    client.force_login(users["clerk"])
    url = f"/work/applications/{app.reference}/accept/"
    codes = list(app.materials.values_list("material__code", flat=True))
    assert client.post(url, {"action": "accept", "present_materials": codes}).status_code == 302
    assert case_of(app, "dibao").state == "investigation"


def test_returning_sends_exactly_the_unticked_ones_with_a_deadline(users, client):
    app = submitted(users, items=["dibao", "edu_compulsory"], provided=["income_proof"])
    client.force_login(users["clerk"])
    url = f"/work/applications/{app.reference}/accept/"
    present = ["id_card", "hukou_book", "check_authorization", "income_proof", "assistance_certificate"]
    assert (
        client.post(
            url, {"action": "return", "present_materials": present, "reason": "请补学籍证明"}
        ).status_code
        == 302
    )
    app = Application.objects.get(pk=app.pk)
    assert app.acceptance == "returned"
    assert set(app.missing_materials) == {"student_status", "aid_application_form"}
    due = add_working_days(timezone.localdate(), 10).day
    assert app.return_due_date == due
    history = case_of(app, "dibao").transitions.get(name="return_for_materials").reason
    assert due.isoformat() in history and "补正期限" in history
    assert AuditEvent.objects.get(code="intake.application.returned").data["due"] == due.isoformat()
    # The acceptance page's history and the status page both state the deadline.
    assert f"补正期限：{due:%Y-%m-%d}" in client.get(url).content.decode()
    client.force_login(users["applicant"])
    page = client.get(f"/applications/{app.reference}/").content.decode()
    assert f"补正期限：{due:%Y-%m-%d}" in page and "还需提交的材料" in page
    # Uploading the missing ones is supplying them: resubmitting needs no more ticks.
    client.post(upload_url(app, "student_status"), {"file": upload()})
    client.post(upload_url(app, "aid_application_form"), {"file": upload("form.pdf", PDF, "application/pdf")})
    client.post(f"/applications/{app.reference}/resubmit/", {})
    assert Application.objects.get(pk=app.pk).acceptance == "submitted"


def test_the_supplement_deadline_is_a_flagged_unconfirmed_parameter(db):
    from programs.models import PolicyParameter

    row_ = PolicyParameter.objects.get(key="deadline.supplement")
    assert row_.unit == "working_days" and not row_.confirmed


def test_the_api_return_keeps_its_missing_list(users):
    app = submitted(users, items=["dibao"], provided=["income_proof"])
    application_return(application=app, actor=users["clerk"], missing_materials=["income_proof"], reason="")
    app = Application.objects.get(pk=app.pk)
    assert app.missing_materials == ["income_proof"] and app.return_due_date is not None
    assert not row(app, "income_proof").provided


def test_the_admin_shows_an_uploaded_material_without_a_link_to_the_file(users, client):
    app = submitted(users)
    client.force_login(users["applicant"])
    client.post(upload_url(app, "income_proof"), {"file": upload()})
    admin = staff(Role.ADMIN, office_code="310000", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(f"/admin/intake/application/{app.pk}/change/")
    assert response.status_code == 200 and "收入证明.jpg" in response.content.decode()
    assert row(app, "income_proof").file.name not in response.content.decode()
