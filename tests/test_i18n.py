"""Chinese first, English available."""


def test_pages_default_to_simplified_chinese(client, db):
    response = client.get("/accounts/login/")
    assert response.headers["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


def test_english_is_available(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert "Log in" in page and "Social assistance — one form, one window" in page


def test_validation_messages_are_translated(users, client):
    from tests.factories import payload
    from tests.web_helpers import household_post

    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    data["members"][0]["id_number"] = "130402198207290622"
    page = client.post("/apply/household/", household_post(data), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "check digit is wrong" in page


def test_catalogue_names_follow_the_language(users, client):
    client.force_login(users["applicant"])
    english = client.get("/apply/items/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Minimum living allowance (dibao)" in english and "Medical Security" in english
    chinese = client.get("/apply/items/").content.decode()
    assert "最低生活保障家庭生活救助" in chinese


def test_item_place_and_condition_follow_the_language(db):
    from django.utils import translation

    from programs.models import Program

    legal_aid = Program.objects.get(code="legal_aid")
    with translation.override("en"):
        assert legal_aid.display_apply_at.startswith("Legal aid centre")
        assert "exempt from the economic check" in legal_aid.display_precondition_text
    with translation.override("zh-hans"):
        assert legal_aid.display_apply_at == "法律援助中心（网上预申请后现场核验原件）"
    # Every place and condition of the catalogue has its English.
    for program in Program.objects.all():
        assert program.apply_at_en, program.code
        assert bool(program.precondition_text) == bool(program.precondition_text_en), program.code


def test_system_reasons_are_shown_in_the_readers_language_and_persons_words_as_written():
    from django.utils import translation

    from programs.transition import reason_shown

    with translation.override("en"):
        assert reason_shown("两名调查人员均已签字确认") == "Both investigators signed"
        assert reason_shown("窗口受理") == "Counter acceptance"
        assert reason_shown("公示期满") == "Public notice period ended"
        assert reason_shown("评审会议通过") == "评审会议通过"  # a reviewer's note stays as written
    with translation.override("zh-hans"):
        assert reason_shown("两名调查人员均已签字确认") == "两名调查人员均已签字确认"


def test_a_trace_is_recorded_in_chinese_and_read_in_english(db):
    """Needs the msgids of var/translations-english.json merged into the English catalogue."""
    from django.utils import translation
    from django.utils.translation import gettext_lazy as _

    from programs.assessment import Assessment
    from programs.trace import trace_shown

    result = Assessment(figures={})
    with translation.override("en"):  # the reviewer works in English: the record is still Chinese
        result.check(
            "income_below_dibao_standard",
            _("人均月收入低于低保标准"),
            True,
            _("人均月收入 %(income)s 元，低保标准 %(standard)s 元"),
            income="276.67",
            standard="1650",
        )
        shown = trace_shown(result.trace)[0]
    assert result.trace[0]["label"] == "人均月收入低于低保标准"
    assert result.trace[0]["detail"] == "人均月收入 276.67 元，低保标准 1650 元"
    assert shown["label"] == "Monthly income per person below the dibao standard"
    assert shown["detail"] == "Monthly income per person 276.67 yuan; dibao standard 1650 yuan"
    # A record written before the wording was kept: the label translated, its figures as recorded.
    old = {"rule": "x", "label": "人均月收入低于低保标准", "passed": False, "detail": "人均月收入 9 元"}
    with translation.override("en"):
        assert trace_shown([old])[0] == {**old, "label": "Monthly income per person below the dibao standard"}


def test_the_status_page_history_shows_system_reasons_in_the_readers_language(users, client):
    from tests.factories import payload
    from tests.flows import submit

    app = submit(users, payload(items=["dibao"]), accept=True)
    client.force_login(users["clerk"])
    english = client.get(f"/applications/{app.reference}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Counter acceptance" in english and "窗口受理" not in english
    chinese = client.get(f"/applications/{app.reference}/").content.decode()
    assert "窗口受理" in chinese
