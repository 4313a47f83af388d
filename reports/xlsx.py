"""The export workbook (openpyxl, write-only): one sheet of cases, one of what the export is.

ID numbers only in their stored masked form; a text that starts with "=" stays text, never a
formula.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00"


def _cell(sheet, value, *, bold=False, number_format=None):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    if number_format:
        cell.number_format = number_format
    return cell


def _local_date(value):
    return timezone.localtime(value).date() if value else None


def _columns() -> list[tuple[str, int]]:
    return [
        (_("受理编号"), 22),
        (_("事项"), 24),
        (_("部门"), 14),
        (_("办理状态"), 14),
        (_("提交日期"), 12),
        (_("决定日期"), 12),
        (_("月救助金额（元）"), 16),
        (_("核定救助金额（元）"), 16),
        (_("户籍地（居委会）"), 20),
        (_("申请人"), 12),
        (_("身份证号码（部分隐藏）"), 22),
    ]


def _case_row(sheet, case) -> list:
    application = case.application
    return [
        _cell(sheet, application.reference or ""),
        _cell(sheet, case.program.display_name),
        _cell(sheet, case.program.department.display_name),
        _cell(sheet, case.state_label),
        _cell(sheet, _local_date(application.submitted_at), number_format=DATE_FORMAT),
        _cell(sheet, _local_date(case.decided_at), number_format=DATE_FORMAT),
        _cell(sheet, case.monthly_amount, number_format=AMOUNT_FORMAT),
        _cell(sheet, case.granted_amount, number_format=AMOUNT_FORMAT),
        _cell(sheet, application.hukou_office.display_name),
        _cell(sheet, application.applicant.name),
        _cell(sheet, application.applicant.id_number_masked),
    ]


def export_workbook(*, export, rows) -> bytes:
    workbook = Workbook(write_only=True)
    cases = workbook.create_sheet(_("案件清单"))
    for index, (_label, width) in enumerate(_columns()):
        cases.column_dimensions[chr(ord("A") + index)].width = width
    cases.freeze_panes = "A2"
    cases.append([_cell(cases, label, bold=True) for label, _width in _columns()])
    for case in rows:
        cases.append(_case_row(cases, case))

    about = workbook.create_sheet(_("导出说明"))
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 60
    confirmed = (
        export.confirmed_by.display_name if export.confirmed_by_id else _("未超过须确认的记录数，无需确认")
    )
    for label, value in [
        (_("导出编号"), str(export.pk)),
        (_("申请人"), export.requested_by.display_name),
        (_("导出用途"), export.purpose),
        (_("导出范围"), export.scope_display()),
        (_("申请时记录数"), export.record_count),
        (_("本次导出记录数"), len(rows)),
        (_("确认人"), confirmed),
        (
            _("导出时间"),
            timezone.localtime(export.downloaded_at or timezone.now()).strftime("%Y-%m-%d %H:%M"),
        ),
        (
            _("注意"),
            _("本表含个人信息，仅限用于上述用途。请勿外传，用毕及时删除。身份证号码只显示部分数字。"),
        ),
    ]:
        about.append([_cell(about, str(label), bold=True), _cell(about, value)])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
