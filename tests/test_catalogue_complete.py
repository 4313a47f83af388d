"""Nothing in the catalogue is "opening soon": every one of the 22 sub-items plus 特困 and 临时救助
runs a workflow of its own, is offered on the unified form and joins the screener (智能引导)."""

import json
from io import StringIO

from django.core.management import call_command

from intake.choosing import GUIDE
from programs.catalogue import PROGRAMS
from programs.registry import FAMILIES
from programs.screening import ScreeningMember, screen_today


def test_the_catalogue_command_shows_every_item_open(db):
    out = StringIO()
    call_command("catalog", stdout=out)
    assert out.getvalue().rstrip().endswith(f"{len(PROGRAMS)} items, {len(PROGRAMS)} open.")
    assert "opening soon" not in out.getvalue()
    out = StringIO()
    call_command("catalog", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 24 and all(row["open"] for row in rows)
    assert {row["department"] for row in rows} == {
        "civil_affairs",
        "hrss",
        "education",
        "housing",
        "justice",
        "medical_security",
        "trade_union",
        "womens_federation",
        "youth_league",
    }
    assert {row["family"] for row in rows} == set(FAMILIES)


def test_every_item_is_explained_on_the_form_and_answered_by_the_screener(db):
    assert {row[0] for row in PROGRAMS} <= set(GUIDE)
    members = [
        ScreeningMember(
            age=40, relation="self", sex="F", employment="unemployed", incomes={"transfer": "800"}
        ),
        ScreeningMember(age=10, relation="child", sex="M", employment="student", school_stage="compulsory"),
    ]
    results = {result.program.code: result for result in screen_today(members)}
    assert set(results) == {row[0] for row in PROGRAMS}
    for code, result in results.items():
        assert result.outcome in ("likely", "depends", "not_likely"), code
        assert result.trace, code  # each item answers with its own rules, condition by condition
