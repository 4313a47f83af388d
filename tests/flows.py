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
