"""The unified form as short steps over a server-side draft (the draft's data IS the payload).

Every POST saves what was typed — raw text, valid or not — before anything is validated, so a
reload, a back button or an error never loses input. Each step validates its own section with
the same validators the API uses; the final submit validates everything in the service.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.parameters import parameter

from .validation import (
    ASSET_KINDS,
    EXPENSE_KINDS,
    INCOME_KINDS,
    validate_household,
    validate_items,
    validate_members,
)

MEMBER_FIELDS = ("name", "id_number", "relation", "disability_grade", "employment_status", "school_stage")
MONEY_SECTIONS = (("incomes", INCOME_KINDS), ("assets", ASSET_KINDS), ("expenses", EXPENSE_KINDS))


@dataclass(frozen=True)
class Step:
    slug: str
    title: str


# Household first (who lives here, their school stage and disability), then the items (hinted
# from those), then only the money the chosen items need — an item that needs none skips it.
STEPS = (
    Step("household", _("家庭和成员")),
    Step("items", _("选择救助事项")),
    Step("money", _("收入、财产和支出")),
    Step("materials", _("材料清单")),
    Step("consent", _("授权与声明")),
    Step("review", _("核对并提交")),
)
SLUGS = [s.slug for s in STEPS]


def money_needs(data: dict) -> tuple[str, ...]:
    """The money sections the chosen items' families ask (Family.form_needs), in form order."""
    from programs.models import Program
    from programs.registry import FAMILIES

    items = data.get("items") if isinstance(data.get("items"), list) else []
    families = set(Program.objects.filter(code__in=[str(c) for c in items]).values_list("family", flat=True))
    wanted = {need for code in families if code in FAMILIES for need in FAMILIES[code].form_needs}
    return tuple(section for section, _kinds in MONEY_SECTIONS if section in wanted)


def active_steps(data: dict, needs: tuple[str, ...] | None = None) -> list[Step]:
    """The steps this draft walks: the money step only when a chosen item asks for money."""
    needs = money_needs(data) if needs is None else needs
    return [s for s in STEPS if s.slug != "money" or needs]


def neighbour(data: dict, step: str, offset: int) -> str | None:
    slugs = [s.slug for s in active_steps(data)]
    if step not in slugs:  # e.g. the money step after the items changed: place it by STEPS
        later = [s for s in slugs if SLUGS.index(s) > SLUGS.index(step)]
        earlier = [s for s in slugs if SLUGS.index(s) < SLUGS.index(step)]
        return (later[0] if later else None) if offset > 0 else (earlier[-1] if earlier else None)
    index = slugs.index(step) + offset
    return slugs[index] if 0 <= index < len(slugs) else None


def blank_member(relation: str = "") -> dict:
    return {
        "name": "",
        "id_number": "",
        "relation": relation,
        "disability_grade": "none",
        "employment_status": "",
        "school_stage": "none",
        "incomes": {},
        "assets": {},
        "expenses": {},
    }


def members_of(data: dict) -> list[dict]:
    return data.get("members") or [blank_member("self")]


def parse_post(step: str, post, data: dict, *, autosave: bool = False) -> dict:
    """The draft data after this step's POST (nothing validated here).

    An autosave (the page saving as the person types) never removes a member: the page still
    shows the member, and removing it would shift every later member's fields by one.
    """
    data = {**data}
    if step == "household":
        data["household"] = {
            k: post.get(k, "").strip() for k in ("hukou_office", "residence_office", "address", "phone")
        }
        old = members_of(data)
        raw_count = str(post.get("member_count") or "0")
        # A tampered count must not lose what was typed: count the members the form carries.
        count = int(raw_count) if raw_count.isdigit() else sum(1 for i in range(20) if f"m{i}-name" in post)
        count = min(count, 20)
        members = []
        for i in range(count):
            if post.get(f"m{i}-removed") and not autosave:
                continue
            previous = old[i] if i < len(old) else blank_member()
            typed = {f: post.get(f"m{i}-{f}", "").strip() for f in MEMBER_FIELDS}
            if previous.get("id_known") and not typed["id_number"]:
                # A registered member's ID number stays in the (sealed) draft: nothing to retype.
                typed["id_number"] = previous.get("id_number", "")
            elif typed["id_number"] != previous.get("id_number"):
                typed["id_known"] = False
            members.append({**previous, **typed})
        data["members"] = members
    elif step == "money":
        members = [dict(m) for m in members_of(data)]
        for i, member in enumerate(members):
            for section, kinds in MONEY_SECTIONS:
                if not any(f"m{i}-{section}-{k}" in post for k in kinds):
                    continue  # a section the page did not ask keeps what it had
                member[section] = {
                    k: post.get(f"m{i}-{section}-{k}", "").strip()
                    for k in kinds
                    if post.get(f"m{i}-{section}-{k}", "").strip()
                }
        data["members"] = members
    elif step == "items":
        data["items"] = post.getlist("items")
        data["opt_in_low_income"] = bool(post.get("opt_in_low_income"))
    elif step == "materials":
        data["materials_provided"] = post.getlist("materials_provided")
    elif step == "consent":
        data["consent_economic_check"] = bool(post.get("consent_economic_check"))
        data["delegated"] = bool(post.get("delegated"))
        data["delegate_name"] = post.get("delegate_name", "").strip()
        data["delegate_relation"] = post.get("delegate_relation", "").strip()
        data["note"] = post.get("note", "").strip()
    return data


