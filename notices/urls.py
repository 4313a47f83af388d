from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("notices/<int:pk>/download/", views.notice_download, name="download"),
    path("notices/verify/<uuid:code>/", views.notice_verify, name="verify"),
]
