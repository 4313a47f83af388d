"""Staff exports of case lists (PIPL): in-scope rows only, masked ID numbers, a purpose for every
export, a second person's confirmation above the threshold, one download within the window."""

import datetime as dt
import io
import json

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AuditEvent
from programs.models import ProgramCase
from programs.selectors import FULL, case_access
from reports.models import ExportRequest
from reports.selectors import cases_full_access_for_user
from tests.factories import payload, staff
from tests.flows import case_of, submit

PURPOSE = "复核第三季度低保待遇人员名单"


def request_export(client, *, purpose=PURPOSE, **filters):
    """Count first (as the page does), then submit with the count that was shown."""
    data = {"purpose": purpose, **filters}
    counted = client.post("/reports/exports/", {**data, "action": "count"})
    assert counted.status_code == 200, counted.content.decode()
    count = counted.context["count"]
    response = client.post("/reports/exports/", {**data, "action": "submit", "count": str(count)})
    assert response.status_code == 302, response.content.decode()
    return ExportRequest.objects.latest("pk")


def download(client, export):
    return client.post(f"/reports/exports/{export.pk}/download/")


def sheet_rows(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)], workbook


@pytest.fixture
def district(users):
    """Two dibao families in 长宁区 (one also asks for education aid) and one in 普陀区."""
    first_data = payload(items=["dibao", "edu_compulsory"])
    second_data = payload(items=["dibao"], hukou="310105001002", residence="310105001002")
    putuo_data = payload(items=["dibao"], hukou="310107001001", residence="310107001001")
    return {
        "first": submit(users, first_data),
        "second": submit(users, second_data),
        # Keyed in at a 普陀区 counter, so that no office of 长宁区 holds it in any way.
        "putuo": submit({"clerk": staff("clerk", office_code="310107001")}, putuo_data),
        "id_numbers": [m["id_number"] for d in (first_data, second_data, putuo_data) for m in d["members"]],
    }


