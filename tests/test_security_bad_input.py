"""Bad input is a 4xx in one documented shape (RFC 9457), never a 500; a 500 that still
happens carries a request id that is in the log."""

import json
import logging

import pytest

from tests.api_helpers import submit
from tests.factories import payload
from tests.flows import to_state

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == status
    return body


def _raw(client, url, body: str, content_type="application/json"):
    return client.post(url, body, content_type=content_type, HTTP_IDEMPOTENCY_KEY="k-raw")


@pytest.fixture
def applicant(users, api):
    return api(users["applicant"])


def _with(**changes):
    data = payload(items=["dibao"])
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "data,path",
    [
        (_with(members="三个人"), "members"),
        (_with(members={"name": "x"}), "members"),
        (_with(members=3), "members"),
        (_with(members=["not a member"]), "members.0"),
        (_with(household=["长宁区"]), "household"),
        (_with(household="长宁区"), "household"),
        (_with(items="dibao"), "items"),
        (_with(items={"dibao": True}), "items"),
        (_with(materials_provided="id_card"), "materials_provided"),
    ],
)
def test_a_section_of_the_wrong_json_type_is_a_400_naming_it(applicant, data, path):
    body = assert_problem(submit(applicant, data), 400)
    assert path in body["errors"]


def test_money_of_the_wrong_json_type_is_a_400(applicant):
    data = payload(items=["dibao"])
    data["members"][0]["incomes"] = ["500"]
    data["members"][1]["relation"] = ["self"]
    body = assert_problem(submit(applicant, data), 400)
    assert "members.0.incomes" in body["errors"] and "members.1.relation" in body["errors"]


@pytest.mark.parametrize("text", ["王\u0000五", "\u0000"])
def test_a_nul_character_in_any_text_field_is_a_400(applicant, text):
    data = payload(items=["dibao"])
    data["members"][0]["name"] = text
    assert_problem(submit(applicant, data), 400)
    data = payload(items=["dibao"], note=text)
    assert_problem(submit(applicant, data), 400)


def test_a_lone_surrogate_in_a_text_field_is_a_400(applicant):
    body = json.dumps({**payload(items=["dibao"]), "note": "X"}).replace('"note"', '"note\\ud800"', 1)
    assert_problem(_raw(applicant, "/api/v1/applications/", body), 400)
    body = json.dumps({**payload(items=["dibao"]), "note": "X"}).replace('"X"', '"\\udfff"')
    assert_problem(_raw(applicant, "/api/v1/applications/", body), 400)


def test_malformed_json_and_a_json_array_are_400(applicant):
    assert_problem(_raw(applicant, "/api/v1/applications/", "{not json"), 400)
    assert_problem(_raw(applicant, "/api/v1/applications/", "[1, 2]"), 400)


def test_a_form_encoded_submit_is_a_415(applicant):
    response = applicant.post(
        "/api/v1/applications/", {"items": "dibao"}, format="multipart", HTTP_IDEMPOTENCY_KEY="k-form"
    )
    assert_problem(response, 415)


@pytest.mark.parametrize(
    "url", ["/api/v1/applications/%00/", "/api/v1/work-items/?page=%00", "/api/v1/cases/1/?x=%00"]
)
def test_a_nul_in_an_api_url_or_query_is_a_400(users, api, url):
    assert_problem(api(users["reviewer_civil"]).get(url), 400)


@pytest.mark.parametrize(
    "url", ["/applications/%00/", "/office/applications/?q=%00", "/office/applications/?q=%ED%A0%80"]
)
def test_a_nul_or_broken_unicode_in_a_page_url_or_search_is_a_4xx(users, client, url):
    client.force_login(users["clerk"])
    response = client.get(url)
    assert 400 <= response.status_code < 500 or response.status_code == 200
    assert response.status_code != 500


def test_a_nul_in_a_web_form_field_is_a_400_page(users, client):
    client.force_login(users["applicant"])
    response = client.post(
        "/apply/household/", {"action": "next", "address": "长宁\x00路", "member_count": "1"}
    )
    assert response.status_code == 400 and "不允许的字符" in response.content.decode()


def test_a_tampered_member_count_loses_nothing_typed(users, client):
    client.force_login(users["applicant"])
    post = {
        "action": "add_member",
        "member_count": "abc",
        "address": "长宁区华阳路 1 号",
        "m0-name": "王秀英",
    }
    response = client.post("/apply/household/", post)
    assert response.status_code in (200, 302)
    page = client.get("/apply/household/").content.decode()
    assert "王秀英" in page and "长宁区华阳路 1 号" in page


@pytest.mark.parametrize(
    "raw", ['"NaN"', '"Infinity"', '"-Infinity"', '"1e999999"', "NaN", "Infinity", "1e999999"]
)
def test_nan_infinity_or_a_huge_number_as_a_verified_figure_is_a_400(users, api, raw):
    case = to_state(users, "dibao", "verification")
    body = '{"action": "verify", "figures": {"income_counted": RAW}}'.replace("RAW", raw)
    response = api(users["reviewer_civil"]).post(
        f"/api/v1/cases/{case.pk}/transitions/", body, content_type="application/json"
    )
    assert_problem(response, 400)


def test_an_action_of_another_family_is_a_400_not_a_key_error(users, api):
    case = to_state(users, "medical_inpatient", "review")
    response = api(users["reviewer_medical"]).post(
        f"/api/v1/cases/{case.pk}/transitions/", {"action": "propose_approval"}, format="json"
    )
    body = assert_problem(response, 400)
    assert "propose_approval" in body["detail"]


def test_unknown_api_urls_and_wrong_methods_answer_in_the_same_shape(users, api):
    client = api(users["reviewer_civil"])
    assert_problem(client.get("/api/v1/no-such-thing/"), 404)
    assert_problem(client.delete("/api/v1/catalogue/"), 405)
    assert_problem(client.get("/api/v1/cases/999999/"), 404)
    assert_problem(api().get("/api/v1/work-items/"), 401)


def test_validation_errors_are_keyed_by_field_path_in_the_request_language(applicant):
    data = payload(items=["dibao"])
    data["members"][0]["id_number"] = "130402198207290622"
    zh = assert_problem(submit(applicant, data), 400)
    assert "members.0.id_number" in zh["errors"] and zh["title"] == "请求内容有误"
    en = applicant.post(
        "/api/v1/applications/", data, format="json", HTTP_IDEMPOTENCY_KEY="k-en", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert en["title"] != "请求内容有误" and "check digit" in en["errors"]["members.0.id_number"]


def test_a_500_that_still_happens_has_a_request_id_that_is_in_the_log(
    users, api, client, monkeypatch, caplog
):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("programs.api.case_get_for_user", broken)
    monkeypatch.setattr("programs.views.case_get_for_user", broken)
    with caplog.at_level(logging.ERROR):
        response = api(users["reviewer_civil"]).get("/api/v1/cases/1/")
    body = assert_problem(response, 500)
    assert body["request_id"] and body["request_id"] == response["X-Request-ID"]
    assert any(
        body["request_id"] in record.getMessage() or getattr(record, "request_id", "") == body["request_id"]
        for record in caplog.records
    )
    assert "boom" not in response.content.decode()
    client.raise_request_exception = False
    client.force_login(users["reviewer_civil"])
    page = client.get("/work/cases/1/")
    assert page.status_code == 500 and page["X-Request-ID"] in page.content.decode()
