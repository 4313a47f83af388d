"""The unified form as short steps over a server-side draft (the draft's data IS the payload).

Every POST saves what was typed — raw text, valid or not — before anything is validated, so a
reload, a back button or an error never loses input. Each step validates its own section with
the same validators the API uses; the final submit validates everything in the service.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from programs.parameters import parameter

from .validation import (
    ASSET_KINDS,
    EXPENSE_KINDS,
    INCOME_KINDS,
    validate_household,
    validate_item_answers,
    validate_items,
    validate_members,
)

MEMBER_FIELDS = (
    "name",
    "id_number",
    "relation",
    "disability_grade",
    "disability_kind",
    "employment_status",
    "school_stage",
    "birth_group",
)
# What the wizard keeps in the draft for itself, never submitted.
DRAFT_ONLY = ("household_id", "suggested_items", "money_known")
MONEY_SECTIONS = (("incomes", INCOME_KINDS), ("assets", ASSET_KINDS), ("expenses", EXPENSE_KINDS))


@dataclass(frozen=True)
class Step:
    slug: str
    title: str


# Household first (who lives here, their school stage and disability), then the items (hinted
# from those), then the chosen items' own questions (only when one asks any), then only the money
# the chosen items need — an item that needs none skips it.
STEPS = (
    Step("household", _("家庭和成员")),
    Step("items", _("选择救助事项")),
    Step("details", _("事项信息")),
    Step("money", _("收入、财产和支出")),
    Step("materials", _("材料清单")),
    Step("consent", _("授权与声明")),
    Step("review", _("核对并提交")),
)
SLUGS = [s.slug for s in STEPS]


@dataclass(frozen=True)
class FormPlan:
    """What the chosen items ask on the form: the money sections (Family.form_needs, in form
    order) and their own questions (Family.form_questions: (item code, serializer class))."""

    needs: tuple[str, ...] = ()
    questions: tuple[tuple[str, type], ...] = ()


def chosen_items(data: dict) -> list[str]:
    items = data.get("items") if isinstance(data.get("items"), list) else []
    return [str(c) for c in items]


def form_plan(data: dict) -> FormPlan:
    """One look-up of the chosen items' families: what the form asks for them."""
    from programs.models import Program
    from programs.registry import FAMILIES

    items = chosen_items(data)
    rows = Program.objects.filter(code__in=items).values_list("family", "code")
    family_of = {code: family for family, code in rows}
    wanted = {
        need for family in family_of.values() if family in FAMILIES for need in FAMILIES[family].form_needs
    }
    questions = []
    for code in dict.fromkeys(items):
        family = FAMILIES.get(family_of.get(code, ""))
        asked = family.questions_for(code) if family is not None else None
        if asked is not None:
            questions.append((code, asked))
    return FormPlan(
        needs=tuple(section for section, _kinds in MONEY_SECTIONS if section in wanted),
        questions=tuple(questions),
    )


def money_needs(data: dict) -> tuple[str, ...]:
    """The money sections the chosen items' families ask (Family.form_needs), in form order."""
    return form_plan(data).needs


def active_steps(data: dict, plan: FormPlan | None = None) -> list[Step]:
    """The steps this draft walks: the item questions only when a chosen item asks any, the money
    step only when a chosen item asks for money."""
    plan = form_plan(data) if plan is None else plan
    skipped = {"money"} if not plan.needs else set()
    if not plan.questions:
        skipped.add("details")
    return [s for s in STEPS if s.slug not in skipped]


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
        "disability_kind": "",
        "employment_status": "",
        "school_stage": "none",
        "birth_group": "",
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
        count = int(raw_count) if raw_count.isdecimal() else sum(1 for i in range(20) if f"m{i}-name" in post)
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
        data["money_known"] = True
    elif step == "details":
        data["item_answers"] = _parse_answers(post, data, autosave=autosave)
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
    elif step == "details":
        plan = form_plan(data)
        answers = {"item_answers": submitted_answers(data, plan)}
        validate_item_answers(answers, [code for code, _q in plan.questions], errors)
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
    if any(path.startswith("item_answers") for path in errors):
        return "details"
    for path in errors:
        if path.startswith("members") and _money_path(path):
            return "money"
    return "consent"


