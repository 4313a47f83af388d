"""Notices: requested in the deciding transaction, rendered after commit by the outbox."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.audit import audit_log
from accounts.batch import current_batch

from .models import Notice


def notice_request(*, case, kind: str, subject_key: str = "", data: dict | None = None) -> Notice:
    from routing.outbox import outbox_enqueue, outbox_enqueue_many

    batch = current_batch()
    if batch is not None and batch.is_new(case):  # a case the batch writes has no notice yet
        notice = batch.add(Notice(case=case, kind=kind, subject_key=subject_key, data=data or {}))
        if not batch.memo.get("notices_render"):
            batch.memo["notices_render"] = True
            batch.after(
                lambda: outbox_enqueue_many(
                    topic="notice.render",
                    messages=[({"notice_id": n.pk}, f"notice.render:{n.pk}") for n in batch.rows(Notice)],
                )
            )
        return notice
    notice, _ = Notice.objects.get_or_create(
        case=case, kind=kind, subject_key=subject_key, defaults={"data": data or {}}
    )
    outbox_enqueue(
        topic="notice.render", payload={"notice_id": notice.pk}, dedupe_key=f"notice.render:{notice.pk}"
    )
    return notice


def notice_context(notice: Notice) -> dict:
    from programs.notice_text import notice_wording
    from programs.trace import trace_shown

    case = notice.case
    application = case.application
    return {
        **notice_wording(case),
        "notice": notice,
        "case": case,
        "application": application,
        "program": case.program,
        "household": application.household,
        "members": list(application.members.order_by("id")),
        "trace": trace_shown(case.eligibility_trace),
        "figures": case.verified_figures,
        "issued_on": notice.issued_on,
        "data": notice.data,
        **({"issuer": notice.data["issuer"]} if notice.data.get("issuer") else {}),
        "verify_url": notice_verify_url(notice),
        "verify_qr": qr_svg_data_uri(notice_verify_url(notice)),
    }


def notice_verify_url(notice: Notice) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.ONEWINDOW_PUBLIC_URL + reverse("notices:verify", args=[notice.verification_code])


def qr_svg_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data URI (segno), for a PDF or a page."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=3, border=2)


def notice_render(*, notice_id: int) -> None:
    """Idempotent: a notice already rendered is left alone."""
    from .pdf import render_pdf

    notice = Notice.objects.select_related("case__program", "case__application__household").get(pk=notice_id)
    if notice.status == Notice.Status.READY and notice.file:
        return
    with translation.override(notice.language):
        html = render_to_string(f"notices/{notice.kind}.html", notice_context(notice))
    pdf = render_pdf(html)
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.status == Notice.Status.READY and locked.file:
            return
        locked.file.save(
            f"{locked.case.application.reference}-{locked.kind}-{locked.pk}.pdf", ContentFile(pdf), save=False
        )
        locked.status, locked.rendered_at = Notice.Status.READY, timezone.now()
        locked.save(update_fields=["file", "status", "rendered_at"])
        audit_log(actor=None, code=f"notices.{locked.kind}.rendered", obj=locked)
