"""What a family's notice says: its wording, facts and issuer (read by notices.services)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .registry import family_of
from .work import step_department, step_office


def issuer_name(case) -> str:
    """The deciding office and department: 华阳路街道办事处, 长宁区教育局, 长宁区法律援助中心."""
    family = family_of(case)
    if family.notices.issuer is not None:
        return str(family.notices.issuer(case))
    office, department = case.decided_office, case.decided_department
    if office is None or department is None:
        step = family.steps[0]
        office, department = step_office(case, step), step_department(case, step)
    if office.level == "street":
        return _("%(office)s办事处") % {"office": office.name}
    return f"{office.name}{department.agency_name or department.name}"


def notice_wording(case) -> dict:
    """Template context: the paragraphs of this family's approval / denial and its facts."""
    family = family_of(case)
    text = family.notices
    application = case.application
    submitted = timezone.localtime(application.submitted_at)
    values = {"day": f"{submitted.year}年{submitted.month}月{submitted.day}日", "item": case.program.name}
    department = case.decided_department or case.program.department
    return {
        "issuer": issuer_name(case),
        "approval_title": str(text.approval_title) % values,
        "denial_title": str(text.denial_title) % values,
        "approval_text": str(text.approval) % values,
        "denial_text": str(text.denial) % values,
        "approval_facts": [
            (str(k), str(v)) for k, v in (text.approval_facts(case) if text.approval_facts else [])
        ],
        "approval_closing": str(text.approval_closing),
        "rights": str(text.rights) % {"department": department.name},
    }