def payload_for_submit(data: dict, plan: FormPlan | None = None) -> dict:
    """What is submitted: only the money sections the chosen items ask for (ask no more than
    needed), the chosen items' own answers, and a disability kind only with a disability."""
    plan = form_plan(data) if plan is None else plan
    members = []
    for member in members_of(data):
        member = {k: v for k, v in member.items() if k != "id_known"}
        for section, _kinds in MONEY_SECTIONS:
            if section not in plan.needs:
                member[section] = {}
        if member.get("disability_grade") in (None, "", "none"):
            member["disability_kind"] = ""
        members.append(member)
    return {
        **{k: v for k, v in data.items() if k not in DRAFT_ONLY},
        "members": members,
        "item_answers": submitted_answers(data, plan),
    }


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
    """The id of the field an error path names: household.phone → phone, members.1.name → m1-name,
    item_answers.dibao.kind → q-dibao-kind."""
    if path in _ANCHORS:
        return _ANCHORS[path]
    head, _sep, rest = path.partition(".")
    if head == "household" and rest:
        return rest
    if head == "members" and rest:
        index, _sep, field_name = rest.partition(".")
        if index.isdecimal() and field_name:
            return f"m{index}-" + field_name.replace(".", "-")
        return None
    if head == "item_answers" and rest:
        code, _sep, field_name = rest.partition(".")
        return f"q-{code}-{field_name}" if field_name else f"q-{code}"
    return path if path.replace("_", "").isalnum() else None


def error_summary(errors: dict[str, str], data: dict, item_names: dict | None = None) -> list[dict]:
    """The summary at the top: each message linked to its field, saying which member (or which
    item's questions) it is about."""
    members = data.get("members") if isinstance(data.get("members"), list) else []
    rows = []
    for path, message in errors.items():
        who = ""
        parts = path.split(".")
        if parts[0] == "members" and len(parts) > 2 and parts[1].isdecimal():
            index = int(parts[1])
            member = members[index] if index < len(members) and isinstance(members[index], dict) else {}
            name = str(member.get("name") or "").strip()
            who = (
                _("第%(n)s位成员（%(name)s）") % {"n": index + 1, "name": name}
                if name
                else _("第%(n)s位成员") % {"n": index + 1}
            )
        elif parts[0] == "item_answers" and len(parts) > 1:
            who = (item_names or {}).get(parts[1], "")
        rows.append({"anchor": error_anchor(path), "who": who, "message": message})
    return rows


# --- The chosen items' own questions (Family.form_questions), rendered from their serializers ---

# A choice among at most this many options is a row of radios; more is a select.
RADIO_LIMIT = 5
# A text answer longer than this is a textarea.
LINE_LIMIT = 200
# Rows of a repeated question (e.g. support obligors) the form carries at most.
MAX_ROWS = 20


@dataclass
class Question:
    """One field of an item's questions, as the details step renders it (and the check page
    shows it). `base` is the id prefix: q-<item> for a question, q-<item>-<list>-<n> in a row."""

    base: str
    name: str
    # checkbox | radios | select | office | date | number | text | textarea | multi | list | lines
    kind: str
    label: str
    help: str
    required: bool
    value: object
    error: str = ""
    choices: list = field(default_factory=list)  # (value, label)
    groups: list = field(default_factory=list)  # office picker: (district, [(code, street)])
    empty_label: str = ""
    max_length: int | None = None
    decimal: bool = False
    rows: list = field(default_factory=list)  # a list question: one list of Questions per row
    focus: bool = False  # the field the page puts the focus on

    @property
    def id(self) -> str:
        return f"{self.base}-{self.name}"

    @property
    def html_name(self) -> str:
        return self.id

    @property
    def shown(self) -> str:
        """The answer in words for the check page."""
        value = self.value
        if self.kind == "checkbox":
            return str(_("是")) if value is True else str(_("否"))
        if self.kind == "list":
            lines = [
                "，".join(f"{sub.label} {sub.shown}" for sub in row if sub.value not in ("", None, False, []))
                for row in self.rows
            ]
            return "\n".join(line for line in lines if line) or "—"
        if self.kind == "multi":
            labels = dict(self.choices)
            return "、".join(str(labels.get(v, v)) for v in value or []) or "—"
        if value in (None, ""):
            return str(self.empty_label) if self.kind == "office" and self.empty_label else "—"
        if self.kind in ("radios", "select"):
            return str(dict(self.choices).get(value, value))
        if self.kind == "office":
            for district, streets in self.groups:
                for code, street in streets:
                    if code == value:
                        return f"{district} {street}"
        return str(value)


def _is_office(name: str, fld) -> bool:
    return name.endswith("_office") and isinstance(fld, serializers.ChoiceField | serializers.RelatedField)


