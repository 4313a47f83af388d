"""Driving cases through the one door (programs.engine.case_act) in tests, step by step."""

import datetime as dt
import uuid

from intake.models import Channel
from intake.services import application_accept, application_submit
from programs.engine import case_act, case_timers_fire
from programs.models import ProgramCase


def submit(users, data, *, accept=True, by="clerk"):
    app = application_submit(
        payload=data, submitted_by=users[by], channel=Channel.COUNTER, idempotency_key=uuid.uuid4().hex
    )
    if accept:
        application_accept(application=app, actor=users[by])
    return app


def case_of(app, code) -> ProgramCase:
    return app.cases.get(program__code=code)


def refresh(case) -> ProgramCase:
    return ProgramCase.objects.get(pk=case.pk)


def act(case, user, action, **data):
    return case_act(case=case.pk, user=user, action=action, data=data)


def investigation_record(*, case, investigator, findings="情况属实", applicant_signed=True):
    return act(case, investigator, "investigate", findings=findings, applicant_signed=applicant_signed)


def verification_complete(*, case, actor, figures=None, note=""):
    return act(case, actor, "verify", **({"figures": figures} if figures else {}), note=note)


def case_propose_approval(*, case, actor, note=""):
    return act(case, actor, "propose_approval", note=note)


def case_approve(*, case, actor, note="", **data):
    return act(case, actor, "approve", note=note, **data)


def case_deny(*, case, actor, reason=""):
    return act(case, actor, "deny", reason=reason)


def run_to_review(users, case):
    investigation_record(case=case, investigator=users["investigator"])
    investigation_record(case=case, investigator=users["investigator2"])
    return verification_complete(case=refresh(case), actor=users["reviewer_civil"])


def end_publicity(case):
    """公示 ended yesterday without objection: the sweep opens the approver's decision step."""
    ProgramCase.objects.filter(pk=case.pk).update(publicity_ends_on=dt.date.today() - dt.timedelta(days=1))
    case_timers_fire()
    return refresh(case)


# --- One case of each family brought to each of its steps, by the right holders -------------


def online(users, data, *, accept=True, household=None):
    """The demo applicant applies online for a household of theirs (a new one unless given, so
    that tests never trip over the one-live-case-per-item rule); the clerk accepts (一口受理)."""
    from accounts.models import Office
    from intake.models import Household

    if household is None:
        committee = Office.objects.get(code=data["household"]["hukou_office"])
        household = Household.objects.create(
            owner=users["applicant"],
            hukou_office=committee,
            residence_office=committee,
            address="长宁区测试路 9 号",
        )
    app = application_submit(
        payload=data,
        submitted_by=users["applicant"],
        channel=Channel.ONLINE,
        idempotency_key=uuid.uuid4().hex,
        household=household,
    )
    if accept and app.acceptance == "submitted" and app.work_items.filter(case__isnull=True).exists():
        application_accept(application=app, actor=users["clerk"])
    return app


def with_status(users, data, *, status="dibao"):
    """An online application of a household that already holds `status` (e.g. dibao)."""
    from programs.models import Entitlement, Program

    first = online(users, {**data, "items": ["dibao"]}, accept=False)
    Entitlement.objects.create(
        household=first.household, program=Program.objects.get(code=status), valid_from=dt.date(2026, 1, 1)
    )
    return online(users, data, household=first.household)


