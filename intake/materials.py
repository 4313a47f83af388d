"""Materials (申请材料) of one application: the checklist, uploads, "bring it to the window", counts.

一次告知: one merged list for every chosen item. 两个免于提交 (S000): what a government department
issued, or what exists as an electronic certificate, is fetched by the system, never asked for; the
online consent stands for the signed economic-check authorisation. What is neither provided, nor
uploaded, nor exempt is still needed (还需提交), by the acceptance deadline or the 补正 deadline.

Callers fetch the application through `application_get_for_user` first (404 for anyone else);
these functions then decide what that user may do with its materials.
"""

import datetime as dt
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from accounts.compiled import CompiledRead
from accounts.models import User
from accounts.permissions import has_perm
from programs.errors import ActionInvalid, ActionNotPermitted
from programs.models import Material, Program

from .models import Acceptance, Application, ApplicationMaterial, Channel

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}


class MaterialsMissing(ActionInvalid):
    """Accepting with materials missing needs the clerk's explicit confirmation."""

    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(
            _("以下材料缺少：%(names)s。如确认缺少材料仍予受理，请勾选“确认材料缺少仍予受理”后再次受理。")
            % {"names": "、".join(names)}
        )


# --- What a file is, by its content --------------------------------------------------------


def sniff_content_type(upload) -> str | None:
    """JPEG, PNG or PDF by the bytes themselves (never the name or the browser's type); else None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        kind, image_format = JPEG, "JPEG"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind, image_format = PNG, "PNG"
    else:
        return None
    from PIL import Image

    try:
        with Image.open(upload) as image:
            if image.format != image_format:
                return None
            image.verify()
    except Exception:  # noqa: BLE001 — any decoder error means: not a picture we accept
        return None
    finally:
        upload.seek(0)
    return kind


def _max_bytes() -> int:
    return int(settings.ONEWINDOW_MATERIAL_MAX_BYTES)


def max_megabytes() -> str:
    megabytes = _max_bytes() / (1024 * 1024)
    return f"{megabytes:g}"


# --- At submission -------------------------------------------------------------------------


def merged_materials(item_codes) -> list[Material]:
    """一次告知: every material the chosen items need, each listed once."""
    from programs.snapshot import materials_merged

    return materials_merged(item_codes)


def materials_listed_total(item_codes) -> int:
    """The chosen items' lists added up, before merging and exemption (the reform's baseline)."""
    from programs.snapshot import material_links

    return material_links(item_codes)


def application_materials_plan(
    *, application: Application, item_codes, provided_codes, consent: bool
) -> list[ApplicationMaterial]:
    """The application's checklist, unsaved: exempt materials fetched, the consent counting as
    the authorisation it replaces, the rest as the applicant declared them; and the two counts
    set on the (maybe unsaved) application."""
    provided = set(provided_codes)
    rows = []
    for material in merged_materials(item_codes):
        from_consent = material.covered_by_consent and consent
        rows.append(
            ApplicationMaterial(
                application=application,
                material=material,
                exempt_source=material.exempt_source,
                from_consent=from_consent,
                provided=bool(material.exempt_source or from_consent or material.code in provided),
            )
        )
    application.materials_listed_total = materials_listed_total(item_codes)
    application.materials_asked = sum(1 for r in rows if not r.exempt_source and not r.from_consent)
    return rows


# --- Who may supply a material ---------------------------------------------------------------


def may_supply(user: User, application: Application) -> bool:
    """The applicant of the application, or a window clerk (at the counter, on their behalf)."""
    if application.anonymised_at is not None:
        return False
    if user.is_applicant:
        return application.household.owner_id == user.pk or application.submitted_by_id == user.pk
    return has_perm(user, "intake.accept")


def _row_to_supply(*, application: Application, pk: int, actor: User, lock=True) -> ApplicationMaterial:
    if not may_supply(actor, application):
        raise ActionNotPermitted(_("只有申请人本人或窗口受理人员可以提交材料。"))
    rows = (
        ApplicationMaterial.objects.select_for_update(of=("self",)) if lock else ApplicationMaterial.objects
    )
    row = rows.select_related("material", "application").filter(application=application, pk=pk).first()
    if row is None:
        raise ActionInvalid(_("该材料不在本申请的材料清单中。"))
    # Exempt or consent-covered: nothing to supply, unless the clerk found it missing after all.
    if (row.exempt_source or row.from_consent) and row.provided:
        raise ActionInvalid(_("该材料无需提交。"))
    return row


def _channel(actor: User) -> str:
    return Channel.ONLINE if actor.is_applicant else Channel.COUNTER


def material_upload(*, application: Application, pk: int, upload, actor: User) -> ApplicationMaterial:
    """Store one material's file (JPEG, PNG or PDF by content, at most the configured size) under
    a random name outside the web root; the person's file name is kept as metadata only.

    A refused file is audited (outside the write's transaction, so the row stays)."""
    row = _row_to_supply(application=application, pk=pk, actor=actor, lock=False)
    if upload is None:
        raise ActionInvalid(_("请选择要上传的文件。"))
    if upload.size > _max_bytes():
        _refused(actor, row, "too_large", size=upload.size)
        raise ActionInvalid(
            _("文件过大：每份材料最大 %(mb)s MB，请压缩或分页拍照后重新上传。") % {"mb": max_megabytes()}
        )
    kind = sniff_content_type(upload)
    if kind is None:
        _refused(actor, row, "wrong_type", size=upload.size)
        raise ActionInvalid(_("只能上传 JPG、PNG 格式的照片或 PDF 文件，该文件不是这几种格式，请重新选择。"))
    return _material_file_store(application=application, pk=pk, upload=upload, kind=kind, actor=actor)


@transaction.atomic
def _material_file_store(*, application, pk: int, upload, kind: str, actor: User) -> ApplicationMaterial:
    row = _row_to_supply(application=application, pk=pk, actor=actor)
    old = row.file.name if row.file else ""
    row.file.save("upload", upload, save=False)
    row.original_name = os.path.basename(upload.name or "")[:200]
    row.content_type, row.size = kind, upload.size
    row.uploaded_at, row.uploaded_by = timezone.now(), actor
    row.provided = True
    row.save()
    if old:
        storage = row.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit_log(
        actor=actor,
        code="intake.material.uploaded",
        obj=application,
        data={"material": row.material.code, "type": kind, "size": upload.size, "channel": _channel(actor)},
    )
    return row


def _refused(actor, row, why: str, *, size: int) -> None:
    audit_log(
        actor=actor,
        code="intake.material.upload_refused",
        obj=row.application,
        data={"material": row.material.code, "why": why, "size": size},
        success=False,
    )


@transaction.atomic
def material_bring_choose(*, application: Application, pk: int, actor: User) -> ApplicationMaterial:
    """带到窗口: the applicant will bring the material to the acceptance centre (named to them)."""
    from review.services import acceptance_office

    row = _row_to_supply(application=application, pk=pk, actor=actor)
    if row.provided:
        raise ActionInvalid(_("该材料已提供，无需再带到窗口。"))
    row.bring_to_office, row.bring_chosen_at = acceptance_office(application), timezone.now()
    row.save(update_fields=["bring_to_office", "bring_chosen_at"])
    audit_log(
        actor=actor,
        code="intake.material.bring_chosen",
        obj=application,
        data={"material": row.material.code, "office": row.bring_to_office.code},
    )
    return row


def material_file_for_download(
    *, application: Application, pk: int, actor: User
) -> ApplicationMaterial | None:
    """The uploaded file of one material of an application the actor may see, audited; else None."""
    row = application.materials.select_related("material").filter(pk=pk).exclude(file="").first()
    if row is None:
        return None
    audit_log(
        actor=actor,
        code="intake.material.downloaded",
        obj=application,
        data={"material": row.material.code},
    )
    return row


# --- At acceptance ---------------------------------------------------------------------------


def materials_record_present(
    *, application: Application, present: list[str], confirm_missing: bool
) -> list[str]:
    """The clerk's verdict at acceptance: each material present or not; the missing ones' codes.

    Accepting with something missing needs `confirm_missing` (MaterialsMissing otherwise).
    """
    rows = list(application.materials.select_related("material").order_by("material__sort_order"))
    present_codes = set(present)
    missing = [r for r in rows if r.material.code not in present_codes]
    if missing and not confirm_missing:
        raise MaterialsMissing([r.material.display_name for r in missing])
    for row in rows:
        row.provided = row.material.code in present_codes
    ApplicationMaterial.objects.bulk_update(rows, ["provided"])
    return [r.material.code for r in missing]


def material_present_by_default(row: ApplicationMaterial) -> bool:
    """Pre-ticked on the acceptance page: declared, uploaded, exempt or covered by the consent
    (each of which sets `provided`)."""
    return row.provided


# --- Reads ---------------------------------------------------------------------------------


@dataclass
class MaterialsSummary:
    rows: list[ApplicationMaterial]
    outstanding: list[ApplicationMaterial]
    exempt: list[ApplicationMaterial]
    due_date: dt.date | None
    due_provisional: bool
    due_is_supplement: bool
    office: object
    may_supply: bool
    listed_total: int | None
    asked: int | None
    merged: int
    uploaded: list[ApplicationMaterial] = field(default_factory=list)

    @property
    def reduction_percent(self) -> int | None:
        return reduction_percent(self.listed_total, self.asked)

    @property
    def overdue(self) -> bool:
        return bool(self.due_date and self.due_date < timezone.localdate())


def reduction_percent(listed_total: int | None, asked: int | None) -> int | None:
    """−40 % is the reform's target: the share of the items' listed materials not asked for."""
    if not listed_total or asked is None:
        return None
    return round(100 * (listed_total - asked) / listed_total)


def is_outstanding(row: ApplicationMaterial) -> bool:
    """Still needed: not provided (uploading, an exemption or the consent provide it; the clerk's
    verdict at acceptance or return overrides them all)."""
    return not row.provided


def application_materials_summary(*, application: Application, user: User) -> MaterialsSummary:
    from review.models import WorkItem
    from review.services import acceptance_office

    rows = list(
        application.materials.select_related("material", "bring_to_office").order_by(
            "material__sort_order", "material__code"
        )
    )
    due, provisional, supplement = None, False, False
    if application.acceptance == Acceptance.RETURNED:
        due, provisional, supplement = application.return_due_date, application.return_due_provisional, True
    elif application.acceptance == Acceptance.SUBMITTED:
        item = application.work_items.filter(case__isnull=True, status=WorkItem.Status.OPEN).first()
        if item is not None:
            due, provisional = item.due_date, item.due_provisional
    return MaterialsSummary(
        rows=rows,
        outstanding=[r for r in rows if is_outstanding(r)],
        exempt=[r for r in rows if (r.exempt_source or r.from_consent) and r.provided],
        uploaded=[r for r in rows if r.file],
        due_date=due,
        due_provisional=provisional,
        due_is_supplement=supplement,
        office=acceptance_office(application),
        may_supply=may_supply(user, application) if user is not None and user.is_authenticated else False,
        listed_total=application.materials_listed_total,
        asked=application.materials_asked,
        merged=len(rows),
    )


# Every status read lists the application's checklist: compiled once (accounts.compiled); the
# materials themselves from the catalogue's copy.
_CHECKLIST = CompiledRead(
    lambda application: ApplicationMaterial.objects.filter(application=application), int
)


def _checklist(application: Application, cat) -> list[ApplicationMaterial]:
    """The application's checklist rows, each with its material."""
    cached = getattr(application, "_prefetched_objects_cache", {})
    field = ApplicationMaterial.material.field
    if "materials" in cached:
        rows = list(cached["materials"])
        if cat is not None and all(r.material_id in cat.materials for r in rows):
            for r in rows:
                if not field.is_cached(r):
                    field.set_cached_value(r, cat.materials[r.material_id])
        return rows
    if cat is not None:
        rows = _CHECKLIST(application.pk)
        if all(r.material_id in cat.materials for r in rows):
            for r in rows:
                field.set_cached_value(r, cat.materials[r.material_id])
            return rows
    return list(application.materials.select_related("material"))


def outstanding_names_by_program(application: Application, cases=None) -> dict[int, list[str]]:
    """For the status page's next action: per item, the names of its materials still needed.

    `cases`: the application's cases when the caller has them."""
    from programs.snapshot import catalogue

    cat = catalogue()
    rows = [r for r in _checklist(application, cat) if is_outstanding(r)]
    if not rows:
        return {}
    by_material = {r.material_id: r.material.display_name for r in rows}
    result: dict[int, list[str]] = {}
    if cat is not None:  # the items' lists from the process's copy of the catalogue
        for case in application.cases.all() if cases is None else cases:
            program = cat.by_pk.get(case.program_id)
            for material in program.materials.all() if program is not None else ():
                if material.pk in by_material:
                    result.setdefault(case.program_id, []).append(by_material[material.pk])
        return result
    links = Program.materials.through.objects.filter(
        program__cases__application=application, material_id__in=list(by_material)
    ).order_by("material__sort_order")
    for program_id, material_id in links.values_list("program_id", "material_id"):
        result.setdefault(program_id, []).append(by_material[material_id])
    return result


def materials_reduction(applications=None) -> dict:
    """The −40 % figure over applications (all by default): listed, asked, and the reduction."""
    qs = Application.objects.all() if applications is None else applications
    totals = qs.filter(materials_listed_total__isnull=False).aggregate(
        listed=Sum("materials_listed_total"), asked=Sum("materials_asked")
    )
    listed, asked = totals["listed"] or 0, totals["asked"] or 0
    return {"listed": listed, "asked": asked, "reduction_percent": reduction_percent(listed, asked)}


def download_filename(row: ApplicationMaterial) -> str:
    """The person's own file name when it is safe to echo, else the material code; with the
    extension of the detected type (never the one typed)."""
    stem = os.path.splitext(row.original_name or "")[0].strip() or row.material.code
    return f"{stem[:80]}{EXTENSIONS.get(row.content_type, '')}"
