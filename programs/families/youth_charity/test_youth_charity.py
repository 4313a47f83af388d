"""“爱心上海”青春公益集中行动 (S000 §(十四)): not an application. The family's consent on the
form becomes a referral; the agency of its district nominates it (and young people it found),
the district league approves and stamps the list, the city league files it, the help delivered
ends the referral with a notice."""

from django.utils import timezone

from accounts.models import AuditEvent, Office
from notices.models import Notice
from programs.models import ProgramCase
from programs.notice_text import notice_wording
from tests.api_helpers import submit
from tests.factories import payload, staff
from tests.flows import case_of, online, refresh

from .demo import seed
from .flows import answers
from .models import DistrictList

CODE = "youth_charity"
YEAR = timezone.localdate().year


def _campaign(api, users, places=2):
    body = {
        "year": YEAR,
        "theme": "青春公益",
        "funds_raised": "100000",
        "quotas": [{"district": "310105", "places": places}, {"district": "310107", "places": 1}],
    }
    response = api(users["youth_city"]).post("/api/v1/youth/lists/", body, format="json")
    assert response.status_code == 201, response.content
    return response


def test_a_campaign_list_is_nominated_approved_stamped_filed_and_delivered(users, api):
    case = case_of(online(users, payload(items=[CODE], item_answers={CODE: answers()})), CODE)
    assert case.state == "yc_referred"
    # Only the city league opens a campaign.
    assert api(users["youth_district"]).post("/api/v1/youth/lists/", {}, format="json").status_code in (
        400,
        403,
    )
    _campaign(api, users)
    agency = api(users["youth_agency"])
    referrals = agency.get("/api/v1/youth/referrals/").json()
    assert [r["case"] for r in referrals] == [case.pk] and referrals[0]["young_members"] == ["李小测"]
    nominated = agency.post(
        f"/api/v1/youth/campaigns/{YEAR}/nominations/",
        {"case": case.pk, "help_kind": "education_pack"},
        format="json",
    )
    assert nominated.status_code == 201, nominated.content
    assert refresh(case).state == "yc_nominated"
    found = agency.post(
        f"/api/v1/youth/campaigns/{YEAR}/nominations/",
        {
            "name": "周小航",
            "age": 13,
            "situation": "随祖母生活",
            "help_kind": "micro_wish",
            "wish": "一个书包",
        },
        format="json",
    )
    assert found.status_code == 201
    # The quota (2) is full.
    full = agency.post(
        f"/api/v1/youth/campaigns/{YEAR}/nominations/",
        {"name": "甲", "age": 9, "help_kind": "gift_pack"},
        format="json",
    )
    assert full.status_code == 400 and "已满" in str(full.json())
    # Not approved before it is submitted; submitted by the agency; approved by 长宁's league only.
    assert (
        api(users["youth_district"]).post(f"/api/v1/youth/campaigns/{YEAR}/lists/310105/approve/").status_code
        == 400
    )
    assert agency.post(f"/api/v1/youth/campaigns/{YEAR}/submit/").status_code == 200
    putuo_league = staff("approver", office_code="310107", department="youth_league")
    assert api(putuo_league).post(f"/api/v1/youth/campaigns/{YEAR}/lists/310105/approve/").status_code == 403
    assert (
        api(users["approver_district"])
        .post(f"/api/v1/youth/campaigns/{YEAR}/lists/310105/approve/")
        .status_code
        == 403
    )
    approved = (
        api(users["youth_district"]).post(f"/api/v1/youth/campaigns/{YEAR}/lists/310105/approve/").json()
    )
    assert approved["status"] == "approved" and approved["stamp"] == "共青团上海市长宁区委员会（盖章）"
    assert refresh(case).state == "yc_listed"
    # Filed with the city league (not by the district).
    assert (
        api(users["youth_district"]).post(f"/api/v1/youth/campaigns/{YEAR}/lists/310105/file/").status_code
        == 403
    )
    filed = api(users["youth_city"]).post(f"/api/v1/youth/campaigns/{YEAR}/lists/310105/file/").json()
    assert filed["status"] == "filed"
    # The agency records each help delivered; the referral ends approved with its notice.
    today = timezone.localdate().isoformat()
    for nomination in filed["nominations"]:
        response = agency.post(
            f"/api/v1/youth/nominations/{nomination['id']}/delivery/", {"delivered_on": today}, format="json"
        )
        assert response.status_code == 200
    again = agency.post(
        f"/api/v1/youth/nominations/{nomination['id']}/delivery/", {"delivered_on": today}, format="json"
    )
    assert again.status_code == 400
    case = ProgramCase.objects.get(pk=case.pk)
    assert case.state == "approved" and case.decided_office.code == "310105"
    assert Notice.objects.filter(case=case, kind="approval").exists()
    wording = notice_wording(case)
    assert (
        wording["issuer"] == "共青团上海市长宁区委员会"
        and dict(wording["approval_facts"])["帮扶内容"] == "教育礼包"
    )
    codes = set(AuditEvent.objects.filter(code__startswith="youth_charity.").values_list("code", flat=True))
    assert codes >= {
        "youth_charity.campaign.created",
        "youth_charity.nomination.added",
        "youth_charity.list.submitted",
        "youth_charity.list.approved",
        "youth_charity.list.filed",
        "youth_charity.help.delivered",
    }


