"""The dashboard's summary (programs.tally): kept by the case engine, equal to a recount from the
cases, folded by compaction without changing a figure, scoped to the viewer's district, and left
untouched by a change that rolls back."""

import pytest
from django.db import transaction
from django.db.models import Sum

from programs.models import DecisionTally, ProgramCase, StateTally
from programs.tally import KEY, tally_compact, tally_rebuild
from review.dashboard import cases_by_department_and_state, median_working_days_to_decision
from tests.factories import payload, staff
from tests.flows import (
    case_approve,
    case_deny,
    case_of,
    case_propose_approval,
    end_publicity,
    refresh,
    run_to_review,
    submit,
)


def _figures() -> dict:
    """Every key's count, whatever the rows (zero counts left out)."""
    figures = {}
    for model, last in ((StateTally, "state"), (DecisionTally, "days")):
        for row in model.objects.values(*KEY, last).annotate(total=Sum("n")).order_by():
            if row["total"]:
                figures[(model.__name__, *(row[k] for k in KEY), row[last])] = row["total"]
    return figures


def _city(users):
    approved = case_of(submit(users, payload(items=["dibao", "edu_compulsory"])), "dibao")
    case = case_propose_approval(case=run_to_review(users, approved), actor=users["reviewer_civil"])
    case_approve(case=end_publicity(case), actor=users["approver"])
    denied = case_of(
        submit(users, payload(items=["dibao"], hukou="310105001002", residence="310105001002")), "dibao"
    )
    case_deny(case=run_to_review(users, denied), actor=users["reviewer_civil"], reason="家庭收入超过标准")
    submit(
        users, payload(items=["dibao"], hukou="310107001001", residence="310107001001")
    )  # another district
    return refresh(approved), refresh(denied)


def test_the_engine_keeps_the_summary_equal_to_a_recount(users):
    approved, denied = _city(users)
    assert approved.state == "approved" and denied.state == "denied"
    kept = _figures()
    live = ProgramCase.objects.exclude(state="new")
    assert sum(n for key, n in kept.items() if key[0] == "StateTally") == live.count()
    assert sum(n for key, n in kept.items() if key[0] == "DecisionTally") == 2  # one approval, one denial
    rows = StateTally.objects.count()
    tally_compact()
    assert _figures() == kept
    assert StateTally.objects.count() < rows  # each key's −1/+1 rows folded into one
    assert StateTally.objects.count() == len([k for k in kept if k[0] == "StateTally"])
    tally_compact()  # twice is the same
    assert _figures() == kept
    tally_rebuild()
    assert _figures() == kept


def test_the_dashboard_counts_only_the_viewers_district(users):
    _city(users)
    _, table = cases_by_department_and_state(user=users["district_head"])  # 长宁
    assert {row["department"].code: row["total"] for row in table} == {"civil_affairs": 2, "education": 1}
    assert median_working_days_to_decision(user=users["district_head"])["count"] == 2
    putuo = staff("district_head", office_code="310107")
    _, table = cases_by_department_and_state(user=putuo)
    assert {row["department"].code: row["total"] for row in table} == {"civil_affairs": 1}
    assert median_working_days_to_decision(user=putuo) == {"overall": None, "count": 0, "by_department": {}}
    # Someone with no office sees nothing rather than everything.
    nobody = staff("district_head", office_code="310107")
    nobody.office = None
    assert cases_by_department_and_state(user=nobody) == ([], [])


def test_a_change_that_rolls_back_leaves_the_summary_as_it_was(users):
    case = case_of(submit(users, payload(items=["dibao"])), "dibao")
    case = run_to_review(users, case)
    before = _figures()
    with pytest.raises(RuntimeError), transaction.atomic():
        case_deny(case=case, actor=users["reviewer_civil"], reason="家庭收入超过标准")
        assert _figures() != before  # counted inside the transaction
        raise RuntimeError("the request fails after the decision")
    assert _figures() == before
