"""一卡通: the monthly payment list of a district, its two-person confirmation and its export.

Producing the list is idempotent per district and month (a unique constraint; a second run
returns the first list unchanged). The export holds full ID numbers, so it needs the finance
role of that district, after a second person has confirmed the list the first one checked,
and every export leaves an audit row (who, when, how many rows).
"""

import csv
import datetime as dt
import io
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from accounts.models import Office, Role, User
from intake.identity import decrypt_id_number
from intake.models import Person
from programs.models import Entitlement

from .models import PaymentLine, PaymentRun
from .services import Invalid, NotAllowed, month_end

HEADER = ("序号", "收款人", "身份证号码", "救助事项", "所属期", "金额（元）", "户籍地")


def is_finance_of(user: User, district: Office) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.FINANCE
        and user.office_id is not None
        and district.path.startswith(user.office.path)
    )


def payable(district: Office, month: dt.date):
    start, end = month, month_end(month)
    return (
        Entitlement.objects.filter(
            household__hukou_office__path__startswith=district.path,
            amount_kind=Entitlement.AmountKind.MONTHLY,
            status__in=Entitlement.PAID_STATUSES,
            amount__gt=0,
            payment_from__lte=end,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        .select_related("program", "household__hukou_office", "source_case__application__applicant")
        .order_by("household_id", "program__sort_order", "pk")
    )


def _payee(entitlement: Entitlement) -> Person:
    case = entitlement.source_case
    if case is not None:
        return case.application.applicant
    members = entitlement.household.members.order_by("pk")
    return members.filter(relation=Person.Relation.SELF).first() or members.first()


def payment_run_produce(*, district: Office, month: dt.date, actor: User | None = None) -> PaymentRun:
    """The month's list for the district; the same list however many times it is asked for."""
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        # A list made early would freeze the month before its entitlements are decided.
        raise Invalid(_("不能生成未来月份的发放名册。"))
    if district.level != Office.Level.DISTRICT:
        raise Invalid(_("发放名册按区（县）生成。"))
    if actor is not None and not is_finance_of(actor, district):
        raise NotAllowed
    existing = PaymentRun.objects.filter(district=district, month=month).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            run = PaymentRun.objects.create(district=district, month=month, produced_by=actor)
            period = f"{month:%Y-%m}"
            lines = []
            for entitlement in payable(district, month):
                payee = _payee(entitlement)
                if payee is None:
                    continue
                lines.append(
                    PaymentLine(
                        run=run,
                        entitlement=entitlement,
                        payee=payee,
                        payee_name=payee.name,
                        id_number_masked=payee.id_number_masked,
                        program_name=entitlement.program.name,
                        amount=entitlement.amount,
                        period=period,
                    )
                )
            PaymentLine.objects.bulk_create(lines)
            run.rows = len(lines)
            run.total = sum((line.amount for line in lines), Decimal("0"))
            run.save(update_fields=["rows", "total"])
            audit_log(
                actor=actor,
                code="monitoring.payment_run.produced",
                obj=run,
                data={"rows": run.rows, "total": str(run.total), "month": period},
            )
    except IntegrityError:  # another run made it first
        return PaymentRun.objects.get(district=district, month=month)
    return run


def payment_runs_produce(*, today: dt.date | None = None) -> int:
    """The beat job: each district's list for this month, once."""
    from django.conf import settings

    today = today or timezone.localdate()
    if today.day < settings.ONEWINDOW_PAYMENT_RUN_DAY:
        return 0
    month = today.replace(day=1)
    made = 0
    for district in Office.objects.filter(level=Office.Level.DISTRICT).exclude(payment_runs__month=month):
        if payable(district, month).exists():
            payment_run_produce(district=district, month=month)
            made += 1
    return made


def payment_run_check(*, run: PaymentRun, actor: User) -> PaymentRun:
    """The first person checks the list (初核)."""
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run.pk)
        if not is_finance_of(actor, run.district):
            raise NotAllowed
        if run.checked_by_id:
            raise Invalid(_("该名册已初核。"))
        run.checked_by, run.checked_at = actor, timezone.now()
        run.save(update_fields=["checked_by", "checked_at"])
        audit_log(actor=actor, code="monitoring.payment_run.checked", obj=run, data={"rows": run.rows})
    return run


def payment_run_confirm(*, run: PaymentRun, actor: User) -> PaymentRun:
    """A second person confirms (复核确认): never the one who checked."""
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run.pk)
        if not is_finance_of(actor, run.district):
            raise NotAllowed
        if not run.checked_by_id:
            raise Invalid(_("请先由一名财务人员初核名册。"))
        if run.checked_by_id == actor.pk:
            raise Invalid(_("复核确认须由另一名财务人员进行（双人复核）。"))
        if run.confirmed_by_id:
            raise Invalid(_("该名册已复核确认。"))
        run.confirmed_by, run.confirmed_at = actor, timezone.now()
        run.save(update_fields=["confirmed_by", "confirmed_at"])
        audit_log(actor=actor, code="monitoring.payment_run.confirmed", obj=run, data={"rows": run.rows})
    return run


def _rows(run: PaymentRun):
    lines = run.lines.select_related("payee", "entitlement__household__hukou_office").order_by("id")
    for n, line in enumerate(lines, start=1):
        yield (
            n,
            line.payee_name,
            decrypt_id_number(line.payee.id_number_encrypted),
            line.program_name,
            line.period,
            f"{line.amount:.2f}",
            line.entitlement.household.hukou_office.name,
        )


def payment_run_export(*, run: PaymentRun, actor: User, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the full file; audited with the number of rows."""
    if not is_finance_of(actor, run.district):
        raise NotAllowed
    if not run.is_confirmed:
        raise Invalid(_("名册须经两名财务人员初核和复核确认后才能导出。"))
    name = f"payments-{run.district.code}-{run.month:%Y-%m}"
    rows = list(_rows(run))
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows)
        content, ctype, name = (
            ("\ufeff" + out.getvalue()).encode("utf-8"),
            "text/csv; charset=utf-8",
            f"{name}.csv",
        )
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(f"{run.month:%Y-%m}")
        sheet.append(HEADER)
        for row in rows:
            sheet.append([row[0], row[1], row[2], row[3], row[4], Decimal(row[5]), row[6]])
        total = run.lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")
        sheet.append(["", _("合计"), "", "", "", total, ""])
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = f"{name}.xlsx"
    else:
        raise Invalid(_("不支持的导出格式。"))
    audit_log(
        actor=actor, code="monitoring.payment_run.exported", obj=run, data={"rows": len(rows), "format": fmt}
    )
    return content, ctype, name
