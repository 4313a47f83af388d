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


STEPS = (
    Step("household", _("家庭和成员")),
    Step("money", _("收入、财产和支出")),
    Step("items", _("选择救助事项")),
    Step("materials", _("材料清单")),
    Step("consent", _("授权与声明")),
    Step("review", _("核对并提交")),
)
SLUGS = [s.slug for s in STEPS]


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


def parse_post(step: str, post, data: dict) -> dict:
    """The draft data after this step's POST (nothing validated here)."""
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
            if post.get(f"m{i}-removed"):
                continue
            previous = old[i] if i < len(old) else blank_member()
            members.append({**previous, **{f: post.get(f"m{i}-{f}", "").strip() for f in MEMBER_FIELDS}})
        data["members"] = members
    elif step == "money":
        members = [dict(m) for m in members_of(data)]
        for i, member in enumerate(members):
            for section, kinds in MONEY_SECTIONS:
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
        errors = {k: v for k, v in errors.items() if _money_path(k)}
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
        if path.startswith("members") and _money_path(path):
            return "money"
    for path in errors:
        if path.startswith(("household", "members")):
            return "household"
    if "items" in errors:
        return "items"
    return "consent"


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
