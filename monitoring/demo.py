"""The demo world after a decision: a family on dibao for a few months (owned by the demo
applicant: 我的救助, the certificate, the monthly check-in), a change it reported at the counter
(a re-check for the street's reviewer), and this month's payment list (for the two finance
logins: one checks, the other confirms, then the file can be exported)."""

import datetime as dt

from django.utils import timezone


def seed(users) -> None:
    from accounts.demo_households import _accepted, _place, member
    from accounts.models import Office
    from programs.engine import case_act, case_timers_fire
    from programs.models import Entitlement, ProgramCase

    from .payments import payment_run_produce
    from .services import change_report_file

    application = _accepted(
        users,
        {
            "household": _place("长宁区华阳路 66 弄 4 号 201 室", "13900000011"),
            "members": [
                member(
                    "周建民",
                    dt.date(1972, 7, 7),
                    71,
                    female=False,
                    relation="self",
                    employment="unemployed",
                    incomes={"transfer": "400"},
                ),
                member(
                    "吴小红",
                    dt.date(1975, 5, 5),
                    72,
                    female=True,
                    relation="spouse",
                    employment="flexible",
                    incomes={"wages": "1300"},
                ),
            ],
            "items": ["dibao"],
            "materials_provided": ["id_card", "hukou_book", "check_authorization", "income_proof"],
        },
    )
    household = application.household
    household.owner = users["applicant"]
    household.save(update_fields=["owner"])
    case = application.cases.get(program__code="dibao")

    def act(user, action, **data):
        return case_act(case=case.pk, user=users[user], action=action, data=data)

    act("investigator", "investigate", findings="入户核实，夫妻二人，配偶灵活就业", applicant_signed=True)
    act("investigator2", "investigate", findings="情况属实", applicant_signed=True)
    act("reviewer_civil", "verify")
    act("reviewer_civil", "propose_approval")
    ProgramCase.objects.filter(pk=case.pk).update(
        publicity_ends_on=timezone.localdate() - dt.timedelta(days=1)
    )
    case_timers_fire()
    act("approver", "approve", note="经公示无异议，准予低保。")
    Entitlement.objects.filter(source_case=case).update(remote_checkin=True)
    change_report_file(
        household=household,
        kind="income",
        occurred_on=timezone.localdate(),
        details="配偶找到全职工作，月工资约 4,000 元",
        actor=users["clerk"],
        channel="counter",
    )
    payment_run_produce(district=Office.objects.get(code="310105"), month=timezone.localdate().replace(day=1))
