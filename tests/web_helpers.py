"""Driving the unified form through the web, step by step, as a browser would post it."""

from intake.models import Draft


def household_post(data: dict) -> dict:
    post = {"action": "next", "member_count": str(len(data["members"]))}
    post.update({k: v for k, v in data["household"].items()})
    for i, m in enumerate(data["members"]):
        for field in (
            "name",
            "id_number",
            "relation",
            "disability_grade",
            "employment_status",
            "school_stage",
        ):
            post[f"m{i}-{field}"] = m.get(field, "")
    return post


def money_post(data: dict) -> dict:
    post = {"action": "next"}
    for i, m in enumerate(data["members"]):
        for section in ("incomes", "assets", "expenses"):
            for kind, amount in (m.get(section) or {}).items():
                post[f"m{i}-{section}-{kind}"] = amount
    return post


def walk_wizard(client, data: dict, *, base="/apply/") -> object:
    """Post every step; returns the response of the final submit."""
    assert client.post(f"{base}household/", household_post(data)).status_code == 302
    assert (
        client.post(
            f"{base}items/", {"action": "next", "items": data["items"], "opt_in_low_income": "1"}
        ).status_code
        == 302
    )
    assert client.post(f"{base}money/", money_post(data)).status_code == 302
    assert (
        client.post(
            f"{base}materials/", {"action": "next", "materials_provided": data["materials_provided"]}
        ).status_code
        == 302
    )
    assert (
        client.post(f"{base}consent/", {"action": "next", "consent_economic_check": "1"}).status_code == 302
    )
    draft = Draft.objects.filter(submitted_application__isnull=True).latest("updated_at")
    return client.post(f"{base}review/", {"action": "submit", "draft_id": draft.pk})
