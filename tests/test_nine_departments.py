"""One application, one item from each of the nine departments, run to decisions through the one
door with the right serial waits (串联) and parallel work (并联): the status page shows a column
per department; items that need a status wait for this application's dibao; the housing and
union economic checks reuse dibao's verification instead of checking twice."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from programs.families.employment.flows import answers as employment_answers
from programs.families.union.flows import answers as union_answers
from programs.families.womens_care.flows import answers as women_answers
from programs.families.youth_charity.flows import answers as youth_answers
from programs.models import ProgramCase
from programs.status import application_status
from tests.factories import payload
from tests.flows import (
    act,
    case_of,
    end_publicity,
    investigation_record,
    online,
    refresh,
    verification_complete,
)

ITEMS = {
    "civil_affairs": "dibao",
    "hrss": "employment_insurance_subsidy",
    "education": "edu_compulsory",
    "housing": "low_rent_housing",
    "justice": "legal_aid",
    "medical_security": "medical_inpatient",
    "trade_union": "union_hardship",
    "womens_federation": "women_critical_illness",
    "youth_league": "youth_charity",
}
LOW_RENT_ANSWERS = {"urban_hukou": True, "housing_kind": "rented", "living_area": "8", "note": ""}


def _application(users):
    data = payload(
        items=list(ITEMS.values()),
        item_answers={
            "employment_insurance_subsidy": employment_answers(categories=["dibao_low_income"]),
            "low_rent_housing": LOW_RENT_ANSWERS,
            "union_hardship": union_answers(),
            "women_critical_illness": women_answers(),
            "youth_charity": youth_answers(),
        },
        materials_provided=["id_card", "hukou_book", "check_authorization", "income_proof", "housing_proof"],
    )
    return online(users, data)


def _states(app) -> dict:
    return {case.program.code: case.state for case in app.cases.select_related("program")}


def test_one_item_of_each_department_runs_to_decisions_with_the_right_waits(users, api):
    from programs.families.youth_charity import services as youth

    u = users
    app = _application(u)
    columns = application_status(app, user=u["applicant"])
    assert [c.department.code for c in columns] == [
        "civil_affairs",
        "hrss",
        "education",
        "housing",
        "justice",
        "medical_security",
        "trade_union",
        "womens_federation",
        "youth_league",
    ]
    states = _states(app)
    # Serial: what needs dibao (or only claims the 低保 category) waits for this application's decision.
    assert states["edu_compulsory"] == states["medical_inpatient"] == "waiting"
    assert states["employment_insurance_subsidy"] == "waiting"
    # Parallel: the rest start at once (legal aid at its own pre-check).
    assert states["dibao"] == "investigation" and states["low_rent_housing"] == "lr_investigation"
    assert states["legal_aid"] == "precheck" and states["union_hardship"] == "union_visit"
    assert states["women_critical_illness"] == "wf_report" and states["youth_charity"] == "yc_referred"

    # The parallel departments work meanwhile.
    legal = case_of(app, "legal_aid")
    act(legal, u["reviewer_justice"], "pass_precheck", matter="劳动报酬纠纷")
    women = case_of(app, "women_critical_illness")
    act(women, u["women_committee"], "report", note="属实")
    act(refresh(women), u["women_street"], "pass_street_review", note="属实")
    act(refresh(women), u["women_district"], "pass_district_check", note="属实")
    assert act(refresh(women), u["women_city"], "approve", note="同意").state == "approved"
    union = case_of(app, "union_hardship")
    act(union, u["union_cadre"], "record_home_visit", findings="属实")
    act(refresh(union), u["union_cadre"], "archive", archive_number="HY-9")
    act(refresh(union), u["union_district"], "pass_first_review")
    act(refresh(union), u["union_city"], "pass_city_review")
    assert refresh(union).state == "union_economic_check"  # waits for dibao's check, not a second one

    # dibao's verification is reused by housing and the union in the same transaction.
    dibao = case_of(app, "dibao")
    investigation_record(case=dibao, investigator=u["investigator"])
    investigation_record(case=dibao, investigator=u["investigator2"])
    verification_complete(case=refresh(dibao), actor=u["reviewer_civil"])
    housing, union = case_of(app, "low_rent_housing"), refresh(union)
    assert housing.state == "lr_district_review" and housing.details["economic_check"]["source"] == "reused"
    assert union.state == "publicity" and union.details["economic_check"]["program"] == "dibao"
    assert not housing.transitions.filter(actor=u["investigator_housing"]).exists()

    act(refresh(dibao), u["reviewer_civil"], "propose_approval", note="通过")
    end_publicity(dibao)
    assert act(refresh(dibao), u["approver"], "approve", note="同意").state == "approved"
    # The hand-off: the waiting items start now.
    states = _states(app)
    assert states["edu_compulsory"] == "school_review"
    assert states["medical_inpatient"] == "review"
    assert states["employment_insurance_subsidy"] == "er_recognition"

    # Legal aid reads the waiver when the originals are checked: the household now holds dibao.
    legal = act(refresh(legal), u["reviewer_justice"], "verify_originals", originals_verified=True)
    assert any(s["rule"] == "economic_hardship_waived" and s["passed"] for s in legal.eligibility_trace)
    act(refresh(legal), u["reviewer_justice"], "approve", note="符合条件")
    act(refresh(legal), u["reviewer_justice"], "assign_lawyer", lawyer="张律师", law_firm="长宁律师事务所")
    edu = case_of(app, "edu_compulsory")
    act(edu, u["reviewer_edu"], "pass_school_review", note="评审通过")
    assert act(refresh(edu), u["reviewer_edu"], "approve", note="同意").state == "approved"
    medical = case_of(app, "medical_inpatient")
    assert act(medical, u["reviewer_medical"], "approve", note="同意", amount="3000").state == "approved"
    employment = case_of(app, "employment_insurance_subsidy")
    act(employment, u["employment_street"], "recognise", category="dibao_low_income")
    employment = act(refresh(employment), u["approver_hrss"], "approve", note="同意")
    assert employment.state == "approved" and employment.monthly_amount == Decimal("1131.90")

    housing = refresh(housing)
    act(housing, u["reviewer_housing"], "propose_housing", note="符合准入条件")
    end_publicity(housing)
    assert act(refresh(housing), u["approver_housing"], "approve", note="同意").state == "approved"
    end_publicity(union)
    assert act(refresh(union), u["union_city_approver"], "decide_help", amount="2000").state == "approved"

    youth_case = case_of(app, "youth_charity")
    campaign = youth.campaign_create(
        actor=u["youth_city"],
        year=timezone.localdate().year,
        theme="青春公益",
        funds_raised=Decimal("1000"),
        quotas=[{"district": "310105", "places": 5}],
    )
    nomination = youth.nominate(
        actor=u["youth_agency"], campaign=campaign, case_id=youth_case.pk, help_kind="gift_pack"
    )
    youth.list_submit(actor=u["youth_agency"], campaign=campaign)
    youth.list_approve(
        actor=u["youth_district"], campaign=campaign, district=nomination.district_list.district
    )
    youth.delivery_record(
        actor=u["youth_agency"], nomination_id=nomination.pk, delivered_on=timezone.localdate()
    )

    states = _states(app)
    assert set(states.values()) == {"approved"}, states
    decided = ProgramCase.objects.filter(application=app)
    assert {c.decided_department.code for c in decided} == set(ITEMS)
    assert all(c.decided_at is not None and c.decided_at.date() <= dt.date.today() for c in decided)
