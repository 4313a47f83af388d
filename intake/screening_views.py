"""The public screener page (智能引导, /screening/): what might this household get, before applying?

No login, nothing stored, nobody identified: the page asks no names and no ID numbers, only
ages, circumstances and money, and answers with the families' own rules (programs.screening)
on the figures in force on the day asked. Its input is validated by the API's ScreeningInput, so
the page and POST /api/v1/screening/ accept exactly the same households. Every button is a
plain form post: adding or removing a member keeps everything typed, with or without scripts.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.exceptions import ErrorDetail

from accounts.models import Role
from programs.models import Program
from programs.parameters import MissingParameter
from programs.screening import DEPENDS, LIKELY, NOT_LIKELY, screen
from programs.screening_api import ScreeningInput, ScreeningThrottle
from programs.trace import trace_shown

from . import wizard
from .models import Person
from .services import draft_for, draft_payload, draft_save

MAX_MEMBERS = 6
# The member's circumstances, in the order the page asks them.
FIELDS = (
    "age",
    "relation",
    "employment_status",
    "school_stage",
    "disability_grade",
    "disability_kind",
    "birth_group",
)
# The money the page asks (a short list: the screener needs no more), by section and kind.
MONEY = (
    ("incomes", "wages", gettext_lazy("每月工资等劳动收入")),
    ("incomes", "pension", gettext_lazy("每月养老金")),
    ("incomes", "other", gettext_lazy("每月其他收入")),
    ("assets", "deposits", gettext_lazy("存款等家庭财产")),
    ("expenses", "medical", gettext_lazy("每月自付医疗费用")),
    ("expenses", "education", gettext_lazy("每月教育费用")),
)
LABELS = {
    "age": gettext_lazy("年龄（周岁）"),
    "relation": gettext_lazy("与申请人关系"),
    "employment_status": gettext_lazy("就业状况"),
    "school_stage": gettext_lazy("就学阶段"),
    "disability_grade": gettext_lazy("残疾等级"),
    "disability_kind": gettext_lazy("残疾类别"),
    "birth_group": gettext_lazy("同胞多胞胎组"),
    "on": gettext_lazy("估算日期"),
    **{f"{section}-{kind}": label for section, kind, label in MONEY},
}
GROUPS = (
    (LIKELY, gettext_lazy("可能符合")),
    (DEPENDS, gettext_lazy("取决于其他事项")),
    (NOT_LIKELY, gettext_lazy("可能不符合")),
)


class ScreeningPageThrottle(ScreeningThrottle):
    """The page runs every family's rules on each estimate: as many per minute as the API."""

    scope = "screening_page"


def blank_member(relation: str = "") -> dict:
    member = {name: "" for name in FIELDS}
    member.update(relation=relation, school_stage="none", disability_grade="none")
    member.update({f"{section}-{kind}": "" for section, kind, _label in MONEY})
    return member


def _typed(post) -> list[dict]:
    """The members as typed, raw (nothing validated): at most MAX_MEMBERS."""
    raw = str(post.get("member_count") or "")
    count = int(raw) if raw.isdecimal() else sum(1 for i in range(MAX_MEMBERS) if f"m{i}-age" in post)
    members = []
    for i in range(min(max(count, 1), MAX_MEMBERS)):
        member = blank_member()
        for name in member:
            member[name] = str(post.get(f"m{i}-{name}", member[name]) or "").strip()[:40]
        members.append(member)
    return members


def _body(members: list[dict], on: str) -> dict:
    """The ScreeningInput body: what was typed, an empty field left out (its default applies)."""
    body_members = []
    for m in members:
        one = {name: m[name] for name in FIELDS if m[name] != ""}
        if m["disability_grade"] in ("", "none"):
            one.pop("disability_kind", None)
        for section, kind, _label in MONEY:
            value = m[f"{section}-{kind}"].replace(",", "").replace("，", "")
            if value:
                one.setdefault(section, {})[kind] = value
        body_members.append(one)
    body = {"members": body_members}
    if on:
        body["on"] = on
    return body