def _kind(name: str, fld) -> str:
    if isinstance(fld, serializers.BooleanField):
        return "checkbox"
    if _is_office(name, fld):
        return "office"
    if isinstance(fld, serializers.MultipleChoiceField):
        return "multi"
    if isinstance(fld, serializers.ChoiceField):
        return "radios" if len([c for c in fld.choices if c != ""]) <= RADIO_LIMIT else "select"
    if isinstance(fld, serializers.ListField | serializers.ListSerializer):
        child = getattr(fld, "child", None)
        if isinstance(child, serializers.Serializer):
            return "list"
        return "lines" if isinstance(child, serializers.CharField) else ""
    if isinstance(fld, serializers.DateField):
        return "date"
    if isinstance(fld, serializers.DecimalField | serializers.IntegerField | serializers.FloatField):
        return "number"
    if isinstance(fld, serializers.CharField):
        return "textarea" if fld.max_length is None or fld.max_length > LINE_LIMIT else "text"
    return ""  # a shape the form cannot ask (a nested object, a dictionary): left to its default


def _asked_fields(fields) -> dict:
    """The fields the form asks: writable ones of a shape it can render."""
    return {name: fld for name, fld in fields.items() if not fld.read_only and _kind(name, fld)}


def _question_fields(questions) -> dict:
    return _asked_fields(questions().fields)


def _row_fields(fld) -> dict:
    """A list question's row: its simple fields (a list within a row is not asked)."""
    return {n: f for n, f in _asked_fields(fld.child.fields).items() if _kind(n, f) not in ("list", "lines")}


def _parse_value(post, key: str, name: str, fld, *, autosave: bool):
    kind = _kind(name, fld)
    if kind == "checkbox":
        return bool(post.get(key))
    if kind == "multi":
        return post.getlist(key)
    if kind == "list":
        raw = str(post.get(f"{key}-count") or "0")
        count = min(int(raw) if raw.isdecimal() else 0, MAX_ROWS)
        rows = []
        for n in range(count):
            if post.get(f"{key}-{n}-removed") and not autosave:
                continue
            rows.append(
                {
                    sub: _parse_value(post, f"{key}-{n}-{sub}", sub, sub_fld, autosave=autosave)
                    for sub, sub_fld in _row_fields(fld).items()
                }
            )
        return rows
    return post.get(key, "").strip() if kind != "textarea" else post.get(key, "").strip("\r\n ")


def _parse_answers(post, data: dict, *, autosave: bool = False) -> dict:
    """The answers typed on the details step, raw, by item; other items' answers are kept."""
    answers = data.get("item_answers") if isinstance(data.get("item_answers"), dict) else {}
    answers = {**answers}
    for code, questions in form_plan(data).questions:
        answers[code] = {
            name: _parse_value(post, f"q-{code}-{name}", name, fld, autosave=autosave)
            for name, fld in _question_fields(questions).items()
        }
    return answers


def add_answer_row(data: dict, target: str) -> tuple[dict, str | None]:
    """A new empty row of a list question ("<item>.<field>"): the data, and the row's first field id."""
    code, _sep, name = str(target).partition(".")
    plan = form_plan(data)
    questions = dict(plan.questions).get(code)
    fld = _question_fields(questions).get(name) if questions is not None else None
    if fld is None or _kind(name, fld) != "list":
        return data, None
    answers = {**(data.get("item_answers") if isinstance(data.get("item_answers"), dict) else {})}
    own = {**(answers.get(code) if isinstance(answers.get(code), dict) else {})}
    rows = [r for r in own.get(name) or [] if isinstance(r, dict)]
    if len(rows) >= MAX_ROWS:
        return data, None
    rows.append({})
    own[name] = rows
    answers[code] = own
    first = next(iter(_row_fields(fld)), "")
    return {**data, "item_answers": answers}, f"q-{code}-{name}-{len(rows) - 1}-{first}"


def _submitted_value(fld, name: str, value):
    """An answer as submitted (None: left out, so a default applies and a required field says so)."""
    kind = _kind(name, fld)
    if kind == "list":
        rows = []
        for row in value if isinstance(value, list) else []:
            if not isinstance(row, dict):
                continue
            sub_fields = _row_fields(fld)
            clean = {}
            for sub, sub_value in row.items():
                if sub in sub_fields:
                    sent = _submitted_value(sub_fields[sub], sub, sub_value)
                    if sent is not None:
                        clean[sub] = sent
            # A row left as it came (empty, or only its defaults) is no row.
            if any(v != _initial(sub_fields[k], _kind(k, sub_fields[k])) for k, v in clean.items()):
                rows.append(clean)
        return rows
    if kind == "lines":
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]
    if value in ("", None) and not getattr(fld, "allow_blank", False):
        return None
    return value