def _money_path(path: str) -> bool:
    return any(f".{section}." in path for section, _kinds in MONEY_SECTIONS)


def step_errors(step: str, data: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    if step == "household":
        validate_household(data, errors)
        validate_members(data, errors)
        errors = {k: v for k, v in errors.items() if not _money_path(k)}
    elif step == "money":
        validate_members(data, errors)
        needs = money_needs(data)
        errors = {k: v for k, v in errors.items() if any(f".{section}." in k for section in needs)}
    elif step == "items":
        validate_items(data, errors)
    elif step == "consent":
        if not data.get("consent_economic_check"):
            errors["consent_economic_check"] = str(_("申请社会救助须同意授权核对家庭经济状况。"))
        if data.get("delegated") and not data.get("delegate_name"):
            errors["delegate_name"] = str(_("委托代办时请填写代办人姓名。"))
    return errors


def first_step_with_errors(errors: dict[str, str]) -> str:
    for path in errors:
        if path.startswith(("household", "members")) and not _money_path(path):
            return "household"
    if "items" in errors:
        return "items"
    for path in errors:
        if path.startswith("members") and _money_path(path):
            return "money"
    return "consent"


def payload_for_submit(data: dict) -> dict:
    """What is submitted: only the money sections the chosen items ask for (ask no more than needed)."""
    needs = money_needs(data)
    members = []
    for member in members_of(data):
        member = {k: v for k, v in member.items() if k != "id_known"}
        for section, _kinds in MONEY_SECTIONS:
            if section not in needs:
                member[section] = {}
        members.append(member)
    return {**{k: v for k, v in data.items() if k != "household_id"}, "members": members}


def member_totals(member: dict) -> dict[str, Decimal]:
    """Each money section's total for one member (what the money step and the check page show)."""
    return {
        section: sum((_decimal(v) for v in (member.get(section) or {}).values()), Decimal("0"))
        for section, _kinds in MONEY_SECTIONS
    }


def member_errors(errors: dict[str, str], index: int) -> dict[str, str]:
    prefix = f"members.{index}."
    return {k[len(prefix) :].replace(".", "-"): v for k, v in errors.items() if k.startswith(prefix)}


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value or "0").replace(",", ""))
    except InvalidOperation:
        return Decimal("0")


def qualification_hints(data: dict) -> list[str]:
    """Gentle hints (never blocks) when the household obviously cannot qualify."""
    hints = []
    members = members_of(data)
    income = sum(_decimal(v) for m in members for v in (m.get("incomes") or {}).values())
    per_capita = income / max(len(members), 1)
    today = timezone.localdate()
    standard = parameter("dibao.standard", on=today).value
    line = standard * parameter("low_income.multiplier", on=today).value
    if per_capita >= line:
        hints.append(
            str(
                _(
                    "按您填写的收入，家庭人均月收入约 %(pc)s 元，已超过低收入标准 %(line)s 元，低保、低收入等事项可能不符合条件；您仍可申请，最终以核对结果为准。"
                )
                % {"pc": f"{per_capita:.0f}", "line": f"{line:.0f}"}
            )
        )
    elif per_capita >= standard:
        hints.append(
            str(
                _(
                    "按您填写的收入，家庭人均月收入约 %(pc)s 元，高于低保标准 %(std)s 元，可能更适合申请低收入家庭认定。"
                )
                % {"pc": f"{per_capita:.0f}", "std": f"{standard:.0f}"}
            )
        )
    if not any(m.get("school_stage") not in (None, "", "none") for m in members):
        hints.append(str(_("家庭成员中没有在读学生，教育救助各项可能不适用。")))
    return hints


# Where a message's field is on the page, for the error summary's links (GOV.UK pattern).
_ANCHORS = {"items": "items", "consent_economic_check": "consent", "members": "add-member"}


def error_anchor(path: str) -> str | None:
    """The id of the field an error path names: household.phone → phone, members.1.name → m1-name."""
    if path in _ANCHORS:
        return _ANCHORS[path]
    head, _sep, rest = path.partition(".")
    if head == "household" and rest:
        return rest
    if head == "members" and rest:
        index, _sep, field = rest.partition(".")
        if index.isdigit() and field:
            return f"m{index}-" + field.replace(".", "-")
        return None
    return path if path.replace("_", "").isalnum() else None


def error_summary(errors: dict[str, str], data: dict) -> list[dict]:
    """The summary at the top: each message linked to its field, saying which member it is about."""
    members = data.get("members") if isinstance(data.get("members"), list) else []
    rows = []
    for path, message in errors.items():
        who = ""
        parts = path.split(".")
        if parts[0] == "members" and len(parts) > 2 and parts[1].isdigit():
            index = int(parts[1])
            member = members[index] if index < len(members) and isinstance(members[index], dict) else {}
            name = str(member.get("name") or "").strip()
            who = (
                _("第%(n)s位成员（%(name)s）") % {"n": index + 1, "name": name}
                if name
                else _("第%(n)s位成员") % {"n": index + 1}
            )
        rows.append({"anchor": error_anchor(path), "who": who, "message": message})
    return rows
