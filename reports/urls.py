from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/exports/", views.exports, name="exports"),
    path("reports/exports/<int:pk>/decide/", views.decide, name="decide"),
    path("reports/exports/<int:pk>/download/", views.download, name="download"),
]
