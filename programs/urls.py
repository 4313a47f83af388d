from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("work/cases/<int:pk>/", views.case_detail, name="case"),
]
