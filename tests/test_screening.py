"""The screener (智能引导): the families' own rules on what a family typed, on a chosen day."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from programs.screening import ScreeningMember as M
from programs.screening import screen_today

URL = "/api/v1/screening/"


def _post(body, client=None):
    return (client or APIClient()).post(URL, body, format="json")


def _item(response, code):
    return next(i for i in response.json()["items"] if i["code"] == code)


@pytest.mark.django_db
def test_anyone_may_screen_and_the_standard_is_the_one_in_force_on_the_day(world):
    body = {
        "on": "2024-08-01",
        "members": [
            {
                "age": 45,
                "relation": "self",
                "employment_status": "unemployed",
                "incomes": {"transfer": "300"},
            },
            {"age": 12, "relation": "child", "employment_status": "student", "school_stage": "compulsory"},
        ],
    }
    response = _post(body)
    assert response.status_code == 200, response.content
    dibao = _item(response, "dibao")
    assert dibao["outcome"] == "likely"
    # 2024-08-01: the standard of 2024-07-01 (1,595), not today's 1,650: (1595 × 2) − 300 = 2890
    assert dibao["parameters"]["dibao.standard"]["value"] == "1595"
    assert Decimal(dibao["estimated_monthly_amount"]) == Decimal("2890.00")
    assert any("1595" in step["detail"] for step in dibao["trace"])
    # A serial item waits for the status the family is likely to get.
    edu = _item(response, "edu_compulsory")
    assert edu["outcome"] == "depends"
    assert "dibao" in edu["depends_on"]
    # 2025-08-01: the standard of 2025-07-01.
    later = _item(_post({**body, "on": "2025-08-01"}), "dibao")
    assert later["parameters"]["dibao.standard"]["value"] == "1650"
    assert Decimal(later["estimated_monthly_amount"]) == Decimal("3000.00")


@pytest.mark.django_db
def test_a_well_off_household_is_told_which_condition_fails_and_serial_items_are_not_likely(world):
    response = _post(
        {
            "members": [
                {"age": 40, "relation": "self", "employment_status": "employed", "incomes": {"wages": "9000"}}
            ]
        }
    )
    dibao = _item(response, "dibao")
    assert dibao["outcome"] == "not_likely"
    assert dibao["estimated_monthly_amount"] is None
    failed = [s for s in dibao["trace"] if not s["passed"]]
    assert [s["rule"] for s in failed] == ["income_below_dibao_standard"]
    assert _item(response, "medical_inpatient")["outcome"] == "not_likely"


@pytest.mark.django_db
def test_bad_input_is_a_problem_naming_the_field(world):
    response = _post({"members": [{"relation": "self"}]})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "age" in response.content.decode()
    assert _post({"members": []}).status_code == 400
    # A day before any standard was in force: a clear 400 on `on`, never a 500.
    early = _post({"on": "1990-01-01", "members": [{"age": 40}]})
    assert early.status_code == 400 and "on" in early.content.decode()


@pytest.mark.django_db
def test_a_held_status_makes_the_serial_item_likely_and_waives_the_legal_aid_check(world):
    members = [M(age=50, relation="self", employment="employed", incomes={"wages": Decimal("6000")})]
    plain = {r.program.code: r for r in screen_today(members)}
    assert plain["legal_aid"].outcome == "not_likely"
    held = {r.program.code: r for r in screen_today(members, statuses=["low_income"])}
    assert held["medical_insurance_subsidy"].outcome == "likely"
    assert held["legal_aid"].outcome == "likely"
    assert any(s["rule"] == "economic_hardship_waived" for s in held["legal_aid"].trace)