def submitted_answers(data: dict, plan: FormPlan) -> dict:
    """The answers as submitted: only the chosen items' current fields; an answer left empty is
    left out (so a field with a default takes it, and a required one says so)."""
    raw = data.get("item_answers") if isinstance(data.get("item_answers"), dict) else {}
    out = {}
    for code, questions in plan.questions:
        given = raw.get(code) if isinstance(raw.get(code), dict) else {}
        fields = _question_fields(questions)
        own = {}
        for name, value in given.items():
            if name in fields:
                sent = _submitted_value(fields[name], name, value)
                if sent is not None:
                    own[name] = sent
        out[code] = own
    return out


def _street_groups(fld) -> list:
    """The street offices an office question offers, grouped by district; a choice field's own
    choices narrow them."""
    from accounts.models import Office

    if isinstance(fld, serializers.RelatedField) and fld.queryset is not None:
        offices = fld.get_queryset()
    else:
        offices = Office.objects.all()
    offices = offices.filter(level=Office.Level.STREET).select_related("parent").order_by("path")
    if isinstance(fld, serializers.ChoiceField):
        codes = [str(c) for c in fld.choices if c not in ("", None)]
        if codes:
            offices = offices.filter(code__in=codes)
    groups: dict = {}
    for office in offices:
        district = office.parent.display_name if office.parent_id else ""
        groups.setdefault(district, []).append((office.code, office.display_name))
    return list(groups.items())


def _initial(fld, kind: str):
    default = getattr(fld, "default", serializers.empty)
    if default is serializers.empty or callable(default) or default is None:
        return {"checkbox": False, "multi": [], "list": []}.get(kind, "")
    return default


def _question(base: str, name: str, fld, value, errors: dict, error_path: str) -> Question:
    kind = _kind(name, fld)
    question = Question(
        base=base,
        name=name,
        kind=kind,
        label=str(fld.label or name),
        help=str(fld.help_text or ""),
        required=bool(fld.required),
        value=value,
        error=errors.get(error_path, ""),
        max_length=getattr(fld, "max_length", None),
        decimal=isinstance(fld, serializers.DecimalField | serializers.FloatField),
    )
    if kind in ("radios", "select", "multi"):
        choices = [(str(k), str(v)) for k, v in fld.choices.items()]
        blank = [label for k, label in choices if k == ""]
        question.choices = [(k, label) for k, label in choices if k != ""]
        question.empty_label = blank[0] if blank else str(_("请选择") if kind == "select" else _("（不填）"))
        question.value = (
            [str(v) for v in value or []] if kind == "multi" else str(value if value is not None else "")
        )
    elif kind == "office":
        question.groups = _street_groups(fld)
        question.empty_label = str(_("请选择") if fld.required else _("与户籍地相同"))
        question.value = str(value or "")
    elif kind == "lines" and isinstance(value, list):
        question.value = "\n".join(str(v) for v in value)
    elif kind == "list":
        rows = [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []
        question.rows = [
            [
                _question(
                    f"{base}-{name}-{n}",
                    sub,
                    sub_fld,
                    row.get(sub, _initial(sub_fld, _kind(sub, sub_fld))),
                    {},
                    "",
                )
                for sub, sub_fld in _row_fields(fld).items()
            ]
            for n, row in enumerate(rows)
        ]
    return question


def question_sets(
    data: dict, plan: FormPlan, errors: dict[str, str] | None = None, focus: str = ""
) -> list[dict]:
    """Per chosen item that asks questions: the item and its questions with what was typed.
    `focus` is the id of the field to focus (a row just added); else the first field, if no errors."""
    from programs.models import Program

    if not plan.questions:
        return []
    errors = errors or {}
    programs = {
        p.code: p
        for p in Program.objects.filter(code__in=[c for c, _q in plan.questions]).select_related("department")
    }
    raw = data.get("item_answers") if isinstance(data.get("item_answers"), dict) else {}
    sets = []
    for code, questions in plan.questions:
        given = raw.get(code) if isinstance(raw.get(code), dict) else {}
        asked = [
            _question(
                f"q-{code}",
                name,
                fld,
                given.get(name, _initial(fld, _kind(name, fld))),
                errors,
                f"item_answers.{code}.{name}",
            )
            for name, fld in _question_fields(questions).items()
        ]
        sets.append(
            {
                "code": code,
                "program": programs.get(code),
                "questions": asked,
                "error": errors.get(f"item_answers.{code}", ""),
            }
        )
    everything = [q for s in sets for q in s["questions"]]
    everything += [sub for q in everything for row in q.rows for sub in row]
    target = next((q for q in everything if q.id == focus), None)
    if target is None and not errors and sets and sets[0]["questions"]:
        target = sets[0]["questions"][0]
    if target is not None and target.kind == "list":
        # A list's button adds a row (Enter must stay "next"): focus its first row, if any.
        target = target.rows[0][0] if target.rows and target.rows[0] else None
    if target is not None:
        target.focus = True
    return sets