def _flatten(errors, path: str = "") -> dict[str, str]:
    """DRF's nested errors as {"members.0.age": message}: the first message of each field."""
    out: dict[str, str] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            key = str(key)
            inner = path if key == "non_field_errors" else (f"{path}.{key}" if path else key)
            for k, v in _flatten(value, inner).items():
                out.setdefault(k, v)
    elif isinstance(errors, list):
        if errors and all(isinstance(e, str | ErrorDetail) for e in errors):
            out[path] = str(errors[0])
        else:
            for i, value in enumerate(errors):
                out.update(_flatten(value, f"{path}.{i}"))
    elif errors:
        out[path] = str(errors)
    return out


def _field_errors(errors) -> tuple[dict[str, str], list[dict]]:
    """Errors by the id of the field they are about, and the summary (each linked to its field)."""
    by_id: dict[str, str] = {}
    summary = []
    for path, message in _flatten(errors).items():
        parts = path.split(".")
        who = ""
        if parts[0] == "members" and len(parts) > 2 and parts[1].isdecimal():
            name = "-".join(parts[2:])
            anchor = f"m{parts[1]}-{name}"
            label = LABELS.get(name, "")
            who = _("第%(n)s位成员") % {"n": int(parts[1]) + 1}
        elif parts[0] == "on":
            anchor, label = "on", LABELS["on"]
        else:
            anchor, label = "add-member", ""
        text = f"{label}：{message}" if label else message
        by_id.setdefault(anchor, text)
        summary.append({"anchor": anchor, "who": who, "message": text})
    return by_id, summary


def _results(facts) -> list[dict]:
    """The screener's answer grouped likely / depends / not likely, each with its trace."""
    programs = list(Program.objects.select_related("department").order_by("sort_order"))
    names = {p.code: p.status_name for p in programs}
    rows = {code: [] for code, _label in GROUPS}
    for result in screen(facts, programs=programs):
        rows[result.outcome].append(
            {
                "program": result.program,
                "result": result,
                "amount": result.monthly_amount,
                "depends_on": [names.get(code, code) for code in result.depends_on],
                "trace": trace_shown(result.trace),
                "note": str(result.note),
            }
        )
    return [{"code": code, "label": label, "rows": rows[code]} for code, label in GROUPS]


def _page(request, members, on, *, errors=None, summary=None, results=None, facts=None, added="", status=200):
    user = request.user
    return render(
        request,
        "intake/screening.html",
        {
            "members": [{"index": i, "data": m} for i, m in enumerate(members)],
            "member_count": len(members),
            "max_members": MAX_MEMBERS,
            "on": on,
            "errors": errors or {},
            "error_summary": summary or [],
            "results": results,
            "facts": facts,
            "added": added,
            "money": [(f"{section}-{kind}", label) for section, kind, label in MONEY],
            "relations": Person.Relation.choices,
            "employments": Person.Employment.choices,
            "school_stages": Person.SchoolStage.choices,
            "disabilities": Person.Disability.choices,
            "disability_kinds": Person.DisabilityKind.choices,
            "can_start": user.is_authenticated and user.role in (Role.APPLICANT, Role.CLERK),
        },
        status=status,
    )


def _validated(members, on):
    serializer = ScreeningInput(data=_body(members, on))
    if serializer.is_valid():
        return serializer, None, None
    by_id, summary = _field_errors(serializer.errors)
    return None, by_id, summary