def test_another_districts_agency_department_or_applicant_cannot_see_or_nominate(users, api):
    case = case_of(online(users, payload(items=[CODE], item_answers={CODE: answers()})), CODE)
    _campaign(api, users)
    putuo_agency_office = Office.objects.create(
        code="310107910001",
        name="阳光社区青少年事务中心普陀工作站",
        level=Office.Level.UNIT,
        parent=Office.objects.get(code="310107"),
    )
    putuo_agency = staff("investigator", office_code=putuo_agency_office.code, department="youth_league")
    assert api(putuo_agency).get("/api/v1/youth/referrals/").json() == []
    refused = api(putuo_agency).post(
        f"/api/v1/youth/campaigns/{YEAR}/nominations/",
        {"case": case.pk, "help_kind": "gift_pack"},
        format="json",
    )
    assert refused.status_code == 400 and refresh(case).state == "yc_referred"
    for wrong in (users["investigator"], users["applicant"], users["reviewer_civil"]):
        assert api(wrong).get("/api/v1/youth/referrals/").status_code == 403
        response = api(wrong).post(
            f"/api/v1/youth/campaigns/{YEAR}/nominations/",
            {"case": case.pk, "help_kind": "gift_pack"},
            format="json",
        )
        assert response.status_code == 403


def test_bad_input_is_a_clear_400_never_a_500(users, api):
    _campaign(api, users)
    agency = api(users["youth_agency"])
    for body in (
        {},
        {"help_kind": "cash"},
        {"help_kind": "micro_wish", "name": "甲", "age": 8},
        {"help_kind": "gift_pack", "case": 999999},
    ):
        assert (
            agency.post(f"/api/v1/youth/campaigns/{YEAR}/nominations/", body, format="json").status_code
            == 400
        ), body
    assert agency.post(
        "/api/v1/youth/campaigns/1999/nominations/", {"help_kind": "gift_pack"}, format="json"
    ).status_code in (400, 404)
    assert (
        api(users["youth_city"])
        .post(
            "/api/v1/youth/lists/",
            {
                "year": YEAR,
                "theme": "x",
                "funds_raised": "1",
                "quotas": [{"district": "310105", "places": 1}],
            },
            format="json",
        )
        .status_code
        == 400
    )
    assert (
        agency.post(
            "/api/v1/youth/nominations/1/delivery/", {"delivered_on": "not a day"}, format="json"
        ).status_code
        == 400
    )


def test_consent_is_required_on_the_form(users, api):
    response = submit(api(users["clerk"]), payload(items=[CODE], item_answers={CODE: answers(consent=False)}))
    assert response.status_code == 400


def test_the_campaign_page_for_the_agency_and_the_league(users, client):
    seed(users)
    client.force_login(users["youth_agency"])
    page = client.get("/work/youth/").content.decode()
    assert "钟小宇" in page and "周小航" in page
    client.force_login(users["youth_district"])
    page = client.get("/work/youth/").content.decode()
    assert "审核通过并盖章" in page
    response = client.post("/work/youth/", {"action": "approve", "year": str(YEAR), "district": "310105"})
    assert response.status_code == 302
    assert DistrictList.objects.get(district__code="310105").status == "approved"
    client.force_login(users["applicant"])
    assert client.get("/work/youth/").status_code == 403


def test_the_demo_world_gives_the_agency_and_the_league_something_to_do(users):
    seed(users)
    states = sorted(ProgramCase.objects.filter(program__code=CODE).values_list("state", flat=True))
    assert states == ["yc_nominated", "yc_referred"]
    assert DistrictList.objects.get(district__code="310105").status == "submitted"
