"""An applicant's copy of their household's data (PIPL §45): JSON and PDF, nothing of anyone else.

Only what the household declared and what was decided: no reviewers' notes, investigation
records or objections. ID numbers are shown masked, as everywhere.
"""

from django.utils import timezone

from accounts.audit import audit_log

from .models import Application, Household


def household_data(*, user) -> dict:
    """Everything of the households `user` owns, and of the applications they submitted."""
    households = (
        Household.objects.filter(owner=user)
        .prefetch_related("members")
        .select_related("hukou_office", "residence_office")
    )
    applications = (
        Application.objects.filter(household__owner=user)
        .select_related("household")
        .prefetch_related("cases__program", "financial_entries__person", "members")
        .order_by("submitted_at")
    )
    return {
        "generated_at": timezone.now().isoformat(),
        "account": {"username": user.username, "full_name": user.full_name, "phone": user.phone},
        "households": [
            {
                "address": h.address,
                "phone": h.phone,
                "hukou_office": h.hukou_office.name,
                "residence_office": h.residence_office.name,
                "members": [
                    {
                        "name": p.name,
                        "id_number": p.id_number_masked,
                        "relation": p.get_relation_display(),
                        "sex": p.get_sex_display(),
                        "birth_date": p.birth_date.isoformat(),
                        "disability_grade": p.get_disability_grade_display(),
                        "employment_status": p.get_employment_status_display(),
                        "school_stage": p.get_school_stage_display(),
                    }
                    for p in h.members.all()
                ],
            }
            for h in households
        ],
        "applications": [
            {
                "reference": a.reference,
                "submitted_at": a.submitted_at.isoformat(),
                "channel": a.get_channel_display(),
                "acceptance": a.get_acceptance_display(),
                "declared": [
                    {
                        "member": e.person.name,
                        "category": e.get_category_display(),
                        "kind": e.get_kind_display(),
                        "amount": str(e.amount),
                    }
                    for e in a.financial_entries.all()
                ],
                "items": [
                    {
                        "item": c.program.name,
                        "state": c.state_label,
                        "decision_reason": c.decision_reason if c.is_decided else "",
                        "decided_at": c.decided_at.isoformat() if c.decided_at else None,
                        "monthly_amount": str(c.monthly_amount) if c.monthly_amount is not None else None,
                        "granted_amount": str(c.granted_amount) if c.granted_amount is not None else None,
                    }
                    for c in a.cases.all()
                ],
            }
            for a in applications
        ],
    }


def household_data_export(*, user, kind: str) -> dict:
    data = household_data(user=user)
    audit_log(
        actor=user,
        code="intake.data_export",
        obj=user,
        data={"kind": kind, "applications": len(data["applications"])},
    )
    return data
