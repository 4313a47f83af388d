"""Property-based tests of the whole API from its own schema (schemathesis against /api/schema/).

Every operation in the schema is sent generated requests — valid ones (positive) and ones that
break the schema (negative) — as an applicant, a clerk and a reviewer, each with a Bearer token
issued by the token endpoint. Every response must be:

- no server error (5xx: always a bug, even though the schema lists 500 for every operation);
- a status code the operation documents;
- of a documented content type, with a body that matches the documented body for that status
  (errors: the problem-details shape of config.schema.ProblemOut);
- for any 4xx, application/problem+json whose `status` is the HTTP status.

The Django app runs in-process (WSGI) inside the test's transaction. In positive mode, path
parameters name real objects (the demo data and tests.flows) in two cases out of three, half of
those with a valid body, so that operations reach their handlers and success answers are checked,
not only the 400/404 paths. Examples per operation and mode are bounded (ONEWINDOW_FUZZ_EXAMPLES,
default 25) and derandomised, so a run is reproducible; every failing case is recorded (the run
does not stop at the first), and the figures (operations, cases per user and operation, status
codes, failures by kind) are printed (`-s`) and written to var/schemathesis-summary.json.
"""

import collections
import json
import logging
import os
import pathlib
import time
import traceback

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client

from accounts.demo import DEMO_PASSWORD, seed_demo

EXAMPLES = int(os.environ.get("ONEWINDOW_FUZZ_EXAMPLES", "25"))
SUMMARY = pathlib.Path(__file__).resolve().parent.parent / "var" / "schemathesis-summary.json"
USERS = ["applicant", "clerk", "reviewer_civil"]
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]

_summary: dict[str, dict] = {}


def problem_shape(ctx, response, case):
    """Every 4xx/5xx is problem details whose `status` is the HTTP status."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith("application/problem+json"), f"error content type: {content_type}"
    body = response.json()
    assert isinstance(body, dict), body
    assert body.get("status") == response.status_code, body
    assert body.get("type") and body.get("title") and "detail" in body, body
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    problem_shape,
]


class _Errors(logging.Handler):
    """Keeps the last logged traceback, to explain a 5xx."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.last = ""

    def emit(self, record):
        if record.exc_info:
            self.last = "".join(traceback.format_exception(*record.exc_info))[-3000:]


@pytest.fixture
def wsgi_app():
    # Like Django's test client: the WSGI handler would otherwise close the test's connection
    # (and its transaction) at the start and end of every request.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def seeded(db):
    """The demo data plus cases at several steps, an application awaiting acceptance and one
    returned for materials. Returns the real values that path parameters are drawn from, and
    valid request bodies per operation (so that success answers are checked too, not only the
    400s that generated bodies mostly get)."""
    from accounts.models import Office
    from intake.models import Application
    from intake.services import application_return
    from programs.families.youth_charity.models import Campaign
    from programs.models import ProgramCase
    from review.models import WorkItem
    from tests import flows
    from tests.factories import payload

    users = seed_demo()
    flows.to_state(users, "dibao", "review")
    flows.to_state(users, "legal_aid", "onsite_check")
    flows.online(users, payload(items=["dibao"]), accept=False)
    returned = flows.online(users, payload(items=["dibao"]), accept=False)
    application_return(application=returned, actor=users["clerk"], missing_materials=["id_card"], reason="")
    committees = sorted(Office.objects.filter(level=Office.Level.COMMITTEE).values_list("code", flat=True))
    return {
        "users": users,
        "reference": sorted(Application.objects.values_list("reference", flat=True)),
        "id": sorted(ProgramCase.objects.values_list("pk", flat=True)),
        "work_item": sorted(WorkItem.objects.values_list("pk", flat=True)),
        # The youth campaign's paths: the demo campaign's year and the districts.
        "year": sorted(Campaign.objects.values_list("year", flat=True)),
        "district": sorted(Office.objects.filter(level=Office.Level.DISTRICT).values_list("code", flat=True)),
        "bodies": {
            "/api/v1/applications/": [
                payload(items=["dibao"]),
                payload(items=["legal_aid"], hukou="310105002001", residence="310105002001"),
                payload(items=["edu_compulsory", "medical_inpatient"]),
            ],
            "/api/v1/applications/{reference}/move/": [
                {"hukou_office": h, "residence_office": r, "reason": "户籍迁移"}
                for h in committees[:2]
                for r in committees[-2:]
            ],
            "/api/v1/applications/{reference}/return/": [
                {"missing_materials": ["id_card"], "reason": "身份证复印件不清晰"},
                {"missing_materials": ["income_proof", "hukou_book"], "reason": ""},
            ],
            "/api/v1/applications/{reference}/resubmit/": [
                {"provided": ["id_card"]},
                {"provided": ["id_card", "income_proof", "hukou_book"]},
            ],
            "/api/v1/cases/{id}/transitions/": [
                {"action": action, **fields} for action, fields in flows.ACTION_DATA.items()
            ],
        },
    }


