"""API-wide error mapping: domain exceptions become clear HTTP answers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from intake.services import IdempotencyMismatch
from intake.validation import PayloadInvalid
from programs.errors import ActionInvalid, ActionNotPermitted, CaseConflict
from review.services import WorkItemConflict


def exception_handler(exc, context):
    if isinstance(exc, PayloadInvalid):
        return Response(
            {"detail": "请检查标注的字段。", "errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, CaseConflict | WorkItemConflict):
        return Response({"detail": str(getattr(exc, "message", exc))}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IdempotencyMismatch):
        return Response({"detail": str(exc.message)}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    if isinstance(exc, ActionNotPermitted):
        return Response({"detail": str(exc.message)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ActionInvalid):
        return Response({"detail": str(exc.message)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


class _DocsPermission:
    """The schema and its docs: anyone on the embedded default, logged-in staff in production."""

    def get_permissions(self):
        from django.conf import settings
        from rest_framework.permissions import AllowAny

        from accounts.permissions import IsStaffMember

        return [IsStaffMember()] if settings.ONEWINDOW_API_DOCS_STAFF_ONLY else [AllowAny()]


class SchemaView(_DocsPermission, SpectacularAPIView):
    pass


class DocsView(_DocsPermission, SpectacularSwaggerSplitView):
    pass
