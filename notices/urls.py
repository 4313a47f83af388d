from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("notices/<int:pk>/download/", views.notice_download, name="download"),
    path("notices/verify/<uuid:code>/", views.notice_verify, name="verify"),
    path(
        "applications/<str:reference>/documents/<str:kind>.pdf",
        views.application_document,
        name="application_document",
    ),
    path(
        "notices/verify/application/<str:token>/",
        views.application_document_verify,
        name="verify_application",
    ),
]
