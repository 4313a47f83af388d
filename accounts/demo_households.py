"""Helpers for demo households (the demo world's and each family's own demo.py): members with
valid demo ID numbers, a household's place, an application accepted at the window."""

import datetime as dt
import uuid

from intake.identity import check_character


def demo_id_number(birth: dt.date, sequence: int, *, female: bool, area: str = "310105") -> str:
    seq = sequence * 2 + (0 if female else 1)
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)


def member(
    name,
    birth,
    seq,
    *,
    female,
    relation,
    employment,
    school="none",
    disability="none",
    disability_kind="",
    birth_group=None,
    incomes=None,
    assets=None,
    expenses=None,
):
    return {
        "disability_kind": disability_kind,
        "birth_group": birth_group,
        "name": name,
        "id_number": demo_id_number(birth, seq, female=female),
        "relation": relation,
        "employment_status": employment,
        "school_stage": school,
        "disability_grade": disability,
        "incomes": incomes or {},
        "assets": assets or {},
        "expenses": expenses or {},
    }


def _accepted(users, payload: dict, *, by: str = "clerk"):
    from intake.models import Channel
    from intake.services import application_accept, application_submit

    application = application_submit(
        submitted_by=users[by],
        channel=Channel.COUNTER,
        idempotency_key=f"demo-{uuid.uuid4().hex}",
        payload={"consent_economic_check": True, **payload},
    )
    application_accept(application=application, actor=users[by])
    return application


def _place(address: str, phone: str, committee: str = "310105001001", home: str | None = None) -> dict:
    return {
        "hukou_office": committee,
        "residence_office": home or committee,
        "address": address,
        "phone": phone,
    }
