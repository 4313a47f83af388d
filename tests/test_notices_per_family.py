"""Each family's notices say only what happened in its workflow and name the deciding office."""

from pathlib import Path

from notices.models import Notice
from notices.services import notice_render
from tests.flows import act, case_of, case_propose_approval, end_publicity, refresh, run_to_review, to_state
from tests.test_pdf_notices import pdf_text


def _text(case, kind):
    notice = Notice.objects.get(case=case, kind=kind)
    notice_render(notice_id=notice.pk)
    notice.refresh_from_db()
    return "".join(pdf_text(Path(notice.file.path).read_bytes()).split())


MEANS_TEST_WORDS = ("入户调查", "公示", "家庭经济状况核对")


def test_education_approval_names_the_education_bureau_and_no_means_test(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = to_state(users, "edu_compulsory", "bureau_review")
    act(case, users["reviewer_edu"], "approve", note="同意资助", amount="1500.00")
    text = _text(refresh(case), "approval")
    assert not [word for word in MEANS_TEST_WORDS if word in text]
    assert "长宁区教育局" in text and "华阳路街道" not in text
    assert "1500.00" in text


def test_medical_approval_names_the_medical_security_department(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = to_state(users, "medical_inpatient", "review")
    act(case, users["reviewer_medical"], "approve", amount="3200.50")
    text = _text(refresh(case), "approval")
    assert not [word for word in MEANS_TEST_WORDS if word in text]
    assert "长宁区医疗保障局" in text and "3200.50" in text


def test_dibao_approval_states_the_amount_and_the_street_decides(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = to_state(users, "dibao", "decision")
    act(case, users["approver"], "approve", note="公示无异议")
    text = _text(refresh(case), "approval")
    assert "4120.00" in text and "每月" in text
    assert "入户调查" in text and "公示" in text
    assert "华阳路街道办事处" in text


def test_a_computed_amount_cannot_be_typed_in(users, api):
    case = to_state(users, "dibao", "decision")
    response = api(users["approver"]).post(
        f"/api/v1/cases/{case.pk}/transitions/", {"action": "approve", "amount": "9999"}, format="json"
    )
    assert response.status_code == 400 and "自动计算" in response.json()["detail"]
    assert refresh(case).state == "decision"


def test_legal_aid_notice_comes_from_the_legal_aid_centre(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = to_state(users, "legal_aid", "lawyer_assignment")
    text = _text(case, "approval")
    assert "准予法律援助决定书" in text and "长宁区法律援助中心" in text
    assert "劳动报酬纠纷" in text


def test_precondition_notice_names_the_department_of_the_item(users, settings, tmp_path):
    from tests.factories import payload, well_off_members

    settings.MEDIA_ROOT = tmp_path
    from tests.flows import case_deny, submit

    app = submit(users, payload(items=["dibao", "edu_compulsory"], members=well_off_members()))
    case_deny(case=run_to_review(users, case_of(app, "dibao")), actor=users["reviewer_civil"])
    text = _text(case_of(app, "edu_compulsory"), "precondition")
    assert "长宁区教育局" in text and "低保" in text


__all__ = ["case_propose_approval", "end_publicity"]
