"""The API schema and docs views (errors: config.problems)."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


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