def test_small_export_downloads_at_once_with_in_scope_rows_and_masked_ids(users, client, district):
    client.force_login(users["reviewer_civil"])
    page = client.get("/reports/exports/")
    assert page.status_code == 200 and "申请导出" in page.content.decode()

    counted = client.post("/reports/exports/", {"purpose": PURPOSE, "action": "count"})
    # Civil affairs of 长宁区 sees both dibao cases in full; the education case only as a status.
    assert "符合条件的记录：2 条" in counted.content.decode()
    export = request_export(client)
    assert export.status == "confirmed" and export.record_count == 2 and export.confirmed_by is None

    response = download(client, export)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == (
        f'attachment; filename="onewindow-export-{export.pk}-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    rows, workbook = sheet_rows(response)
    header, body = rows[0], rows[1:]
    assert header[0] == "受理编号" and header[-1] == "身份证号码（部分隐藏）"
    expected = {district["first"].reference, district["second"].reference}
    assert {row[0] for row in body} == expected
    for row in body:
        app = district["first"] if row[0] == district["first"].reference else district["second"]
        case = case_of(app, "dibao")
        assert row[1] == case.program.name and row[2] == case.program.department.name
        assert row[3] == case.state_label and row[5] is None  # not decided yet
        assert row[4].date() == timezone.localtime(app.submitted_at).date()
        assert row[8] == app.hukou_office.name
        assert row[9] == app.applicant.name
        assert row[10] == app.applicant.id_number_masked and "*" in row[10]
    # No full ID number anywhere in the workbook.
    cells = [str(v) for sheet in workbook.worksheets for r in sheet.iter_rows(values_only=True) for v in r]
    assert not any(number in cell for number in district["id_numbers"] for cell in cells)
    assert any(PURPOSE in cell for cell in cells)  # the 导出说明 sheet states the purpose

    export.refresh_from_db()
    assert export.status == "downloaded" and export.downloaded_count == 2
    again = download(client, export)
    assert again.status_code == 409 and "已下载过一次" in again.content.decode()


def test_filters_narrow_the_export_and_an_empty_scope_is_refused(users, client, district):
    client.force_login(users["reviewer_civil"])
    export = request_export(client, program="dibao", state="investigation", submitted_from="2020-01-01")
    assert export.record_count == 2 and export.filters()["program"] == "dibao"
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    data = {"purpose": PURPOSE, "submitted_to": yesterday}
    counted = client.post("/reports/exports/", {**data, "action": "count"})
    assert (
        "符合条件的记录：0 条" in counted.content.decode()
        and 'id="submit-export"' not in counted.content.decode()
    )
    refused = client.post("/reports/exports/", {**data, "action": "submit", "count": "0"})
    assert refused.status_code == 400 and "没有符合条件的记录" in refused.content.decode()
    # A count other than the one shown is not submitted: the new count is shown instead.
    stale = client.post("/reports/exports/", {"purpose": PURPOSE, "action": "submit", "count": "1"})
    assert stale.status_code == 200 and "记录数已变化" in stale.content.decode()
    assert ExportRequest.objects.count() == 1


@pytest.mark.parametrize(
    "username",
    ["reviewer_civil", "reviewer_edu", "reviewer_medical", "reviewer_justice", "approver", "district_head"],
)
def test_exported_cases_are_exactly_those_the_user_sees_in_full(users, username):
    submit(users, payload(items=["dibao", "edu_compulsory", "medical_inpatient", "legal_aid"]))
    submit(
        {"clerk": staff("clerk", office_code="310107001")},
        payload(items=["dibao", "legal_aid"], hukou="310107001001", residence="310107001001"),
    )
    user = users[username]
    exported = set(cases_full_access_for_user(user=user).values_list("pk", flat=True))
    full = {case.pk for case in ProgramCase.objects.all() if case_access(user=user, case=case) == FULL}
    assert exported == full


def test_large_export_needs_a_second_persons_confirmation(users, client, district, settings):
    settings.ONEWINDOW_EXPORT_CONFIRM_ABOVE = 1
    client.force_login(users["approver"])  # 华阳路街道, civil affairs
    counted = client.post("/reports/exports/", {"purpose": PURPOSE, "action": "count"})
    assert "超过 1 条" in counted.content.decode()
    export = request_export(client)
    assert export.status == "pending" and export.record_count == 2
    early = download(client, export)
    assert early.status_code == 409 and "尚待确认" in early.content.decode()
    # The requester holds reports.confirm_export, but never for their own request.
    own = client.post(f"/reports/exports/{export.pk}/decide/", {"action": "confirm"})
    assert own.status_code == 403 and "不能确认自己提出的导出申请" in own.content.decode()
    assert (
        f'data-export-id="{export.pk}"'
        not in client.get("/reports/exports/").content.decode().split('id="my-exports"')[0]
    )

    # The district head of civil affairs, whose office contains the street, confirms it.
    client.force_login(users["district_head"])
    waiting = client.get("/reports/exports/").content.decode()
    assert "待我确认" in waiting and f'data-export-id="{export.pk}"' in waiting and PURPOSE in waiting
    assert client.post(f"/reports/exports/{export.pk}/decide/", {"action": "confirm"}).status_code == 302
    export.refresh_from_db()
    assert export.status == "confirmed" and export.confirmed_by == users["district_head"]
    twice = client.post(f"/reports/exports/{export.pk}/decide/", {"action": "refuse", "reason": "不需要"})
    assert twice.status_code == 409 and "已处理" in twice.content.decode()

    client.force_login(users["approver"])
    response = download(client, export)
    assert response.status_code == 200
    rows, _workbook = sheet_rows(response)
    assert len(rows) == 3


def test_confirmer_of_another_department_or_outside_the_office_is_refused(users, client, district, settings):
    settings.ONEWINDOW_EXPORT_CONFIRM_ABOVE = 1
    client.force_login(users["reviewer_civil"])  # 长宁区, civil affairs
    export = request_export(client)
    assert export.status == "pending"
    reviewer_cannot = client.post(f"/reports/exports/{export.pk}/decide/", {"action": "confirm"})
    assert reviewer_cannot.status_code == 403  # no reports.confirm_export at all

    others = [
        users["approver"],  # civil affairs, but a street below the requester's district
        staff("approver", office_code="310105", department="education"),  # another department
        staff("approver", office_code="310107"),  # civil affairs of another district
    ]
    for other in others:
        client.force_login(other)
        assert f'data-export-id="{export.pk}"' not in client.get("/reports/exports/").content.decode()
        response = client.post(f"/reports/exports/{export.pk}/decide/", {"action": "confirm"})
        assert response.status_code == 403
        assert "只有申请人所在部门、所在机构或其上级机构有确认权限的人员" in response.content.decode()
    export.refresh_from_db()
    assert export.status == "pending" and export.confirmed_by is None
    refused_attempts = AuditEvent.objects.filter(code="reports.export.confirm_not_permitted", success=False)
    assert refused_attempts.count() == 3

    # A confirmer at the city, of civil affairs, may.
    city = staff("approver", office_code="310000")
    client.force_login(city)
    assert client.post(f"/reports/exports/{export.pk}/decide/", {"action": "confirm"}).status_code == 302


def test_refusal_needs_a_reason_and_blocks_the_download(users, client, district, settings):
    settings.ONEWINDOW_EXPORT_CONFIRM_ABOVE = 0
    client.force_login(users["approver"])
    export = request_export(client)
    client.force_login(users["district_head"])
    no_reason = client.post(f"/reports/exports/{export.pk}/decide/", {"action": "refuse", "reason": " "})
    assert no_reason.status_code == 400 and "须填写理由" in no_reason.content.decode()
    response = client.post(
        f"/reports/exports/{export.pk}/decide/", {"action": "refuse", "reason": "用途不明确"}
    )
    assert response.status_code == 302
    export.refresh_from_db()
    assert export.status == "refused" and export.refusal_reason == "用途不明确"
    client.force_login(users["approver"])
    assert "用途不明确" in client.get("/reports/exports/").content.decode()
    blocked = download(client, export)
    assert blocked.status_code == 409 and "已被拒绝" in blocked.content.decode()


@pytest.mark.parametrize("username", ["applicant", "clerk", "advisor", "investigator", "admin", "auditor"])
def test_users_without_the_permission_get_403_and_no_link(users, client, district, username):
    client.force_login(users["reviewer_civil"])
    export = request_export(client)
    client.force_login(users[username])
    assert client.get("/reports/exports/").status_code == 403
    assert client.post("/reports/exports/", {"purpose": PURPOSE, "action": "count"}).status_code == 403
    assert download(client, export).status_code == 403
    assert client.post(f"/reports/exports/{export.pk}/decide/", {"action": "confirm"}).status_code == 403
    home = "/applications/" if username == "applicant" else "/work/"
    page = client.get(home)
    if page.status_code == 200:
        assert "/reports/exports/" not in page.content.decode()
    export.refresh_from_db()
    assert export.status == "confirmed"


def test_staff_with_the_permission_see_the_link(users, client):
    client.force_login(users["reviewer_civil"])
    assert 'href="/reports/exports/"' in client.get("/work/").content.decode()


def test_another_user_cannot_download_or_see_someones_export(users, client, district):
    client.force_login(users["reviewer_civil"])
    export = request_export(client)
    for other in ("district_head", "reviewer_edu", "approver"):
        client.force_login(users[other])
        assert download(client, export).status_code == 404
        assert PURPOSE not in client.get("/reports/exports/").content.decode()
    export.refresh_from_db()
    assert export.status == "confirmed"


def test_download_after_expiry_is_refused(users, client, district, settings):
    settings.ONEWINDOW_EXPORT_DOWNLOAD_HOURS = 24
    client.force_login(users["reviewer_civil"])
    export = request_export(client)
    ExportRequest.objects.filter(pk=export.pk).update(confirmed_at=timezone.now() - dt.timedelta(hours=25))
    response = download(client, export)
    assert response.status_code == 410 and "已过期" in response.content.decode()
    export.refresh_from_db()
    assert export.status == "expired"
    assert AuditEvent.objects.filter(code="reports.export.download_refused", success=False).exists()
    assert not AuditEvent.objects.filter(code="reports.export.downloaded").exists()


def test_a_request_not_confirmed_in_time_expires(users, client, district, settings):
    settings.ONEWINDOW_EXPORT_CONFIRM_ABOVE = 1
    client.force_login(users["approver"])
    export = request_export(client)
    ExportRequest.objects.filter(pk=export.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    client.force_login(users["district_head"])
    response = client.post(f"/reports/exports/{export.pk}/decide/", {"action": "confirm"})
    assert response.status_code == 410 and "已过期" in response.content.decode()
    export.refresh_from_db()
    assert export.confirmed_by is None


def test_revoked_access_is_honoured_at_download(users, client, district):
    """The cases are those counted when requested; the download keeps only those the requester
    may still see in full."""
    reviewer = staff("reviewer", office_code="310105001")  # 华阳路街道: both 长宁 families
    client.force_login(reviewer)
    export = request_export(client)
    assert export.record_count == 2
    reviewer.office = users["district_head"].office.children.get(code="310105002")  # moved street
    reviewer.save()
    response = download(client, export)
    rows, _workbook = sheet_rows(response)
    assert len(rows) == 1  # the header only
    export.refresh_from_db()
    assert export.downloaded_count == 0


def test_every_step_is_audited_with_purpose_count_and_filters_but_no_personal_data(
    users, client, district, settings
):
    settings.ONEWINDOW_EXPORT_CONFIRM_ABOVE = 1
    client.force_login(users["approver"])
    export = request_export(client, program="dibao", submitted_from="2020-01-01")
    client.force_login(users["district_head"])
    client.post(f"/reports/exports/{export.pk}/decide/", {"action": "confirm"})
    client.force_login(users["approver"])
    assert download(client, export).status_code == 200

    events = AuditEvent.objects.filter(object_type="reports.exportrequest", object_id=str(export.pk))
    by_code = {e.code: e for e in events}
    assert set(by_code) == {
        "reports.export.requested",
        "reports.export.confirmed",
        "reports.export.downloaded",
    }
    assert by_code["reports.export.requested"].actor == users["approver"]
    assert by_code["reports.export.confirmed"].actor == users["district_head"]
    for event in by_code.values():
        assert event.data["purpose"] == PURPOSE and event.data["record_count"] == 2
        assert event.data["filters"] == {
            "program": "dibao",
            "state": "",
            "submitted_from": "2020-01-01",
            "submitted_to": "",
        }
    assert by_code["reports.export.downloaded"].data["downloaded_count"] == 2
    dumped = json.dumps([e.data for e in events], ensure_ascii=False)
    for app in (district["first"], district["second"]):
        assert app.applicant.name not in dumped and app.applicant.id_number_masked not in dumped
    assert not any(number in dumped for number in district["id_numbers"])


def test_missing_purpose_is_a_form_error_with_the_typed_values_kept(users, client, district):
    client.force_login(users["reviewer_civil"])
    response = client.post(
        "/reports/exports/",
        {
            "purpose": "  ",
            "program": "dibao",
            "state": "investigation",
            "submitted_from": "2026-01-01",
            "submitted_to": "2026-12-31",
            "action": "submit",
            "count": "2",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "请说明导出用途" in page
    assert '<option value="dibao" selected>' in page and '<option value="investigation" selected>' in page
    assert 'value="2026-01-01"' in page and 'value="2026-12-31"' in page
    assert ExportRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ({"submitted_from": "2026-13-45"}, "请按“年-月-日”填写日期"),
        ({"submitted_to": "昨天"}, "请按“年-月-日”填写日期"),
        ({"submitted_from": "2026-03-01", "submitted_to": "2026-02-01"}, "截止日期不能早于起始日期"),
        ({"program": "no-such-item"}, "请从列表中选择事项"),
    ],
)
def test_bad_filters_are_form_errors(users, client, dates, message):
    client.force_login(users["reviewer_civil"])
    response = client.post("/reports/exports/", {"purpose": PURPOSE, "action": "count", **dates})
    assert response.status_code == 400 and message in response.content.decode()
    assert f">{PURPOSE}</textarea>" in response.content.decode()


def test_download_is_a_post(users, client, district):
    client.force_login(users["reviewer_civil"])
    export = request_export(client)
    assert client.get(f"/reports/exports/{export.pk}/download/").status_code == 405