def _strategy(operation, mode, real):
    """Generated cases; in positive mode, one of three kinds: all generated, a real object in the
    path (where the operation has a path parameter), or that and a valid body (where one is known)."""
    generated = operation.as_strategy(generation_mode=mode)
    if mode is GenerationMode.NEGATIVE:
        return generated
    params = [p.name for p in operation.path_parameters]
    path = operation.path
    key = "work_item" if path.startswith("/api/v1/work-items/") else params[0] if params else None
    if len(params) > 1:  # e.g. a campaign's year and a district: a real value for each
        objects = st.fixed_dictionaries({name: st.sampled_from(real[name]) for name in params})
    else:
        objects = (
            st.sampled_from(real[key]).map(lambda value: dict.fromkeys(params, value)) if key else st.just({})
        )
    variants = [generated]
    if params:
        variants.append(objects.flatmap(lambda values: operation.as_strategy(path_parameters=values)))
    bodies = real["bodies"].get(path)
    if bodies:
        with_body = st.tuples(objects, st.sampled_from(bodies))
        variants.append(
            with_body.flatmap(
                lambda pair: operation.as_strategy(
                    path_parameters=pair[0] or None, body=pair[1], media_type="application/json"
                )
            )
        )
    return st.one_of(variants)


def _short(failure) -> str:
    """What went wrong, without the generated values (so that like failures group together)."""
    title = getattr(failure, "title", "") or type(failure).__name__
    if hasattr(failure, "schema_path"):  # a response body against its documented schema
        schema_path = "/".join(map(str, failure.schema_path))
        return f"{title}: at /{'/'.join(map(str, failure.instance_path))} (schema {schema_path})"
    message = (getattr(failure, "message", "") or "").strip().splitlines()
    return f"{title}: {message[0][:200]}" if message else title


def _fuzz(operation, mode, real, user, key, counts, failures, errors):
    """Run one operation in one generation mode; record every failing case, do not stop."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation, mode, real))
    def run(case):
        # The token endpoint may revoke or replace the caller's token: put it back.
        Token.objects.filter(user=user).exclude(key=key).delete()
        Token.objects.get_or_create(key=key, defaults={"user": user})
        errors.last = ""
        response = case.call(headers={"Authorization": f"Bearer {key}"})
        counts[mode.value] += 1
        counts[str(response.status_code)] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                where = (
                    operation.label,
                    mode.value,
                    type(failure).__name__,
                    response.status_code,
                    _short(failure),
                )
                entry = failures.setdefault(
                    where,
                    {
                        "count": 0,
                        "curl": case.as_curl_command(),
                        "message": (getattr(failure, "message", "") or "")[:1500],
                        "traceback": errors.last if response.status_code >= 500 else "",
                    },
                )
                entry["count"] += 1

    run()


@pytest.mark.parametrize("who", USERS)
def test_api_conforms_to_its_schema(who, seeded, wsgi_app):
    user = seeded["users"][who]
    # Through the WSGI app, not Django's test client (which reconnects close_old_connections).
    token = Client(wsgi_app).post(
        "/api/v1/auth/token/", json={"username": user.username, "password": DEMO_PASSWORD}
    )
    assert token.status_code == 200, token.get_data(as_text=True)
    key = token.get_json()["token"]

    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18, [op.label for op in operations]

    errors = _Errors()
    logging.getLogger().addHandler(errors)
    runs: dict[str, collections.Counter] = {}
    failures: dict[tuple, dict] = {}
    started = time.monotonic()
    try:
        for operation in operations:
            counts = runs.setdefault(operation.label, collections.Counter())
            for mode in MODES:
                try:
                    _fuzz(operation, mode, seeded, user, key, counts, failures, errors)
                except Unsatisfiable:
                    counts[f"{mode.value}-unsatisfiable"] += 1
    finally:
        logging.getLogger().removeHandler(errors)

    elapsed = time.monotonic() - started
    by_kind = collections.Counter()
    for (_label, _mode, kind, _status, _text), entry in failures.items():
        by_kind[kind] += entry["count"]
    report = {
        "user": who,
        "schemathesis": schemathesis.__version__,
        "examples_per_operation_and_mode": EXAMPLES,
        "operations": len(operations),
        "cases": sum(c["positive"] + c["negative"] for c in runs.values()),
        "seconds": round(elapsed, 1),
        "failures_by_kind": dict(by_kind),
        "per_operation": {label: dict(sorted(c.items())) for label, c in runs.items()},
        "failures": [
            {"operation": k[0], "mode": k[1], "kind": k[2], "status": k[3], "what": k[4], **v}
            for k, v in failures.items()
        ],
    }
    _summary[who] = report
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text(json.dumps(_summary, ensure_ascii=False, indent=2))
    print(
        f"\n[schemathesis {who}] {report['operations']} operations, {report['cases']} cases in "
        f"{report['seconds']}s; failures by kind: {report['failures_by_kind'] or 'none'}"
    )

    unexercised = [label for label, c in runs.items() if not c["positive"]]
    assert not unexercised, f"operations never exercised as {who}: {unexercised}"
    assert not failures, "\n\n".join(
        f"{k[0]} [{k[1]}] {k[2]} (HTTP {k[3]}) ×{v['count']}: {k[4]}\n{v['curl']}\n{v['traceback']}"
        for k, v in failures.items()
    )
