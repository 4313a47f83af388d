"""One validator for the unified form's payload, shared by the web wizard and the API.

The payload is what a draft stores. Errors come back keyed by field path
("members.0.id_number") with a Chinese message, so every page can show each error next to
its field and keep everything the person typed.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Office
from accounts.snapshot import office_by_code

from .identity import normalize_id_number, parse_id_number
from .models import MAX_ASSET_AMOUNT, MAX_MONTHLY_AMOUNT, FinancialEntry, Person

INCOME_KINDS = ("wages", "business", "pension", "property_income", "transfer", "other")
ASSET_KINDS = ("deposits", "vehicle", "real_estate", "other")
EXPENSE_KINDS = ("medical", "education", "other")
MAX_MEMBERS = 20


@dataclass
class CleanMember:
    name: str
    id_number: str
    relation: str
    disability_grade: str
    employment_status: str
    school_stage: str
    disability_kind: str = ""
    birth_group: int | None = None
    incomes: dict[str, Decimal] = field(default_factory=dict)
    assets: dict[str, Decimal] = field(default_factory=dict)
    expenses: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class CleanApplication:
    hukou_office: Office
    residence_office: Office
    address: str
    phone: str
    members: list[CleanMember]
    items: list[str]
    materials_provided: list[str]
    consent_economic_check: bool
    opt_in_low_income: bool
    delegated: bool
    delegate_name: str
    delegate_relation: str
    note: str
    # Answers to the questions an item's family asks on the form (Family.form_questions), by code.
    item_answers: dict[str, dict] = field(default_factory=dict)


class PayloadInvalid(Exception):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(errors)


SECTIONS = ("household", "members", "money", "items", "consent")


def _text(value, limit: int) -> str:
    if isinstance(value, dict | list):
        return ""
    return str(value if value is not None else "").strip()[:limit]


def _of_type(value, kind, path: str, errors: dict[str, str], empty):
    """`value` if it is of JSON type `kind` (dict or list), else an error at `path` and `empty`."""
    if value is None:
        return empty
    if not isinstance(value, kind):
        errors[path] = _("格式不正确：应为对象。") if kind is dict else _("格式不正确：应为列表。")
        return empty
    return value


def _amount(value, *, maximum: Decimal) -> Decimal:
    if value in (None, ""):
        return Decimal("0")
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValueError(_("请输入数字金额，例如 1200 或 1200.50。")) from None
    if not amount.is_finite():
        raise ValueError(_("请输入数字金额，例如 1200 或 1200.50。"))
    if amount < 0:
        raise ValueError(_("金额不能为负数。"))
    if amount > maximum:
        raise ValueError(_("金额超出合理范围（不超过 %(max)s 元），请核对。") % {"max": f"{maximum:,.0f}"})
    if amount.as_tuple().exponent < -2:
        raise ValueError(_("金额最多保留两位小数。"))
    return amount


def _committee(code, path: str, errors: dict[str, str], label: str) -> Office | None:
    if not code:
        errors[path] = _("请选择%(label)s。") % {"label": label}
        return None
    office = office_by_code(str(code), level=Office.Level.COMMITTEE)
    if office is None:
        errors[path] = _("所选%(label)s不存在，请重新选择。") % {"label": label}
    return office


def validate_household(data: dict, errors: dict[str, str]) -> dict:
    hh = _of_type(data.get("household"), dict, "household", errors, {})
    out = {
        "hukou_office": _committee(
            hh.get("hukou_office"), "household.hukou_office", errors, _("户籍地居（村）委会")
        ),
        "residence_office": _committee(
            hh.get("residence_office"), "household.residence_office", errors, _("居住地居（村）委会")
        ),
        "address": _text(hh.get("address"), 200),
        "phone": _text(hh.get("phone"), 20),
    }
    if not out["address"]:
        errors["household.address"] = _("请填写居住地址。")
    if out["phone"] and not out["phone"].replace("-", "").isdigit():
        errors["household.phone"] = _("联系电话只能包含数字和“-”。")
    return out


def _choice(value, choices, path: str, errors: dict[str, str], label: str, default=None) -> str:
    valid = {c.value for c in choices}
    if value in (None, "") and default is not None:
        return default
    if not isinstance(value, str) or value not in valid:
        errors[path] = _("请选择%(label)s。") % {"label": label}
        return default or ""
    return value


def _money_section(
    raw: dict, kinds, path: str, errors: dict[str, str], maximum: Decimal
) -> dict[str, Decimal]:
    out = {}
    raw = _of_type(raw, dict, path, errors, {})
    for kind in kinds:
        try:
            amount = _amount(raw.get(kind), maximum=maximum)
        except ValueError as exc:
            errors[f"{path}.{kind}"] = str(exc)
            continue
        if amount:
            out[kind] = amount
    return out


def validate_members(data: dict, errors: dict[str, str]) -> list[CleanMember]:
    members = _of_type(data.get("members"), list, "members", errors, [])
    if "members" in errors:
        return []
    if not members:
        errors["members"] = _("请至少填写申请人本人的信息。")
        return []
    if len(members) > MAX_MEMBERS:
        errors["members"] = _("家庭成员最多 %(n)s 人。") % {"n": MAX_MEMBERS}
        return []
    clean, seen = [], {}
    for i, m in enumerate(members):
        p = f"members.{i}"
        if not isinstance(m, dict):
            errors[p] = _("格式不正确：应为对象。")
            continue
        name = _text(m.get("name"), 50)
        if not name:
            errors[f"{p}.name"] = _("请填写姓名。")
        number = normalize_id_number(_text(m.get("id_number"), 40))
        if not number:
            errors[f"{p}.id_number"] = _("请填写身份证号码。")
        else:
            try:
                parse_id_number(number)
            except ValidationError as exc:
                errors[f"{p}.id_number"] = str(exc.messages[0])
            else:
                if number in seen:
                    errors[f"{p}.id_number"] = _("与第 %(n)s 位成员的身份证号码重复。") % {
                        "n": seen[number] + 1
                    }
                seen.setdefault(number, i)
        clean.append(
            CleanMember(
                name=name,
                id_number=number,
                relation=_choice(
                    m.get("relation"), Person.Relation, f"{p}.relation", errors, _("与申请人关系")
                ),
                disability_grade=_choice(
                    m.get("disability_grade"),
                    Person.Disability,
                    f"{p}.disability_grade",
                    errors,
                    _("残疾等级"),
                    Person.Disability.NONE,
                ),
                employment_status=_choice(
                    m.get("employment_status"),
                    Person.Employment,
                    f"{p}.employment_status",
                    errors,
                    _("就业状况"),
                ),
                school_stage=_choice(
                    m.get("school_stage"),
                    Person.SchoolStage,
                    f"{p}.school_stage",
                    errors,
                    _("就学阶段"),
                    Person.SchoolStage.NONE,
                ),
                disability_kind=_choice(
                    m.get("disability_kind"),
                    Person.DisabilityKind,
                    f"{p}.disability_kind",
                    errors,
                    _("残疾类别"),
                    Person.DisabilityKind.NONE,
                ),
                birth_group=_birth_group(m.get("birth_group"), f"{p}.birth_group", errors),
                incomes=_money_section(
                    m.get("incomes"), INCOME_KINDS, f"{p}.incomes", errors, MAX_MONTHLY_AMOUNT
                ),
                assets=_money_section(m.get("assets"), ASSET_KINDS, f"{p}.assets", errors, MAX_ASSET_AMOUNT),
                expenses=_money_section(
                    m.get("expenses"), EXPENSE_KINDS, f"{p}.expenses", errors, MAX_MONTHLY_AMOUNT
                ),
            )
        )
    selves = [i for i, m in enumerate(clean) if m.relation == Person.Relation.SELF]
    if len(selves) != 1 and "members" not in errors:
        errors["members"] = _("家庭成员中须有且仅有一位“本人”（申请人）。")
    return clean


def _birth_group(value, path: str, errors: dict[str, str]) -> int | None:
    """Children of one birth carry the same small number (1, 2, …); empty for everyone else."""
    if value in (None, "", 0, "0"):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 9:
        errors[path] = _("同胞多胞胎组请填写 1 至 9 的数字（同一胎出生的子女填写相同数字）。")
        return None
    return number


def validate_items(data: dict, errors: dict[str, str]) -> list[str]:
    from programs.snapshot import programs_by_code

    raw_items = _of_type(data.get("items"), list, "items", errors, [])
    if "items" in errors:
        return []
    items = [_text(code, 40) for code in raw_items]
    if not items:
        errors["items"] = _("请至少选择一个救助事项。")
        return []
    programs = programs_by_code(items)
    unknown = [code for code in items if code not in programs]
    closed = [programs[code].name for code in items if code in programs and not programs[code].is_open]
    if unknown:
        errors["items"] = _("未知的救助事项：%(codes)s") % {"codes": "、".join(unknown)}
    elif closed:
        errors["items"] = _("以下事项即将开通，暂不能在线申请：%(names)s") % {"names": "、".join(closed)}
    return list(dict.fromkeys(items))


def validate_item_answers(data: dict, items: list[str], errors: dict[str, str]) -> dict[str, dict]:
    """The answers to each chosen item's own questions (its family's `form_questions`), validated
    by the family's serializer; errors are keyed item_answers.<item>.<field>. Answers for items
    not chosen are dropped."""
    from programs.registry import family_for
    from programs.snapshot import programs_by_code

    raw = _of_type(data.get("item_answers"), dict, "item_answers", errors, {})
    answers: dict[str, dict] = {}
    for program in programs_by_code(items).values():
        family = family_for(program)
        questions = family.questions_for(program.code) if family is not None else None
        if questions is None:
            continue
        given = raw.get(program.code) or {}
        if not isinstance(given, dict):
            errors[f"item_answers.{program.code}"] = _("格式不正确：应为对象。")
            continue
        serializer = questions(data=given)
        if serializer.is_valid():
            answers[program.code] = serializer.answers()
            continue
        for name, messages in serializer.errors.items():
            message = messages[0] if isinstance(messages, list) else messages
            label = serializer.fields[name].label if name in serializer.fields else name
            errors[f"item_answers.{program.code}.{name}"] = f"{label}：{message}"
    return answers


def validate_payload(data: dict) -> CleanApplication:
    """Validate the whole form; raise PayloadInvalid with every field error at once."""
    errors: dict[str, str] = {}
    household = validate_household(data, errors)
    members = validate_members(data, errors)
    items = validate_items(data, errors)
    consent = data.get("consent_economic_check") is True or data.get("consent_economic_check") in (
        "on",
        "true",
        "1",
    )
    if not consent:
        errors["consent_economic_check"] = _("申请社会救助须同意授权核对家庭经济状况。")
    delegated = bool(data.get("delegated")) and data.get("delegated") not in ("false", "0")
    delegate_name = _text(data.get("delegate_name"), 50)
    if delegated and not delegate_name:
        errors["delegate_name"] = _("委托代办时请填写代办人姓名。")
    _of_type(data.get("materials_provided"), list, "materials_provided", errors, [])
    item_answers = validate_item_answers(data, items, errors)
    if errors:
        raise PayloadInvalid(errors)
    return CleanApplication(
        members=members,
        items=items,
        consent_economic_check=True,
        opt_in_low_income=data.get("opt_in_low_income", True) not in (False, "false", "0", ""),
        materials_provided=[_text(m, 40) for m in data.get("materials_provided") or []],
        delegated=delegated,
        delegate_name=delegate_name,
        delegate_relation=_text(data.get("delegate_relation"), 50),
        note=_text(data.get("note"), 2000),
        item_answers=item_answers,
        **household,
    )


def financial_rows(member: CleanMember):
    for kind, amount in member.incomes.items():
        yield FinancialEntry.Category.INCOME, kind, amount
    for kind, amount in member.assets.items():
        yield FinancialEntry.Category.ASSET, kind, amount
    for kind, amount in member.expenses.items():
        yield FinancialEntry.Category.EXPENSE, kind, amount
