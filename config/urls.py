from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.views import home
from config.api import DocsView, SchemaView

urlpatterns = [
    path("", home, name="home"),
    # The API first: its requests (the busiest) are resolved without trying every page's pattern.
    path("api/v1/", include("config.api_urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("intake.urls")),
    path("", include("review.urls")),
    path("", include("programs.urls")),
    path("", include("notices.urls")),
    path("", include("reports.urls")),
    path("", include("inbox.urls")),
    path("", include("monitoring.urls")),
    path("", include("programs.families.youth_charity.urls")),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", DocsView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "config.views.bad_request"
handler404 = "config.views.not_found"
handler500 = "config.views.server_error"
