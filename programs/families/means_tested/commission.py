"""人户分离 (S003, SH1): the hukou street commissions the residence street when a case starts."""

from django.utils import timezone

from accounts.audit import audit_log

COMMISSION_TASKS = ("home_investigation", "neighbour_visits", "democratic_evaluation", "publicity")


def commission_open(case) -> None:
    """人户分离 across streets: the hukou street commissions the residence street (S003)."""
    from programs.models import Commission
    from programs.procedure import streets_apart

    application = case.application
    if not streets_apart(application) or Commission.objects.filter(case=case).exists():
        return
    commission = Commission.objects.create(
        case=case,
        from_office=application.hukou_office.ancestor_at("street") or application.hukou_office,
        to_office=application.residence_office.ancestor_at("street") or application.residence_office,
        tasks=list(COMMISSION_TASKS),
        commissioned_on=timezone.localdate(),
    )
    audit_log(
        actor=None,
        code=f"programs.{case.program.code}.commissioned",
        obj=case,
        data={"from": commission.from_office.code, "to": commission.to_office.code},
    )
