from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("work/", views.queue, name="queue"),
    path("work/items/<int:pk>/claim/", views.claim, name="claim"),
    path("work/applications/<str:reference>/accept/", views.acceptance, name="acceptance"),
    path("work/persons/<int:pk>/reveal/", views.reveal_id, name="reveal_id"),
    path("work/sample-checks/<int:pk>/", views.sample_check, name="sample_check"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
]