@require_http_methods(["GET", "POST"])
def screening(request):
    """智能引导: type a household (no names, no ID numbers), see what it might get."""
    today = timezone.localdate().isoformat()
    if request.method == "GET":
        on = request.GET.get("on", "")[:10] or today
        return _page(request, [blank_member("self")], on)
    members = _typed(request.POST)
    on = str(request.POST.get("on") or "").strip()[:10]
    action = str(request.POST.get("action") or "screen")
    if action == "add_member":
        if len(members) < MAX_MEMBERS:
            members.append(blank_member())
        return _page(request, members, on, added=str(len(members) - 1))
    if action.startswith("remove-") and action[7:].isdecimal():
        index = int(action[7:])
        if 0 < index < len(members):
            members.pop(index)
        return _page(request, members, on)
    if not ScreeningPageThrottle().allow_request(request, None):
        message = _("估算过于频繁，请稍等一分钟再试。")
        return _page(
            request, members, on, summary=[{"anchor": "", "who": "", "message": message}], status=429
        )
    serializer, errors, summary = _validated(members, on)
    if serializer is None:
        return _page(request, members, on, errors=errors, summary=summary, status=400)
    try:
        facts = serializer.facts()
    except MissingParameter:  # a day before the figures the rules need were first set
        message = _("%(day)s 时还没有本系统可用的政策标准，请选择更近的日期。") % {"day": on}
        errors = {"on": f"{LABELS['on']}：{message}"}
        summary = [{"anchor": "on", "who": "", "message": errors["on"]}]
        return _page(request, members, on, errors=errors, summary=summary, status=400)
    return _page(request, members, on or today, results=_results(facts), facts=facts)


def _draft_members(members: list[dict], user) -> list[dict]:
    """The screener's household as the form's members: circumstances and money; the names and ID
    numbers are the form's to ask (the applicant's own name is filled in)."""
    out = []
    for i, m in enumerate(members):
        member = wizard.blank_member(m["relation"] or ("self" if i == 0 else ""))
        member.update(
            {
                "employment_status": m["employment_status"],
                "school_stage": m["school_stage"] or "none",
                "disability_grade": m["disability_grade"] or "none",
                "disability_kind": m["disability_kind"] if m["disability_grade"] not in ("", "none") else "",
                "birth_group": m["birth_group"],
            }
        )
        if i == 0 and member["relation"] == "self" and user.role == Role.APPLICANT:
            member["name"] = user.full_name or ""
        for section, kind, _label in MONEY:
            value = m[f"{section}-{kind}"]
            if value:
                member[section] = {**member[section], kind: value}
        out.append(member)
    return out


def _typed_anything(data: dict) -> bool:
    """Whether the draft holds members someone has started to type (beyond the applicant's name)."""
    for member in data.get("members") or []:
        if isinstance(member, dict) and (
            member.get("id_number") or member.get("relation") not in ("self", "")
        ):
            return True
    return len(data.get("members") or []) > 1


@login_required
@require_POST
def screening_start(request):
    """用这些信息开始申请: the screened household starts the unified form, the likely items ticked."""
    user = request.user
    if user.role not in (Role.APPLICANT, Role.CLERK):
        messages.info(request, _("请使用申请人或窗口工作人员账号开始申请。"))
        return redirect("intake:screening")
    members = _typed(request.POST)
    # Today's rules for what is ticked: the application is made today, whatever day was estimated.
    serializer, errors, summary = _validated(members, "")
    if serializer is None:
        on = str(request.POST.get("on") or "").strip()[:10]
        return _page(request, members, on, errors=errors, summary=summary, status=400)
    likely = [r.program.code for r in screen(serializer.facts()) if r.outcome == LIKELY]
    draft = draft_for(owner=user)
    data = draft_payload(draft)
    if _typed_anything(data):
        messages.info(
            request, _("您已有填写中的申请，原有内容已保留；可能符合的事项会在“选择救助事项”一步为您勾选。")
        )
    else:
        data["members"] = _draft_members(members, user)
        data["money_known"] = True
        messages.info(request, _("已按估算时填写的情况预填家庭成员，请补充每位成员的姓名和身份证号码。"))
    if not isinstance(data.get("items"), list):
        data["suggested_items"] = likely
    draft_save(draft=draft, data=data, step="household")
    name = "intake:apply_step" if user.role == Role.APPLICANT else "intake:counter_apply_step"
    return redirect(name, step="household")
