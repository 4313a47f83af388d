"""The authorization matrix, generated from the step tables: for every family, every step and
every action, every staff user (each role × department × office, and the demo world's own),
the applicant and a second applicant try it. Only the holder of the live step — its role, in
its department, at its office or one above — succeeds; everyone else gets 403 or 404, the case
is unchanged and the refusal is audited.

Through the API everyone tries. Through the web form (the same door, a dearer request) the demo
world's users, both applicants and every near miss try: right department with any role or
office, right role and office in any other department.
"""

import importlib
import itertools

import pytest

from accounts.models import AuditEvent, Role
from programs.catalogue import DEPARTMENTS as CATALOGUE_DEPARTMENTS
from programs.catalogue import PROGRAMS
from programs.registry import FAMILIES
from review.models import Investigation
from tests.factories import UserFactory, staff
from tests.flows import ACTION_DATA, refresh, to_state

# One item per family, its household in 华阳居委会 (street 310105001, district 310105).
ITEM_OF_FAMILY = {
    "means_tested": "dibao",
    "education": "edu_compulsory",
    "medical": "medical_inpatient",
    "legal_aid": "legal_aid",
    "civil_allowance": "severe_disability",
    "extreme_poverty": "extreme_poverty",
    "temporary_assistance": "temporary_assistance",
}
# The offices at or above the step's office, written out for this household (not computed).
AT_OR_ABOVE = {
    "committee": {"310105001001", "310105001", "310105", "310000"},
    "street": {"310105001", "310105", "310000"},
    "district": {"310105", "310000"},
    "city": {"310000"},
}

# A step worked at the residence street on a 人户分离 household (home in 江苏路, 310105002).
AT_OR_ABOVE_OF_STATE = {"commission_report": {"street": {"310105002", "310105", "310000"}}}

# Families with a scenario of their own (programs/families/<family>/flows.py) name their item
# (MATRIX_ITEM) and, for steps worked at an office the form names, those offices (MATRIX_OFFICES).
for _family in FAMILIES:
    try:
        _flows = importlib.import_module(f"programs.families.{_family}.flows")
    except ModuleNotFoundError:
        continue
    if hasattr(_flows, "MATRIX_ITEM"):
        ITEM_OF_FAMILY[_family] = _flows.MATRIX_ITEM
    AT_OR_ABOVE_OF_STATE.update(getattr(_flows, "MATRIX_OFFICES", {}))


def offices_at_or_above(step, level: str) -> set[str]:
    return AT_OR_ABOVE_OF_STATE.get(step.state, AT_OR_ABOVE)[level]


ROLES = [r for r in Role.values if r != Role.APPLICANT]
# Every department that works a step of a registered family.
_IN_USE = {row[3] for row in PROGRAMS if row[4] in FAMILIES} | {
    step.department for family in FAMILIES.values() for step in family.steps if step.department
}
DEPARTMENTS = sorted(_IN_USE)
ALL_DEPARTMENTS = [row[0] for row in CATALOGUE_DEPARTMENTS]
# Users are generated at each of these offices: streets, districts and the city, a neighbourhood
# committee and the organisations (a grassroots union, a youth social-work agency).
OFFICES = [
    "310105001001",
    "310105001",
    "310105002",
    "310105",
    "310107",
    "310000",
    "310105900001",
    "310105910001",
]

STEP_ACTIONS = [
    (family.code, step.state, action)
    for family in FAMILIES.values()
    for step in family.steps
    for action in step.action_names
]


def test_every_family_is_covered():
    assert set(ITEM_OF_FAMILY) == set(FAMILIES)
    assert len(STEP_ACTIONS) >= 20


def people_for(users, department: str) -> dict:
    """The demo world's users (every department's), one generated staff user per role × office
    in the step's department and in the next department of the catalogue (the wrong department
    at the right office with the right role), and a stranger."""
    other = ALL_DEPARTMENTS[(ALL_DEPARTMENTS.index(department) + 1) % len(ALL_DEPARTMENTS)]
    people = dict(users)
    for role, dept, office in itertools.product(ROLES, (department, other), OFFICES):
        people[f"{role}-{dept}-{office}"] = staff(role, office_code=office, department=dept)
    people["other_applicant"] = UserFactory(role=Role.APPLICANT)
    return people


def expected_holders(everyone, case, step) -> set[str]:
    department = step.department or case.program.department.code
    level = step.office.split("_", 1)[1]
    return {
        name
        for name, user in everyone.items()
        if user.role == step.role
        and user.department is not None
        and user.department.code == department
        and user.office.code in offices_at_or_above(step, level)
    }


def near_misses(everyone, users, case, step) -> set[str]:
    department = step.department or case.program.department.code
    level = step.office.split("_", 1)[1]
    near = set(users) | {"other_applicant"}
    for name, user in everyone.items():
        same_department = user.department is not None and user.department.code == department
        same_role_and_office = (
            user.role == step.role and user.office and user.office.code in offices_at_or_above(step, level)
        )
        if same_department or same_role_and_office:
            near.add(name)
    return near


def snapshot(case):
    case = refresh(case)
    return (
        case.state,
        case.transitions.count(),
        Investigation.objects.filter(case=case).count(),
        case.details,
        # Records a step keeps beside the case (特困: obligors, self-care) touch updated_at.
        case.updated_at,
    )


def _api(client, user, case, action):
    client.force_authenticate(user)
    body = {"action": action, "expected_state": case.state, **ACTION_DATA[action]}
    return client.post(f"/api/v1/cases/{case.pk}/transitions/", body, format="json")


def _web(client, user, case, action):
    client.force_login(user)
    body = {"action": action, "expected_state": case.state}
    for key, value in ACTION_DATA[action].items():
        body[key] = "1" if value is True else value
    return client.post(f"/work/cases/{case.pk}/", body)


@pytest.mark.parametrize("family,state,action", STEP_ACTIONS)
def test_only_the_live_steps_holder_may_act(users, family, state, action, client):
    from rest_framework.test import APIClient

    api = APIClient()
    case = to_state(users, ITEM_OF_FAMILY[family], state)
    step = FAMILIES[family].step(state)
    everyone = people_for(users, step.department or case.program.department.code)
    holders = expected_holders(everyone, case, step)
    assert holders, "every step has someone who may work it"
    before = snapshot(case)
    web_users = near_misses(everyone, users, case, step)
    for name, user in everyone.items():
        if name in holders:
            continue
        channels = (("api", _api), ("web", _web)) if name in web_users else (("api", _api),)
        for channel, post in channels:
            response = post(api if channel == "api" else client, user, case, action)
            assert response.status_code in (403, 404), (name, channel, response.status_code)
        assert snapshot(case) == before, name
        # The users are new to this test: every refusal of theirs is one of these requests.
        refusals = AuditEvent.objects.filter(code="programs.case.action_refused", actor=user)
        assert list(refusals.values_list("object_id", "data__action")) == [(str(case.pk), action)] * len(
            channels
        ), name
    # Every holder can: each on a fresh case at the same step, alternating API and web.
    for i, name in enumerate(sorted(holders)):
        fresh = to_state(users, ITEM_OF_FAMILY[family], state)
        untouched = snapshot(fresh)
        post = _api if i % 2 == 0 else _web
        response = post(api if post is _api else client, everyone[name], fresh, action)
        assert response.status_code in (200, 302), (name, response.status_code, response.content[:300])
        assert snapshot(fresh) != untouched, name