def to_state(users, code: str, state: str) -> ProgramCase:
    """A fresh case of item `code` at `state`, moved there by the holders of each step."""
    from tests.factories import payload

    u = users
    if code == "dibao" and state == "commission_report":
        # 人户分离: hukou 华阳路, home 江苏路 — the residence street works on commission.
        from tests.factories import staff

        case = case_of(online(u, payload(items=["dibao"], residence="310105002001")), "dibao")
        jiangsu = [staff("investigator", office_code="310105002") for _ in range(2)]
        path = [
            (
                "investigation",
                lambda c: (
                    investigation_record(case=c, investigator=jiangsu[0]),
                    investigation_record(case=c, investigator=jiangsu[1]),
                ),
            ),
            ("verification", lambda c: verification_complete(case=c, actor=u["reviewer_civil"])),
            ("review", lambda c: case_propose_approval(case=c, actor=u["reviewer_civil"])),
            ("publicity", end_publicity),
        ]
    elif code == "dibao":
        case = case_of(online(u, payload(items=["dibao"])), "dibao")
        path = [
            (
                "investigation",
                lambda c: (
                    investigation_record(case=c, investigator=u["investigator"]),
                    investigation_record(case=c, investigator=u["investigator2"]),
                ),
            ),
            ("verification", lambda c: verification_complete(case=c, actor=u["reviewer_civil"])),
            ("review", lambda c: case_propose_approval(case=c, actor=u["reviewer_civil"])),
            ("publicity", end_publicity),
        ]
    elif code == "edu_compulsory":
        case = case_of(with_status(u, payload(items=["edu_compulsory"])), "edu_compulsory")
        path = [("school_review", lambda c: act(c, u["reviewer_edu"], "pass_school_review", note="评审通过"))]
    elif code == "medical_inpatient":
        case, path = case_of(with_status(u, payload(items=["medical_inpatient"])), "medical_inpatient"), []
    elif code == "legal_aid":
        case = case_of(online(u, payload(items=["legal_aid"])), "legal_aid")
        path = [
            ("precheck", lambda c: act(c, u["reviewer_justice"], "pass_precheck", matter="劳动报酬纠纷")),
            (
                "onsite_check",
                lambda c: act(c, u["reviewer_justice"], "verify_originals", originals_verified=True),
            ),
            ("legal_review", lambda c: act(c, u["reviewer_justice"], "approve", note="符合条件")),
        ]
    elif code in ("severe_disability", "multiple_birth"):
        from tests.factories import member

        # 重残无业: an unemployed adult with a grade-1 certificate (the rules pass the street review).
        disabled = {**member("张重残", relation="self", disability="1"), "disability_kind": "physical"}
        case = case_of(
            online(u, payload(items=["severe_disability"], members=[disabled])), "severe_disability"
        )
        path = [
            (
                "allowance_street_review",
                lambda c: act(c, u["reviewer_street"], "pass_street_review", note="街道审核通过"),
            ),
        ]
    elif code == "extreme_poverty":
        from tests.factories import member

        elder = member("张老伯", relation="self", birth=dt.date(1950, 3, 1), employment="retired")
        case = case_of(online(u, payload(items=["extreme_poverty"], members=[elder])), "extreme_poverty")
        act(case, u["investigator"], "assess_self_care", member="张老伯")
        path = [
            (
                "investigation",
                lambda c: act(
                    c, u["investigator"], "complete_investigation", findings="入户核实，独居无赡养人"
                ),
            ),
            (
                "ep_first_review",
                lambda c: act(c, u["reviewer_street"], "propose_confirmation", note="初审同意"),
            ),
            ("publicity", end_publicity),
        ]
    elif code == "temporary_assistance":
        answers = {
            "kind": "emergency",
            "description": "家中厨房失火，暂时无法居住",
            "incident_date": dt.date.today().isoformat(),
            "urgent": True,
        }
        data = payload(
            items=["temporary_assistance"],
            item_answers={"temporary_assistance": answers},
            materials_provided=["id_card", "incident_proof"],
        )
        case = case_of(online(u, data), "temporary_assistance")
        path = [
            (
                "review",
                lambda c: act(
                    c, u["reviewer_civil"], "complete_review", note="经核实，情况属实", proposed_amount="2000"
                ),
            )
        ]
    else:
        # A family may bring its own scenario: programs/families/<family>/flows.py, whose
        # `scenario(users, code)` returns (case, path) like the branches above.
        case, path = family_flows(code).scenario(u, code)
    for from_state, move in path:
        case = refresh(case)
        if case.state == state:
            break
        assert case.state == from_state, (code, case.state, from_state)
        move(case)
    case = refresh(case)
    assert case.state == state, (code, case.state, state)
    return case


def family_flows(code: str):
    """The scenario module of the family an item belongs to (ValueError when it has none)."""
    import importlib

    from programs.catalogue import PROGRAMS

    family = next((row[4] for row in PROGRAMS if row[0] == code), None)
    try:
        return importlib.import_module(f"programs.families.{family}.flows")
    except ModuleNotFoundError as exc:
        raise ValueError(code) from exc


def _family_action_data() -> dict:
    """The ACTION_DATA of each family's own flows.py."""
    import importlib
    import pkgutil

    from programs import families

    found = {}
    for module in pkgutil.iter_modules(families.__path__):
        try:
            flows = importlib.import_module(f"{families.__name__}.{module.name}.flows")
        except ModuleNotFoundError:
            continue
        found.update(getattr(flows, "ACTION_DATA", {}))
    return found


# Valid input for every action, as its step's holder would send it.
ACTION_DATA = {
    "investigate": {"findings": "入户核实，情况属实", "applicant_signed": True},
    "verify": {"note": "核对无误"},
    "propose_approval": {"note": "评审会议通过"},
    "object": {"content": "邻居反映家中有经营性收入"},
    "approve": {"note": "同意"},
    "deny": {"reason": "经核实不符合条件"},
    "pass_school_review": {"note": "学校评审通过"},
    "pass_precheck": {"matter": "劳动报酬纠纷"},
    "verify_originals": {"originals_verified": True},
    "assign_lawyer": {"lawyer": "张律师", "law_firm": "长宁律师事务所"},
    "pass_street_review": {"note": "残疾人证、就业情况核实无误"},
    "record_obligor": {"name": "张某", "relation": "child", "age": 45, "monthly_income": "6000"},
    "assess_self_care": {"member": "张老伯", "eating": True},
    "complete_investigation": {"findings": "入户核实，独居无赡养人"},
    "propose_confirmation": {"note": "初审同意"},
    "report_ineligible": {"note": "经初审不符合条件"},
    "pay_advance": {"amount": "500", "reason": "火灾后急需生活费"},
    "complete_review": {"note": "经核实，情况属实", "proposed_amount": "2000"},
    "declare_hard_case": {"reason": "家庭成员长期失联，需多方核实"},
    "report_back": {
        "report": "入户调查、邻里走访、民主评议均已完成，公示期满无异议",
        "neighbours_visited": True,
    },
}
ACTION_DATA.update(_family_action_data())
