"""The application's own documents, rendered on demand: the acceptance receipt (受理回执) and
the one-time notice of missing materials (一次性告知书, S001). Each carries a verification QR
code: a signed token of (application, kind), so the public page cannot be walked."""

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .pdf import render_pdf
from .services import qr_svg_data_uri

SALT = "onewindow.application-document"
KINDS = {"receipt": _("受理回执"), "supplement": _("一次性告知书")}


class NotAvailable(Exception):
    """The document does not exist (yet) for this application."""


def document_token(application, kind: str) -> str:
    return signing.dumps([application.pk, kind], salt=SALT, compress=True)


def document_from_token(token: str):
    from intake.models import Application

    try:
        pk, kind = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None, None
    application = Application.objects.filter(pk=pk).first()
    if application is None or kind not in KINDS:
        return None, None
    return application, kind


def available(application, kind: str) -> bool:
    if kind == "receipt":
        return application.accepted_at is not None
    if kind == "supplement":
        return bool(application.return_count and application.missing_materials)
    return False


def _office(application):
    user = application.accepted_by
    if user is not None and user.office_id:
        return user.office
    return application.intake_office or application.hukou_office.parent


def document_pdf(application, kind: str) -> bytes:
    if not available(application, kind):
        raise NotAvailable
    from programs.models import Material

    url = settings.ONEWINDOW_PUBLIC_URL + reverse(
        "notices:verify_application", args=[document_token(application, kind)]
    )
    office = _office(application)
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            f"notices/application_{kind}.html",
            {
                "application": application,
                "title": KINDS[kind],
                "cases": application.cases.select_related("program__department").order_by(
                    "program__sort_order"
                ),
                "missing": list(
                    Material.objects.filter(code__in=application.missing_materials).values_list(
                        "name", flat=True
                    )
                ),
                "office": office,
                "issuer": office.name if office.level != "street" else f"{office.name}社区事务受理服务中心",
                "issued_on": timezone.localdate(
                    application.accepted_at if kind == "receipt" else timezone.now()
                ),
                "verify_url": url,
                "verify_qr": qr_svg_data_uri(url),
            },
        )
    return render_pdf(html)
