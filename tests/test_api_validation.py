"""Bad input gets clear field errors keyed by path, in Chinese, and creates nothing."""

import pytest

from accounts.snapshot import config_changed
from intake.models import Application, Household
from programs.registry import FAMILIES
from tests.api_helpers import submit
from tests.factories import member, payload


def errors_for(client, data) -> dict:
    response = submit(client, data)
    assert response.status_code == 400, response.content
    assert Application.objects.count() == 0 and Household.objects.count() == 0
    return response.json()["errors"]


def test_invalid_id_number_checksum(users, api):
    data = payload(items=["dibao"])
    data["members"][0]["id_number"] = "130402198207290622"
    errors = errors_for(api(users["applicant"]), data)
    assert errors == {"members.0.id_number": "身份证号码校验位不正确，请核对后重新输入。"}


@pytest.mark.parametrize(
    "value,message",
    [
        ("11010519491231002", "18位"),
        ("110105194913310028", "出生日期"),
    ],
)
def test_malformed_id_numbers(users, api, value, message):
    data = payload(items=["dibao"])
    data["members"][1]["id_number"] = value
    assert message in errors_for(api(users["applicant"]), data)["members.1.id_number"]


def test_missing_required_fields_are_all_reported_at_once(users, api):
    data = payload(items=[])
    data["members"][0]["name"] = ""
    data["household"]["address"] = ""
    data["consent_economic_check"] = False
    errors = errors_for(api(users["applicant"]), data)
    assert set(errors) == {"members.0.name", "household.address", "items", "consent_economic_check"}
    assert errors["consent_economic_check"] == "申请社会救助须同意授权核对家庭经济状况。"


@pytest.mark.parametrize(
    "amount,message", [("-5", "负数"), ("abc", "数字"), ("99999999999", "合理范围"), ("12.345", "两位小数")]
)
def test_out_of_range_incomes(users, api, amount, message):
    data = payload(items=["dibao"])
    data["members"][0]["incomes"] = {"wages": amount}
    errors = errors_for(api(users["applicant"]), data)
    assert message in errors["members.0.incomes.wages"]


def test_household_needs_exactly_one_applicant(users, api):
    data = payload(items=["dibao"], members=[member("甲", relation="spouse"), member("乙", relation="child")])
    assert "本人" in errors_for(api(users["applicant"]), data)["members"]


def test_items_opening_soon_cannot_be_applied_for(users, api):
    """Every item runs a workflow today; one whose family is not registered is never faked."""
    from programs.models import Program

    assert not Program.objects.exclude(family__in=list(FAMILIES)).exists()
    Program.objects.filter(code="union_hardship").update(family="opening_soon")
    config_changed()  # an update() sends no signal (accounts.snapshot)
    errors = errors_for(api(users["applicant"]), payload(items=["union_hardship"]))
    assert "即将开通" in errors["items"]


def test_duplicate_member_id_numbers(users, api):
    data = payload(items=["dibao"])
    data["members"][1]["id_number"] = data["members"][0]["id_number"]
    assert "重复" in errors_for(api(users["applicant"]), data)["members.1.id_number"]


def test_unknown_office_code(users, api):
    data = payload(items=["dibao"], hukou="999999999999")
    assert "不存在" in errors_for(api(users["applicant"]), data)["household.hukou_office"]
