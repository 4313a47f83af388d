"""Decision notices as PDFs: Chinese text embedded, rare name characters drawn, IDs masked."""

import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont

from intake.models import Person
from notices.models import Notice
from notices.pdf import FONT_STACK, font_files, render_pdf
from notices.services import notice_render
from tests.factories import member, payload, well_off_members
from tests.flows import (
    case_approve,
    case_deny,
    case_of,
    case_propose_approval,
    end_publicity,
    run_to_review,
    submit,
)

RARE_NAMES = "王赟 张堃 刘喆 陈玥 李䶮 𠈌"


def _cmaps():
    maps = []
    for path in font_files().values():
        fonts = TTCollection(path, lazy=True).fonts if path.endswith(".ttc") else [TTFont(path, lazy=True)]
        maps.append(set(fonts[0].getBestCmap()))
    return maps


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return subprocess.run(
            ["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True
        ).stdout


def pdf_fonts(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return subprocess.run(["pdffonts", f.name], capture_output=True, text=True, check=True).stdout


def test_every_character_of_rare_names_has_a_glyph_in_the_font_stack():
    cmaps = _cmaps()
    uncovered = [ch for ch in RARE_NAMES.replace(" ", "") if not any(ord(ch) in cmap for cmap in cmaps)]
    assert uncovered == []


def test_rare_names_are_embedded_as_text_not_boxes():
    pdf = render_pdf(f"<html><body><h1>最低生活保障准予救助决定书</h1><p>{RARE_NAMES}</p></body></html>")
    text = pdf_text(pdf)
    for name in RARE_NAMES.split():
        assert name in text
    fonts = pdf_fonts(pdf)
    assert "WenQuanYi-Micro-Hei" in fonts  # body text
    assert "HanaMinA" in fonts  # the Extension-B character came from the fallback, embedded
    assert fonts.count(" yes yes yes ") >= 2  # embedded, subset, with a ToUnicode map


def _render(notice: Notice) -> tuple[bytes, str]:
    notice_render(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.READY
    pdf = Path(notice.file.path).read_bytes()
    return pdf, pdf_text(pdf)


def test_dibao_approval_notice_has_amount_members_and_masked_ids(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    members = [
        member("王赟", relation="self", incomes={"transfer": "500"}),
        member("李䶮", relation="spouse", female=True, employment="flexible", incomes={"wages": "1200"}),
    ]
    app = submit(users, payload(items=["dibao"], members=members))
    case = case_propose_approval(
        case=run_to_review(users, case_of(app, "dibao")), actor=users["reviewer_civil"]
    )
    case = case_approve(case=end_publicity(case), actor=users["approver"])
    pdf, text = _render(Notice.objects.get(case=case, kind=Notice.Kind.APPROVAL))
    assert pdf.startswith(b"%PDF-")
    assert "准予救助决定书" in text and app.reference in text
    assert "2470.00" in text  # (1650 × 2) − (500 + 1200 − 870 exempted)
    assert "王赟" in text and "李䶮" in text
    for person in Person.objects.filter(household=app.household):
        assert person.id_number_masked in text
        full = members[0]["id_number"] if person.name == "王赟" else members[1]["id_number"]
        assert full not in text


def test_dibao_denial_notice_gives_reasons_and_appeal_rights(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    app = submit(users, payload(items=["dibao"], members=well_off_members(), opt_in_low_income=False))
    case = case_deny(
        case=run_to_review(users, case_of(app, "dibao")), actor=users["reviewer_civil"], reason=""
    )
    _pdf, text = _render(Notice.objects.get(case=case, kind=Notice.Kind.DENIAL))
    flat = "".join(text.split())
    assert "不予救助决定书" in flat
    assert "人均月收入低于低保标准" in flat and "不符合" in flat
    assert "六十日内" in flat and "行政复议" in flat and "六个月内" in flat and "行政诉讼" in flat


def test_rendering_twice_keeps_one_file(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    app = submit(users, payload(items=["dibao"], members=well_off_members(), opt_in_low_income=False))
    case = case_deny(
        case=run_to_review(users, case_of(app, "dibao")), actor=users["reviewer_civil"], reason=""
    )
    notice = Notice.objects.get(case=case, kind=Notice.Kind.DENIAL)
    notice_render(notice_id=notice.pk)
    first = Notice.objects.get(pk=notice.pk).file.name
    notice_render(notice_id=notice.pk)
    assert Notice.objects.get(pk=notice.pk).file.name == first
    assert len(list(Path(tmp_path).rglob("*.pdf"))) == 1


@pytest.mark.parametrize("family", list(FONT_STACK))
def test_each_font_of_the_stack_is_installed(family):
    assert family in font_files()


def test_unknown_verification_code_is_404(client, db):
    assert client.get(f"/notices/verify/{uuid.uuid4()}/").status_code == 404


def test_notice_lists_the_members_of_this_application_only(users, settings, tmp_path):
    """A member who has left the household since an earlier application is not on the new decision."""
    import uuid as _uuid

    from intake.models import Channel
    from intake.services import application_accept, application_submit

    settings.MEDIA_ROOT = tmp_path
    members = [
        member("留下", relation="self", incomes={"transfer": "500"}),
        member("搬走", relation="sibling", incomes={"wages": "900"}, employment="employed"),
    ]
    first = submit(users, payload(items=["dibao"], members=members))
    # The first application is decided before the family applies again (one live dibao at a time).
    case_deny(
        case=run_to_review(users, case_of(first, "dibao")),
        actor=users["reviewer_civil"],
        reason="家庭成员已变化",
    )
    second = application_submit(
        payload=payload(items=["dibao"], members=[members[0]]),
        submitted_by=users["clerk"],
        channel=Channel.COUNTER,
        idempotency_key=_uuid.uuid4().hex,
        household=first.household,
    )
    application_accept(application=second, actor=users["clerk"])
    case = case_propose_approval(
        case=run_to_review(users, case_of(second, "dibao")), actor=users["reviewer_civil"]
    )
    case = case_approve(case=end_publicity(case), actor=users["approver"])
    _pdf, text = _render(Notice.objects.get(case=case, kind=Notice.Kind.APPROVAL))
    assert "留下" in text and "搬走" not in text


def test_a_notice_bears_the_beijing_date_of_the_decision_not_the_utc_one(users, settings, tmp_path, client):
    """Decided at 00:30 Beijing time on 10 June is 16:30 UTC on 9 June: the notice and the public
    verification page both say 10 June."""
    import datetime as dt

    from programs.models import ProgramCase

    settings.MEDIA_ROOT = tmp_path
    app = submit(users, payload(items=["dibao"], members=well_off_members()))
    case = run_to_review(users, case_of(app, "dibao"))
    case_deny(case=case, actor=users["reviewer_civil"], reason="收入超过标准")
    decided = dt.datetime(2026, 6, 9, 16, 30, tzinfo=dt.UTC)
    ProgramCase.objects.filter(pk=case.pk).update(decided_at=decided)
    notice = Notice.objects.get(case=case, kind=Notice.Kind.DENIAL)
    assert str(notice.issued_on) == "2026-06-10"
    _pdf, text = _render(notice)
    assert "2026年6月10日" in text and "2026年6月9日" not in text
    page = client.get(f"/notices/verify/{notice.verification_code}/").content.decode()
    assert "2026-06-10" in page
